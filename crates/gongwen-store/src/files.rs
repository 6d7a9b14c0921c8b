//! Which files an ingest reads, from the paths a user gave.

use std::path::{Path, PathBuf};

/// Expands directories (sorted, recursively; dotfiles and databases skipped)
/// into files. Returns the files and a one-line message per unreadable path.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => match walk(p) {
                Ok(mut files) => {
                    files.sort();
                    out.extend(files);
                }
                Err(e) => problems.push(format!("{}：无法读取目录：{}", p.display(), io_reason(&e))),
            },
            Ok(_) => out.push(p.clone()),
            Err(e) => problems.push(format!("{}：{}", p.display(), io_reason(&e))),
        }
    }
    (out, problems)
}

fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            // The store's own directory (its database and search index) is not input.
            if path.join("gongwen.sqlite3").exists() {
                continue;
            }
            files.extend(walk(&path)?);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("sqlite3" | "db")) {
            files.push(path);
        }
    }
    Ok(files)
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件或目录不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}
