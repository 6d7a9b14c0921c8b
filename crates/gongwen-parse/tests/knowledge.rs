//! Knowledge is an input like the text: two `Knowledge` values in one
//! process give two readings of the same text (a global made this impossible).

use gongwen_parse::knowledge::Knowledge;
use std::path::PathBuf;

/// A `GONGWEN_DATA`-style folder whose orgs.toml adds the organ suffix 经济开发区.
fn data_dir_with_suffix(suffix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-knowledge-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orgs = include_str!("../../../data/orgs.toml");
    assert!(orgs.contains("suffixes = ["), "data/orgs.toml lists its suffixes");
    let extended = orgs.replacen("suffixes = [", &format!("suffixes = [\"{suffix}\", "), 1);
    std::fs::write(dir.join("orgs.toml"), extended).unwrap();
    dir
}

#[test]
fn two_knowledges_in_one_process_read_differently() {
    let builtin = Knowledge::builtin();
    let dir = data_dir_with_suffix("经济开发区");
    let extended = Knowledge::load(Some(&dir)).expect("the extended data loads");
    std::fs::remove_dir_all(&dir).ok();

    let organ = "襄江临港经济开发区";
    assert!(!builtin.is_org_name(organ), "the organ must be unknown to the built-in lexicon");
    assert!(extended.is_org_name(organ));

    let text = "襄江临港经济开发区文件\n\n襄临开发〔2024〕5号\n\n关于做好2024年企业用工保障工作的通知\n\n各园区企业：\n\n现将有关事项通知如下，请认真执行。\n\n2024年5月6日\n";
    let with_builtin = gongwen_parse::parse_text(&builtin, "a.txt", text);
    let with_extended = gongwen_parse::parse_text(&extended, "a.txt", text);
    let issuers = |p: &gongwen_parse::ParsedFile| p.documents.iter().map(|d| d.issuers.clone()).collect::<Vec<_>>();
    assert_ne!(issuers(&with_builtin), issuers(&with_extended), "the extra suffix changes the parse");
    assert!(issuers(&with_extended).iter().any(|i| i.iter().any(|o| o == organ)));
    // And the built-in reading is still the built-in one after the other was used.
    assert_eq!(issuers(&gongwen_parse::parse_text(&builtin, "a.txt", text)), issuers(&with_builtin));
}
