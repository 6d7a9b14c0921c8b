//! Ingest throughput and `status` latency on the Wuhan corpus.
//! Run: `cargo bench -p gongwen-store` (needs ../shared beside the checkout).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gongwen_model::Date;
use gongwen_store::Store;
use std::path::{Path, PathBuf};

fn wuhan() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/wuhan");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).ok()?.map(|e| e.unwrap().path()).collect();
    files.sort();
    Some(files)
}

fn bench(c: &mut Criterion) {
    let Some(files) = wuhan() else {
        eprintln!("SKIPPED: shared corpus not found");
        return;
    };
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let mut g = c.benchmark_group("register");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("ingest_wuhan_fresh_store", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), dir.path()).unwrap();
                store.ingest(&files, |_, _| {}).unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), dir.path()).unwrap();
    store.ingest(&files, |_, _| {}).unwrap();
    let on = Date::new(2024, 4, 1).unwrap();
    for q in ["武政规〔2020〕1号", "武政规〔2021〕18号", "武政规〔2019〕21号"] {
        c.bench_function(&format!("status {q}"), |b| {
            b.iter(|| {
                let d = store.find(q).unwrap();
                store.status(&d, on).unwrap().status
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
