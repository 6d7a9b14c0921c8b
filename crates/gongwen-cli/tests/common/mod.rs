//! Running the `gongwen` binary in the CLI tests (each test file uses a part).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gongwen")
}

pub fn gongwen(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
