//! Bounded reading of a zip container's parts.

use crate::OfficeError;
use std::io::Read;

/// How much of a container is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Uncompressed bytes of one part.
    pub max_part_bytes: u64,
    /// Uncompressed bytes of all parts read.
    pub max_total_bytes: u64,
    /// Pages of an OFD document.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_part_bytes: 64 << 20, max_total_bytes: 512 << 20, max_pages: 5000 }
    }
}

/// A zip container whose parts are read within [`Limits`].
pub struct Container<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    limits: Limits,
    read_so_far: u64,
}

impl<'a> Container<'a> {
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Container<'a>, OfficeError> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(OfficeError::Zip)?;
        Ok(Container { archive, limits: *limits, read_so_far: 0 })
    }

    /// The part named `name` (`/` separated; a leading `/` and case of the
    /// name are forgiven, as OFD writers vary), as UTF-8 text.
    pub fn text(&mut self, name: &str) -> Result<String, OfficeError> {
        let wanted = name.trim_start_matches('/');
        let real = names(&self.archive)
            .into_iter()
            .find(|n| n == wanted || n.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| OfficeError::MissingPart(wanted.to_string()))?;
        let part = self.archive.by_name(&real).map_err(OfficeError::Zip)?;
        let budget = self.limits.max_part_bytes.min(self.limits.max_total_bytes.saturating_sub(self.read_so_far));
        let mut bytes = Vec::new();
        // One byte past the budget tells a part that is too large.
        part.take(budget + 1).read_to_end(&mut bytes).map_err(|source| OfficeError::Read { part: real.clone(), source })?;
        if bytes.len() as u64 > budget {
            return Err(OfficeError::TooLarge { part: real, limit: budget });
        }
        self.read_so_far += bytes.len() as u64;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
        String::from_utf8(bytes).map_err(|_| OfficeError::Encoding(real))
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// The names of a container's parts (names that are not valid are skipped).
pub fn names<R: std::io::Read + std::io::Seek>(archive: &zip::ZipArchive<R>) -> Vec<String> {
    archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect()
}

/// Parses a part's XML, naming the part on failure.
pub fn xml<'t>(part: &str, text: &'t str) -> Result<roxmltree::Document<'t>, OfficeError> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(text, options).map_err(|source| OfficeError::Xml { part: part.to_string(), source })
}

/// `base` joined with a relative `path` inside the container (OFD paths are
/// relative to the part that names them, or absolute from the root).
pub fn join(base_dir: &str, path: &str) -> String {
    if let Some(abs) = path.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in path.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The folder of a part's path (`Doc_0/Document.xml` → `Doc_0`).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}
