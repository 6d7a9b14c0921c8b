//! OFD and Word (DOCX) input: the in-repo fixtures (and, with the shared
//! corpus, the Wuhan gazettes) written as DOCX and as OFD by the small
//! writers below parse to the same documents — 文号, title, date, issuers —
//! as their text; pages are kept; bad containers give one clear error.

use gongwen_parse::{parse_bytes, parse_paged, InputError, Privacy};
use gongwen_testkit::office::{docx_with_numbering, xml_escape, zip_of};
use std::io::Write;

/// A DOCX as Word writes it: one paragraph per line, a rendered page break
/// every `per_page` lines.
fn docx(text: &str, per_page: usize) -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in text.lines().enumerate() {
        let brk = if i > 0 && i % per_page == 0 { "<w:r><w:lastRenderedPageBreak/></w:r>" } else { "" };
        let runs: String = line.split('\t').map(|t| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_escape(t))).collect::<Vec<_>>().join("<w:r><w:tab/></w:r>");
        body.push_str(&format!("<w:p>{brk}{runs}</w:p>"));
    }
    let doc = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    zip_of(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
        ("word/document.xml", doc),
    ])
}

/// An OFD: `per_page` lines a page, each line a text object (pieces split at
/// runs of spaces placed apart, as typesetting systems write them), objects
/// written in reverse order so that reading order must come from positions.
fn ofd(text: &str, per_page: usize) -> Vec<u8> {
    let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let lines: Vec<&str> = text.lines().collect();
    let mut parts = vec![("OFD.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#))];
    let chunks: Vec<&[&str]> = lines.chunks(per_page).collect();
    let page_refs: String = (0..chunks.len()).map(|i| format!(r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#, i + 10)).collect();
    parts.push(("Doc_0/Document.xml", format!(r#"<?xml version="1.0"?><ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"#)));
    let names: Vec<String> = (0..chunks.len()).map(|i| format!("Doc_0/Pages/Page_{i}/Content.xml")).collect();
    let mut contents = Vec::new();
    for chunk in &chunks {
        let mut objects = Vec::new();
        for (row, line) in chunk.iter().enumerate() {
            let y = 20.0 + row as f64 * 6.0;
            let mut x = 20.0;
            for piece in line.split("  ").filter(|p| !p.trim().is_empty()) {
                let n = piece.chars().count();
                objects.push(format!(
                    r#"<ofd:TextObject ID="1" Boundary="{x} {y} {} 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4.5" DeltaX="g {} 4">{}</ofd:TextCode></ofd:TextObject>"#,
                    n as f64 * 4.0,
                    n.saturating_sub(1),
                    xml_escape(piece)
                ));
                x += n as f64 * 4.0 + 12.0;
            }
        }
        objects.reverse();
        contents.push(format!(r#"<?xml version="1.0"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{}</ofd:Layer></ofd:Content></ofd:Page>"#, objects.concat()));
    }
    for (name, c) in names.iter().zip(contents) {
        parts.push((name.as_str(), c));
    }
    let owned: Vec<(&str, String)> = parts.iter().map(|(n, c)| (*n, c.clone())).collect();
    zip_of(&owned)
}

type Meta = (Option<String>, String, Option<String>, Vec<String>);

fn meta(name: &str, bytes: &[u8]) -> Vec<Meta> {
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    pf.documents.iter().map(|d| (d.doc_number.clone(), d.title.clone(), d.date.map(|x| x.to_string()), d.issuers.clone())).collect()
}

fn same_in_every_form(name: &str, text: &str) {
    let want = meta(name, text.as_bytes());
    assert!(!want.is_empty(), "{name}");
    assert_eq!(meta(&format!("{name}.docx"), &docx(text, 40)), want, "{name} as DOCX");
    assert_eq!(meta(&format!("{name}.ofd"), &ofd(text, 40)), want, "{name} as OFD");
}

#[test]
fn fixtures_read_the_same_as_docx_and_ofd() {
    for name in ["gazette-mini.txt", "single.txt", "end-to-end-copies.txt"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        same_in_every_form(name, &text);
    }
}

#[test]
fn wuhan_gazettes_read_the_same_as_docx_and_ofd() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let mut n = 0;
    for e in std::fs::read_dir(corpus.join("wuhan")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            same_in_every_form(&p.file_name().unwrap().to_string_lossy(), &text);
            n += 1;
        }
    }
    assert_eq!(n, 5);
}

#[test]
fn pages_and_source_kind_are_kept() {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/gazette-mini.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for (bytes, kind) in [(docx(&text, 40), gongwen_model::SourceKind::Docx), (ofd(&text, 40), gongwen_model::SourceKind::Ofd)] {
        let parsed = parse_paged(&gongwen_parse::knowledge::Knowledge::builtin(), "x", &bytes, Privacy::Masked).unwrap();
        assert_eq!(parsed.file.kind, kind);
        let last = parsed.file.documents.iter().filter_map(|d| d.page_end).max().unwrap();
        assert!(last >= 4, "{kind:?}: last page {last}");
        assert!(parsed.file.documents.iter().all(|d| d.page_start.is_some()));
        // Every line of a document (and so every value read from it) has the
        // page it was printed on, from the document alone.
        let pages = parsed.pages.as_ref().unwrap();
        for d in &parsed.file.documents {
            for line in d.line_start..=d.line_end {
                assert_eq!(d.page_of(line), pages.of_line(line), "{kind:?}: line {line} of {}", d.title);
            }
            assert_eq!(d.page_of(d.line_end + 1), None);
        }
        assert!(parsed.file.documents.iter().any(|d| !d.page_breaks.is_empty()), "some document runs over a page");
    }
}

#[test]
fn bad_containers_give_one_line() {
    // Truncated: no central directory.
    let good = docx("襄江市人民政府文件\n", 40);
    let e = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "cut.docx", &good[..good.len() / 2]).unwrap_err();
    assert!(matches!(e, InputError::Office { .. }), "{e:?}");
    assert!(!e.to_string().contains('\n') && e.to_string().contains("损坏"), "{e}");
    // A zip of something else.
    let other = zip_of(&[("a.txt", "x")]);
    assert!(matches!(parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "a.zip", &other).unwrap_err(), InputError::Office { .. }));
    // Broken XML names the part.
    let broken = zip_of(&[("word/document.xml", "<w:document><w:body><w:p>")]);
    let e = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "b.docx", &broken).unwrap_err().to_string();
    assert!(e.contains("word/document.xml"), "{e}");
    // A zip bomb: 200 MB of one character in a part stops at the part limit.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("word/document.xml", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true)).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..200 {
        w.write_all(&chunk).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20, "{}", bomb.len());
    let e = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "bomb.docx", &bomb).unwrap_err().to_string();
    assert!(e.contains("压缩炸弹"), "{e}");
    // No text at all.
    let empty = docx("", 40);
    assert!(parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "empty.docx", &empty).unwrap_err().to_string().contains("OCR"));
}

/// Documents with their outlines.
fn outlines(name: &str, bytes: &[u8]) -> Vec<(Meta, Vec<gongwen_model::OutlineNode>)> {
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    pf.documents.iter().map(|d| ((d.doc_number.clone(), d.title.clone(), d.date.map(|x| x.to_string()), d.issuers.clone()), d.outline.clone())).collect()
}

fn numbered_reads_the_same(name: &str, text: &str) {
    let want = outlines(name, text.as_bytes());
    assert!(!want.is_empty(), "{name}");
    let docx = docx_with_numbering(text, 40);
    let got = outlines(&format!("{name}.docx"), &docx);
    assert_eq!(got.len(), want.len(), "{name}: documents");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0, "{name}: metadata");
        assert_eq!(g.1, w.1, "{name}: outline of {}", w.0 .1);
    }
}

