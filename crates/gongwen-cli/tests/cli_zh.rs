//! The CLI as a Chinese user reads it: every help in Chinese, `list`
//! aligned by display width, `--stubs` selecting stubs, overdue tasks
//! flagged, CSVs with a BOM, and `doctor` naming the store, index and data
//! files in use.

mod common;
use common::{bin, gongwen, s, stderr, stdout};
use std::path::Path;
use std::process::Command;

const TASKS_DOC: &str = "襄江市人民政府办公厅文件

襄政办〔2024〕12号

市人民政府办公厅关于做好养老服务设施建设工作的通知

各区人民政府，市人民政府各部门：

一、2024年6月底前完成全市养老服务设施普查，建立设施台账（牵头单位：市银龄事务局；配合单位：市康养基金管理局）。

二、2030年12月底前建成市级养老服务指导中心（牵头单位：市银龄事务局）。

本通知自印发之日起施行。

襄江市人民政府办公厅
2024年3月1日
";

/// A store of the example gazette and the tasks notice.
fn store(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt"), src.join("gazette.txt")).unwrap();
    std::fs::write(src.join("tasks.txt"), TASKS_DOC).unwrap();
    let db = dir.join("db");
    let o = gongwen(&["ingest", s(&src), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn width(s: &str) -> usize {
    // CJK and full-width punctuation take two columns, ASCII one.
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn list_columns_align_and_stubs_are_selected() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&gongwen(&["list", "--json", "--db", s(&db)]).stdout).unwrap();
    let stubs: Vec<serde_json::Value> = serde_json::from_slice(&gongwen(&["list", "--stubs", "--json", "--db", s(&db)]).stdout).unwrap();
    assert!(docs.len() >= 4 && docs.iter().all(|d| d["stub"] == false), "{docs:?}");
    assert!(!stubs.is_empty() && stubs.iter().all(|d| d["stub"] == true), "--stubs lists only stubs: {stubs:?}");
    assert!(stubs.iter().any(|d| d["doc_number"] == "襄政规〔2019〕7号"));

    let o = gongwen(&["list", "--db", s(&db)]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), docs.len());
    // Every title starts at the same terminal column, 文号 or not.
    let columns: Vec<usize> = lines.iter().zip(&docs).map(|(l, d)| width(&l[..l.find(d["title"].as_str().unwrap()).unwrap()])).collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}\n{out}");
    assert!(stderr(&o).contains(&format!("{} 份文件", docs.len())), "{}", stderr(&o));
}

