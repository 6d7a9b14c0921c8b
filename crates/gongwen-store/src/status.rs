//! Status on a date: gather every statement about a document — its own
//! clauses (in every version, a republished text counting as said by the
//! decision that republished it) and what later documents say of it — and
//! hand them to [`gongwen_link::timeline::build`].

use crate::query::DocRef;
use crate::{Result, Store, StoreError};
use rusqlite::OptionalExtension;
use gongwen_link::timeline::{self, Evidence, Fact, Segment, Statement, Status, Timeline};
use gongwen_model::{Clause, Date, Relation};
use rusqlite::params;
use std::collections::HashMap;
use serde::Serialize;

/// What status needs of the `doc` row itself.
struct DocHead {
    /// 文号, else title: how evidence names the document.
    by: String,
    date: Option<Date>,
    stub: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub doc: DocRef,
    pub on: Date,
    pub status: Status,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// The evidence for the status on `on`.
    pub evidence: Vec<Evidence>,
    pub timeline: Timeline,
    pub statements: Vec<Statement>,
    /// Where the document stands among its work's versions on `on`, when
    /// the work has more than one: the second question of 时效性 (is this
    /// text the current one), beside `status` (is the work in force).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<crate::works::Standing>,
}

impl Store {
    /// The document's status on `on` with its evidence and timeline; for a
    /// version of a work with several, the work's status (a repeal said of
    /// any of its texts ends them all) and the version's currency.
    pub fn status(&self, doc: &DocRef, on: Date) -> Result<StatusReport> {
        let mut report = self.own_status(doc, on)?;
        if let Some((standing, status, evidence)) = self.standing(doc, on)? {
            if status != report.status {
                // The work's life, read from all its texts, not this one's alone.
                (report.status, report.from, report.until, report.evidence) = (status, None, None, evidence);
            }
            report.version = Some(standing);
        }
        Ok(report)
    }

    /// The status as the statements about this one document say, without
    /// its work's other versions: what a work's status is built from.
    pub fn own_status(&self, doc: &DocRef, on: Date) -> Result<StatusReport> {
        let statements = self.statements_about(doc.id)?;
        let timeline = timeline::build(&statements);
        let Segment { status, from, until, evidence, .. } = timeline.on(on).clone();
        Ok(StatusReport { doc: doc.clone(), on, status, from, until, evidence, timeline, statements, version: None })
    }

