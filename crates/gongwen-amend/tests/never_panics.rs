//! The operation parser, the applier and the comparison never panic on
//! arbitrary text, nor on text made of the decisions' own words.

use gongwen_amend::{apply, compare, parse_decision, Article, ArticleNo, Grammar};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "将", "第", "十三", "一百", "条", "款", "项", "之一", "中的", "修改为", "改为", "删去", "在", "后增加一条", "增加一款", "增加一项", "作为", "：", "“", "”", "，", "。", "；", "\n", "一、", "1.", "（一）", "和", "合并", "条文顺序作相应调整", "调整为", "该条", "刑法", "《解释》", "修改《", "》", "对《", "》作如下修改：",
];

fn articles() -> Vec<Article> {
    (1..=5).map(|n| Article { no: ArticleNo::new(n), paragraphs: vec![format!("第{n}条的文字，中的“长期执行”。"), "（一）项；".into()] }).collect()
}

fn run(text: &str) {
    let g = Grammar::shared();
    let paras: Vec<(usize, &str)> = text.split('\n').enumerate().collect();
    for a in parse_decision(g, "关于修改《某条例》的决定", &paras) {
        let r = apply(&articles(), &a.operations);
        assert_eq!(r.outcomes.len(), a.operations.len());
        let _ = compare(&articles(), &r.articles);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(s in "\\PC{0,300}") {
        run(&s);
    }

    #[test]
    fn decision_words(parts in proptest::collection::vec(proptest::sample::select(WORDS), 0..80)) {
        run(&parts.concat());
    }
}
