//! The fuzz run: proptest drives [`gongwen_fuzz::check`] with inputs built
//! from real corpus snippets (spliced and mutated) and generators of 公文
//! lines, HTML and law Markdown, and replays `tests/regressions/` first.
//!
//! `cargo test -p gongwen-fuzz` runs a fixed seed for [`DEFAULT_SECS`];
//! `GONGWEN_FUZZ_SECS=3600` runs longer, `GONGWEN_FUZZ_SEED=n` picks the seed.
//! A failing input is shrunk and written to `tests/regressions/`, named
//! `<target>-<hash>.<ext>` (the extension picks the pipeline for `text`).

use gongwen_fuzz::{check, quiet_panics, Target, SOURCES};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Seconds of fuzzing in a plain `cargo test` (fixed seed).
const DEFAULT_SECS: f64 = 8.0;
const DEFAULT_SEED: u64 = 0x676f_6e67_7765_6e;
/// No input is longer than this (bytes): snippets are spliced, not files.
const MAX_INPUT: usize = 48 * 1024;
/// An input still running after this is a hang: it is saved and the process aborts.
const HANG_LIMIT: Duration = Duration::from_secs(120);
/// Cases per proptest batch (the time budget is checked between batches).
const BATCH: u32 = 16;

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions")
}

// ---------------------------------------------------------------- the pool

/// Lines of real files: the shared corpus when present, else the in-repo fixtures.
fn pool() -> &'static Vec<Vec<String>> {
    static POOL: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files: Vec<PathBuf> = Vec::new();
        for dir in ["crates/gongwen-parse/tests/fixtures", "examples"] {
            files.extend(list(&root.join(dir), 20));
        }
        if let Some(corpus) = gongwen_testkit::shared_corpus() {
            files.extend(list(&corpus.join("wuhan"), 10));
            for sub in ["beijing", "central-shandong", "work-reports", "flattened"] {
                files.extend(list(&corpus.join("beyond").join(sub), 12));
            }
            files.extend(list(&corpus.join("laws/宪法相关法"), 6));
            files.extend(list(&corpus.join("laws/行政法规"), 6));
        }
        files
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .map(|b| String::from_utf8_lossy(&b).lines().map(String::from).collect::<Vec<_>>())
            .filter(|l| !l.is_empty())
            .collect()
    })
}

fn list(dir: &Path, max: usize) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && p.extension().is_some_and(|e| matches!(e.to_str(), Some("txt" | "md" | "html")))).collect())
        .unwrap_or_default();
    v.sort();
    v.truncate(max);
    v
}

// ---------------------------------------------------------------- generators

const AGENCIES: &[&str] = &["武政", "武政规", "武政办", "鄂政发", "国发", "国办发", "阳政办", "发改办财金规", "京政发", "市", "", "武汉市人民政府令"];
const WORDS: &[&str] = &[
    "武汉市人民政府文件", "武汉市人民政府办公厅", "关于印发", "的通知", "各区人民政府，市人民政府各部门：", "现将", "印发给你们，请认真贯彻执行。", "予以废止", "同时废止", "作如下修改：",
    "根据", "按照", "为贯彻落实", "以下简称", "（此件公开发布）", "抄送：", "印发", "附件：", "附件1", "专栏1", "第一章 总则", "第一条", "第十条", "一、", "（一）", "1.", "（1）", "二、", "（二十）",
    "牵头单位：", "责任单位：", "配合单位：", "市发改委", "市财政局", "各区人民政府", "下同", "2025年底前", "持续推进", "每年", "到2025年，", "力争", "达到", "1000亿元以上", "20万", "万元", "％", "%",
    "给予最高", "50万元", "奖励", "按照实际投资额的10%给予补贴，最高不超过200万元", "分别给予最高", "、", "人事任免", "任命", "免去", "为市财政局局长", "的市财政局副局长职务", "组 长：", "副组长：", "成 员：",
    "程用文 市委常委", "合计", "小计", "序号\t名称\t牵头单位\t完成时限", "\t", "\t\t", "|", " | ", "目 录", "……", "………12", "武汉市人民政府公报", "2024年第5期", "— 3 —", "《", "》", "〈", "〉", "〔", "〕",
    "（", "）", "(", ")", "“", "”", "\"", "；", "。", "，", "：", "号", "第", "令", "年", "月", "日", "二〇二四年一月二日", "2024年1月2日", "自2024年2月1日起施行", "有效期5年", "有效期至2026年12月31日",
    "长期有效", "试行", "继续有效", "废止", "<!-- INFO END -->", "# ", "## ", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{2028}", "\u{85}", "\r", "\r\n", "\u{3000}", " ", "  ", "   ", "—", "-", "•",
    "指标\t2020年\t2025年\t属性", "城镇新增就业人数（万人）\t[106.74]\t>[110]\t预期性", "市人民政府令第300号", "国家发展改革委2023年第2号令", "以下简称“省21号文”", "〈〈", "》》", "万",
];
const HTML: &[&str] = &[
    "<html>", "<body>", "</body>", "</html>", "<head>", "</head>", "<title>", "</title>", "<meta name=\"ArticleTitle\" content=\"关于某某的通知\">", "<div>", "</div>", "<div class=\"content\">", "<span>",
    "</span>", "<p>", "</p>", "<br>", "<br/>", "</br>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<tbody>", "<li>", "<ul>", "</ul>", "<script>", "</script>", "<style>", "</style>",
    "<!--", "-->", "<font color=\"red\">", "</font>", "<b>", "</b>", "&nbsp;", "&amp;", "&#x4e2d;", "&#12288;", "<h1>", "</h1>", "<nav>", "</nav>", "<footer>", "<textarea>", "<plaintext>", "<![CDATA[", "<", ">", "</",
];
const ALPHABET: &[char] = &[
    '一', '二', '三', '十', '〇', '年', '月', '日', '号', '第', '条', '章', '万', '亿', '元', '市', '区', '政', '府', '令', '〔', '〕', '（', '）', '《', '》', '、', '，', '。', '；', '：', '“', '”', '0', '1', '2',
    '9', 'a', 'Z', ' ', '\t', '\n', '\r', '-', '.', '%', '|', '<', '>', '/', '&', '#', '\u{200B}', '\u{FFFD}', '\u{2028}', '𠀀', 'é',
];

