//! Amendment decisions in the register: each decision's operations
//! (`gongwen_amend`) applied to the version of the amended work in force
//! before it, and the result compared with the republished version when the
//! store holds one. Derived at query time; nothing is stored.

use crate::query::DocRef;
use crate::works::WorkRef;
use crate::{Result, Store, StoreError};
use gongwen_amend::{apply, articles, compare, parse_decision, Amendment, Article, Change, Grammar, Operation, Outcome, Pair};
use gongwen_model::{Date, Document};
use serde::Serialize;

/// A version as the report names it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionLink {
    pub date: Option<Date>,
    pub eli: String,
}

/// One operation and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct OperationReport {
    #[serde(flatten)]
    pub operation: Operation,
    /// `None` when there was no earlier text to apply it to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// The amended text against the republished one.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Articles compared (the union of both texts).
    pub articles: usize,
    /// Articles whose text is the same, layout aside.
    pub agreeing: usize,
    /// `第X条` of the republished text (or of the amended one, where it has no counterpart) that differ.
    pub differing: Vec<String>,
}

/// Why a decision's operations could not be applied at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// No work in the store has the name or 文号 the decision gives.
    Work,
    /// The work has no version before the decision.
    EarlierVersion,
}

/// One amended text of one decision.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentReport {
    pub decision: DocRef,
    /// The amended text as the decision names it.
    pub target: Option<String>,
    pub number: Option<String>,
    pub work: Option<WorkRef>,
    pub earlier: Option<VersionLink>,
    pub republished: Option<VersionLink>,
    pub operations: Vec<OperationReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Missing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Agreement>,
}

impl Store {
    /// Every amendment decision in the store, each amended text with its operations' outcomes.
    pub fn amendments(&self) -> Result<Vec<AmendmentReport>> {
        let g = Grammar::shared();
        let mut out = Vec::new();
        for d in self.all_docs()? {
            if d.stub || !gongwen_amend::is_decision(g, &d.title) {
                continue;
            }
            out.extend(self.amendments_by(&d)?);
        }
        Ok(out)
    }

    /// What one decision amends, applied.
    pub fn amendments_by(&self, decision: &DocRef) -> Result<Vec<AmendmentReport>> {
        let g = Grammar::shared();
        let Some(doc) = self.document(decision)? else { return Ok(Vec::new()) };
        let paragraphs: Vec<(usize, &str)> = doc.paragraphs().collect();
        let decided = doc.date;
        let mut out = Vec::new();
        for a in parse_decision(g, &doc.title, &paragraphs) {
            out.push(self.apply_one(decision, decided, a)?);
        }
        Ok(out)
    }

    fn apply_one(&self, decision: &DocRef, decided: Option<Date>, a: Amendment) -> Result<AmendmentReport> {
        let work = self.target_work(&a)?;
        let mut report = AmendmentReport {
            decision: decision.clone(),
            target: a.target.clone(),
            number: a.number.clone(),
            work: work.clone(),
            earlier: None,
            republished: None,
            operations: a.operations.iter().map(|o| OperationReport { operation: o.clone(), outcome: None }).collect(),
            missing: None,
            agreement: None,
        };
        let Some(work) = work else {
            report.missing = Some(Missing::Work);
            return Ok(report);
        };
        let on = decided.unwrap_or_else(Date::today);
        let versions = self.work_report(&work, on)?.versions;
        // The version before the decision, and the first one from its date on.
        let before = versions.iter().rev().find(|v| v.date.zip(decided).is_some_and(|(v, d)| v < d));
        let after = versions.iter().find(|v| v.date.zip(decided).is_some_and(|(v, d)| v >= d));
        report.republished = after.map(|v| VersionLink { date: v.date, eli: v.eli.clone() });
        let Some(before) = before else {
            report.missing = Some(Missing::EarlierVersion);
            return Ok(report);
        };
        report.earlier = Some(VersionLink { date: before.date, eli: before.eli.clone() });
        let earlier = self.version_articles(before.parts.iter().map(|p| p.copy_id))?;
        let applied = apply(&earlier, &a.operations);
        for (r, o) in report.operations.iter_mut().zip(applied.outcomes) {
            r.outcome = Some(o);
        }
        if let Some(after) = after {
            let later = self.version_articles(after.parts.iter().map(|p| p.copy_id))?;
            let pairs = compare(&applied.articles, &later);
            report.agreement = Some(agreement(&pairs));
        }
        Ok(report)
    }

    /// The work a decision's group names: by 文号, else by title (with the
    /// issuer's name before a bare `关于…`, and 〈〉 read as 《》).
    fn target_work(&self, a: &Amendment) -> Result<Option<WorkRef>> {
        let mut tries: Vec<String> = a.number.iter().cloned().collect();
        if let Some(t) = &a.target {
            tries.push(t.clone());
            let angled = t.replace('〈', "《").replace('〉', "》");
            tries.push(angled.clone());
            if angled.starts_with("关于") {
                for court in ["最高人民法院", "最高人民法院、最高人民检察院"] {
                    tries.push(format!("{court}{angled}"));
                }
            }
        }
        for t in tries {
            match self.find_work(&t) {
                Ok(w) => return Ok(Some(w)),
                Err(StoreError::NotFound(_)) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// The articles of a version: those of each part, in order.
    pub fn version_articles(&self, copies: impl Iterator<Item = i64>) -> Result<Vec<Article>> {
        let mut out = Vec::new();
        for c in copies {
            if let Some(d) = self.copy_document(c)? {
                out.extend(articles(&d));
            }
        }
        Ok(out)
    }

    /// 新旧对照 of two versions of a work, by their dates.
    pub fn compare_versions(&self, work: &WorkRef, old: Date, new: Date) -> Result<Vec<Pair>> {
        let report = self.work_report(work, Date::today())?;
        let version = |d: Date| {
            report.version_on_date(d).ok_or_else(|| StoreError::NotFound(format!("{} {d}", work.name)))
        };
        let (a, b) = (version(old)?, version(new)?);
        let old = self.version_articles(a.parts.iter().map(|p| p.copy_id))?;
        let new = self.version_articles(b.parts.iter().map(|p| p.copy_id))?;
        Ok(compare(&old, &new))
    }

    /// A version's documents, parts in order.
    pub fn version_documents(&self, copies: impl Iterator<Item = i64>) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        for c in copies {
            out.extend(self.copy_document(c)?);
        }
        Ok(out)
    }
}

fn agreement(pairs: &[Pair]) -> Agreement {
    let agreeing = pairs.iter().filter(|p| matches!(p.change, Change::Same)).count();
    let differing = pairs
        .iter()
        .filter(|p| !matches!(p.change, Change::Same))
        .filter_map(|p| p.new.as_ref().or(p.old.as_ref()).map(|a| a.no.to_string()))
        .collect();
    Agreement { articles: pairs.len(), agreeing, differing }
}
