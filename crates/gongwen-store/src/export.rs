//! Open-format exports: JSON Lines of documents and of links, CSV of the
//! register. Personal numbers were masked when the documents were read.

use crate::{Result, Store, StoreError};
use gongwen_model::{Date, Relation, Status};
use serde::Serialize;
use std::io::Write;

fn io(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io(what.into(), e.to_string())
}

#[derive(Serialize)]
struct DocLine<'a> {
    #[serde(flatten)]
    doc: &'a crate::query::DocRef,
    status_today: Status,
    /// The address of the work the document is a version of.
    work: Option<String>,
    effective: Option<Date>,
    expires: Option<Date>,
    indefinite: bool,
    sources: Vec<serde_json::Value>,
    /// The parsed document (masked), absent for stubs.
    document: Option<serde_json::Value>,
}

impl Store {
    /// One JSON object per document, stubs included.
    pub fn export_docs(&self, out: &mut dyn Write, today: Date) -> Result<usize> {
        let docs = self.all_docs()?;
        for doc in &docs {
            let st = self.status(doc, today)?;
            let document = self.document(doc)?.map(|d| serde_json::to_value(d).expect("a Document always serialises"));
            let sources = self
                .sources(doc)?
                .into_iter()
                .map(|(path, a, b, parent)| serde_json::json!({"source": path, "line_start": a, "line_end": b, "republished_in": parent}))
                .collect();
            let line = DocLine {
                doc,
                status_today: st.status,
                work: self.work_of(doc)?.map(|w| w.eli),
                effective: st.timeline.effective,
                expires: st.timeline.expires,
                indefinite: st.timeline.indefinite,
                sources,
                document,
            };
            serde_json::to_writer(&mut *out, &line).map_err(|e| io("documents export", e))?;
            out.write_all(b"\n").map_err(|e| io("documents export", e))?;
        }
        Ok(docs.len())
    }

    /// One JSON object per citation: from, to, relation, the words and where.
    pub fn export_links(&self, out: &mut dyn Write) -> Result<usize> {
        let mut st = self
            .conn
            .prepare(
                "SELECT f.key, t.key, t.stub, l.relation, l.text, s.path, l.line, l.until_date, l.class, l.indefinite
                 FROM link l JOIN doc f ON f.id = l.from_doc LEFT JOIN doc t ON t.id = l.to_doc
                 JOIN version v ON v.id = l.version_id JOIN source s ON s.id = v.source_id ORDER BY l.id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let get = |i| r.get::<_, Option<String>>(i).map_err(|e| self.err(e));
            let relation: Relation = crate::query::vocab(r, 3).map_err(|e| self.err(e))?;
            let v = serde_json::json!({
                "from": get(0)?, "to": get(1)?, "to_is_stub": r.get::<_, Option<bool>>(2).map_err(|e| self.err(e))?,
                "relation": relation, "text": get(4)?.unwrap_or_default(),
                "source": get(5)?, "line": r.get::<_, i64>(6).map_err(|e| self.err(e))?,
                "until": get(7)?, "class": get(8)?, "indefinite": r.get::<_, bool>(9).map_err(|e| self.err(e))?,
            });
            serde_json::to_writer(&mut *out, &v).map_err(|e| io("links export", e))?;
            out.write_all(b"\n").map_err(|e| io("links export", e))?;
            n += 1;
        }
        Ok(n)
    }

    /// The register as CSV: 文号, title, issuer, date, effective, expires, status today.
    pub fn export_register(&self, out: &mut dyn Write, today: Date) -> Result<usize> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["doc_number", "title", "issuer", "date", "effective", "expires", "status_today", "stub"])
            .map_err(|e| io("register export", e))?;
        let docs = self.all_docs()?;
        for doc in &docs {
            let st = self.status(doc, today)?;
            let expires = match (st.timeline.expires, st.timeline.indefinite) {
                (Some(d), _) => d.to_string(),
                (None, true) => "长期有效".into(),
                _ => String::new(),
            };
            w.write_record([
                doc.doc_number.clone().unwrap_or_default(),
                doc.title.clone(),
                doc.issuer.clone(),
                doc.date.clone().unwrap_or_default(),
                st.timeline.effective.map(|d| d.to_string()).unwrap_or_default(),
                expires,
                st.status.as_str().to_string(),
                doc.stub.to_string(),
            ])
            .map_err(|e| io("register export", e))?;
        }
        w.flush().map_err(|e| io("register export", e))?;
        Ok(docs.len())
    }
}
