//! The validity timeline of one document, built from every statement made
//! about it — by itself (施行, 有效期), by its republished text (history note),
//! and by later documents (a repeal, an amendment, a catalog row, an extension).
//!
//! Rules, in the spirit of legislation.gov.uk's effects: a document is in force
//! from its effective date until the earliest of its repeal, a declared expiry,
//! or the day after its expiry date; amendments split the in-force period
//! (each period after one is marked `amended`: the text changed, the status
//! did not — 现行有效 either way), and so do suspensions of its provisions by
//! another text (the period they cover is marked `suspended`). Of
//! several expiry statements the one made last wins (a later catalog row beats
//! the term the document computed for itself); statements made on the same day
//! that disagree are reported as a conflict, never silently dropped.

use gongwen_model::Date;
/// Statuses are vocabulary shared with the store, index and server.
pub use gongwen_model::Status;
use serde::Serialize;

/// One fact about a document's life, as stated somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "fact", content = "value", rename_all = "snake_case")]
pub enum Fact {
    /// An explicit effective date (自2024年8月15日起施行).
    Effective(Date),
    /// An effective date computed from the publication date (自公布之日起施行).
    EffectiveComputed(Date),
    /// A term in years counted from the effective date (有效期为5年).
    TermYears(u32),
    /// In force through this date (有效期至…, a catalog row's 有效期至).
    Until(Date),
    /// 长期有效.
    Indefinite,
    Repealed(Date),
    DeclaredExpired(Date),
    Amended(Date),
    /// Provisions suspended from `from` (暂时调整实施, 暂停实施), through
    /// `until` when the suspending text says (else until further notice).
    Suspended { from: Date, until: Option<Date> },
    /// Listed as still valid (a catalog row) on the statement's date.
    KeptValid,
}

/// Where a statement was read: which document, which file and line, which words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 文号 (or title) of the document that makes the statement.
    pub by: String,
    pub source: String,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub fact: Fact,
    /// When the statement was made (the stating document's effective date);
    /// later statements win over earlier ones.
    pub made_on: Option<Date>,
    pub evidence: Evidence,
}

/// A stretch of time with one status; `from`/`until` are inclusive, `None` is open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub status: Status,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// In force as amended: the stretch opens with an amendment, or follows
    /// one (the text read is a later version than the first).
    pub amended: bool,
    /// In force with provisions suspended by another text (暂时调整实施).
    pub suspended: bool,
    pub evidence: Vec<Evidence>,
}

/// Two statements that disagree about the same fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub about: &'static str,
    pub chosen: Statement,
    pub other: Statement,
    /// `later statement wins` or `same date: first one kept`.
    pub resolution: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub effective: Option<Date>,
    /// Last day in force by its term (before any repeal), if known.
    pub expires: Option<Date>,
    pub indefinite: bool,
    pub segments: Vec<Segment>,
    pub conflicts: Vec<Conflict>,
}

impl Timeline {
    pub fn on(&self, date: Date) -> &Segment {
        self.segments
            .iter()
            .find(|s| s.from.is_none_or(|f| f <= date) && s.until.is_none_or(|u| date <= u))
            .unwrap_or_else(|| self.segments.last().expect("a timeline has at least one segment"))
    }
}

/// Picks the statement made last; among those made on the same day, the
/// first in `stmts` order (callers put stated facts before computed ones).
fn latest<'a>(stmts: &[&'a Statement]) -> Option<&'a Statement> {
    stmts.iter().copied().fold(None, |best: Option<&Statement>, s| match best {
        Some(b) if b.made_on >= s.made_on => Some(b),
        _ => Some(s),
    })
}

fn conflicts_with(chosen: &Statement, all: &[&Statement], about: &'static str, same: impl Fn(&Fact, &Fact) -> bool) -> Vec<Conflict> {
    all.iter()
        .filter(|s| !same(&s.fact, &chosen.fact))
        .map(|s| Conflict {
            about,
            chosen: chosen.clone(),
            other: (*s).clone(),
            resolution: if s.made_on == chosen.made_on { "same date: first one kept" } else { "later statement wins" },
        })
        .collect()
}

