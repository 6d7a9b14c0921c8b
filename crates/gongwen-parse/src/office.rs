//! OFD and Word (DOCX) input: lines read by `gongwen-office`, each with its
//! page, then the same pipeline as text (masked here, where the text
//! enters). A file that cannot be read is one [`InputError::Office`] line;
//! a part that could not be read while the text was (Word numbering or
//! styles, an OFD template) is a file warning with the reader's code
//! (`docx_numbering_unreadable`, `ofd_template_missing` …) at the first line
//! of its page.

use crate::knowledge::Knowledge;
use crate::cues::{Cues, LineType};
use crate::{gazette, privacy, text, InputError, Parsed, Privacy};
use gongwen_model::{SourceKind, Warning};
use gongwen_office::{Kind, Limits, Line};

/// Does the file start like a zip container (OFD, DOCX, or another zip)?
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn form(kind: Kind) -> &'static str {
    match kind {
        Kind::Ofd => "OFD",
        Kind::Docx => "Word（DOCX）",
    }
}

/// What was read from an office file.
pub(crate) struct Read {
    pub lines: Vec<Line>,
    pub warnings: Vec<gongwen_office::Warning>,
    /// The text as it enters the pipeline (before masking).
    pub text: String,
}

/// The lines of the file and its text as it enters the pipeline (before masking).
pub(crate) fn read(bytes: &[u8], kind: Kind) -> Result<Read, InputError> {
    let out = gongwen_office::read(bytes, &Limits::default()).map_err(|e| InputError::Office { form: form(kind), reason: crate::decode::with_cause(&e) })?;
    let lines = out.lines;
    // A line of the file may hold breaks of its own; keep one line per line.
    let lines: Vec<Line> = lines.into_iter().flat_map(|l| l.text.split('\n').map(|t| Line { page: l.page, text: t.replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], " "), style: l.style }).collect::<Vec<_>>()).collect();
    let joined = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    if joined.trim().is_empty() {
        return Err(InputError::Office { form: form(kind), reason: "没有文字（扫描件？需要 OCR）".into() });
    }
    Ok(Read { lines, warnings: out.warnings, text: text::normalize_input(&joined).into_owned() })
}

/// The visual cues of an OFD's lines (Word gives none: its layout is the
/// reader's), when the text has one line per line read.
fn cues(lines: &[Line], text: &str) -> Cues {
    if lines.iter().all(|l| l.style.is_none()) || text.split('\n').count() != lines.len() {
        return Cues::none();
    }
    let types: Vec<Option<LineType>> = lines
        .iter()
        .map(|l| {
            l.style.map(|s| {
                let (x0, x1, area, size) = (s.x0 as f32, s.x1 as f32, (s.area.0 as f32, s.area.1 as f32), s.size as f32);
                LineType::new(&l.text, size, s.color, gongwen_pdf::layout::is_centred(x0, x1, area, size))
            })
        })
        .collect();
    Cues::from_types(&types)
}

pub(crate) fn parse(k: &Knowledge, source: &str, bytes: &[u8], kind: Kind, privacy: Privacy) -> Result<Parsed, InputError> {
    let Read { lines, warnings, text, .. } = read(bytes, kind)?;
    let text = match privacy {
        Privacy::Masked => privacy::mask(k, &text),
        Privacy::Unmasked => text,
    };
    let source_kind = match kind {
        Kind::Ofd => SourceKind::Ofd,
        Kind::Docx => SourceKind::Docx,
    };
    let mut file = gazette::parse(k, source, &text, Some(source_kind), &cues(&lines, &text));
    // A page's warning points at its first line (or the last line read before it).
    let first_line_of = |page: u32| lines.iter().position(|l| l.page >= page).map_or(lines.len().max(1), |i| i + 1);
    let found = warnings.into_iter().map(|w| Warning { code: w.code.to_string(), message: w.message, source: source.to_string(), line: w.page.map_or(1, first_line_of) });
    file.warnings.splice(0..0, found);
    let pages = crate::Pages::new(lines.iter().map(|l| l.page).collect());
    pages.stamp(&mut file);
    Ok(Parsed { file, pages: Some(pages) })
}
