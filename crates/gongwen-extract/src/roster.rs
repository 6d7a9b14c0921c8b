//! Members of leading groups and 工作专班, from the rosters the parser
//! recovered (tables of kind `Roster`).

use gongwen_model::{Document, TableKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The group (工作专班, 领导小组), from the line above the roster or the
    /// document's title.
    pub group: String,
    /// 组长, 副组长, 成员 …
    pub role: String,
    pub person: String,
    /// Posts as printed (市委副书记、市人民政府市长); may hold a phone number,
    /// which outputs mask.
    pub title: String,
    pub line: usize,
}

pub fn rosters(doc: &Document) -> Vec<Member> {
    let mut out = Vec::new();
    for t in doc.tables.iter().filter(|t| t.kind == TableKind::Roster) {
        let group = t.caption.clone().unwrap_or_else(|| doc.title.clone());
        for r in &t.rows {
            if let [role, person, title] = r.cells.as_slice() {
                out.push(Member { group: group.clone(), role: role.clone(), person: person.clone(), title: title.clone(), line: r.line });
            }
        }
    }
    out
}
