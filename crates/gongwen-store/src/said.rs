//! What documents say, read back from the `fact` rows ingest wrote, and the
//! policy finder over them. Shared by the CLI and the HTTP API.

use crate::query::{DocRef, FactRow};
use crate::{Result, Store};
use gongwen_extract::finder::{assess, Assessment, Profile, Verdict};
use gongwen_extract::Measure;
use gongwen_model::{Date, FactKind, Status};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;

impl Store {
    /// Stored facts of `kind`, decoded; rows written by another gongwen
    /// version that no longer decode are counted, not fatal.
    pub fn said<T: DeserializeOwned>(&self, kind: FactKind, doc: Option<&DocRef>) -> Result<(Vec<(FactRow, T)>, usize)> {
        let mut skipped = 0;
        let rows = self
            .facts(kind, doc)?
            .into_iter()
            .filter_map(|r| match serde_json::from_str(&r.body) {
                Ok(t) => Some((r, t)),
                Err(_) => {
                    skipped += 1;
                    None
                }
            })
            .collect();
        Ok((rows, skipped))
    }

    /// The support measures in force on `on` that `profile` may qualify for,
    /// most money first; contradicted ones only with `all`.
    pub fn find_support(&self, profile: &Profile, on: Date, all: bool) -> Result<Vec<Found>> {
        let k = self.knowledge();
        let (facts, _) = self.said::<Measure>(FactKind::Measure, None)?;
        let mut statuses = Statuses::new(self, on);
        let mut out = Vec::new();
        for (f, m) in facts {
            if !statuses.of(&f.doc)?.is_live() {
                continue;
            }
            let Some(a) = assess(k, profile, &m, &f.doc.title, &f.doc.issuer) else { continue };
            if a.verdict == Verdict::NotMet && !all {
                continue;
            }
            out.push(Found { doc_number: f.doc.doc_number.clone(), title: f.doc.title.clone(), source: f.source, measure: m, assessment: a });
        }
        out.sort_by(|a, b| b.assessment.max_yuan.unwrap_or(-1.0).total_cmp(&a.assessment.max_yuan.unwrap_or(-1.0)));
        Ok(out)
    }
}

#[derive(Debug, Serialize)]
pub struct Found {
    pub doc_number: Option<String>,
    pub title: String,
    pub source: String,
    pub measure: Measure,
    pub assessment: Assessment,
}

/// Each document's status on one date, looked up once per document.
pub struct Statuses<'a> {
    store: &'a Store,
    on: Date,
    seen: HashMap<i64, Status>,
}

impl<'a> Statuses<'a> {
    pub fn new(store: &'a Store, on: Date) -> Self {
        Statuses { store, on, seen: HashMap::new() }
    }
    /// The status on the date given to [`Statuses::new`]; a store that cannot
    /// say it is an error, not an unknown status.
    pub fn of(&mut self, d: &DocRef) -> Result<Status> {
        if let Some(s) = self.seen.get(&d.id) {
            return Ok(*s);
        }
        let s = self.store.status(d, self.on)?.status;
        self.seen.insert(d.id, s);
        Ok(s)
    }
}
