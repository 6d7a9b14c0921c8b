//! `gongwen serve`: optionally ingest, then serve the API and reading room.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::register::fail;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 监听地址；除非明确指定，阅览室只在本机回环地址上提供、不对网络开放
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// 先导入这些文件或目录（只给选项不给路径时，导入仓库 `examples/` 中的文件）
    #[arg(long, num_args = 0.., default_missing_value = "examples", value_name = "PATH")]
    pub ingest: Option<Vec<PathBuf>>,
    /// 允许带 `Authorization: Bearer TOKEN` 的客户端调用 `POST /api/ingest`，令牌从此文件读取（或取环境变量 GONGWEN_WRITE_TOKEN）；没有令牌时 API 只读
    #[arg(long, value_name = "PATH")]
    pub write_token_file: Option<PathBuf>,
    /// 允许 `POST /api/ingest` 读取其中文件的目录（可重复给出）；一个都不给时，即使有令牌也拒绝经 HTTP 导入
    #[arg(long = "ingest-root", value_name = "DIR")]
    pub ingest_roots: Vec<PathBuf>,
    /// 不接受：命令行上的令牌会在 `ps` 中显示出来
    #[arg(long, hide = true, value_name = "TOKEN")]
    pub write_token: Option<String>,
}

/// The environment variable a write token may come from.
pub const TOKEN_ENV: &str = "GONGWEN_WRITE_TOKEN";

/// The write token from `--write-token-file` or `GONGWEN_WRITE_TOKEN`, never from the command line.
fn write_token(args: &ServeArgs) -> Result<Option<String>, String> {
    if args.write_token.is_some() {
        return Err(format!("--write-token 已停用：命令行上的令牌在 ps 中人人可见。请改用环境变量 {TOKEN_ENV} 或 --write-token-file PATH"));
    }
    let from_env = std::env::var(TOKEN_ENV).ok().filter(|t| !t.trim().is_empty());
    let from_file = match &args.write_token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("--write-token-file {}: {e}", path.display()))?;
            let token = text.trim().to_string();
            if token.is_empty() {
                return Err(format!("--write-token-file {}: 文件为空", path.display()));
            }
            Some(token)
        }
        None => None,
    };
    match (from_env, from_file) {
        (Some(_), Some(_)) => Err(format!("写入令牌只能有一个来源：{TOKEN_ENV} 与 --write-token-file 同时给出")),
        (a, b) => Ok(a.or(b).map(|t| t.trim().to_string())),
    }
}

pub fn serve(k: &Arc<Knowledge>, db: &Path, args: ServeArgs) -> ExitCode {
    let write_token = match write_token(&args) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    if let Some(paths) = &args.ingest {
        let (files, problems) = gongwen_store::files::collect(paths);
        for p in &problems {
            eprintln!("错误：{p}");
        }
        if crate::register::ingest(k, &files, db, problems.len()) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    let access = gongwen_server::Access { write_token, ingest_roots: args.ingest_roots.clone() };
    let app = match gongwen_server::App::open(k.clone(), db, access) {
        Ok(app) => app,
        Err(e) => return fail(e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("无法启动服务器运行时：{e}")),
    };
    let served = runtime.block_on(gongwen_server::serve(app, args.addr, |addr| {
        eprintln!("阅览室：http://{addr}/   （API 说明：http://{addr}/api/openapi.json；按 Ctrl-C 停止）");
    }));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("{}: {e}", args.addr)),
    }
}
