//! Akoma Ntoso 3.0 XML of a work's versions: FRBRWork / FRBRExpression /
//! FRBRManifestation named by the /eli/ addresses, the body as 编 (book),
//! 章 (chapter), 节 (section), 条 (article, `art_13`) and 款 (paragraph,
//! `art_13__para_2`) with their 项 as points. Written by hand: the few
//! elements need only escaping, not a dependency.

use crate::works::{VersionReport, WorkRef};
use crate::{Result, Store, StoreError};
use gongwen_amend::article::{is_item, node_articles};
use gongwen_amend::Article;
use gongwen_model::{Date, Document, NodeKind, OutlineNode, WorkKind};
use std::fmt::Write;
use std::path::{Path, PathBuf};

const NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// Text as XML character data or attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The document type of a work: an act for laws and regulations, else a doc.
fn doc_type(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::Policy | WorkKind::Document => "doc",
        _ => "act",
    }
}

/// One version of a work as an Akoma Ntoso document.
pub fn version_xml(work: &WorkRef, first: Option<Date>, v: &VersionReport, docs: &[Document], generated: Date) -> String {
    let mut x = String::new();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "0001-01-01".into());
    let ty = doc_type(work.kind);
    let author = docs.first().and_then(|d| d.issuers_full.first().cloned()).unwrap_or_default();
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(x, r#"<akomaNtoso xmlns="{NS}">"#);
    let _ = writeln!(x, r#"  <{ty} name="{}">"#, work.kind.as_str());
    let _ = writeln!(x, "    <meta>");
    let _ = writeln!(x, r##"      <identification source="#gongwen">"##);
    let _ = writeln!(x, "        <FRBRWork>");
    let _ = writeln!(x, r#"          <FRBRthis value="{}/main"/>"#, escape(&work.eli));
    let _ = writeln!(x, r#"          <FRBRuri value="{}"/>"#, escape(&work.eli));
    let _ = writeln!(x, r#"          <FRBRdate date="{}" name="first_version"/>"#, date(first));
    let _ = writeln!(x, r##"          <FRBRauthor href="#author"/>"##);
    let _ = writeln!(x, r#"          <FRBRcountry value="{}"/>"#, escape(&work.jurisdiction));
    let _ = writeln!(x, r#"          <FRBRname value="{}"/>"#, escape(&work.name));
    let _ = writeln!(x, "        </FRBRWork>");
    let _ = writeln!(x, "        <FRBRExpression>");
    let _ = writeln!(x, r#"          <FRBRthis value="{}/main"/>"#, escape(&v.eli));
    let _ = writeln!(x, r#"          <FRBRuri value="{}"/>"#, escape(&v.eli));
    let _ = writeln!(x, r#"          <FRBRdate date="{}" name="version"/>"#, date(v.date));
    let _ = writeln!(x, r##"          <FRBRauthor href="#author"/>"##);
    let _ = writeln!(x, r#"          <FRBRlanguage language="zho"/>"#);
    let _ = writeln!(x, "        </FRBRExpression>");
    let _ = writeln!(x, "        <FRBRManifestation>");
    let _ = writeln!(x, r#"          <FRBRthis value="{}/main.xml"/>"#, escape(&v.eli));
    let _ = writeln!(x, r#"          <FRBRuri value="{}.akn"/>"#, escape(&v.eli));
    let _ = writeln!(x, r#"          <FRBRdate date="{generated}" name="generation"/>"#);
    let _ = writeln!(x, r##"          <FRBRauthor href="#gongwen"/>"##);
    let _ = writeln!(x, "        </FRBRManifestation>");
    let _ = writeln!(x, "      </identification>");
    if let Some(e) = v.effective {
        let _ = writeln!(x, r##"      <lifecycle source="#gongwen"><eventRef eId="evt_1" date="{e}" source="#author" type="generation"/></lifecycle>"##);
    }
    let _ = writeln!(x, r##"      <references source="#gongwen">"##);
    let _ = writeln!(x, r#"        <TLCOrganization eId="gongwen" href="/ontology/organization/gongwen" showAs="gongwen"/>"#);
    let _ = writeln!(x, r#"        <TLCOrganization eId="author" href="/ontology/organization/{}" showAs="{}"/>"#, escape(&author), escape(&author));
    let _ = writeln!(x, "      </references>");
    let _ = writeln!(x, "    </meta>");
    let _ = writeln!(x, "    <preface><longTitle><p>{}</p></longTitle></preface>", escape(&work.name));
    if ty == "act" {
        let _ = writeln!(x, "    <body>");
        let several = docs.len() > 1;
        for (i, d) in docs.iter().enumerate() {
            let prefix = several.then(|| format!("book_{}", i + 1));
            if let Some(p) = &prefix {
                let _ = writeln!(x, r#"      <book eId="{p}"><heading>{}</heading>"#, escape(d.part.as_deref().unwrap_or(&d.title)));
            }
            nodes(&mut x, &d.outline, prefix.as_deref(), 3);
            if several {
                let _ = writeln!(x, "      </book>");
            }
        }
        let _ = writeln!(x, "    </body>");
    } else {
        let _ = writeln!(x, "    <mainBody>");
        for (n, d) in docs.iter().enumerate() {
            for (i, (_, p)) in d.paragraphs().enumerate() {
                let _ = writeln!(x, r#"      <p eId="p_{}_{}">{}</p>"#, n + 1, i + 1, escape(p));
            }
        }
        let _ = writeln!(x, "    </mainBody>");
    }
    let _ = writeln!(x, "  </{ty}>");
    let _ = writeln!(x, "</akomaNtoso>");
    x
}

fn nodes(x: &mut String, nodes: &[OutlineNode], prefix: Option<&str>, depth: usize) {
    let pad = "  ".repeat(depth);
    for (i, n) in nodes.iter().enumerate() {
        let (tag, short) = match n.kind {
            NodeKind::Part => ("part", "part"),
            NodeKind::Chapter => ("chapter", "chp"),
            NodeKind::Section => ("section", "sec"),
            NodeKind::Article => {
                for a in node_articles(n) {
                    article(x, &a, &pad);
                }
                continue;
            }
            // Other nodes outside articles (a preamble's items) as containers.
            _ => ("hcontainer", "hcontainer"),
        };
        let number = gongwen_model::work::chinese_number(&n.label).unwrap_or(i as u32 + 1);
        let id = match prefix {
            Some(p) => format!("{p}__{short}_{number}"),
            None => format!("{short}_{number}"),
        };
        let name = if tag == "hcontainer" { format!(r#" name="{}""#, serde_json::to_value(n.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()) } else { String::new() };
        let _ = writeln!(x, r#"{pad}<{tag} eId="{id}"{name}><num>{}</num>"#, escape(&n.label));
        if let Some(h) = &n.heading {
            let _ = writeln!(x, "{pad}  <heading>{}</heading>", escape(h));
        }
        if tag == "hcontainer" {
            let _ = writeln!(x, "{pad}  <content><p>{}</p></content>", escape(&n.text));
        }
        // Chapters restart nothing below them: sections keep the chapter's prefix.
        let child_prefix = if n.kind == NodeKind::Part || n.kind == NodeKind::Chapter { Some(id.as_str()) } else { prefix };
        self::nodes(x, &n.children, child_prefix, depth + 1);
        let _ = writeln!(x, "{pad}</{tag}>");
    }
}

/// An article: each 款 a paragraph, its 项 points of a list.
fn article(x: &mut String, a: &Article, pad: &str) {
    let id = a.no.anchor();
    let _ = writeln!(x, r#"{pad}<article eId="{id}"><num>{}</num>"#, escape(&a.no.to_string()));
    let mut k = 1;
    while let Some(range) = a.clause_range(k) {
        let pid = format!("{id}__para_{k}");
        let (head, items): (Vec<&String>, Vec<&String>) = a.paragraphs[range].iter().partition(|p| !is_item(p));
        let intro = head.iter().map(|s| escape(s)).collect::<Vec<_>>().join("");
        if items.is_empty() {
            let _ = writeln!(x, r#"{pad}  <paragraph eId="{pid}"><content><p>{intro}</p></content></paragraph>"#);
        } else {
            let _ = writeln!(x, r#"{pad}  <paragraph eId="{pid}"><list eId="{pid}__list_1"><intro><p>{intro}</p></intro>"#);
            for (j, item) in items.iter().enumerate() {
                let _ = writeln!(x, r#"{pad}    <point eId="{pid}__list_1__point_{}"><content><p>{}</p></content></point>"#, j + 1, escape(item));
            }
            let _ = writeln!(x, "{pad}  </list></paragraph>");
        }
        k += 1;
    }
    let _ = writeln!(x, "{pad}</article>");
}

/// A file name from an address segment: no path separators or reserved characters.
fn file_name(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '~') { '_' } else { c }).collect()
}

impl Store {
    /// Writes `<dir>/<name>@<date>.akn.xml` for every version of the work
    /// `query` names (address, name, 文号 or a title); returns the files.
    pub fn export_akn(&self, query: &str, dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
        let work = self.find_work(query)?;
        let report = self.work_report(&work, today)?;
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e.to_string()))?;
        let first = report.versions.first().and_then(|v| v.date);
        let mut out = Vec::new();
        for v in &report.versions {
            let docs = self.version_documents(v.parts.iter().map(|p| p.copy_id))?;
            let xml = version_xml(&work, first, v, &docs, today);
            let date = v.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
            let name: String = work.name.chars().take(60).collect();
            let path = dir.join(format!("{}@{date}.akn.xml", file_name(&name)));
            std::fs::write(&path, xml).map_err(|e| StoreError::Io(path.display().to_string(), e.to_string()))?;
            out.push(path);
        }
        Ok(out)
    }
}
