//! Legacy Word (`.doc`) and WPS (`.wps`) files: an OLE compound file
//! (`D0 CF 11 E0 A1 B1 1A E1`), or a file named `.doc`/`.wps` that is
//! neither a zip nor a PDF, is converted to DOCX by LibreOffice
//! (`soffice --headless --convert-to docx`, found on `PATH` as `soffice` or
//! `libreoffice`) in a private temporary folder — its own user profile, so
//! parallel runs do not collide — stopped after [`TIMEOUT`]; the DOCX is
//! then read as any DOCX. Without LibreOffice the file is one
//! [`LegacyError::NoLibreOffice`] naming what to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The compound-file signature of `.doc`, `.wps` (and `.xls`, `.ppt`).
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// How long one conversion may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Why a legacy file could not be converted. Messages are Chinese, for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegacyError {
    #[error("{form} 文件需要用 LibreOffice 转换为 DOCX 后读取，但找不到 soffice 或 libreoffice：请安装 LibreOffice（如 apt install libreoffice-writer），或先将文件另存为 DOCX")]
    NoLibreOffice { form: &'static str },
    #[error("{form} 文件转换失败：{reason}")]
    Failed { form: &'static str, reason: String },
    #[error("{form} 文件转换超过 {secs} 秒，已停止")]
    TimedOut { form: &'static str, secs: u64 },
}

/// Is this a legacy Word or WPS file: an OLE compound file, or named
/// `.doc`/`.wps` (the caller has ruled out zips and PDFs)?
pub fn is_legacy(source: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC) || matches!(extension(source).as_str(), "doc" | "wps")
}

fn extension(source: &str) -> String {
    Path::new(source).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// The file's form, for messages.
pub fn form_of(source: &str) -> &'static str {
    if extension(source) == "wps" {
        "WPS（.wps）"
    } else {
        "Word（.doc）"
    }
}

/// `soffice` or `libreoffice` in the folders of a `PATH` value.
pub fn find_program(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let path = path?;
    ["soffice", "libreoffice"].iter().find_map(|name| std::env::split_paths(path).map(|dir| dir.join(name)).find(|p| p.is_file()))
}

/// The file converted to DOCX by the LibreOffice on `PATH`.
pub fn convert(source: &str, bytes: &[u8]) -> Result<Vec<u8>, LegacyError> {
    let form = form_of(source);
    let program = find_program(std::env::var_os("PATH").as_deref()).ok_or(LegacyError::NoLibreOffice { form })?;
    convert_with(&program, source, bytes, TIMEOUT)
}

/// A private temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gongwen-legacy-{}-{nanos}-{n}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A `file://` URL of an absolute path (spaces and `%` escaped).
fn file_url(p: &Path) -> String {
    let s = p.to_string_lossy().replace('%', "%25").replace(' ', "%20");
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}

/// [`convert`] with a given program and time limit.
pub fn convert_with(program: &Path, source: &str, bytes: &[u8], timeout: Duration) -> Result<Vec<u8>, LegacyError> {
    let form = form_of(source);
    let failed = |reason: String| LegacyError::Failed { form, reason };
    let dir = TempDir::new().map_err(|e| failed(format!("无法建立临时目录（{e}）")))?;
    let ext = if extension(source) == "wps" { "wps" } else { "doc" };
    let input = dir.0.join(format!("input.{ext}"));
    std::fs::write(&input, bytes).map_err(|e| failed(format!("无法写入临时文件（{e}）")))?;
    let out_dir = dir.0.join("out");
    let log = std::fs::File::create(dir.0.join("log.txt")).map_err(|e| failed(format!("无法写入临时文件（{e}）")))?;
    let mut cmd = Command::new(program);
    cmd.arg(format!("-env:UserInstallation={}", file_url(&dir.0.join("profile"))))
        .args(["--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "docx", "--outdir"])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout stops soffice.bin too.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| failed(format!("无法启动 {}（{e}）", program.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                #[cfg(unix)]
                let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).stdout(Stdio::null()).stderr(Stdio::null()).status();
                let _ = child.kill();
                let _ = child.wait();
                return Err(LegacyError::TimedOut { form, secs: timeout.as_secs() });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("等待 LibreOffice 时出错（{e}）"))),
        }
    };
    match std::fs::read(out_dir.join("input.docx")) {
        Ok(docx) if !docx.is_empty() => Ok(docx),
        _ => {
            let log = std::fs::read_to_string(dir.0.join("log.txt")).unwrap_or_default();
            let last = log.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("");
            let code = status.code().map_or_else(|| "被信号终止".to_string(), |c| format!("退出码 {c}"));
            Err(failed(if last.is_empty() { format!("LibreOffice 没有生成 DOCX（{code}）；文件可能已损坏或不是 Word/WPS 文档") } else { format!("LibreOffice 没有生成 DOCX（{code}：{last}）") }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_files_are_recognised() {
        assert!(is_legacy("a.bin", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"));
        assert!(is_legacy("通知.DOC", b"anything"));
        assert!(is_legacy("通知.wps", b"anything"));
        assert!(!is_legacy("通知.txt", "襄江市人民政府文件".as_bytes()));
        assert_eq!(form_of("x.wps"), "WPS（.wps）");
    }

    #[test]
    fn without_libreoffice_one_clear_error() {
        assert_eq!(find_program(Some(std::ffi::OsStr::new(""))), None);
        assert_eq!(find_program(None), None);
        let e = LegacyError::NoLibreOffice { form: form_of("x.doc") }.to_string();
        assert!(e.contains("LibreOffice") && e.contains("安装") && !e.contains('\n'), "{e}");
    }

    #[test]
    fn a_program_that_writes_nothing_fails_with_a_reason() {
        let e = convert_with(Path::new("/bin/true"), "x.doc", b"\xD0\xCF\x11\xE0", Duration::from_secs(10)).unwrap_err();
        assert!(matches!(e, LegacyError::Failed { .. }), "{e:?}");
    }

    #[test]
    fn a_program_that_hangs_is_stopped() {
        let dir = TempDir::new().unwrap();
        let script = dir.0.join("hang.sh");
        std::fs::write(&script, "#!/bin/sh\nsleep 30\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            let t = Instant::now();
            let e = convert_with(&script, "x.wps", b"x", Duration::from_millis(300)).unwrap_err();
            assert_eq!(e, LegacyError::TimedOut { form: "WPS（.wps）", secs: 0 });
            assert!(t.elapsed() < Duration::from_secs(10));
        }
    }
}
