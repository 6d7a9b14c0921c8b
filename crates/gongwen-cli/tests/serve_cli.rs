//! `gongwen serve`: the write token never on the command line, ingest over
//! HTTP only inside `--ingest-root`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn examples() -> String {
    format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_token_on_the_command_line_is_refused() {
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen")).args(["serve", "--db", "/nonexistent/store", "--write-token", "s3cret"]).env_remove("GONGWEN_WRITE_TOKEN").output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("GONGWEN_WRITE_TOKEN") && err.contains("--write-token-file"), "{err}");
    assert!(err.lines().count() == 1, "one line: {err}");
}

/// Kills the server it holds when dropped (a failed assertion included).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn post(addr: &str, token: &str, path: &std::path::Path) -> (u16, String) {
    let body = serde_json::json!({ "paths": [path] }).to_string();
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "POST /api/ingest HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    (raw[9..12].parse().unwrap(), raw)
}

#[test]
fn the_token_comes_from_a_file_and_ingest_stays_in_its_root() {
    let dir = tempfile::tempdir().unwrap();
    let token = "file-token-5e1f";
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    let root = dir.path().join("inbox");
    std::fs::create_dir(&root).unwrap();
    let db = dir.path().join("store");
    let args = ["serve", "--db", db.to_str().unwrap(), "--addr", "127.0.0.1:0", "--write-token-file", token_file.to_str().unwrap(), "--ingest-root", root.to_str().unwrap(), "--ingest", &examples()];
    let mut child = Child(Command::new(env!("CARGO_BIN_EXE_gongwen")).args(args).env_remove("GONGWEN_WRITE_TOKEN").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap());
    let mut lines = BufReader::new(child.0.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // What `ps` shows.
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.0.id())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(token));
    assert_eq!(post(&addr, "wrong", &root).0, 401);
    assert_eq!(post(&addr, token, std::path::Path::new("/etc/passwd")).0, 403);
    let file = root.join("notice.txt");
    std::fs::write(&file, "市人民政府办公厅关于测试导入的通知\n\n各区人民政府：\n\n一、做好工作。\n\n襄江市人民政府办公厅\n2024年5月6日\n").unwrap();
    let (status, answer) = post(&addr, token, &file);
    assert_eq!(status, 200, "{answer}");
}