pub fn build(statements: &[Statement]) -> Timeline {
    let mut conflicts = Vec::new();

    // Effective date: stated beats computed; the latest statement wins.
    let stated: Vec<&Statement> = statements.iter().filter(|s| matches!(s.fact, Fact::Effective(_))).collect();
    let computed: Vec<&Statement> = statements.iter().filter(|s| matches!(s.fact, Fact::EffectiveComputed(_))).collect();
    let eff_stmt = latest(&stated).or_else(|| latest(&computed));
    if let Some(e) = eff_stmt {
        let date_of = |f: &Fact| match f {
            Fact::Effective(d) | Fact::EffectiveComputed(d) => Some(*d),
            _ => None,
        };
        conflicts.extend(conflicts_with(e, &stated, "effective", |a, b| date_of(a) == date_of(b)));
    }
    let effective = eff_stmt.and_then(|s| match s.fact {
        Fact::Effective(d) | Fact::EffectiveComputed(d) => Some(d),
        _ => None,
    });

    // Expiry: Until / Indefinite as stated, and TermYears resolved against the
    // effective date. Stated expiries come first, so a computed term loses ties.
    let stated_expiry: Vec<&Statement> = statements.iter().filter(|s| matches!(s.fact, Fact::Until(_) | Fact::Indefinite)).collect();
    let computed_expiry: Vec<Statement> = statements
        .iter()
        .filter_map(|s| match (s.fact, effective) {
            (Fact::TermYears(n), Some(e)) => Some(Statement { fact: Fact::Until(e.add_years(n).add_days(-1)), ..s.clone() }),
            _ => None,
        })
        .collect();
    let expiry_stmts: Vec<&Statement> = stated_expiry.into_iter().chain(&computed_expiry).collect();
    let expiry = latest(&expiry_stmts);
    if let Some(x) = expiry {
        conflicts.extend(conflicts_with(x, &expiry_stmts, "expiry", |a, b| a == b));
    }
    let (expires, indefinite) = match expiry.map(|s| s.fact) {
        Some(Fact::Until(d)) => (Some(d), false),
        Some(Fact::Indefinite) => (None, true),
        _ => (None, false),
    };

    // The end: the earliest repeal or declared expiry, else the day after expiry.
    let mut end: Option<(Date, Status, Evidence)> = statements
        .iter()
        .filter_map(|s| match s.fact {
            Fact::Repealed(d) => Some((d, Status::Repealed, s.evidence.clone())),
            Fact::DeclaredExpired(d) => Some((d, Status::Expired, s.evidence.clone())),
            _ => None,
        })
        .min_by_key(|(d, _, _)| *d);
    if let (Some(d), Some(x)) = (expires, expiry) {
        let after = d.add_days(1);
        if end.as_ref().is_none_or(|(e, _, _)| after < *e) {
            end = Some((after, Status::Expired, x.evidence.clone()));
        }
    }

    // When was it first known to be in force, if the effective date is not?
    let anchor: Option<(Date, Evidence)> = match (effective, eff_stmt) {
        (Some(e), Some(s)) => Some((e, s.evidence.clone())),
        _ => statements
            .iter()
            .filter_map(|s| match s.fact {
                Fact::Amended(d) => Some((d, s.evidence.clone())),
                Fact::KeptValid | Fact::Until(_) | Fact::Indefinite => s.made_on.map(|m| (m, s.evidence.clone())),
                _ => None,
            })
            .min_by_key(|(d, _)| *d),
    };

    let mut amendments: Vec<(Date, &Evidence)> = statements
        .iter()
        .filter_map(|s| match s.fact {
            Fact::Amended(d) => Some((d, &s.evidence)),
            _ => None,
        })
        .collect();
    amendments.sort_by_key(|(d, _)| *d);
    amendments.dedup_by_key(|(d, _)| *d);
    let suspensions: Vec<(Date, Option<Date>, &Evidence)> = statements
        .iter()
        .filter_map(|s| match s.fact {
            Fact::Suspended { from, until } => Some((from, until, &s.evidence)),
            _ => None,
        })
        .collect();

    let mut segments = Vec::new();
    let before_status = if effective.is_some() { Status::NotYetInForce } else { Status::Unknown };
    let start = anchor.as_ref().map(|(d, _)| *d);
    let first_boundary = match (&start, &end) {
        (Some(s), Some((e, _, _))) => Some((*s).min(*e)),
        (Some(s), None) => Some(*s),
        (None, Some((e, _, _))) => Some(*e),
        (None, None) => None,
    };
    segments.push(Segment {
        status: before_status,
        from: None,
        until: first_boundary.map(|d| d.add_days(-1)),
        amended: false,
        suspended: false,
        evidence: anchor.iter().map(|(_, e)| e.clone()).collect(),
    });
    if let Some((s, ev)) = &anchor {
        let stop = end.as_ref().map(|(e, _, _)| *e);
        if stop.is_none_or(|e| *s < e) {
            // The in-force stretch is cut where the text is amended and where
            // a suspension begins or ends; each piece says which hold on it.
            let inside = |d: Date| *s < d && stop.is_none_or(|e| d < e);
            let mut cuts: Vec<Date> = amendments.iter().map(|(d, _)| *d).chain(suspensions.iter().flat_map(|(f, u, _)| std::iter::once(*f).chain(u.map(|u| u.add_days(1))))).filter(|&d| inside(d)).collect();
            cuts.sort();
            cuts.dedup();
            let amended_on = |d: Date| amendments.iter().any(|(a, _)| *a <= d);
            let suspended_by = |d: Date| suspensions.iter().filter(move |(f, u, _)| *f <= d && u.is_none_or(|u| d <= u)).map(|(_, _, e)| (*e).clone());
            let starts: Vec<Date> = std::iter::once(*s).chain(cuts.iter().copied()).collect();
            for (n, &from) in starts.iter().enumerate() {
                let until = starts.get(n + 1).map(|d| d.add_days(-1)).or(stop.map(|e| e.add_days(-1)));
                let mut evidence: Vec<Evidence> = if n == 0 {
                    // What made it in force, and amendments made before.
                    std::iter::once(ev.clone()).chain(amendments.iter().filter(|(a, _)| *a <= from).map(|(_, e)| (*e).clone())).collect()
                } else {
                    amendments.iter().filter(|(a, _)| *a == from).map(|(_, e)| (*e).clone()).collect()
                };
                if let Some(x) = expiry {
                    evidence.push(x.evidence.clone());
                }
                // A suspension's evidence shows on every piece it covers, and on the one its end opens.
                let covering: Vec<Evidence> = suspended_by(from).collect();
                let suspended = !covering.is_empty();
                evidence.extend(covering);
                evidence.extend(suspensions.iter().filter(|(_, u, _)| u.is_some_and(|u| u.add_days(1) == from)).map(|(_, _, e)| (*e).clone()));
                segments.push(Segment { status: Status::InForce, from: Some(from), until, amended: amended_on(from), suspended, evidence });
            }
        }
    }
    if let Some((e, status, ev)) = end {
        segments.push(Segment { status, from: Some(e), until: None, amended: false, suspended: false, evidence: vec![ev] });
    }
    // One sentence may state two facts (施行 and 有效期至): it is shown once.
    for seg in &mut segments {
        let mut seen = Vec::with_capacity(seg.evidence.len());
        seg.evidence.retain(|e| {
            let fresh = !seen.contains(e);
            if fresh {
                seen.push(e.clone());
            }
            fresh
        });
    }
    Timeline { effective, expires, indefinite, segments, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }
    fn st(fact: Fact, made_on: &str, by: &str) -> Statement {
        Statement {
            fact,
            made_on: Date::parse_iso(made_on),
            evidence: Evidence { by: by.into(), source: "t".into(), line: 1, text: String::new() },
        }
    }

    #[test]
    fn one_sentence_stating_two_facts_is_shown_once() {
        let t = build(&[st(Fact::Effective(d("2024-05-01")), "2024-04-01", "self"), st(Fact::Until(d("2029-04-30")), "2024-04-01", "self")]);
        assert_eq!(t.on(d("2025-01-01")).evidence.len(), 1);
    }

    #[test]
    fn effective_term_and_not_yet() {
        let t = build(&[st(Fact::Effective(d("2024-08-15")), "2024-07-11", "self"), st(Fact::TermYears(4), "2024-07-11", "self")]);
        assert_eq!(t.on(d("2024-08-01")).status, Status::NotYetInForce);
        assert_eq!(t.on(d("2024-09-01")).status, Status::InForce);
        assert_eq!(t.expires, Some(d("2028-08-14")));
        assert_eq!(t.on(d("2028-08-15")).status, Status::Expired);
    }

    #[test]
    fn repeal_known_only_by_reference() {
        let t = build(&[st(Fact::Repealed(d("2024-03-22")), "2024-03-22", "repealer")]);
        assert_eq!(t.on(d("2024-03-21")).status, Status::Unknown);
        assert_eq!(t.on(d("2024-04-01")).status, Status::Repealed);
        assert_eq!(t.on(d("2024-04-01")).evidence[0].by, "repealer");
    }

    #[test]
    fn later_catalog_row_beats_computed_term_and_conflict_is_reported() {
        let t = build(&[
            st(Fact::Effective(d("2022-01-01")), "2021-12-01", "self"),
            st(Fact::TermYears(5), "2021-12-01", "self"),
            st(Fact::KeptValid, "2024-03-22", "catalog"),
            st(Fact::Until(d("2024-12-25")), "2024-03-22", "catalog"),
        ]);
        assert_eq!(t.expires, Some(d("2024-12-25")));
        assert_eq!(t.on(d("2024-12-01")).status, Status::InForce);
        assert_eq!(t.on(d("2025-01-01")).status, Status::Expired);
        assert_eq!(t.conflicts.len(), 1);
        assert_eq!(t.conflicts[0].resolution, "later statement wins");
    }

    #[test]
    fn amendments_split_the_in_force_period() {
        let t = build(&[
            st(Fact::Effective(d("2019-09-15")), "2024-03-22", "note"),
            st(Fact::Amended(d("2021-03-23")), "2024-03-22", "note"),
            st(Fact::Amended(d("2024-03-22")), "2024-03-22", "decision"),
            st(Fact::Until(d("2029-03-21")), "2024-03-22", "note"),
        ]);
        let first = t.on(d("2020-01-01"));
        assert_eq!((first.status, first.amended), (Status::InForce, false));
        let between = t.on(d("2022-01-01"));
        assert_eq!((between.status, between.amended, between.from), (Status::InForce, true, Some(d("2021-03-23"))));
        let now = t.on(d("2025-01-01"));
        assert_eq!((now.status, now.amended, now.until), (Status::InForce, true, Some(d("2029-03-21"))));
        assert_eq!(t.on(d("2029-03-22")).status, Status::Expired);
    }

    #[test]
    fn a_suspension_marks_the_stretch_it_covers() {
        let t = build(&[
            st(Fact::Effective(d("2020-01-01")), "2019-12-01", "self"),
            st(Fact::Suspended { from: d("2024-05-01"), until: Some(d("2026-04-30")) }, "2024-05-01", "decision"),
        ]);
        assert_eq!((t.on(d("2023-01-01")).status, t.on(d("2023-01-01")).suspended), (Status::InForce, false));
        let during = t.on(d("2025-01-01"));
        assert_eq!((during.status, during.suspended, during.from, during.until), (Status::InForce, true, Some(d("2024-05-01")), Some(d("2026-04-30"))));
        assert!(during.evidence.iter().any(|e| e.by == "decision"));
        let after = t.on(d("2026-05-01"));
        assert_eq!((after.status, after.suspended, after.until), (Status::InForce, false, None));
        // Until further notice.
        let t = build(&[st(Fact::Effective(d("2020-01-01")), "2019-12-01", "self"), st(Fact::Suspended { from: d("2024-05-01"), until: None }, "2024-05-01", "decision")]);
        assert!(t.on(d("2030-01-01")).suspended);
    }

    #[test]
    fn same_day_disagreement_is_a_conflict() {
        let t = build(&[st(Fact::Until(d("2025-12-31")), "2024-03-22", "a"), st(Fact::Until(d("2026-12-31")), "2024-03-22", "b")]);
        assert_eq!(t.expires, Some(d("2025-12-31")));
        assert_eq!(t.conflicts[0].resolution, "same date: first one kept");
    }
}
