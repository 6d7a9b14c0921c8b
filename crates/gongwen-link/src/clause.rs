//! A document's statements about its own life: 施行 date, 有效期, 长期有效, 试行,
//! and (in the history note of a republished text) its amendment dates.
//!
//! Only sentences whose subject is the document itself count (本办法…,
//! 本《通知》…), so that 有效期 of a certificate inside a measure is not taken
//! for the document's own term.

use gongwen_parse::knowledge::Knowledge;
use gongwen_model::{Clause, Document, LifecycleClause};
use gongwen_parse::text::compact;
use gongwen_parse::{date, outline};
use regex::Regex;
use std::sync::OnceLock;

const DATE: &str = r"[0-9〇零一二三四五六七八九十]{4}年[0-9〇零一二三四五六七八九十]{1,3}月[0-9〇零一二三四五六七八九十]{1,3}日";
const NUM: &str = r"[0-9零一二三四五六七八九十两]{1,3}";

struct Patterns {
    effective_on: Regex,
    on_publication: Regex,
    term: Regex,
    until: Regex,
    note_effective: Regex,
    note_amended: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        effective_on: Regex::new(&format!(r"自?({DATE})(?:起|开始|起开始)(?:施行|实施|执行|生效|试行)")).unwrap(),
        on_publication: Regex::new(&format!(r"自(?:公布|印发|发布|发文|下发|颁布)之日起(?:({NUM})日后)?(?:施行|实施|执行|生效|试行)")).unwrap(),
        // 有效期5年, 有效期限为三年, 试行2年, 试行期为一年: a term counted from the effective date.
        term: Regex::new(&format!(r"(?:有效期限?|试行期?)(?:为|是)?({NUM})年")).unwrap(),
        until: Regex::new(&format!(r"有效期(?:至|到|延长至)({DATE})")).unwrap(),
        // 2022年12月2日武政规[2022]22号施行 (a history note's first event)
        note_effective: Regex::new(&format!(r"({DATE})\p{{Han}}{{1,12}}[〔\[［(（]\d{{4}}[〕\]］)）]\d+号(?:公布)?施行")).unwrap(),
        // 根据2024年3月22日施行的《…》(…)第二次修订
        note_amended: Regex::new(&format!(r"根据({DATE})(?:施行|公布)的《[^》]+》")).unwrap(),
    })
}

pub fn extract(k: &Knowledge, doc: &Document) -> Vec<LifecycleClause> {
    let mut out = Vec::new();
    if let (Some(note), Some(line)) = (&doc.history_note, doc.history_note_line) {
        let note = compact(note);
        let p = patterns();
        for c in p.note_effective.captures_iter(&note) {
            push_date(&mut out, &c, line, |date| Clause::EffectiveOn { date });
        }
        for c in p.note_amended.captures_iter(&note) {
            push_date(&mut out, &c, line, |date| Clause::AmendedOn { date });
        }
        sentence_clauses(&note, line, &mut out);
    }
    for (line, para) in doc.paragraphs() {
        let p = compact(para);
        for sentence in p.split_inclusive(['。', '；']) {
            let s = outline::marker(sentence).map(|m| &sentence[m.rest..]).unwrap_or(sentence);
            // About this document: 本办法…, or a sentence that names no other
            // (此通知自…施行, 自2020年4月28日起施行, 现予公布，自…).
            let own = s.starts_with('本') || s.contains("本《");
            // The text a 公告 or 令 issues is this document: `《X》已由…通过，现予公布，自公布之日起施行`.
            let issues_itself = s.matches('《').count() == 1 && k.relations.issues_named_text(s);
            let unnamed = !s.contains('《') && (s.starts_with(['自', '此']) || s.contains("现予公布") || s.contains("现予发布")) || issues_itself;
            if own || unnamed {
                sentence_clauses(s, line, &mut out);
            }
        }
    }
    // A law's header lists its amendments (修正, 修订) with their dates.
    for e in &doc.events {
        if e.kind.is_amendment() {
            out.push(LifecycleClause { clause: Clause::AmendedOn { date: e.date }, text: e.text.clone(), line: e.line });
        }
    }
    // Only a real title: a body sentence standing in for a missing one may
    // name another text's （试行）.
    if (doc.title.contains("试行") || doc.title.contains("暂行")) && k.names_a_document(&doc.title) {
        // The title's own line when the body prints it (a promulgated text),
        // else the printed title's line holding 试行/暂行, else the document's first.
        let own = compact(&doc.title);
        let printed = doc.title.find("试行").or_else(|| doc.title.find("暂行")).and_then(|at| doc.title_line_at(at));
        let line = doc.paragraphs().find(|(_, p)| compact(p) == own).map(|(l, _)| l).or(printed).unwrap_or(doc.line_start);
        out.push(LifecycleClause { clause: Clause::Trial, text: doc.title.clone(), line });
    }
    out
}

fn push_date(out: &mut Vec<LifecycleClause>, c: &regex::Captures, line: usize, make: impl Fn(gongwen_model::Date) -> Clause) {
    if let Some(d) = date::parse_exact(&c[1]) {
        out.push(LifecycleClause { clause: make(d), text: c[0].to_string(), line });
    }
}

