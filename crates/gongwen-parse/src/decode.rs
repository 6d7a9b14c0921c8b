//! Bytes → text. Chinese files arrive as UTF-8 (with or without BOM), as
//! GBK/GB18030, or as something that is not text at all; each gets a clear answer.

use std::fmt;

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Empty,
    Binary { reason: String },
    Undecodable,
    LineTooLong { line: usize, bytes: usize },
    /// A PDF whose text layer could not be read.
    Pdf(gongwen_pdf::PdfError),
    /// An OFD or DOCX file that could not be read: its form and why, in one
    /// line (the library error is not `Clone`, so it is kept as its words).
    Office { form: &'static str, reason: String },
    /// A legacy Word (.doc) or WPS file that LibreOffice could not convert,
    /// or no LibreOffice to convert it.
    Legacy(crate::legacy::LegacyError),
}

/// An error in one line for people: its words and, if any, the library's
/// own words in brackets.
pub(crate) fn with_cause(e: &dyn std::error::Error) -> String {
    match e.source() {
        Some(why) if !why.to_string().is_empty() => format!("{e}（{why}）"),
        _ => e.to_string(),
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "文件为空"),
            InputError::Binary { reason } => write!(f, "不是文本文件（{reason}）"),
            InputError::Undecodable => {
                write!(f, "不是 UTF-8 或 GB18030/GBK 编码的文本（无法解码）")
            }
            InputError::LineTooLong { line, bytes } => write!(
                f,
                "第 {line} 行长 {bytes} 字节而没有换行：不是公文文本\
                 （上限 {MAX_LINE_BYTES} 字节）"
            ),
            InputError::Pdf(e) => write!(f, "{}", with_cause(e)),
            InputError::Office { form, reason } => write!(f, "{form} 文件无法读取：{reason}"),
            InputError::Legacy(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Pdf(e) => Some(e),
            _ => None,
        }
    }
}

/// A line longer than this is not a line of a document: it is a dump with no
/// line breaks, and the line-oriented parser would give nothing useful for it.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The text and the encoding it was found in.
pub struct Decoded {
    /// Line breaks normalised and invisible characters removed (see
    /// [`crate::text::normalize_input`]).
    pub text: String,
    pub encoding: &'static str,
    /// What was repaired while decoding (invalid bytes replaced).
    pub warnings: Vec<DecodeWarning>,
}

/// A problem found while decoding that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeWarning {
    /// Stable machine-readable code, e.g. `invalid_utf8`.
    pub code: &'static str,
    /// For people, in Chinese.
    pub message: String,
    /// 1-based line of the first problem.
    pub line: usize,
    /// Byte offsets in the file of the problems.
    pub byte_offsets: Vec<usize>,
}

/// A UTF-8 file is decoded lossily when at most this share of its non-ASCII
/// bytes is invalid; a file with more is another encoding, or not text.
const MAX_INVALID_UTF8_SHARE: f64 = 0.1;

/// How many byte offsets a warning names before it only counts them.
const NAMED_OFFSETS: usize = 10;

/// Byte offsets (from `base`) where runs of invalid UTF-8 start in `bytes`,
/// and how many bytes are invalid in all.
fn invalid_utf8_runs(bytes: &[u8], base: usize) -> (Vec<usize>, usize) {
    let mut runs = Vec::new();
    let mut invalid = 0;
    let mut at = base;
    let mut last_end = None;
    for chunk in bytes.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            // Adjacent invalid sequences (\xFF\xFE) are one run.
            if last_end != Some(at) {
                runs.push(at);
            }
            invalid += chunk.invalid().len();
            at += chunk.invalid().len();
            last_end = Some(at);
        }
    }
    (runs, invalid)
}

