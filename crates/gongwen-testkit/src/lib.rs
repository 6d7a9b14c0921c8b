//! Test helpers shared by the crates' test suites.

use std::path::PathBuf;

pub mod http;
pub mod office;

/// The shared corpus (`../shared/corpus` beside the repository), or `None`
/// with a visible `SKIPPED:` line when it is absent. Under `CI=true` its
/// absence is a failure: CI must run the corpus tests.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.join("wuhan").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but the shared corpus is missing at {}", dir.display());
    }
    eprintln!("SKIPPED: shared corpus not found at {}", dir.display());
    None
}

/// A 公文 with personal numbers in every part a reader sees: the title, 主送,
/// body, a table, 附件说明 and 抄送 (numbers are made up).
pub const PRIVATE_DOC: &str = "襄江市人民政府办公厅文件

襄政办〔2024〕9号

市人民政府办公厅关于启用13912345678值班电话的通知

各区人民政府，值班联系人（电话18623456789）：

一、值班安排。值班人员王五，手机+8613712345671，座机（027）87654321转803，身份证号420102198001011234。

二、联络员名单如下。

序号\t姓名\t电话
1\t赵六\t139 8765 4321
2\t钱七\t135-2468-1357

三、请各区于2024年6月30日前报送值班表，联系电话15011112222。

附件：值班人员名单（联系电话13623232323）

襄江市人民政府办公厅
2024年5月6日

抄送：市委办公厅（联系人电话18834343434）。
";

/// The numbers in [`PRIVATE_DOC`], as digits only.
pub const PRIVATE_NUMBERS: &[&str] = &[
    "13912345678",
    "18623456789",
    "13712345671",
    "87654321",
    "420102198001011234",
    "13987654321",
    "13524681357",
    "15011112222",
    "13623232323",
    "18834343434",
];

/// Whether `text` shows any of [`PRIVATE_NUMBERS`], or the digits a mask
/// hides, in any spacing: each run of digits, spaces, hyphens and `*` is
/// compared with its separators removed.
pub fn reveals_private_number(text: &str) -> Option<&'static str> {
    let runs: Vec<String> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '*' || c == ' ' || c == '-'))
        .map(|run| run.chars().filter(|c| c.is_ascii_digit() || *c == '*').collect())
        .filter(|run: &String| run.len() >= 6)
        .collect();
    PRIVATE_NUMBERS.iter().copied().find(|n| {
        // Everything but the three first and two last digits is hidden.
        let hidden = &n[3..n.len() - 2];
        runs.iter().any(|run| run.contains(n) || (hidden.len() >= 6 && run.contains(hidden)))
    })
}

/// A law in the shared corpus's Markdown form, for fixtures: `# title`, an
/// optional `# part` (one 编 of a code), the header's events (通过, 修正 …),
/// the `<!-- INFO END -->` mark, then the body's paragraphs (chapter
/// headings and articles), each followed by a blank line.
pub fn law_markdown(title: &str, part: Option<&str>, events: &[&str], body: &[&str]) -> String {
    let mut s = format!("# {title}\n\n");
    if let Some(p) = part {
        s.push_str(&format!("# {p}\n\n"));
    }
    for e in events {
        s.push_str(e);
        s.push_str("\n\n");
    }
    s.push_str("<!-- INFO END -->\n\n");
    for a in body {
        s.push_str(a);
        s.push_str("\n\n");
    }
    s
}
