//! The CLI as a Chinese user reads it: `list` aligned by display width,
//! `--stubs` selecting stubs, overdue tasks flagged, CSVs with a BOM, and
//! `doctor` naming the store, index and data files in use.

mod common;
use common::{bin, gongwen, s, stderr, stdout};
use std::path::Path;
use std::process::Command;

const TASKS_DOC: &str = "襄江市人民政府办公厅文件

襄政办〔2024〕12号

市人民政府办公厅关于做好养老服务设施建设工作的通知

各区人民政府，市人民政府各部门：

一、2024年6月底前完成全市养老服务设施普查，建立设施台账（牵头单位：市银龄事务局；配合单位：市康养基金管理局）。

二、2030年12月底前建成市级养老服务指导中心（牵头单位：市银龄事务局）。

本通知自印发之日起施行。

襄江市人民政府办公厅
2024年3月1日
";

/// A store of the example gazette and the tasks notice.
fn store(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt"), src.join("gazette.txt")).unwrap();
    std::fs::write(src.join("tasks.txt"), TASKS_DOC).unwrap();
    let db = dir.join("db");
    let o = gongwen(&["ingest", s(&src), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn width(s: &str) -> usize {
    // CJK and full-width punctuation take two columns, ASCII one.
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn list_columns_align_and_stubs_are_selected() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&gongwen(&["list", "--json", "--db", s(&db)]).stdout).unwrap();
    let stubs: Vec<serde_json::Value> = serde_json::from_slice(&gongwen(&["list", "--stubs", "--json", "--db", s(&db)]).stdout).unwrap();
    assert!(docs.len() >= 4 && docs.iter().all(|d| d["stub"] == false), "{docs:?}");
    assert!(!stubs.is_empty() && stubs.iter().all(|d| d["stub"] == true), "--stubs lists only stubs: {stubs:?}");
    assert!(stubs.iter().any(|d| d["doc_number"] == "襄政规〔2019〕7号"));

    let o = gongwen(&["list", "--db", s(&db)]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), docs.len());
    // Every title starts at the same terminal column, 文号 or not.
    let columns: Vec<usize> = lines.iter().zip(&docs).map(|(l, d)| width(&l[..l.find(d["title"].as_str().unwrap()).unwrap()])).collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}\n{out}");
    assert!(stderr(&o).contains(&format!("{} 份文件", docs.len())), "{}", stderr(&o));
}

#[test]
fn tasks_flag_overdue_and_write_csv_with_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = gongwen(&["tasks", "--due-before", "2024-12-31", "--on", "2025-01-01", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("【逾期】襄政办〔2024〕12号 ") && stdout(&o).contains("设施普查"), "{}", stdout(&o));
    assert!(stderr(&o).contains("1 项任务，其中逾期 1 项"), "{}", stderr(&o));
    let o = gongwen(&["tasks", "--overdue", "--on", "2024-06-30", "--db", s(&db)]);
    assert!(stderr(&o).contains("0 项任务"), "due that day is not overdue: {}", stderr(&o));
    let o = gongwen(&["tasks", "--unit", "市银龄事务局", "--role", "lead", "--csv", "--on", "2025-01-01", "--db", s(&db)]);
    let csv = stdout(&o);
    assert!(csv.starts_with("\u{feff}文号,标题,条目,任务,牵头单位"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains(",逾期,")).count(), 1, "{csv}");
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn doctor_names_the_store_index_and_data_files() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path());
    let o = gongwen(&["doctor", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("gongwen "), "{out}");
    assert!(out.contains(&format!("存储：{}", db.join("gongwen.sqlite3").display())), "{out}");
    assert!(out.contains(&format!("索引：{}（已建立）", db.join("index").display())), "{out}");
    assert!(out.contains("数据：内置（未设置 GONGWEN_DATA）"), "{out}");
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/positions.toml"), data.join("positions.toml")).unwrap();
    let o = Command::new(bin()).args(["doctor", "--db", s(&db)]).env("GONGWEN_DATA", &data).output().unwrap();
    assert!(stdout(&o).contains(&format!("数据：GONGWEN_DATA={}（采用其中的 positions.toml；其余使用内置数据）", data.display())), "{}", stdout(&o));
}