fn docnum() -> impl Strategy<Value = String> {
    (prop::sample::select(AGENCIES), 0usize..6, 1985u32..2035, 0u32..10000, any::<bool>()).prop_map(|(a, b, y, n, sp)| {
        let (o, c) = [("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"), ("", "")][b];
        let s = if sp { " " } else { "" };
        format!("{a}{o}{y}{c}{s}{n}{s}号")
    })
}

fn date() -> impl Strategy<Value = String> {
    (1900u32..2100, 0u32..14, 0u32..33, any::<bool>()).prop_map(|(y, m, d, sp)| if sp { format!("{y} 年 {m} 月 {d} 日") } else { format!("{y}年{m}月{d}日") })
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(String::from)
}

fn chars() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..40).prop_map(|v| v.into_iter().collect())
}

/// One generated 公文 line.
fn line() -> impl Strategy<Value = String> {
    let cell = prop_oneof![word(), chars(), docnum(), date(), (0u32..100000).prop_map(|n| n.to_string())];
    prop_oneof![
        4 => prop::collection::vec(prop_oneof![3 => word(), 1 => docnum(), 1 => date(), 1 => chars()], 1..8).prop_map(|v| v.concat()),
        1 => (prop::collection::vec(cell, 2..7), prop::sample::select(&["\t", " | ", "   ", "\t\t"][..])).prop_map(|(c, sep)| c.join(sep)),
        1 => (word(), word(), docnum(), word()).prop_map(|(a, b, n, c)| format!("{a}《关于{b}的通知》（{n}，以下简称“{c}”）")),
    ]
}

#[derive(Debug, Clone)]
enum Piece {
    /// `lines` lines of pool file `file` from line `start` (both taken modulo).
    Snippet { file: usize, start: usize, lines: usize },
    Line(String),
    Html(Vec<&'static str>),
    /// A tag opened `n` times (deep or unclosed nesting).
    Nest { tag: &'static str, n: usize, close: bool },
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(u16, u16),
    Duplicate(u16, u16),
    Insert(u16, String),
    /// Bytes only: a raw byte at a position (invalid UTF-8).
    Byte(u16, u8),
}

#[derive(Debug, Clone)]
struct Case {
    target: Target,
    /// Which pipeline: text, HTML or law Markdown (an index into [`SOURCES`]).
    form: usize,
    pieces: Vec<Piece>,
    mutations: Vec<Mutation>,
    /// Bytes only: 0 UTF-8, 1 GB18030, 2 UTF-16LE with BOM, 3 UTF-8 with BOM.
    encoding: u8,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), 1usize..60).prop_map(|(file, start, lines)| Piece::Snippet { file, start, lines }),
        4 => line().prop_map(Piece::Line),
        1 => prop::collection::vec(prop::sample::select(HTML), 1..6).prop_map(Piece::Html),
        1 => (prop::sample::select(&["<div>", "<span>", "<p>", "<td>", "<font color=1>", "<table><tr><td>", "<li>", "<b>"][..]), 0usize..3000, any::<bool>())
            .prop_map(|(tag, n, close)| Piece::Nest { tag, n, close }),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Mutation::Delete(a, b)),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
        3 => (any::<u16>(), prop_oneof![word(), chars(), docnum()]).prop_map(|(a, s)| Mutation::Insert(a, s)),
        1 => (any::<u16>(), prop::sample::select(&[0xFFu8, 0xFE, 0x80, 0xC3, 0xE4, 0x00, 0x0B][..])).prop_map(|(a, b)| Mutation::Byte(a, b)),
    ]
}

