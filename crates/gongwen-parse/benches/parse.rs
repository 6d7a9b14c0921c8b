//! `parse` throughput in MB/s on one core, over the shared corpus (the Wuhan
//! gazettes, and the law Markdown files), or the in-repo fixtures without it.
//!
//!     cargo bench -p gongwen-parse --bench parse

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "html")) {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
}

fn bench_set(c: &mut Criterion, name: &str, files: &[(String, Vec<u8>)]) {
    if files.is_empty() {
        return;
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut docs = 0;
            for (src, data) in files {
                docs += gongwen_parse::parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), src, data).map(|p| p.documents.len()).unwrap_or(0);
            }
            docs
        })
    });
    g.finish();
}

fn parse_throughput(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../../shared/corpus");
    let mut wuhan = Vec::new();
    files_under(&corpus.join("wuhan"), &mut wuhan);
    let mut laws = Vec::new();
    files_under(&corpus.join("laws"), &mut laws);
    if wuhan.is_empty() {
        eprintln!("shared corpus not found: benchmarking the in-repo fixtures only");
        let mut fixtures = Vec::new();
        files_under(&root.join("tests/fixtures"), &mut fixtures);
        bench_set(c, "fixtures", &fixtures);
    }
    bench_set(c, "wuhan_gazettes", &wuhan);
    bench_set(c, "laws_markdown", &laws);
}

criterion_group!(benches, parse_throughput);
criterion_main!(benches);