/// Decodes mostly-valid UTF-8, replacing invalid sequences with U+FFFD and
/// naming their positions; `None` when too much of it is invalid.
fn lossy_utf8(bytes: &[u8], base: usize) -> Option<(String, Option<DecodeWarning>)> {
    let (offsets, invalid) = invalid_utf8_runs(bytes, base);
    if offsets.is_empty() {
        return Some((String::from_utf8_lossy(bytes).into_owned(), None));
    }
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count().max(1);
    if invalid as f64 > non_ascii as f64 * MAX_INVALID_UTF8_SHARE {
        return None;
    }
    let line_of = |off: usize| bytes[..off - base].iter().filter(|b| **b == b'\n').count() + 1;
    let named: Vec<String> = offsets.iter().take(NAMED_OFFSETS).map(|o| format!("第{o}字节（第{}行）", line_of(*o))).collect();
    let more = if offsets.len() > NAMED_OFFSETS { format!("等共{}处", offsets.len()) } else { String::new() };
    let message = format!("{}{}不是有效的 UTF-8，已替换为 U+FFFD", named.join("、"), more);
    let warning = DecodeWarning { code: "invalid_utf8", message, line: line_of(offsets[0]), byte_offsets: offsets };
    Some((String::from_utf8_lossy(bytes).into_owned(), Some(warning)))
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(reason) = binary_signature(sample) {
        return Err(InputError::Binary { reason });
    }
    let mut warnings = Vec::new();
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, warning) = lossy_utf8(rest, 3).ok_or(InputError::Undecodable)?;
        warnings.extend(warning);
        (text, "UTF-8")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "UTF-8")
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (cow, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(InputError::Undecodable);
        }
        (cow.into_owned(), enc.name())
    } else if let Some((text, warning)) = lossy_utf8(bytes, 0) {
        // UTF-8 with a few damaged bytes: keep the text, say where.
        warnings.extend(warning);
        (text, "UTF-8")
    } else {
        // Not UTF-8: let chardetng guess (it is tuned for exactly this, legacy CJK
        // encodings on the web), and accept its answer only if it decodes cleanly.
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let guess = det.guess(Some(b"cn"), true);
        let enc = if guess == encoding_rs::GBK { encoding_rs::GB18030 } else { guess };
        let (cow, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(InputError::Undecodable);
        }
        (cow.into_owned(), enc.name())
    };
    // CR-only, NEL and U+2028/U+2029 breaks become \n; zero-width and bidi
    // marks go (before the control-character count: NEL is a control).
    let text = match crate::text::normalize_input(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(t) => t,
    };
    let control = text
        .chars()
        .take(20_000)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if control > 8 {
        return Err(InputError::Binary { reason: format!("{control} control characters") });
    }
    if let Some((line, bytes)) = overlong_line(&text) {
        return Err(InputError::LineTooLong { line, bytes });
    }
    Ok(Decoded { text, encoding, warnings })
}

fn binary_signature(sample: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF 文件：应读其文字层，不能当文本解码"),
        (b"PK\x03\x04", "ZIP 或 Office 压缩包"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"\x7FELF", "可执行程序"),
        (b"SQLite format 3", "SQLite 数据库"),
        (b"\xD0\xCF\x11\xE0", "旧版 Office 文档"),
    ];
    for (magic, what) in MAGIC {
        if sample.starts_with(magic) {
            return Some((*what).to_string());
        }
    }
    let is_utf16 = sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF");
    if !is_utf16 && sample.contains(&0) {
        return Some("含有 NUL 字节".to_string());
    }
    None
}

fn overlong_line(text: &str) -> Option<(usize, usize)> {
    text.split('\n')
        .enumerate()
        .find(|(_, line)| line.len() > MAX_LINE_BYTES)
        .map(|(i, line)| (i + 1, line.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("武汉市人民政府文件\n武政规〔2024〕6号\n各区人民政府：\n");
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("武政规〔2024〕6号"));
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert!(matches!(decode(b"   \n\n"), Err(InputError::Empty)));
        assert!(matches!(decode(b"%PDF-1.7 ..."), Err(InputError::Binary { .. })));
        assert!(matches!(decode(b"abc\0def"), Err(InputError::Binary { .. })));
    }

    #[test]
    fn utf8_with_a_few_invalid_bytes_is_decoded_with_a_warning_naming_them() {
        let mut bytes = "武汉市人民政府文件\n武政规〔2024〕6号\n".as_bytes().to_vec();
        let bad = bytes.len();
        bytes.extend_from_slice(b"\xFF\xFE\x80");
        bytes.extend_from_slice("各区人民政府：\n".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("武政规〔2024〕6号") && d.text.contains("各区人民政府："));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].code, "invalid_utf8");
        assert_eq!(d.warnings[0].line, 3);
        assert_eq!(d.warnings[0].byte_offsets, [bad]);
        assert!(d.warnings[0].message.contains(&format!("第{bad}字节")), "{}", d.warnings[0].message);
        // After a BOM, offsets still count from the start of the file.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        assert_eq!(decode(&with_bom).unwrap().warnings[0].byte_offsets, [bad + 3]);
    }

    #[test]
    fn mostly_invalid_bytes_are_still_refused() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| [0x80u8, 0xFF, 0xC3, 0x41][(i % 4) as usize]).collect();
        assert!(decode(&bytes).is_err());
        assert!(decode(&[0xFFu8; 300]).is_err());
    }

    #[test]
    fn cr_nel_and_separators_are_line_breaks_and_invisibles_go() {
        let d = decode("武汉市人民政府文件\r武政规〔2024〕6号\u{85}各区人民政府：\u{2028}一、\u{2029}二、\r\n三、".as_bytes()).unwrap();
        assert_eq!(d.text, "武汉市人民政府文件\n武政规〔2024〕6号\n各区人民政府：\n一、\n二、\r\n三、");
        let d = decode("武政\u{200B}规〔2024〕\u{FEFF}6号\u{202E}\u{2060}\u{200F}".as_bytes()).unwrap();
        assert_eq!(d.text, "武政规〔2024〕6号");
    }

    #[test]
    fn rejects_overlong_line() {
        let big = "字".repeat(MAX_LINE_BYTES / 3 + 10);
        assert!(matches!(decode(big.as_bytes()), Err(InputError::LineTooLong { line: 1, .. })));
    }
}
