//! Visual cues of a PDF as evidence (issue 14): fixtures that the PDF's text
//! alone reads wrong and its cues read right, in every font setup the
//! generator makes (tools/pdfgen/regenerate.sh).

use gongwen_parse::cues::{Cues, LineCue};
use gongwen_parse::{parse_bytes, parse_paged, parse_text, ParsedFile, Privacy};
use std::path::PathBuf;

const SETUPS: [&str; 4] = ["A", "B", "B2", "C"];

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../gongwen-pdf/tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_pdf(name: &str) -> ParsedFile {
    parse_paged(&gongwen_parse::knowledge::Knowledge::builtin(), name, &fixture(name), Privacy::Masked).unwrap_or_else(|e| panic!("{name}: {e}")).file
}

/// The PDF's text layer parsed as plain text: what the parser read before cues.
fn parse_text_alone(name: &str) -> ParsedFile {
    let pdf = gongwen_pdf::read(&fixture(name), &gongwen_pdf::Limits::default()).expect("reads");
    parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), &format!("{name}.txt"), &pdf.text())
}

/// (文号, title, date, issuers) of every document.
type Head = (Option<String>, String, Option<String>, Vec<String>);

fn heads(p: &ParsedFile) -> Vec<Head> {
    p.documents.iter().map(|d| (d.doc_number.clone(), d.title.clone(), d.date.map(|x| x.to_string()), d.issuers.clone())).collect()
}

fn head(number: Option<&str>, title: &str, date: &str, issuers: &[&str]) -> Head {
    (number.map(String::from), title.into(), Some(date.into()), issuers.iter().map(|s| s.to_string()).collect())
}

#[test]
fn cues_are_read_from_the_type() {
    let pdf = gongwen_pdf::read(&fixture("masthead-unknown-B.pdf"), &gongwen_pdf::Limits::default()).expect("reads");
    let cues = Cues::from_pdf(&pdf);
    assert_eq!(cues.body_size, Some(15.0));
    assert_eq!(cues.line_count(), pdf.lines.len());
    // 版头 (red, 30pt, centred), 文号 (body size, centred), title (20pt, centred), 主送.
    assert_eq!(cues.of_line(1), LineCue { masthead: true, title: false, body: false });
    assert_eq!(cues.of_line(2), LineCue { masthead: false, title: false, body: true });
    assert_eq!(cues.of_line(3), LineCue { masthead: false, title: true, body: false });
    assert_eq!(cues.of_line(4), LineCue { masthead: false, title: false, body: true });
}

/// In every setup, the PDF `<fixture>-<setup>.pdf` whose 版头 prints an
/// organ the lexicon lacks gives `want`, its 版头 opening the document and no
/// line left outside one; its text without the cues does not.
fn an_unknown_masthead_reads_as(fixture: &str, organ: &str, want: Vec<Head>) {
    assert!(!&gongwen_parse::knowledge::Knowledge::builtin().is_org_name(organ), "the fixture's organ must be unknown to the lexicon");
    for setup in SETUPS {
        let name = format!("{fixture}-{setup}.pdf");
        let got = parse_pdf(&name);
        assert_eq!(heads(&got), want, "{name}");
        assert_eq!(got.documents[0].line_start, 1, "{name}: the 版头 opens the document");
        assert!(!got.warnings.iter().any(|w| w.code == "lines_outside_documents"), "{name}: {:?}", got.warnings);
        // The same text without its cues does not find the 版头.
        assert_ne!(heads(&parse_text_alone(&name)), want, "{name}: text alone");
    }
}

#[test]
fn a_masthead_organ_the_lexicon_does_not_know_heads_its_document() {
    let organ = "襄江临港经济开发区";
    an_unknown_masthead_reads_as("masthead-unknown", organ, vec![head(Some("襄临开发〔2024〕5号"), "关于做好2024年企业用工保障工作的通知", "2024-05-06", &[organ])]);
}

#[test]
fn a_letter_prints_its_unknown_organ_alone_as_its_masthead() {
    // A 函 prints the organ alone in red (no 文件); this organ is in no list.
    let organ = "襄江新区开发建设专班";
    an_unknown_masthead_reads_as("letter-unknown", organ, vec![head(Some("襄新专函〔2024〕12号"), "关于报送2024年重点项目建设进度的函", "2024-07-01", &[organ])]);
}

#[test]
fn a_title_ends_where_the_type_gets_small() {
    let title = "襄江市科学技术局关于第二批拟入库科技型中小企业名单的公示";
    let want = vec![(None, title.to_string(), Some("2024-06-03".to_string()), vec!["襄江市科学技术局".to_string()])];
    // The source text, one paragraph a line, reads it right …
    let text = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "gongshi.txt", &fixture("gongshi.txt")).expect("parses");
    assert_eq!(heads(&text), want);
    for setup in SETUPS {
        let name = format!("gongshi-{setup}.pdf");
        // … the PDF wraps the title over two lines and the first paragraph
        // over three: as text alone, the first body line (no sentence end)
        // runs on into the title; the type says where the title ends.
        assert_eq!(heads(&parse_pdf(&name)), want, "{name}");
        let alone = parse_text_alone(&name);
        assert!(alone.documents[0].title.starts_with(title) && alone.documents[0].title != title, "{name}: text alone gives {:?}", alone.documents[0].title);
    }
}

