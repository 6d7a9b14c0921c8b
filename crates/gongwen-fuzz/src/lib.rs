//! The fuzz harness's targets: every entry point that reads untrusted text,
//! run on one input, with the three properties checked for each:
//!
//! 1. no panic (caught and reported with its message and location);
//! 2. time under [`TIME_BOUND`] (hang detection; a real hang is caught by the
//!    watchdog in `tests/fuzz.rs`);
//! 3. output linear-ish in the input: at most [`OUTPUT_PER_INPUT_BYTE`] bytes
//!    of JSON per input byte, plus [`OUTPUT_SLACK`].
//!
//! The drivers (proptest strategies, the fixed seed, the regression replay)
//! live in `tests/fuzz.rs`.

use gongwen_parse::knowledge::Knowledge;
use gongwen_model::Document;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// The longest one input may take (debug build, two shared cores). Inputs
/// are at most a few tens of KiB; a linear pipeline handles them in
/// milliseconds, so this only fires on super-linear behaviour.
pub const TIME_BOUND: Duration = Duration::from_secs(5);

/// Output bytes (JSON of documents, citations, clauses, facts) allowed per
/// input byte. A document repeats its text in its lines, paragraphs, outline
/// and tables, so a few times the input is normal; the square of it is not.
pub const OUTPUT_PER_INPUT_BYTE: usize = 64;
/// Fixed output allowed on top (an empty document serialises to some JSON).
pub const OUTPUT_SLACK: usize = 256 * 1024;

/// What is fed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Raw bytes through `decode` and then the whole pipeline.
    Bytes,
    /// Text through `parse_text` (the source name picks text, HTML or law
    /// Markdown), then citations and every extractor.
    Text,
    /// The search box's words through the index query parser.
    Query,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Bytes => "bytes",
            Target::Text => "text",
            Target::Query => "query",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        match name {
            "bytes" => Some(Target::Bytes),
            "text" => Some(Target::Text),
            "query" => Some(Target::Query),
            _ => None,
        }
    }
}

/// Why an input failed a property.
#[derive(Debug, Clone)]
pub enum Failure {
    Panic(String),
    Slow(Duration),
    Output { input: usize, output: usize },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic(m) => write!(f, "panic: {m}"),
            Failure::Slow(d) => write!(f, "took {d:?} (bound {TIME_BOUND:?})"),
            Failure::Output { input, output } => write!(f, "{output} output bytes for {input} input bytes"),
        }
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook with one that records the message and location
/// for [`check`] instead of printing it (shrinking panics hundreds of times).
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg} at {at}")));
    }));
}

fn doc_output(k: &Knowledge, doc: &Document) -> usize {
    let mut n = serde_json::to_string(doc).map(|s| s.len()).unwrap_or(0);
    let st = gongwen_link::statements(k, doc);
    n += serde_json::to_string(&st.citations).map(|s| s.len()).unwrap_or(0);
    n += serde_json::to_string(&st.clauses).map(|s| s.len()).unwrap_or(0);
    // measures, tasks, targets, appointments, roster members
    n += gongwen_extract::facts(k, doc).iter().map(|(_, _, json)| json.len()).sum::<usize>();
    n
}

fn parsed_output(k: &Knowledge, pf: &gongwen_parse::ParsedFile) -> usize {
    pf.documents.iter().map(|d| doc_output(k, d)).sum::<usize>() + serde_json::to_string(&pf.toc).map(|s| s.len()).unwrap_or(0)
}

/// Source names that steer `parse_text`'s choice of pipeline.
pub const SOURCES: [&str; 3] = ["fuzz.txt", "fuzz.html", "fuzz.md"];

/// Runs `target` on `input` (for [`Target::Text`], `source` names the file);
/// returns the output size in bytes. Panics propagate.
pub fn run(k: &Knowledge, target: Target, source: &str, input: &[u8]) -> usize {
    match target {
        Target::Bytes => match gongwen_parse::parse_bytes(k, source, input) {
            Ok(pf) => parsed_output(k, &pf),
            Err(e) => e.to_string().len(),
        },
        Target::Text => {
            let text = String::from_utf8_lossy(input);
            let mut pf = gongwen_parse::parse_text(k, source, &text);
            gongwen_parse::mark_duplicates(&mut pf.documents);
            parsed_output(k, &pf)
        }
        Target::Query => {
            let q = String::from_utf8_lossy(input);
            match gongwen_index::UserQuery::parse(k, &q) {
                Ok(uq) => uq.needles().iter().map(String::len).sum::<usize>() + usize::from(uq.is_empty()),
                Err(e) => e.to_string().len(),
            }
        }
    }
}

/// Runs one input and checks the three properties.
pub fn check(k: &Knowledge, target: Target, source: &str, input: &[u8]) -> Result<(), Failure> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| run(k, target, source, input)));
    let took = started.elapsed();
    let output = match result {
        Ok(n) => n,
        Err(payload) => {
            let recorded = LAST_PANIC.with(|p| p.borrow_mut().take());
            let msg = recorded.or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string())).or_else(|| payload.downcast_ref::<String>().cloned());
            return Err(Failure::Panic(msg.unwrap_or_else(|| "panic".into())));
        }
    };
    if took > TIME_BOUND {
        return Err(Failure::Slow(took));
    }
    if output > input.len() * OUTPUT_PER_INPUT_BYTE + OUTPUT_SLACK {
        return Err(Failure::Output { input: input.len(), output });
    }
    Ok(())
}
