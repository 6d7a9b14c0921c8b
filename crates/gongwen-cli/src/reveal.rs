//! `--unmasked`: the explicit, local-only way to see personal numbers.
//!
//! The store and the index hold only masked text (see
//! `gongwen_parse::privacy`); nothing stored can give a number back. Asked to
//! unmask, the CLI reads the source files again on this machine and learns
//! each masked form's original from them. A form that stands for two
//! different numbers stays masked; a source that cannot be read is named.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use gongwen_parse::privacy::Unmasker;
use gongwen_store::Store;
use std::sync::Mutex;

static REVEAL: Mutex<Option<Unmasker>> = Mutex::new(None);

/// Learns the originals from every source file of `store`.
pub fn enable(k: &Arc<Knowledge>, store: &Store) {
    let mut u = Unmasker::new();
    let paths = match store.source_paths() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("注意：无法列出来源文件，号码保持遮蔽：{e}");
            return;
        }
    };
    for path in paths {
        match std::fs::read(&path).map_err(|e| e.to_string()).and_then(|b| gongwen_parse::entering_text(&path, &b).map_err(|e| e.to_string())) {
            Ok(text) => u.learn(k, &text),
            Err(e) => eprintln!("注意：{path}：无法读取来源文件，其中的号码保持遮蔽（{e}）"),
        }
    }
    if u.ambiguous() > 0 {
        eprintln!("注意：{} 个遮蔽形式对应多个号码，保持遮蔽", u.ambiguous());
    }
    *REVEAL.lock().unwrap_or_else(|e| e.into_inner()) = Some(u);
}

/// `text` with every masked number learnt by [`enable`] restored.
pub fn text(text: &str) -> String {
    match REVEAL.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        Some(u) => u.unmask(text),
        None => text.to_string(),
    }
}

/// Every string inside `v`, restored as by [`text`].
pub fn json(v: &mut serde_json::Value) {
    if let Some(u) = REVEAL.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        u.unmask_json(v);
    }
}