fn sentence_clauses(s: &str, line: usize, out: &mut Vec<LifecycleClause>) {
    let p = patterns();
    let before = out.len();
    for c in p.effective_on.captures_iter(s) {
        push_date(out, &c, line, |date| Clause::EffectiveOn { date });
    }
    for c in p.on_publication.captures_iter(s) {
        let delay_days = c.get(1).and_then(|m| date::chinese_number(m.as_str())).unwrap_or(0);
        out.push(LifecycleClause { clause: Clause::EffectiveOnPublication { delay_days }, text: c[0].to_string(), line });
    }
    for c in p.term.captures_iter(s) {
        if let Some(years) = date::chinese_number(&c[1].replace('两', "二")) {
            out.push(LifecycleClause { clause: Clause::TermYears { years }, text: c[0].to_string(), line });
        }
    }
    for c in p.until.captures_iter(s) {
        push_date(out, &c, line, |date| Clause::ValidUntil { date });
    }
    // 本办法自公布之日起试行, 试行期一年: provisional.
    let trial_term = p.term.captures_iter(s).any(|c| c[0].starts_with("试行"));
    if p.on_publication.find(s).or_else(|| p.effective_on.find(s)).is_some_and(|m| m.as_str().ends_with("试行")) || s.contains("试行期") || trial_term {
        out.push(LifecycleClause { clause: Clause::Trial, text: "试行".into(), line });
    }
    if s.contains("长期有效") {
        out.push(LifecycleClause { clause: Clause::Indefinite, text: "长期有效".into(), line });
    }
    // Keep the whole sentence as the evidence text: it says more than the match.
    for c in &mut out[before..] {
        if s.chars().count() <= 200 {
            c.text = s.trim_end_matches(['。', '；']).to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(s: &str) -> Vec<Clause> {
        let mut out = Vec::new();
        sentence_clauses(&compact(s), 1, &mut out);
        out.into_iter().map(|c| c.clause).collect()
    }

    #[test]
    fn effective_and_term_clauses() {
        let d = |y, m, d| gongwen_model::Date::new(y, m, d).unwrap();
        assert_eq!(
            clauses("本措施自 2024 年 8 月 15 日起施行，有效期为 4 年。"),
            vec![Clause::EffectiveOn { date: d(2024, 8, 15) }, Clause::TermYears { years: 4 }]
        );
        assert_eq!(
            clauses("本办法自公布之日起 30 日后施行，有效期为 5 年。"),
            vec![Clause::EffectiveOnPublication { delay_days: 30 }, Clause::TermYears { years: 5 }]
        );
        assert_eq!(clauses("本办法自2024年5月10日起施行，有效期五年。")[1], Clause::TermYears { years: 5 });
        assert_eq!(
            clauses("本措施自公布之日起施行，有效期至2025年12月31日。"),
            vec![Clause::EffectiveOnPublication { delay_days: 0 }, Clause::ValidUntil { date: d(2025, 12, 31) }]
        );
        assert_eq!(clauses("本扶持政策自2022年7月31日开始施行，有效期2年。")[0], Clause::EffectiveOn { date: d(2022, 7, 31) });
        assert_eq!(clauses("本办法自公布之日起试行。"), [Clause::EffectiveOnPublication { delay_days: 0 }, Clause::Trial]);
        // A trial period is a term, and says the text is provisional.
        assert_eq!(clauses("本办法自发布之日起30日后施行，试行2年。"), [Clause::EffectiveOnPublication { delay_days: 30 }, Clause::TermYears { years: 2 }, Clause::Trial]);
        assert_eq!(clauses("本办法有效期限为三年。"), [Clause::TermYears { years: 3 }]);
    }

    #[test]
    fn a_wrapped_titles_trial_is_on_the_line_that_prints_it() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let text = "襄江市智能网联汽车道路测试与示范应用\n管理办法（试行）\n第一条 为规范道路测试，制定本办法。\n第二条 本办法自2025年3月1日起施行。\n";
        let d = gongwen_parse::parse_text(k, "x.txt", text).documents.remove(0);
        assert_eq!(d.title, "襄江市智能网联汽车道路测试与示范应用管理办法（试行）");
        assert_eq!(d.title_lines.iter().map(|t| t[1]).collect::<Vec<_>>(), [1, 2]);
        let trial = extract(k, &d).into_iter().find(|c| c.clause == Clause::Trial).expect("试行 from the title");
        assert_eq!(trial.line, 2);
    }

    #[test]
    fn a_promulgated_text_is_named_by_its_promulgation_and_its_statements_are_its_own() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let text = "《襄江市数据条例实施办法（试行）》已经市政府第12次常务会议审议通过，现印发给你们，请认真贯彻执行。\n     襄江市人民政府\n　　2025年1月20日\n襄江市数据条例实施办法（试行）\n　第一章　总则　\n　　第一条　为了规范数据管理，制定本办法。\n　　第二条　本办法自2025年3月1日起施行。\n";
        let parsed = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "x.txt", text);
        assert_eq!(parsed.documents.len(), 1, "{:?}", parsed.documents.iter().map(|d| &d.title).collect::<Vec<_>>());
        let d = &parsed.documents[0];
        assert_eq!(d.title, "襄江市数据条例实施办法（试行）");
        let cs = extract(k, d);
        let trial = cs.iter().find(|c| c.clause == Clause::Trial).expect("试行 from the title");
        assert_eq!(trial.line, 4, "the title's own line: {cs:?}");
        // A 公告 issuing another text states its effect too.
        let notice = "某市人民代表大会常务委员会公告\n\n第8号\n\n《某市物业管理条例》已由某市人民代表大会常务委员会第九次会议于2024年9月24日通过，现予公布，自公布之日起施行。\n\n某市人民代表大会常务委员会\n2024年9月25日\n";
        let parsed = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "y.txt", notice);
        let cs: Vec<Clause> = parsed.documents.iter().flat_map(|d| extract(k, d)).map(|c| c.clause).collect();
        assert!(cs.contains(&Clause::EffectiveOnPublication { delay_days: 0 }), "{cs:?}");
    }
}