#[test]
fn tasks_flag_overdue_and_write_csv_with_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = gongwen(&["tasks", "--due-before", "2024-12-31", "--on", "2025-01-01", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("【逾期】襄政办〔2024〕12号 ") && stdout(&o).contains("设施普查"), "{}", stdout(&o));
    assert!(stderr(&o).contains("1 项任务，其中逾期 1 项"), "{}", stderr(&o));
    let o = gongwen(&["tasks", "--overdue", "--on", "2024-06-30", "--db", s(&db)]);
    assert!(stderr(&o).contains("0 项任务"), "due that day is not overdue: {}", stderr(&o));
    let o = gongwen(&["tasks", "--unit", "市银龄事务局", "--role", "lead", "--csv", "--on", "2025-01-01", "--db", s(&db)]);
    let csv = stdout(&o);
    assert!(csv.starts_with("\u{feff}文号,标题,条目,任务,牵头单位"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains(",逾期,")).count(), 1, "{csv}");
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn doctor_names_the_store_index_and_data_files() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = gongwen(&["doctor", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("gongwen "), "{out}");
    assert!(out.contains(&format!("存储：{}", db.join("gongwen.sqlite3").display())), "{out}");
    assert!(out.contains(&format!("索引：{}（已建立）", db.join("index").display())), "{out}");
    assert!(out.contains("数据：内置（未设置 GONGWEN_DATA）"), "{out}");
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/positions.toml"), data.join("positions.toml")).unwrap();
    let o = Command::new(bin()).args(["doctor", "--db", s(&db)]).env("GONGWEN_DATA", &data).output().unwrap();
    assert!(stdout(&o).contains(&format!("数据：GONGWEN_DATA={}（采用其中的 positions.toml；其余使用内置数据）", data.display())), "{}", stdout(&o));
}

/// Words of four or more ASCII letters a Chinese help may print: names of
/// formats, standards, protocols and environment variables, and the program.
/// Subcommand names are allowed besides; flags, `<PLACEHOLDERS>`, code spans
/// and paths are taken out before words are looked at ([`english_words`]).
const ALLOWED: &[&str] = &[
    "gongwen", "JSON", "API", "CSV", "ICS", "TOML", "HTML", "PDF", "OFD", "DOCX", "URL", "GONGWEN_DATA",
    "GONGWEN_WRITE_TOKEN", "BOM", "GBK", "Markdown", "iCalendar", "HTTP",
];

/// Phrases allowed as a whole (their words are not allowed alone).
const ALLOWED_PHRASES: &[&str] = &["JSON Lines", "Akoma Ntoso", "YYYY-MM-DD"];

/// The words of `help` that are English prose: runs of 4+ ASCII letters left
/// once code spans, `<VALUE>`/`[VALUE]` placeholders, `-f`/`--flag` names,
/// paths and file names (a `/`, or a `.ext`) and the allowed phrases are
/// removed, and that are neither in [`ALLOWED`] nor in `names`.
fn english_words(help: &str, names: &[String]) -> Vec<String> {
    let strip = |text: &str, pattern: &str| regex::Regex::new(pattern).unwrap().replace_all(text, " ").into_owned();
    let mut text = strip(help, r"`[^`\n]*`");
    text = strip(&text, r"\[?<[A-Z][A-Z0-9_]*>\]?(\.\.\.)?|\[[A-Z][A-Z0-9_]*\](\.\.\.)?");
    text = regex::Regex::new(r"(^|[^A-Za-z0-9_])--?[A-Za-z][A-Za-z0-9-]*").unwrap().replace_all(&text, "$1 ").into_owned();
    text = strip(&text, r"[A-Za-z0-9_.~:-]*/[A-Za-z0-9_./~…-]*|[A-Za-z0-9_-]*\.[a-z][a-z0-9]*\b");
    for phrase in ALLOWED_PHRASES {
        text = text.replace(phrase, " ");
    }
    let run = regex::Regex::new(r"[A-Za-z]{4,}").unwrap();
    regex::Regex::new(r"[A-Za-z][A-Za-z0-9_]*")
        .unwrap()
        .find_iter(&text)
        .map(|w| w.as_str())
        .filter(|w| run.is_match(w) && !ALLOWED.contains(w) && !names.iter().any(|n| n == w))
        .map(str::to_string)
        .collect()
}

/// The subcommand names the top-level help lists under 命令：.
fn listed_subcommands(help: &str) -> Vec<String> {
    let section = help.split("命令：\n").nth(1).expect("a 命令： section");
    section.lines().take_while(|l| !l.trim().is_empty()).map(|l| l.split_whitespace().next().unwrap().to_string()).collect()
}

#[test]
fn every_help_is_chinese() {
    // The check finds the English of clap's own help, as printed before.
    let english = "Chinese government gazettes and 公文\n\nUsage: gongwen <COMMAND>\n\nCommands:\n  parse  Parse gazette/公文/law/HTML/PDF files into documents (JSON Lines)\n  help  Print this message or the help of the given subcommand(s)\n\nOptions:\n  -h, --help     Print help\n  -V, --version  Print version\n      --db <DB>  Store directory (holds gongwen.sqlite3) [default: gongwen-data]";
    let found = english_words(english, &["parse".into(), "help".into()]);
    for w in ["Chinese", "Usage", "Commands", "Parse", "files", "Print", "Options", "Store", "directory", "holds", "default"] {
        assert!(found.iter().any(|f| f == w), "the check misses {w}: {found:?}");
    }

    let top = stdout(&gongwen(&["--help"]));
    for heading in ["用法：gongwen <命令>", "\n命令：\n", "\n选项：\n", "显示帮助", "显示版本"] {
        assert!(top.contains(heading), "top-level help lacks {heading}:\n{top}");
    }
    let names = listed_subcommands(&top);
    assert!(names.len() >= 19 && names.iter().any(|n| n == "help") && names.iter().any(|n| n == "cited-by"), "{names:?}");
    // A name such as cited-by is allowed in its parts as the check splits words.
    let allowed: Vec<String> = names.iter().flat_map(|n| n.split('-').map(str::to_string)).collect();
    let mut helps = vec![("gongwen --help".to_string(), top.clone())];
    for args in [vec!["-h"], vec!["help"]] {
        helps.push((format!("gongwen {}", args.join(" ")), stdout(&gongwen(&args))));
    }
    for name in &names {
        for args in [vec![name.as_str(), "--help"], vec![name.as_str(), "-h"], vec!["help", name.as_str()]] {
            let o = gongwen(&args);
            assert!(o.status.success(), "gongwen {}: {}", args.join(" "), stderr(&o));
            helps.push((format!("gongwen {}", args.join(" ")), stdout(&o)));
        }
    }
    for (command, help) in &helps {
        assert!(help.contains("用法：gongwen") && help.contains("\n选项：\n") && help.contains("-h, --help"), "{command}:\n{help}");
        let words = english_words(help, &allowed);
        assert!(words.is_empty(), "{command} prints English {words:?}:\n{help}");
    }
    // Arguments under 参数：, clap's [default: …] and [possible values: …] in
    // Chinese, and --help saying more than -h where there is more.
    let search = stdout(&gongwen(&["search", "--help"]));
    assert!(search.contains("\n参数：\n  [QUERY]") && search.contains("用法：gongwen search [选项] [QUERY]"), "{search}");
    assert!(search.contains("默认为 `gongwen-data`") && search.contains("`in_force` 现行有效"), "{search}");
    assert!(stdout(&gongwen(&["parse", "-h"])).contains("`--help` 显示完整说明"));
    assert!(stdout(&gongwen(&["parse", "--help"])).contains("`source_kind`"));
    let o = gongwen(&["help", "nosuch"]);
    assert!(!o.status.success() && stderr(&o).contains("没有命令“nosuch”"), "{}", stderr(&o));
}

#[test]
fn command_line_mistakes_are_told_in_chinese() {
    // Each kind of mistake a user makes: what is wrong, a suggestion where
    // one is near, the usage line, status 2 — and no English of clap's.
    let cases: &[(&[&str], &[&str])] = &[
        (&["--bogus"], &["错误：不认识的参数 `--bogus`", "用法：gongwen <命令>"]),
        (&["eval", "--verbos"], &["不认识的参数 `--verbos`；是否想用 `--verbose`？", "用法：gongwen eval [选项]"]),
        (&["evl"], &["没有命令 `evl`"]),
        (&["export"], &["缺少必需的参数：`<WHAT>`"]),
        (&["export", "xml"], &["`<WHAT>` 的值 `xml` 无效（可选：`docs`、`links`、`register`、`akn`）"]),
        (&["tasks", "--due-before"], &["`--due-before <DUE_BEFORE>` 需要一个值"]),
        (&["tasks", "--due-before", "2024-13-01"], &["“2024-13-01”不是日期，应为 YYYY-MM-DD"]),
    ];
    for (args, says) in cases {
        let o = gongwen(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "gongwen {}: {err}", args.join(" "));
        for s in *says {
            assert!(err.contains(s), "gongwen {} does not say {s}:\n{err}", args.join(" "));
        }
        assert!(err.contains("更多信息请用 `--help`。"), "{err}");
        for english in ["error:", "Usage:", "tip:", "For more information", "unexpected", "invalid value"] {
            assert!(!err.contains(english), "gongwen {} prints {english}:\n{err}", args.join(" "));
        }
    }
    // --help and --version are not mistakes.
    assert!(gongwen(&["--version"]).status.success());
}