fn numbered_paragraphs(docx: &[u8]) -> usize {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut s).unwrap();
    s.matches("<w:numPr>").count()
}

#[test]
fn fixtures_with_automatic_numbering_read_the_same_as_their_text() {
    for name in ["single.txt", "gazette-mini.txt", "end-to-end-copies.txt"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        numbered_reads_the_same(name, &text);
    }
    // The outline markers of the single 公文 are all automatic numbers in its DOCX.
    let single = std::fs::read_to_string(format!("{}/tests/fixtures/single.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(numbered_paragraphs(&docx_with_numbering(&single, 40)), 6);
}

#[test]
fn wuhan_gazettes_with_automatic_numbering_read_the_same_as_their_text() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let mut numbered = 0;
    for e in std::fs::read_dir(corpus.join("wuhan")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            numbered_reads_the_same(&p.file_name().unwrap().to_string_lossy(), &text);
            numbered += numbered_paragraphs(&docx_with_numbering(&text, 40));
        }
    }
    assert!(numbered > 100, "{numbered} numbered paragraphs");
}

/// An OFD of one 公文 whose 版头 is on a template page used by both pages.
fn ofd_with_header_template(template_part: bool) -> Vec<u8> {
    use gongwen_testkit::office::{ofd_page, OFD_NS};
    let root = format!(r#"<?xml version="1.0"?><ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID><ofd:Title>t</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#);
    let doc = format!(r#"<?xml version="1.0"?><ofd:Document {OFD_NS}><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:TemplatePage ID="3" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="11" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>"#);
    let page1 = [
        (90.0, "襄江市人民政府关于开展城市体检工作的通知"),
        (100.0, "各区人民政府，市人民政府各部门："),
        (110.0, "为推进城市更新行动，经研究，现就开展城市体检工作通知如下。"),
        (120.0, "一、工作目标"),
        (130.0, "到2024年底，完成全市城市体检工作。"),
    ];
    let page2 = [(90.0, "二、工作要求"), (100.0, "各区要高度重视，确保按时完成各项任务。"), (120.0, "襄江市人民政府"), (130.0, "2024年3月5日")];
    let mut parts = vec![
        ("OFD.xml", root),
        ("Doc_0/Document.xml", doc),
        ("Doc_0/Pages/Page_0/Content.xml", ofd_page(&["3"], &page1)),
        ("Doc_0/Pages/Page_1/Content.xml", ofd_page(&["3"], &page2)),
    ];
    if template_part {
        parts.push(("Doc_0/Tpls/Tpl_0/Content.xml", ofd_page(&[], &[(30.0, "襄江市人民政府文件"), (60.0, "襄政发〔2024〕7号")])));
    }
    zip_of(&parts)
}

#[test]
fn an_ofd_header_on_a_template_page_gives_issuer_and_number() {
    let parsed = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "t.ofd", &ofd_with_header_template(true)).unwrap();
    assert_eq!(parsed.documents.len(), 1, "{:?}", parsed.documents.iter().map(|d| &d.title).collect::<Vec<_>>());
    let d = &parsed.documents[0];
    assert_eq!(d.doc_number.as_deref(), Some("襄政发〔2024〕7号"));
    assert_eq!(d.title, "襄江市人民政府关于开展城市体检工作的通知");
    assert!(d.issuers.iter().any(|i| i == "襄江市人民政府"), "{:?}", d.issuers);
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2024-03-05"));
    assert!(parsed.warnings.iter().all(|w| !w.code.starts_with("ofd_")), "{:?}", parsed.warnings);
    // The template is not read again on page 2.
    assert_eq!(d.text.matches("襄政发").count(), 0, "{}", d.text);
}

#[test]
fn a_missing_ofd_template_is_a_warning() {
    let parsed = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "t.ofd", &ofd_with_header_template(false)).unwrap();
    let w = parsed.warnings.iter().find(|w| w.code == "ofd_template_missing").unwrap_or_else(|| panic!("{:?}", parsed.warnings));
    assert_eq!(w.line, 1);
    assert!(w.message.contains("模板"), "{}", w.message);
    assert_eq!(parsed.documents[0].title, "襄江市人民政府关于开展城市体检工作的通知");
}