    /// Every statement about `doc_id`, from itself and from others.
    pub fn statements_about(&self, doc_id: i64) -> Result<Vec<Statement>> {
        let head = self.doc_head(doc_id)?;
        let mut out = self.own_statements(doc_id, &head, true)?;
        // No 施行 clause: a 公文 takes effect when issued. Stubs have no date and get no such default.
        if !head.stub && !out.iter().any(|s| matches!(s.fact, Fact::Effective(_) | Fact::EffectiveComputed(_))) {
            let source: Option<String> = self
                .conn
                .prepare_cached("SELECT s.path FROM version v JOIN source s ON s.id = v.source_id WHERE v.doc_id = ?1 LIMIT 1")
                .and_then(|mut s| s.query_row([doc_id], |r| r.get(0)).optional())
                .map_err(|e| self.err(e))?;
            if let (Some(d), Some(source)) = (head.date, source) {
                let text = "未见施行条款：自成文日期起施行".to_string();
                out.push(Statement { fact: Fact::EffectiveComputed(d), made_on: Some(d), evidence: Evidence { by: head.by, source, line: 0, text } });
            }
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT l.relation, l.from_doc, l.line, l.text, l.from_date, l.until_date, l.indefinite, l.class,
                        s.path, coalesce(d.doc_number, d.title)
                 FROM link l JOIN version v ON v.id = l.version_id JOIN source s ON s.id = v.source_id
                 JOIN doc d ON d.id = l.from_doc
                 WHERE l.to_doc = ?1 AND l.from_doc != l.to_doc
                 ORDER BY l.id",
            )
            .map_err(|e| self.err(e))?;
        type Row = (Relation, i64, i64, String, Option<String>, Option<String>, bool, Option<String>, String, String);
        let rows: Vec<Row> = st
            .query_map([doc_id], |r| {
                Ok((crate::query::vocab(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        for (relation, from_doc, line, text, from_date, until, indefinite, class, source, by) in rows {
            let made_on = self.own_effective(from_doc)?;
            let label = match &class {
                Some(c) => format!("{}（{c}）：{text}", relation.label_zh()),
                None => format!("{}：{text}", relation.label_zh()),
            };
            let evidence = Evidence { by, source, line: line as usize, text: label };
            let date = |s: &Option<String>| s.as_deref().and_then(Date::parse_iso);
            let mut push = |fact| out.push(Statement { fact, made_on, evidence: evidence.clone() });
            match relation {
                Relation::Repeals => made_on.into_iter().for_each(|d| push(Fact::Repealed(d))),
                Relation::DeclaresExpired => made_on.into_iter().for_each(|d| push(Fact::DeclaredExpired(d))),
                Relation::Amends => date(&from_date).or(made_on).into_iter().for_each(|d| push(Fact::Amended(d))),
                Relation::KeepsValid => {
                    push(Fact::KeptValid);
                    if indefinite {
                        push(Fact::Indefinite);
                    }
                    if let Some(u) = date(&until) {
                        push(Fact::Until(u));
                    }
                }
                Relation::Extends => date(&until).into_iter().for_each(|u| push(Fact::Until(u))),
                Relation::Suspends => made_on.into_iter().for_each(|d| push(Fact::Suspended { from: d, until: date(&until) })),
                Relation::Cites | Relation::Implements | Relation::Republishes => {}
            }
        }
        Ok(out)
    }

    /// The date a document took effect by its own words (else its 成文日期):
    /// the date from which what it says about others counts.
    pub fn own_effective(&self, doc_id: i64) -> Result<Option<Date>> {
        let head = self.doc_head(doc_id)?;
        let own = self.own_statements(doc_id, &head, false)?;
        Ok(timeline::build(&own).effective.or(head.date))
    }

    fn doc_head(&self, doc_id: i64) -> Result<DocHead> {
        self.conn
            .prepare_cached("SELECT coalesce(doc_number, title), date, stub FROM doc WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([doc_id], |r| {
                    let date: Option<String> = r.get(1)?;
                    Ok(DocHead { by: r.get(0)?, date: date.as_deref().and_then(Date::parse_iso), stub: r.get(2)? })
                })
                .optional()
            })
            .map_err(|e| self.err(e))?
            // The document was removed since its id was read (a re-ingest under a running server).
            .ok_or_else(|| StoreError::NotFound(format!("文档 #{doc_id}")))
    }

    /// What the document says of itself. With `follow_parent`, a republished
    /// text's clauses count from the effective date of the decision that
    /// republished it (they are that decision's words).
    fn own_statements(&self, doc_id: i64, head: &DocHead, follow_parent: bool) -> Result<Vec<Statement>> {
        let doc_date = head.date;
        let rows: Vec<(String, String, i64, Option<String>, String)> = {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT c.body, c.text, c.line, v.parent_key, s.path
                     FROM clause c JOIN version v ON v.id = c.version_id JOIN source s ON s.id = v.source_id
                     WHERE c.doc_id = ?1 ORDER BY c.id",
                )
                .map_err(|e| self.err(e))?;
            let rows = st
                .query_map(params![doc_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            rows
        };
        // A republished text has many clauses and one parent: look its date up once.
        let mut parent_effective: HashMap<String, Option<Date>> = HashMap::new();
        let mut out = Vec::new();
        for (body, text, line, parent_key, source) in rows {
            let Ok(clause) = serde_json::from_str::<Clause>(&body) else { continue };
            let (made_on, by) = match parent_key {
                Some(pk) if follow_parent => {
                    let made = match parent_effective.get(&pk) {
                        Some(m) => *m,
                        None => {
                            let parent: Option<i64> = self
                                .conn
                                .prepare_cached("SELECT id FROM doc WHERE key = ?1")
                                .and_then(|mut s| s.query_row([&pk], |r| r.get(0)).optional())
                                .map_err(|e| self.err(e))?;
                            let m = match parent {
                                Some(p) => self.own_effective(p)?,
                                None => doc_date,
                            };
                            parent_effective.insert(pk.clone(), m);
                            m
                        }
                    };
                    (made, format!("{}（载于{pk}）", head.by))
                }
                _ => (doc_date, head.by.clone()),
            };
            let mut evidence = Evidence { by, source, line: line as usize, text };
            let fact = match clause {
                Clause::EffectiveOn { date } => Fact::Effective(date),
                Clause::EffectiveOnPublication { delay_days } => {
                    let Some(d) = doc_date else { continue };
                    evidence.text.push_str("（公布日期按成文日期计）");
                    Fact::EffectiveComputed(d.add_days(delay_days as i64))
                }
                Clause::TermYears { years } => Fact::TermYears(years),
                Clause::ValidUntil { date } => Fact::Until(date),
                Clause::Indefinite => Fact::Indefinite,
                Clause::AmendedOn { date } => Fact::Amended(date),
                Clause::Trial => continue,
            };
            out.push(Statement { fact, made_on, evidence });
        }
        Ok(out)
    }
}
