//! `gongwen serve`: optionally ingest, then serve the API and reading room.

use crate::register::fail;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default: the reading room is not
    /// exposed to the network unless you say so.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Ingest these files or directories first (default when given without
    /// paths: the repository's `examples/` documents).
    #[arg(long, num_args = 0.., default_missing_value = "examples", value_name = "PATH")]
    pub ingest: Option<Vec<PathBuf>>,
    /// Allow POST /api/ingest for clients sending `Authorization: Bearer TOKEN`.
    /// Without it the API is read-only.
    #[arg(long, env = "GONGWEN_WRITE_TOKEN", hide_env_values = true)]
    pub write_token: Option<String>,
}

pub fn serve(db: &Path, args: ServeArgs) -> ExitCode {
    if let Some(paths) = &args.ingest {
        let (files, problems) = gongwen_store::files::collect(paths);
        for p in &problems {
            eprintln!("error: {p}");
        }
        if crate::register::ingest(&files, db, problems.len()) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    let app = match gongwen_server::App::open(db, args.write_token) {
        Ok(app) => app,
        Err(e) => return fail(e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the server runtime: {e}")),
    };
    let served = runtime.block_on(gongwen_server::serve(app, args.addr, |addr| {
        eprintln!("reading room: http://{addr}/   (API: http://{addr}/api/openapi.json; Ctrl-C stops)");
    }));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("{}: {e}", args.addr)),
    }
}