fn case(target: Target) -> impl Strategy<Value = Case> {
    let pieces = if target == Target::Query { 1..5 } else { 1..24 };
    (0usize..3, prop::collection::vec(piece(), pieces), prop::collection::vec(mutation(), 0..6), 0u8..6)
        .prop_map(move |(form, pieces, mutations, encoding)| Case { target, form, pieces, mutations, encoding })
}

/// A char boundary of `s` near `frac` of its length.
fn at(s: &str, frac: u16) -> usize {
    let mut i = s.len() * frac as usize / (u16::MAX as usize + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn materialize(c: &Case) -> (String, Vec<u8>) {
    let pool = pool();
    let mut s = String::new();
    match c.form {
        1 => s.push_str("<!DOCTYPE html><html><body>\n"),
        2 => s.push_str("# 中华人民共和国某某法\n\n2020年1月1日 第十三届全国人民代表大会常务委员会第十次会议通过\n\n<!-- INFO END -->\n\n"),
        _ => {}
    }
    for p in &c.pieces {
        match p {
            Piece::Snippet { file, start, lines } if !pool.is_empty() => {
                let f = &pool[file % pool.len()];
                let from = start % f.len();
                for l in f.iter().skip(from).take(*lines) {
                    s.push_str(l);
                    s.push('\n');
                }
            }
            Piece::Snippet { .. } => {}
            Piece::Line(l) => {
                s.push_str(l);
                s.push('\n');
            }
            Piece::Html(tags) => tags.iter().for_each(|t| s.push_str(t)),
            Piece::Nest { tag, n, close } => {
                s.push_str(&tag.repeat(*n));
                s.push_str("中文内容");
                if *close {
                    let end = format!("</{}>", &tag[1..tag.find([' ', '>']).unwrap_or(tag.len() - 1)]);
                    s.push_str(&end.repeat(*n));
                }
            }
        }
        if s.len() > MAX_INPUT {
            break;
        }
    }
    if c.target == Target::Query {
        s = s.replace('\n', " ");
    }
    for m in &c.mutations {
        match m {
            Mutation::Delete(a, b) => {
                let (x, y) = (at(&s, *a.min(b)), at(&s, *a.max(b)));
                s.replace_range(x..y, "");
            }
            Mutation::Duplicate(a, b) => {
                let (x, y) = (at(&s, *a.min(b)), at(&s, *a.max(b)));
                if s.len() + (y - x) <= MAX_INPUT {
                    let dup = s[x..y].to_string();
                    s.insert_str(y, &dup);
                }
            }
            Mutation::Insert(a, w) => {
                let i = at(&s, *a);
                s.insert_str(i, w);
            }
            Mutation::Byte(..) => {}
        }
    }
    let mut end = s.len().min(MAX_INPUT);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    let source = SOURCES[c.form].to_string();
    if c.target != Target::Bytes {
        return (source, s.into_bytes());
    }
    let mut bytes = match c.encoding {
        1 => encoding_rs_gb18030(&s),
        2 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
            b
        }
        3 => [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
        _ => s.into_bytes(),
    };
    for m in &c.mutations {
        if let Mutation::Byte(a, b) = m {
            let i = bytes.len() * *a as usize / (u16::MAX as usize + 1);
            bytes.insert(i, *b);
        }
    }
    (source, bytes)
}

fn encoding_rs_gb18030(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

// ---------------------------------------------------------------- hang watchdog

struct Running {
    since: Instant,
    target: Target,
    source: String,
    input: Vec<u8>,
}

static RUNNING: Mutex<Option<Running>> = Mutex::new(None);

fn watchdog() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(500));
            let guard = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(r) = guard.as_ref().filter(|r| r.since.elapsed() > HANG_LIMIT) {
                let path = save(r.target, &r.source, &r.input);
                eprintln!("fuzz: HANG over {HANG_LIMIT:?} on a {}-byte {} input, saved to {}", r.input.len(), r.target.name(), path.display());
                std::process::abort();
            }
        });
    });
}

