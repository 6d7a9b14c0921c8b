//! Test helpers shared by the crates' test suites.

use std::path::PathBuf;

/// The shared corpus (`../shared/corpus` beside the repository), or `None`
/// with a visible `SKIPPED:` line when it is absent. Under `CI=true` its
/// absence is a failure: CI must run the corpus tests.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.join("wuhan").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but the shared corpus is missing at {}", dir.display());
    }
    eprintln!("SKIPPED: shared corpus not found at {}", dir.display());
    None
}