#[test]
fn text_sources_have_no_cues() {
    assert!(Cues::none().is_empty());
    assert_eq!(Cues::none().of_line(1), LineCue::default());
    // A text copy of the 版头 fixture: the lexicon alone does not know the organ.
    let text = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "masthead-unknown.txt", &fixture("masthead-unknown.txt")).expect("parses");
    assert!(text.documents.iter().all(|d| d.issuers != ["襄江临港经济开发区"]), "{:?}", heads(&text));
}

/// An OFD typeset as the PDF generator sets a 公文 (GB/T 9704-like): the
/// first `masthead` lines red, large and centred, the 文号 centred in body
/// type, the title centred and larger up to the 主送, the rest in body type
/// from the left margin, wrapped at the type area's width. Sizes in mm.
fn ofd_typeset(text: &str, masthead: usize) -> Vec<u8> {
    use gongwen_testkit::office::{xml_escape, zip_of, OFD_NS};
    const BODY: f64 = 5.3;
    const TITLE: f64 = 7.0;
    const HEADER: f64 = 10.6;
    const LEFT: f64 = 28.0;
    const WIDTH: f64 = 156.0;
    let mut styled: Vec<(String, f64, bool, bool)> = Vec::new(); // text, size, red, centred
    let mut in_title = false;
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if i < masthead {
            styled.push((line.into(), HEADER, true, true));
        } else if gongwen_parse::docnum::parse_exact(&gongwen_parse::knowledge::Knowledge::builtin(), line).is_some() {
            styled.push((line.into(), BODY, false, true));
            in_title = true;
        } else if in_title && !line.ends_with('：') {
            styled.push((line.into(), TITLE, false, true));
        } else {
            in_title = false;
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks((WIDTH / BODY) as usize) {
                styled.push((chunk.iter().collect(), BODY, false, false));
            }
        }
    }
    let mut pages: Vec<String> = vec![String::new()];
    let mut y = 37.0;
    for (t, size, red, centred) in &styled {
        if y > 270.0 {
            pages.push(String::new());
            y = 37.0;
        }
        let n = t.chars().count();
        let x = if *centred { LEFT + (WIDTH - n as f64 * size) / 2.0 } else { LEFT };
        let fill = if *red { r#"<ofd:FillColor Value="230 0 0"/>"# } else { "" };
        pages.last_mut().unwrap().push_str(&format!(
            r#"<ofd:TextObject ID="1" Boundary="{x} {y} {} {}" Font="1" Size="{size}">{fill}<ofd:TextCode X="0" Y="{}" DeltaX="g {} {size}">{}</ofd:TextCode></ofd:TextObject>"#,
            n as f64 * size,
            size * 1.2,
            size,
            n.saturating_sub(1),
            xml_escape(t)
        ));
        y += size * 1.75;
    }
    let page_refs: String = (0..pages.len()).map(|i| format!(r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#, i + 10)).collect();
    let mut parts = vec![
        ("OFD.xml".to_string(), format!(r#"<?xml version="1.0"?><ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>t</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#)),
        ("Doc_0/Document.xml".to_string(), format!(r#"<?xml version="1.0"?><ofd:Document {OFD_NS}><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"#)),
    ];
    for (i, objs) in pages.iter().enumerate() {
        parts.push((format!("Doc_0/Pages/Page_{i}/Content.xml"), format!(r#"<?xml version="1.0"?><ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2">{objs}</ofd:Layer></ofd:Content></ofd:Page>"#)));
    }
    let refs: Vec<(&str, &String)> = parts.iter().map(|(n, c)| (n.as_str(), c)).collect();
    zip_of(&refs)
}

fn pdf_fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

#[test]
fn an_ofd_gives_the_same_cues_as_a_pdf() {
    for (name, masthead, organ, number) in [
        ("masthead-unknown.txt", 1, "襄江临港经济开发区", "襄临开发〔2024〕5号"),
        ("letter-unknown.txt", 1, "襄江新区开发建设专班", "襄新专函〔2024〕12号"),
    ] {
        let text = pdf_fixture_text(name);
        let ofd = ofd_typeset(&text, masthead);
        let got = parse_paged(&gongwen_parse::knowledge::Knowledge::builtin(), &format!("{name}.ofd"), &ofd, Privacy::Masked).unwrap_or_else(|e| panic!("{name}: {e}")).file;
        let d = &got.documents[0];
        assert_eq!((d.doc_number.as_deref(), d.issuers.clone()), (Some(number), vec![organ.to_string()]), "{name}: {:?}", heads(&got));
        assert_eq!(d.line_start, 1, "{name}: the 版头 opens the document");
        // The same lines as text do not find the unknown organ.
        let lines = gongwen_office::read(&ofd, &gongwen_office::Limits::default()).unwrap().lines;
        let plain = parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), name, &lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"));
        assert_ne!(plain.documents.first().map(|d| d.issuers.clone()), Some(vec![organ.to_string()]), "{name}: text alone");
    }
}
