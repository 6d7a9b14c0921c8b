//! The help clap prints, in Chinese: clap 4 has no translations, so the
//! words it writes itself are replaced here, on the command the derive built.
//!
//! - Headings: a `help_template` per command with 用法：, 命令：, 参数：,
//!   选项： in place of `{usage-heading}` and `{all-args}` (whose headings
//!   are fixed English), each section only where the command has entries.
//! - `[OPTIONS]` in the usage line: an `override_usage` rendered by clap and
//!   spelt 选项; `<COMMAND>` is the subcommand value name 命令.
//! - `-h, --help`, `-V, --version`: clap's own flags disabled and declared
//!   again with Chinese help.
//! - The `help` subcommand: clap's disabled and declared again, answered by
//!   [`print`].
//! - `[default: …]` and `[possible values: …]`: hidden, and written into the
//!   argument's help as （默认：…） and （可选：…）, values in code spans.
//!
//! clap's error messages (unknown flag, missing value) have no setting for
//! their words either: [`error`] says each kind of error again in Chinese
//! from the context clap records with it.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::process::ExitCode;

/// `command` (the derive's) with every help text clap writes itself in Chinese.
pub fn localise(command: Command) -> Command {
    let help = Command::new("help")
        .about("显示本帮助，或所给命令的帮助")
        .arg(Arg::new("command").value_name("命令").help("要看其帮助的命令"));
    let command = command
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .subcommand(help)
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    let command = each(command, &|c| c.mut_args(spell_out_values));
    let command = each(command, &help_flag);
    let command = each(command, &template);
    usage(command)
}

/// `f` applied to `command` and to each of its subcommands.
fn each(command: Command, f: &dyn Fn(Command) -> Command) -> Command {
    f(command).mut_subcommands(|sub| each(sub, f))
}

/// Whether `--help` shows more than `-h`: as clap decides it, once the
/// possible values are hidden (they are in the short help already).
fn has_long_help(command: &Command) -> bool {
    command.get_long_about().is_some() || command.get_arguments().any(|a| !a.is_hide_set() && a.get_long_help().is_some())
}

/// `-h, --help` with Chinese help. As clap's own flag, it says `--help` shows
/// more where the command has a longer help.
fn help_flag(command: Command) -> Command {
    let longer = has_long_help(&command);
    let flag = Arg::new("help").short('h').long("help").action(ArgAction::Help);
    let flag = if longer { flag.help("显示帮助（`--help` 显示完整说明）").long_help("显示帮助（`-h` 只显示摘要）") } else { flag.help("显示帮助") };
    command.disable_help_flag(true).arg(flag)
}

/// The sections the command has, under Chinese headings styled as clap
/// styles its own (bold on a terminal; the styles are dropped elsewhere).
fn template(command: Command) -> Command {
    let styles = command.get_styles();
    let (usage, header) = (styles.get_usage(), styles.get_header());
    let heading = |name: &str| format!("\n\n{}{name}：{}\n", header.render(), header.render_reset());
    let mut t = format!("{{before-help}}{{about-with-newline}}\n{}用法：{}{{usage}}", usage.render(), usage.render_reset());
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        t.push_str(&heading("命令"));
        t.push_str("{subcommands}");
    }
    if command.get_positionals().any(|a| !a.is_hide_set()) {
        t.push_str(&heading("参数"));
        t.push_str("{positionals}");
    }
    t.push_str(&heading("选项"));
    t.push_str("{options}{after-help}");
    command.help_template(t)
}

/// clap's `[default: …]` and `[possible values: …]`, hidden and said in
/// Chinese at the end of the argument's help.
fn spell_out_values(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut notes = Vec::new();
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).filter(|v| !v.is_empty()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("默认为 `{}`", defaults.join(" ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(h) => format!("`{}` {h}", v.get_name()),
            None => format!("`{}`", v.get_name()),
        })
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("可选：{}", values.join("、")));
    }
    // An empty default (a query that may be left out) goes unsaid.
    let arg = arg.hide_default_value(true).hide_possible_values(true);
    if notes.is_empty() {
        return arg;
    }
    let notes = notes.join("；");
    let with = |h: Option<&StyledStr>| match h {
        Some(h) => format!("{h}；{notes}"),
        None => notes.clone(),
    };
    let help = with(arg.get_help());
    let long = arg.get_long_help().map(|h| with(Some(h)));
    let arg = arg.help(help);
    match long {
        Some(l) => arg.long_help(l),
        None => arg,
    }
}