#[test]
fn broken_numbering_is_a_file_warning() {
    let body = gongwen_testkit::office::paragraph(&gongwen_testkit::office::num_pr(1, 0), "工作目标");
    let docx = gongwen_testkit::office::docx_of(&body, Some("<w:numbering"), None);
    let parsed = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "n.docx", &docx).unwrap();
    assert!(parsed.warnings.iter().any(|w| w.code == "docx_numbering_unreadable" && w.line == 1), "{:?}", parsed.warnings);
}

/// A file converted by the LibreOffice on this machine (own profile), or
/// `None` with a visible skip when there is none.
fn soffice_convert(dir: &std::path::Path, input: &std::path::Path, to: &str) -> Option<std::path::PathBuf> {
    let Some(program) = gongwen_parse::legacy::find_program(std::env::var_os("PATH").as_deref()) else {
        eprintln!("SKIPPED: LibreOffice (soffice) not found on PATH; legacy .doc test not run");
        return None;
    };
    let status = std::process::Command::new(program)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    Some(input.with_extension(to))
}

#[test]
fn a_legacy_doc_is_converted_and_reads_the_same() {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/single.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let dir = std::env::temp_dir().join(format!("gongwen-doc-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("single.docx");
    std::fs::write(&input, docx_with_numbering(&text, 40)).unwrap();
    let Some(doc) = soffice_convert(&dir, &input, "doc") else {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    };
    let bytes = std::fs::read(&doc).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(bytes.starts_with(gongwen_parse::legacy::OLE_MAGIC));
    let want = meta("single.txt", text.as_bytes());
    // By its bytes, whatever its name.
    assert_eq!(meta("single.bin", &bytes), want);
    // LibreOffice wrote the outline markers back as its own numbering.xml.
    assert_eq!(outlines("single.doc", &bytes), outlines("single.txt", text.as_bytes()));
    let parsed = parse_paged(&gongwen_parse::knowledge::Knowledge::builtin(), "single.doc", &bytes, Privacy::Masked).unwrap();
    assert_eq!(parsed.file.kind, gongwen_model::SourceKind::Docx);
    assert_eq!(parsed.file.documents[0].doc_number, want[0].0);
    assert!(want[0].0.is_some());
}

/// What a reader of a document sees of its anatomy, without line numbers.
#[derive(Debug, Clone, PartialEq)]
struct Anatomy {
    meta: Meta,
    order: Option<String>,
    addressees: Vec<String>,
    signers: Vec<String>,
    copy_to: Vec<String>,
    attachments: usize,
    outline: Vec<String>,
    tables: Vec<Vec<String>>,
    text: String,
}

/// Each document's anatomy and lines, and the file's warnings (code, message) in order.
fn anatomy(name: &str, bytes: &[u8]) -> (Vec<(Anatomy, (usize, usize))>, Vec<(String, String)>) {
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings = pf.warnings.iter().map(|w| (w.code.clone(), w.message.clone())).collect();
    fn labels(nodes: &[gongwen_model::OutlineNode], out: &mut Vec<String>) {
        for n in nodes {
            out.push(format!("{:?} {}", n.kind, n.label));
            labels(&n.children, out);
        }
    }
    let docs = pf
        .documents
        .iter()
        .map(|d| {
            let mut outline = Vec::new();
            labels(&d.outline, &mut outline);
            let a = Anatomy {
                meta: (d.doc_number.clone(), d.title.clone(), d.date.map(|x| x.to_string()), d.issuers.clone()),
                order: d.order.clone(),
                addressees: d.addressees.clone(),
                signers: d.signers.clone(),
                copy_to: d.copy_to.clone(),
                attachments: d.attachments.len(),
                outline,
                tables: d.tables.iter().map(|t| t.columns.iter().map(|c| c.name.clone()).collect()).collect(),
                text: d.text.clone(),
            };
            (a, (d.line_start, d.line_end))
        })
        .collect::<Vec<_>>();
    (docs, warnings)
}

/// Word files written by an office suite (LibreOffice, `scripts/office-fixtures.sh`;
/// committed, so no office suite is needed here): each reads as the text or
/// page it was made from — the same documents, anatomy and text, and for a
/// text the same lines.
#[test]
fn word_files_an_office_suite_wrote_read_as_their_source() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for name in ["heads", "orders", "letters", "gazette-mini"] {
        let text = std::fs::read(dir.join(format!("{name}.txt"))).unwrap();
        let docx = std::fs::read(dir.join(format!("office/{name}.docx"))).unwrap();
        let want = anatomy(&format!("{name}.txt"), &text);
        let got = anatomy(&format!("{name}.docx"), &docx);
        assert!(!want.0.is_empty(), "{name}");
        // Warnings name the file they were read from; what they say is the same.
        let unnamed = |w: &[(String, String)], f: &str| w.iter().map(|(c, m)| (c.clone(), m.replace(f, "…"))).collect::<Vec<_>>();
        assert_eq!(got.0, want.0, "{name}.docx");
        assert_eq!(unnamed(&got.1, &format!("{name}.docx")), unnamed(&want.1, &format!("{name}.txt")), "{name}.docx warnings");
        checked += got.0.len();
    }
    // A styled page (red 版头, centred bold title, a rule, a list, a table) and the Word file made from it.
    let html = std::fs::read(dir.join("office/notice-styled.html")).unwrap();
    let docx = std::fs::read(dir.join("office/notice-styled.docx")).unwrap();
    let want: Vec<Anatomy> = anatomy("notice-styled.html", &html).0.into_iter().map(|(a, _)| a).collect();
    let (got, warnings) = anatomy("notice-styled.docx", &docx);
    assert!(warnings.is_empty(), "{warnings:?}");
    let got: Vec<Anatomy> = got.into_iter().map(|(a, _)| a).collect();
    assert_eq!(got.len(), 1);
    let d = &got[0];
    assert_eq!(d.meta.0.as_deref(), Some("襄政办发〔2025〕7号"));
    assert_eq!(d.meta.1, "襄江市人民政府办公厅关于印发襄江市促进民营经济发展若干措施的通知");
    assert_eq!((d.addressees.len(), d.copy_to.len(), d.tables.len()), (2, 2, 1));
    assert_eq!(d.tables[0], ["序号", "事项", "责任单位", "完成时限"]);
    // The page's list is numbered by its markup; Word writes the numbers LibreOffice chose (1. 2.).
    let strip = |a: &Anatomy| Anatomy { outline: Vec::new(), text: a.text.lines().map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')).collect::<Vec<_>>().join("\n"), ..a.clone() };
    assert_eq!(strip(&got[0]), strip(&want[0]));
    checked += 1;
    assert_eq!(checked, 16, "documents compared");
}

/// An outline numbered by the office suite itself (`一、` `（一）` `1.` `（1）`
/// as Chinese counting with prefixes in numbering.xml, written by LibreOffice
/// from scripts/office-sources/numbered-outline.fodt), as Word and as the PDF the suite
/// exported: both read as one document with every number rendered, the
/// nesting kept, and the same text.
#[test]
fn an_outline_numbered_by_an_office_suite_reads_as_word_and_as_pdf() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
    let want_text = "为加快推进数字政府建设，经市人民政府同意，现就有关事项通知如下：\n一、总体要求\n（一）指导思想。坚持以人民为中心。\n（二）工作目标。到2027年，政务服务事项网上可办率达到98%以上。\n二、重点任务\n（一）建设一体化平台。\n1.整合政务系统。（市政务和数据局牵头，各区人民政府负责）\n（1）完成市级系统迁移。\n（2）完成区级系统迁移。\n2.对首次通过评估的企业，给予一次性奖励20万元。\n本通知自印发之日起施行。";
    for name in ["numbered-outline.docx", "numbered-outline.pdf"] {
        let (docs, warnings) = anatomy(name, &std::fs::read(dir.join(name)).unwrap());
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let [(d, _)] = &docs[..] else { panic!("{name}: {} documents", docs.len()) };
        assert_eq!(d.meta, (Some("襄政办发〔2025〕21号".into()), "襄江市人民政府办公厅关于推进数字政府建设的通知".into(), Some("2025-03-06".into()), vec!["襄江市人民政府办公厅".to_string()]), "{name}");
        assert_eq!(d.text, want_text, "{name}");
        assert_eq!(d.outline, ["Item 一", "SubItem （一）", "SubItem （二）", "Item 二", "SubItem （一）", "Point 1", "SubPoint （1）", "SubPoint （2）", "Point 2"], "{name}");
    }
}