/// The built-in knowledge, loaded once for the whole run (tests only).
fn knowledge() -> &'static gongwen_parse::knowledge::Knowledge {
    static K: std::sync::OnceLock<gongwen_parse::knowledge::Knowledge> = std::sync::OnceLock::new();
    K.get_or_init(gongwen_parse::knowledge::Knowledge::builtin)
}

fn checked(target: Target, source: &str, input: &[u8]) -> Result<(), gongwen_fuzz::Failure> {
    let k = knowledge();
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = Some(Running { since: Instant::now(), target, source: source.to_string(), input: input.to_vec() });
    let r = check(k, target, source, input);
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = None;
    r
}

// ---------------------------------------------------------------- regressions

fn ext_of(target: Target, source: &str) -> &'static str {
    match target {
        Target::Bytes => "bin",
        Target::Query => "query",
        Target::Text => match source.rsplit('.').next() {
            Some("html") => "html",
            Some("md") => "md",
            _ => "txt",
        },
    }
}

fn save(target: Target, source: &str, input: &[u8]) -> PathBuf {
    // FNV-1a: a stable name, so the same input is saved once.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3));
    let dir = regressions_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{}-{hash:016x}.{}", target.name(), ext_of(target, source)));
    let _ = std::fs::write(&path, input);
    path
}

/// Every saved failure, replayed on every run.
#[test]
fn regressions_replay() {
    quiet_panics();
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(regressions_dir()).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let Some(target) = name.split('-').next().and_then(Target::from_name) else { continue };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt");
        let source = format!("fuzz.{}", if ext == "bin" { "txt" } else { ext });
        let input = std::fs::read(&path).unwrap();
        n += 1;
        if let Err(f) = checked(target, &source, &input) {
            failures.push(format!("{name}: {f}"));
        }
    }
    assert!(n > 0, "no regression inputs in {}", regressions_dir().display());
    assert!(failures.is_empty(), "regressions failing:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------- the run

fn env_secs() -> f64 {
    std::env::var("GONGWEN_FUZZ_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_SECS)
}

fn env_seed() -> u64 {
    std::env::var("GONGWEN_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_SEED)
}

fn verbose() -> bool {
    std::env::var("GONGWEN_FUZZ_VERBOSE").is_ok()
}

fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

#[test]
fn fuzz_every_entry_point() {
    quiet_panics();
    watchdog();
    let budget = Duration::from_secs_f64(env_secs());
    let seed = env_seed();
    let config = Config { cases: BATCH, failure_persistence: None, max_shrink_iters: 4096, max_shrink_time: 120_000, ..Config::default() };
    let started = Instant::now();
    let inputs = std::cell::Cell::new(0u64);
    let mut failures: Vec<String> = Vec::new();
    // Each batch gets a fresh runner (a runner counts its successes and runs
    // no more once it reached `cases`) with an RNG forked from the seeded one.
    let mut seeded = TestRunner::new_with_rng(config.clone(), rng(seed));
    let targets = [Target::Text, Target::Text, Target::Bytes, Target::Query];
    let mut round = 0usize;
    while started.elapsed() < budget {
        let target = targets[round % targets.len()];
        round += 1;
        let mut runner = TestRunner::new_with_rng(config.clone(), seeded.new_rng());
        let result = runner.run(&case(target), |c| {
            inputs.set(inputs.get() + 1);
            let (source, bytes) = materialize(&c);
            let t = Instant::now();
            let r = checked(c.target, &source, &bytes).map_err(|f| TestCaseError::fail(f.to_string()));
            if verbose() {
                eprintln!("fuzz: {} {source} {} bytes {:?}", c.target.name(), bytes.len(), t.elapsed());
            }
            r
        });
        if let Err(TestError::Fail(reason, c)) = result {
            let (source, bytes) = materialize(&c);
            let path = save(c.target, &source, &bytes);
            eprintln!("fuzz: {reason} — {} bytes saved to {}", bytes.len(), path.display());
            failures.push(format!("{reason} ({})", path.display()));
            // Go on from a fresh stream: the same bug would be found again at once.
            seeded = TestRunner::new_with_rng(config.clone(), rng(seed.wrapping_add(round as u64 * 7919)));
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!("fuzz: {} inputs in {secs:.1} s (seed {seed}), {} failures", inputs.get(), failures.len());
    assert!(failures.is_empty(), "fuzz failures (inputs saved to tests/regressions/):\n{}", failures.join("\n"));
}