/// Each subcommand's usage line as clap renders it, `[OPTIONS]` spelt 选项.
fn usage(command: Command) -> Command {
    let mut built = command.clone();
    built.build();
    let mut command = command;
    for sub in built.get_subcommands_mut() {
        let line = sub.render_usage().to_string();
        let line = line.strip_prefix("Usage: ").unwrap_or(&line).replace("[OPTIONS]", "[选项]");
        command = command.mut_subcommand(sub.get_name(), |c| c.override_usage(line));
    }
    command
}

/// `gongwen help [命令]`: what `--help` prints for the command, or for gongwen.
pub fn print(mut command: Command, matches: &ArgMatches) -> ExitCode {
    let full = |c: &mut Command| if has_long_help(c) { c.print_long_help() } else { c.print_help() };
    let printed = match matches.get_one::<String>("command") {
        None => full(&mut command),
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => full(sub),
            None => {
                eprintln!("错误：没有命令“{name}”；`gongwen help` 列出全部命令");
                return ExitCode::from(2);
            }
        },
    };
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// clap's `error`, printed in Chinese: what went wrong with the command line,
/// a suggestion where clap made one, the usage line and where to read more.
/// `--help` and `--version` (which clap reports as errors) print as clap
/// prints them. Exit status 2, as clap's.
pub fn error(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
        _ => {}
    }
    eprintln!("错误：{}", message(e));
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().strip_prefix("Usage:").unwrap_or(usage.trim()).trim().replace("[OPTIONS]", "[选项]");
        eprintln!("\n用法：{usage}");
    }
    eprintln!("\n更多信息请用 `--help`。");
    ExitCode::from(2)
}

/// One line saying what clap found wrong, from the context it recorded.
fn message(e: &clap::Error) -> String {
    let one = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStrs(v)) => v.first().map(|s| s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let all = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join("、"),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join("、"),
        _ => one(kind).map(|s| format!("`{s}`")).unwrap_or_default(),
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    let mut line = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` 需要一个值，但没有给"),
        ErrorKind::InvalidValue => format!("`{arg}` 的值 `{value}` 无效"),
        ErrorKind::UnknownArgument => format!("不认识的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            format!("没有命令 `{}`", one(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::NoEquals => format!("`{arg}` 的值须用 `=` 连写"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| reason(&s.to_string())).unwrap_or_default();
            format!("`{arg}` 的值 `{value}` 无效{}", if why.is_empty() { String::new() } else { format!("：{why}") })
        }
        ErrorKind::TooManyValues => format!("`{arg}` 的值过多：多出 `{value}`"),
        ErrorKind::TooFewValues => format!(
            "`{arg}` 至少需要 {} 个值，只给了 {} 个",
            one(ContextKind::MinValues).unwrap_or_default(),
            one(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "`{arg}` 需要 {} 个值，给了 {} 个",
            one(ContextKind::ExpectedNumValues).unwrap_or_default(),
            one(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match one(ContextKind::PriorArg) {
            Some(prior) => format!("`{arg}` 不能与 `{prior}` 同时使用"),
            None => format!("`{arg}` 不能与其他参数同时使用"),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", all(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => format!("缺少命令；可用的命令：{}", all(ContextKind::ValidSubcommand)),
        ErrorKind::InvalidUtf8 => "命令行参数不是有效的 UTF-8".to_string(),
        _ => format!("命令行有误：{}", e.kind()),
    };
    let valid = all(ContextKind::ValidValue);
    if !valid.is_empty() && matches!(e.kind(), ErrorKind::InvalidValue | ErrorKind::ValueValidation) {
        line.push_str(&format!("（可选：{valid}）"));
    }
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        if let Some(s) = one(kind) {
            line.push_str(&format!("；是否想用 `{s}`？"));
        }
    }
    if let Some(ContextValue::String(t)) = e.get(ContextKind::TrailingArg) {
        line.push_str(&format!("；如要把 `{t}` 当作值，请写在 `--` 之后"));
    }
    line
}

/// Why a value did not parse, in Chinese where the reason is the standard
/// library's (numbers); a reason gongwen's own parsers give is Chinese already.
fn reason(said: &str) -> String {
    match said {
        "invalid digit found in string" => "不是数字".into(),
        "cannot parse integer from empty string" => "为空".into(),
        "number too large to fit in target type" => "数值过大".into(),
        "number too small to fit in target type" => "数值过小".into(),
        "invalid float literal" => "不是数字".into(),
        other => other.to_string(),
    }
}
