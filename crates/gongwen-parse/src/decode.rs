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
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "file is empty"),
            InputError::Binary { reason } => write!(f, "not a text file ({reason})"),
            InputError::Undecodable => {
                write!(f, "not text in UTF-8 or GB18030/GBK (could not decode)")
            }
            InputError::LineTooLong { line, bytes } => write!(
                f,
                "line {line} is {bytes} bytes long with no line break: not gazette text \
                 (limit {MAX_LINE_BYTES} bytes)"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// A line longer than this is not a line of a document: it is a dump with no
/// line breaks, and the line-oriented parser would give nothing useful for it.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The text and the encoding it was found in.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(reason) = binary_signature(sample) {
        return Err(InputError::Binary { reason });
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), "UTF-8")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "UTF-8")
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (cow, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(InputError::Undecodable);
        }
        (cow.into_owned(), enc.name())
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
    Ok(Decoded { text, encoding })
}

fn binary_signature(sample: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF: extract its text first, e.g. with pdftotext"),
        (b"PK\x03\x04", "a ZIP/Office archive"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "an executable"),
        (b"SQLite format 3", "an SQLite database"),
        (b"\xD0\xCF\x11\xE0", "an old Office document"),
    ];
    for (magic, what) in MAGIC {
        if sample.starts_with(magic) {
            return Some((*what).to_string());
        }
    }
    let is_utf16 = sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF");
    if !is_utf16 && sample.contains(&0) {
        return Some("contains NUL bytes".to_string());
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
    fn rejects_overlong_line() {
        let big = "字".repeat(MAX_LINE_BYTES / 3 + 10);
        assert!(matches!(decode(big.as_bytes()), Err(InputError::LineTooLong { line: 1, .. })));
    }
}
