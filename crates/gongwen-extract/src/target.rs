//! Numeric targets: `到2025年，全市低空经济规模达到1000亿元以上`, `力争…`, and
//! the rows of indicator tables (指标 / 2025年 / 属性 预期性·约束性).
//!
//! A target is firm unless the text hedges it (力争, 争取, 努力) or the table
//! marks it 预期性; the units responsible are those of the task note that
//! follows it in the paragraph, or the table row's role columns.

use crate::deadline::alternation;
use crate::nodes::NodeIndex;
use crate::task::Unit;
use gongwen_model::{Document, Table, TableKind};
use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::table::parse_number;
use gongwen_parse::text::compact;
use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub node: Vec<String>,
    pub line: usize,
    /// What is measured (`全市低空经济规模`, `城镇新增就业人数（万人）`).
    pub metric: String,
    pub value: f64,
    /// `亿元`, `%`, `万千瓦` … as printed.
    pub unit: String,
    /// `以上`, `不低于`, `<`, `>` …, when the text bounds the value.
    pub bound: Option<String>,
    pub year: Option<u16>,
    /// 力争 / 争取 / 预期性: an aim rather than a commitment.
    pub aspirational: bool,
    pub units: Vec<Unit>,
    /// The sentence or table row, as written.
    pub text: String,
    /// `inline`, or the caption of the table.
    pub from: String,
}

struct Patterns {
    /// `到2027年`, `2025年底前`: a goal year (group `y`).
    goal_year: Regex,
    /// Any `20xx年`.
    any_year: Regex,
    /// A number with its unit: `50个以上`, `3－5个`, `5%左右`.
    number: Regex,
}

fn patterns(k: &Knowledge) -> std::sync::Arc<Patterns> {
    k.derived(|k| {
        let w = &k.targets;
        let mut units = w.units.clone();
        units.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
        Patterns {
            goal_year: Regex::new(&format!(
                r"(?:(?:{})\s*(?P<y>20\d{{2}})\s*年(?:底|末)?)|(?:(?P<z>20\d{{2}})\s*年(?:{}))",
                alternation(&w.goal_year_before),
                alternation(&w.goal_year_after)
            ))
            .unwrap(),
            any_year: Regex::new(r"(20\d{2})\s*年").unwrap(),
            number: Regex::new(&format!(r"(\d+(?:\.\d+)?)\s*(?:[－\-~～—]\s*\d+(?:\.\d+)?\s*)?({})(以上|以内|以下|左右)?", alternation(&units))).unwrap(),
        }
    })
}

/// What the verb before a number says it is.
#[derive(Clone, Copy, PartialEq)]
enum Verb {
    /// 达到, 下降: the words before the verb are what is measured.
    Level,
    /// 建成, 培育: the words after the unit name what is counted.
    Count,
}

/// The last verb of `clause` (its byte offset, length and kind).
fn last_verb(k: &Knowledge, clause: &str) -> Option<(usize, usize, Verb)> {
    let w = &k.targets;
    let found = |words: &[String], kind: Verb| {
        words.iter().filter_map(move |v| clause.rfind(v.as_str()).map(|at| (at, v.len(), kind))).collect::<Vec<_>>()
    };
    let mut all = found(&w.level_verbs, Verb::Level);
    all.extend(found(&w.count_verbs, Verb::Count));
    // The verb nearest the number; of two at one place the longer (提高到, not 提高).
    all.into_iter().max_by_key(|&(at, len, _)| (at + len, len))
}

/// Targets in the sentences of one paragraph. A sentence sets goals when it
/// states a goal year (到2027年), a goal word (力争, 目标), or follows such a
/// sentence in the paragraph, and does not report a past year or what was
/// done (已, 累计 without a goal of its own); in it, every number with a unit
/// after a verb of data/targets.toml is a target. The year is the goal year
/// before it in the sentence, else the paragraph's, else the document's own
/// year where the sentence says 今年.
/// `line_at(offset)`: the source line of a byte offset in `paragraph` (it
/// may wrap over several).
fn inline(k: &Knowledge, paragraph: &str, line_at: &dyn Fn(usize) -> usize, node: &[String], doc_year: Option<u16>, ctx: &mut Goal, units_after: &dyn Fn(usize) -> Vec<Unit>) -> Vec<Target> {
    let p = patterns(k);
    let w = &k.targets;
    let has = |text: &str, words: &[String]| words.iter().any(|x| text.contains(x.as_str()));
    let mut out = Vec::new();
    let mut offset = 0;
    let (mut paragraph_year, mut paragraph_goal, mut paragraph_hedged) = (ctx.year, ctx.goal, ctx.hedged);
    // A sentence of the paragraph has reported what was done: a goal word
    // after it (争取中央预算内投资…) sets no goal for the sentences that follow.
    let mut reported = false;
    for sentence in paragraph.split_inclusive(['。', '；']) {
        let mut goal_years: Vec<(usize, u16)> = p
            .goal_year
            .captures_iter(sentence)
            .filter_map(|c| Some((c.get(0)?.start(), c.name("y").or(c.name("z"))?.as_str().parse().ok()?)))
            // 截至2022年底 reports; 至 alone sets a goal.
            .filter(|&(at, _)| !w.past_year_before.iter().any(|b| sentence[..at + '至'.len_utf8()].ends_with(b.as_str())))
            // `从2012年的42.1%提高到2021年的73%`: the end of a span from a
            // past year, a goal only where it lies after the document's year.
            .filter(|&(at, y)| doc_year.is_some_and(|d| y >= d) || !span_from_year(k, &sentence[..at]))
            .collect();
        // A milestone: `2026年：新能源汽车产量40万辆` opening a sentence,
        // not before the document's year.
        if goal_years.is_empty() {
            let lead = sentence.len() - sentence.trim_start().len();
            if let Some(c) = p.any_year.captures(&sentence[lead..]).filter(|c| c.get(0).is_some_and(|m| m.start() == 0 && sentence[lead + m.end()..].starts_with(['：', ':']))) {
                goal_years.extend(c[1].parse::<u16>().ok().filter(|&y| doc_year.is_none_or(|d| y >= d)).map(|y| (lead, y)));
            }
            // `第二季度：举办推介会2场`: a milestone of the document's own year.
            let opens_period = w.period_openers.iter().any(|o| sentence[lead..].strip_prefix(o.as_str()).is_some_and(|r| r.starts_with(['：', ':'])));
            if let (true, Some(d)) = (opens_period, doc_year) {
                goal_years.push((lead, d));
            }
        }
        // An undated plan's step: `2017年，…开展…` opening a sentence of a
        // paragraph that sets goals.
        if doc_year.is_none() && goal_years.is_empty() {
            let lead = sentence.len() - sentence.trim_start().len();
            if let Some(c) = p.any_year.captures(&sentence[lead..]).filter(|c| c.get(0).is_some_and(|m| m.start() == 0 && sentence[lead + m.end()..].starts_with('，'))) {
                goal_years.extend(c[1].parse().ok().filter(|y| paragraph_goal || ctx.goal_years.contains(y)).map(|y| (lead, y)));
            }
        }
        let goal_word = has(sentence, &w.goal_words);
        // `关于…平均降低10%的要求`: a goal set elsewhere, named as one.
        let named_goal = p.number.find_iter(sentence).any(|m| w.goal_after.iter().any(|g| sentence[m.end()..].starts_with(g.as_str())));
        let own_goal = !goal_years.is_empty() || goal_word || named_goal;
        // A year of the past named without a goal marker: statistics.
        let past_year = p.any_year.captures_iter(sentence).any(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            let end = c.get(0).map_or(0, |m| m.end());
            if w.reference_year_after.iter().any(|r| sentence[end..].starts_with(r.as_str())) {
                return false;
            }
            let y: u16 = c[1].parse().unwrap_or(0);
            // In an undated text a year is past only where no goal word says
            // otherwise, nor the paragraph's goal year is before it.
            !goal_years.iter().any(|&(g, _)| g <= at && at <= g + 12) && doc_year.map_or(!goal_word && paragraph_year.is_none_or(|g| y < g), |d| y < d)
        });
        let this_year = has(sentence, &w.this_year).then_some(doc_year).flatten();
        // A year named without 到 in a sentence that sets goals, not before
        // the document's own: `2017年，…力争达到90%`.
        let future_years: Vec<(usize, u16)> = p
            .any_year
            .captures_iter(sentence)
            .filter_map(|c| Some((c.get(0)?.start(), c[1].parse::<u16>().ok()?)))
            .filter(|&(at, y)| doc_year.map_or(goal_word, |d| y >= d) && !w.past_year_before.iter().any(|b| sentence[..at].ends_with(b.as_str())))
            .collect();
        let goal = own_goal || paragraph_goal;
        let reports = has(sentence, &w.past_words) || past_year;
        // A sentence that reports and then names a goal word (…预计完成投资160亿元，
        // 争取…): its numbers before the goal word are statistics.
        let goal_from = if goal_years.is_empty() && !paragraph_goal && reports {
            w.goal_words.iter().filter_map(|g| sentence.find(g.as_str())).min().unwrap_or(0)
        } else {
            0
        };
        if !goal || (!own_goal && (has(sentence, &w.past_words) || past_year)) || (goal_years.is_empty() && past_year) {
            reported |= reports && goal_years.is_empty();
            offset += sentence.len();
            continue;
        }
        for c in p.number.captures_iter(sentence) {
            let m = c.get(0).expect("match");
            let at = m.start();
            // The second number of a range printed with its unit (30%~40%).
            if at < goal_from || is_range_end(k, &sentence[..at]) || sentence[..at].ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '.') {
                continue;
            }
            let clause_start = sentence[..at].char_indices().rev().find(|&(_, ch)| matches!(ch, '，' | '；' | '：' | '。' | '（' | '(')).map_or(0, |(i, ch)| i + ch.len_utf8());
            let clause = &sentence[clause_start..at];
            // `…共计约6000万千瓦，其中“三北”地区约2800万千瓦`: a part of the
            // clause before, under its verb.
            let technical = w.technical_units.iter().any(|u| *u == c[2]);
            // `力争100家企业达到3级以上`, `10家以上重点企业实现…`: a count that
            // opens its clause before what it counts and the verb.
            let verb_found = last_verb(k, clause);
            let leading = verb_found.is_none().then(|| leading_count(k, clause, &sentence[m.end()..])).flatten();
            // `确保生猪出栏210万头、水果产量19万吨`: in a sentence that sets goals,
            // a list piece that is only a metric and its number needs no verb.
            let verbless = (goal && verb_found.is_none() && leading.is_none())
                .then(|| verbless_piece(clause, &sentence[m.end()..]).or_else(|| labelled_value(sentence, clause_start, clause)))
                .flatten()
                .filter(|piece| !w.verbless_not.iter().any(|n| piece.contains(n.as_str())));
            let Some((v_at, v_len, verb)) = verb_found
                .or_else(|| clause.find("其中").filter(|&i| clause[..i].trim().is_empty()).map(|i| (i, "其中".len(), Verb::Level)))
                // `绝对精度100Pa以内`: a specification needs no verb.
                .or_else(|| (technical || leading.is_some() || verbless.is_some()).then_some((clause.len(), 0, Verb::Level)))
            else {
                continue;
            };
            let after = &sentence[m.end()..];
            // `超过95%的区域` is a class; `分别达到15%、20%的目标` a target.
            if w.class_marks.iter().any(|k| after.starts_with(k.as_str())) || (after.starts_with('的') && !w.goal_after.iter().any(|g| after.starts_with(g.as_str())) && !technical) {
                continue;
            }
            // `落实…30条措施`, `13件民生实事`: items of a text, not a goal.
            if w.text_items.iter().any(|k| after.starts_with(k.as_str())) {
                continue;
            }
            // `达到30%~40%额定容量`: the range's end is no second number.
            let after = p.number.find(after).filter(|n| n.start() > 0 && after[..n.start()].trim().chars().all(|ch| matches!(ch, '~' | '～' | '－' | '-' | '—' | '至'))).map_or(after, |n| &after[n.end()..]);
            let counted: String = after.chars().take_while(|ch| !matches!(ch, '，' | '、' | '；' | '。' | '：' | '（' | '(')).collect();
            let verb_word = &clause[v_at..v_at + v_len];
            // `不断提升22个国考断面水质`: existing things to improve, not a level.
            if w.improving_verbs.iter().any(|v| v == verb_word) && !counted.trim().is_empty() && !counted.starts_with("的目标") {
                continue;
            }
            // `新签约10亿元以上项目50个`: the first number is a size class of
            // what the second counts.
            if counted.contains(|ch: char| ch.is_ascii_digit()) && leading.is_none() {
                continue;
            }
            let before = clause[..v_at].trim();
            // `改造老旧小区22个`, `实现旅游综合收入520亿元`: the words between verb and number.
            // In a list (`培育20家A、100家B`) only the words after the last 、.
            let between = clause[v_at + v_len..].rsplit('、').next().unwrap_or_default().trim();
            let long = |t: &str| t.chars().count() >= 2;
            let mut metric = match verb {
                Verb::Level if long(before) => before.to_string(),
                // `城镇新增就业3万人`: what stands before the verb names it too.
                _ if long(between) && !before.is_empty() && !clause[v_at + v_len..].contains('、') => format!("{before}{}{between}", &clause[v_at..v_at + v_len]),
                _ if long(between) => between.to_string(),
                _ if !counted.is_empty() => counted.trim_start_matches('的').to_string(),
                _ => before.to_string(),
            };
            // `建设一批调峰电站，新增装机500万千瓦`: the clause before names it.
            if metric.chars().count() < 2 && v_len >= "新增".len() {
                let prev = sentence[..clause_start].trim_end_matches(['，', '；', '：', '（', '(']);
                let prev = prev.rsplit(['，', '；', '：', '。', '（', '(']).next().unwrap_or_default().trim();
                metric = format!("{prev}{}", &clause[v_at..v_at + v_len]);
            }
            if let Some(v) = &verbless {
                metric = v.clone();
            }
            if let Some(l) = &leading {
                metric = l.clone();
            }
            // `为贯彻落实《报告》关于电价再降低10%的要求`: what the goal is about.
            if let Some(i) = metric.rfind("关于") {
                metric = metric[i + "关于".len()..].to_string();
            }
            if let Some(y) = p.goal_year.find(&metric).filter(|y| y.start() == 0) {
                metric = metric[y.end()..].to_string();
            }
            for h in w.hedges.iter().map(String::as_str).chain(["全市", "全区", "全省", "，"]) {
                metric = metric.trim_start_matches(h).to_string();
            }
            if metric.chars().count() < 2 || w.budget_words.iter().any(|b| metric.contains(b.as_str())) {
                continue;
            }
            let year = respective_year(k, sentence, clause_start, clause)
                .or_else(|| goal_years
                .iter()
                .rev()
                .find(|(y, _)| *y < at)
                .map(|y| y.1)
                .or(paragraph_year)
                .or_else(|| future_years.iter().rev().find(|(y, _)| *y < at).map(|y| y.1))
                .or(this_year));
            out.push(Target {
                node: node.to_vec(),
                line: line_at(offset + at),
                metric,
                value: c[1].parse().unwrap_or(0.0),
                unit: c[2].to_string(),
                bound: c.get(3).map(|m| m.as_str().to_string()).or_else(|| matches!(verb_word, "不低于" | "不少于" | "超过" | "突破" | "不超过").then(|| verb_word.to_string())),
                year,
                aspirational: paragraph_hedged || has(&sentence[..at], &w.hedges),
                units: units_after(offset + at),
                text: sentence.trim().to_string(),
                from: "inline".into(),
            });
        }
        if let Some(&(_, y)) = goal_years.last() {
            paragraph_year = Some(y);
            paragraph_hedged = has(sentence, &w.hedges);
        } else if own_goal && paragraph_year.is_none() {
            // 今年主要预期目标是：… sets the document's own year; 总体目标2017年…
            // (a year named in a goal sentence) the year it names.
            paragraph_year = this_year.or(future_years.last().map(|&(_, y)| y));
        }
        // A goal named as such (总体目标…) sets goals for what follows even
        // after a report; a hedge (争取…) in a reporting paragraph does not.
        ctx.goal_years.extend(goal_years.iter().map(|&(_, y)| y));
        if own_goal {
            ctx.goal_years.extend(future_years.iter().map(|&(_, y)| y));
        }
        paragraph_goal |= own_goal && (!goal_years.is_empty() || !(reported || reports) || sentence.contains("目标"));
        reported |= reports && goal_years.is_empty();
        offset += sentence.len();
    }
    *ctx = Goal { year: paragraph_year, goal: paragraph_goal, hedged: paragraph_hedged, goal_years: std::mem::take(&mut ctx.goal_years) };
    out
}

/// What a count opening its clause counts (`重点企业` in `10家以上重点企业实现…`):
/// the clause before the number holds only a goal year, a hedge or a place
/// word, and a verb follows the counted words in the clause.
fn leading_count(k: &Knowledge, clause: &str, after: &str) -> Option<String> {
    let w = &k.targets;
    let mut bare = clause.trim();
    if let Some(y) = patterns(k).goal_year.find(bare).filter(|y| y.start() == 0) {
        bare = bare[y.end()..].trim_start_matches('，').trim();
    }
    for h in w.hedges.iter().map(String::as_str).chain(["全国", "全省", "全市", "全区"]) {
        bare = bare.trim_start_matches(h).trim();
    }
    if !bare.is_empty() {
        return None;
    }
    let tail = after.split(['，', '；', '。', '：']).next().unwrap_or_default();
    let at = w.level_verbs.iter().chain(&w.count_verbs).filter_map(|v| tail.find(v.as_str())).min()?;
    let counted = tail[..at].trim_end_matches('的').trim();
    (counted.chars().count() >= 2 && !counted.contains(|ch: char| ch.is_ascii_digit())).then(|| counted.to_string())
}

/// Does the clause before a `到YYYY年` open a span at a year (从2012年的…, 由2012年…)?
fn span_from_year(k: &Knowledge, before: &str) -> bool {
    let clause = before.rsplit(['，', '；', '。', '：']).next().unwrap_or(before);
    ["从", "由"].iter().any(|w| clause.match_indices(w).any(|(i, _)| patterns(k).any_year.find(&clause[i + w.len()..]).is_some_and(|y| y.start() == 0)))
}

/// `到2020年、2030年分别达到15%、20%`: the year of the k-th number after
/// 分别 is the k-th of the years listed together before it.
fn respective_year(kn: &Knowledge, sentence: &str, clause_start: usize, clause: &str) -> Option<u16> {
    let apart = clause.find("分别")?;
    let k = clause[apart..].matches('、').count();
    let before = &sentence[..clause_start + apart];
    let years: Vec<(usize, usize, u16)> = patterns(kn).any_year.captures_iter(before).filter_map(|c| Some((c.get(0)?.start(), c.get(0)?.end(), c[1].parse().ok()?))).collect();
    // The last run of years joined by 、 or 和.
    let mut run = Vec::new();
    for i in (0..years.len()).rev() {
        if i + 1 < years.len() && !matches!(before[years[i].1..years[i + 1].0].trim(), "、" | "和" | "及") {
            break;
        }
        run.push(years[i].2);
    }
    run.reverse();
    (run.len() >= 2).then(|| run.get(k).copied()).flatten()
}

/// Does a number after `before` end a range (30%~40%, 3至5个)? A 至 is a
/// range only after a number (降至30%, 提高至 are verbs).
fn is_range_end(k: &Knowledge, before: &str) -> bool {
    if before.ends_with(['~', '～', '－', '-', '—']) {
        return true;
    }
    before.strip_suffix('至').is_some_and(|b| {
        let b = b.trim_end();
        b.ends_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '%' | '％' | '‰')) || k.targets.units.iter().any(|u| b.ends_with(u.as_str()) && b[..b.len() - u.len()].ends_with(|ch: char| ch.is_ascii_digit()))
    })
}

/// The goal a paragraph states for what follows it: its year, whether it
/// sets goals, whether it hedges them.
#[derive(Clone, Default)]
struct Goal {
    year: Option<u16>,
    goal: bool,
    hedged: bool,
    /// Years the document has set goals for so far (总体目标2017年…):
    /// in an undated text a sentence opening with one (`2017年，…`) sets
    /// goals for it.
    goal_years: Vec<u16>,
}

/// The year a column names (`2025年`, `2025年目标值`): four ASCII digits
/// starting 20 and followed by 年. Byte offsets are checked, never assumed: the
/// bytes after a `20` may be the middle of a character (`20万`).
fn year_of(column: &str) -> Option<u16> {
    let c = compact(column);
    c.match_indices("20").find_map(|(at, _)| {
        let digits = c.get(at..at + 4).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        c[at + 4..].starts_with('年').then(|| digits.parse().ok()).flatten()
    })
}

/// Rows of an indicator table: one target per row and future-year column.
fn table_targets(table: &Table, doc_year: Option<u16>, node: &[String]) -> Vec<Target> {
    if table.kind != TableKind::Grid {
        return Vec::new();
    }
    let names: Vec<String> = table.columns.iter().map(|c| compact(&c.name)).collect();
    let Some(metric_col) = names.iter().position(|n| n.contains("指标")) else { return Vec::new() };
    let kind_col = names.iter().position(|n| n.contains("属性"));
    // Columns of target years: named 目标 or a year after the document's.
    let target_cols: Vec<(usize, u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.contains("基") && !n.contains("完成"))
        .filter_map(|(i, n)| year_of(n).map(|y| (i, y)))
        .filter(|(i, y)| names[*i].contains("目标") || doc_year.is_none_or(|d| *y > d))
        .collect();
    let caption = table.caption.clone().unwrap_or_else(|| "表格".into());
    let mut out = Vec::new();
    for row in &table.rows {
        // A row number before the indicator (`3.`, `3．`, `3、`) is not part of
        // it; a number that is (`70岁以下人口占比`) stays.
        let metric = row.cells.get(metric_col).map(|m| strip_row_number(m).to_string()).unwrap_or_default();
        if metric.is_empty() {
            continue;
        }
        let unit = metric.rfind('（').map(|i| metric[i..].trim_matches(['（', '）']).to_string()).unwrap_or_default();
        for &(col, year) in &target_cols {
            let Some(cell) = row.cells.get(col) else { continue };
            let Some(value) = parse_number(cell) else { continue };
            let bound = cell.trim().chars().next().filter(|c| matches!(c, '<' | '>' | '≥' | '≤' | '＜' | '＞')).map(|c| c.to_string());
            out.push(Target {
                node: node.to_vec(),
                line: row.line,
                metric: metric.clone(),
                value,
                unit: unit.clone(),
                bound,
                year: Some(year),
                aspirational: kind_col.and_then(|k| row.cells.get(k)).is_some_and(|k| k.contains("预期")),
                units: vec![],
                text: row.cells.join(" | "),
                from: caption.clone(),
            });
        }
    }
    out
}

/// Every numeric target of `doc`.
pub fn targets(k: &Knowledge, doc: &Document) -> Vec<Target> {
    let nodes = NodeIndex::new(doc);
    let mut out = Vec::new();
    let words = &k.targets;
    let doc_year = doc.date.map(|d| d.year).or_else(|| declared_year(k, doc));
    let goal_words = &words.goal_words;
    // The top-level part that speaks of the document's own year (今年…).
    let mut this_year_part: Option<Option<String>> = None;
    // A paragraph that introduces a list (`到2027年，实现以下目标：`) states
    // the goal of the paragraphs under it, in its node and the nodes below.
    let mut carried: Option<(Vec<String>, Goal)> = None;
    let mut seen_goal_years: Vec<u16> = Vec::new();
    let mut heading_year: Option<(Vec<String>, u16)> = None;
    // The goal of the last paragraph that set one for a year, for the
    // bulleted items right after it.
    let mut bullet_lead: Option<Goal> = None;
    // The goal of a heading over a list of indicators (专栏1 主要指标（到2027年）),
    // for the numbered items right after it.
    let mut heading_lead: Option<Goal> = None;
    for (line, paragraph) in doc.paragraphs() {
        let bulleted = words.bullets.iter().any(|b| paragraph.trim_start().starts_with(b.as_str()));
        let item = gongwen_parse::outline::marker(paragraph.trim_start()).is_some();
        if !bulleted {
            bullet_lead = None;
        }
        if !item && !bulleted {
            heading_lead = None;
        }
        let place = nodes.at(line);
        let node = place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default();
        if carried.as_ref().is_some_and(|(path, _)| !node.starts_with(path)) {
            carried = None;
        }
        // The part about the report's own year opens where it says 今年 (with
        // or without a number) and lasts to the end of its top-level part.
        let top = node.first().cloned();
        if this_year_part.as_ref().is_some_and(|t| *t != top) {
            this_year_part = None;
        }
        if words.this_year_section.iter().any(|w| paragraph.contains(w.as_str())) {
            this_year_part = Some(top);
        }
        if !paragraph.contains(|c: char| c.is_ascii_digit()) || paragraph.contains('\t') {
            if paragraph.trim_end().ends_with('：') && goal_words.iter().any(|g| paragraph.contains(g.as_str())) {
                carried = Some((node.clone(), Goal { goal: true, ..Goal::default() }));
            }
            continue;
        }
        // A report's review of past years states what was done.
        let in_review = place.as_ref().and_then(|p| p.headings.first()).and_then(|h| h.as_deref()).is_some_and(|h| words.review_headings.iter().any(|r| h.contains(r.as_str())));
        if in_review {
            continue;
        }
        // Under a heading that names goals (主要目标, 二、行动目标) every paragraph sets them.
        let under_goal_heading = place
            .as_ref()
            .is_some_and(|p| p.headings.iter().flatten().any(|h| goal_words.iter().chain(&words.goal_headings).any(|g| h.contains(g.as_str()))));
        let lead = if bulleted { bullet_lead.clone() } else { None }.or_else(|| heading_lead.clone());
        let mut ctx = carried.as_ref().map(|(_, g)| g.clone()).or(lead).unwrap_or_default();
        ctx.goal_years = std::mem::take(&mut seen_goal_years);
        ctx.goal |= under_goal_heading;
        // The goal year stated first under a goals heading (到2025年，…) is the
        // year of the paragraphs after it there that state none.
        if under_goal_heading {
            if let Some((_, y)) = heading_year.as_ref().filter(|(path, _)| node.starts_with(path)) {
                ctx.year = ctx.year.or(Some(*y));
            }
        }
        if this_year_part.is_some() {
            ctx.year = ctx.year.or(doc_year);
            // A report's part about its own year plans it: what it will do is a goal.
            ctx.goal = true;
        }
        let units_after = |at: usize| crate::task::units_after(k, paragraph, at);
        let found = inline(k, paragraph, &|at| doc.line_at(line, at), &node, doc_year, &mut ctx, &units_after);
        if under_goal_heading && !heading_year.as_ref().is_some_and(|(path, _)| node.starts_with(path)) {
            let stated = patterns(k).goal_year.captures(paragraph).and_then(|c| c.name("y").or(c.name("z"))?.as_str().parse().ok());
            heading_year = stated.map(|y| (node.clone(), y));
        }
        let none_found = found.is_empty();
        out.extend(found);
        seen_goal_years = std::mem::take(&mut ctx.goal_years);
        if !bulleted && ctx.goal && ctx.year.is_some() {
            bullet_lead = Some(Goal { goal_years: Vec::new(), ..ctx.clone() });
            if !item && none_found && !gongwen_parse::text::ends_sentence(paragraph.trim_end()) && paragraph.chars().count() <= MAX_INDICATOR_HEADING_CHARS {
                heading_lead = bullet_lead.clone();
            }
        }
        if paragraph.trim_end().ends_with('：') && ctx.goal {
            carried = Some((node, ctx));
        }
    }
    for t in &doc.tables {
        let node = nodes.at(t.line_start).map(|p| p.path.to_vec()).unwrap_or_default();
        out.extend(table_targets(t, doc_year, &node));
    }
    out
}

/// The year an undated document names as its own (`2024年是…`,
/// `2024年工作安排`): the first year followed by a declaration word.
fn declared_year(k: &Knowledge, doc: &Document) -> Option<u16> {
    let w = &k.targets;
    // The first year followed by one of `words`.
    let first = |words: &[String]| {
        doc.paragraphs().find_map(|(_, p)| {
            patterns(k).any_year.captures_iter(p).find_map(|c| {
                let end = c.get(0)?.end();
                let after = &p[end - '年'.len_utf8()..];
                words.iter().any(|w| after.starts_with(w.as_str())).then(|| c[1].parse::<u16>().ok()).flatten()
            })
        })
    };
    first(&w.year_declarations).or_else(|| first(&w.review_declarations).map(|y| y + 1)).or_else(|| first(&w.year_openers))
}

/// The metric of a list piece that is a noun and its number, nothing else:
/// `水果产量` before `19万吨、`; none when the piece holds a number of its
/// own or the number does not end the piece (its unit, then at most a bound).
fn verbless_piece(clause: &str, after_number: &str) -> Option<String> {
    let piece = clause.rsplit(['、', '，', '；']).next()?.trim();
    // `增速由30%至40%`, `比上年…`: a span or a comparison, not a level.
    if piece.chars().count() < 2 || piece.contains(|c: char| c.is_ascii_digit()) || piece.ends_with(['的', '由', '从', '比', '较', '为']) {
        return None;
    }
    // The unit is letters or CJK up to the bound or the end of the piece.
    let rest: String = after_number.chars().skip_while(|c| !matches!(c, '、' | '，' | '；' | '。')).take(1).collect();
    let tail: String = after_number.chars().take_while(|c| !matches!(c, '、' | '，' | '；' | '。')).collect();
    (!rest.is_empty() && tail.chars().count() <= 6 && !tail.contains(|c: char| c.is_ascii_digit())).then(|| piece.to_string())
}

/// `（1）上云企业数量：8万家以上`: an indicator and its value, as a list of
/// indicators prints them; the metric is what stands before the colon.
fn labelled_value(sentence: &str, clause_start: usize, clause: &str) -> Option<String> {
    let head = sentence[..clause_start].strip_suffix(['：', ':'])?;
    if !clause.trim().is_empty() {
        return None;
    }
    let head = head.rsplit(['，', '；', '。']).next()?.trim();
    let head = gongwen_parse::outline::marker(head).map_or(head, |m| head[m.rest..].trim());
    (head.chars().count() >= 2 && head.chars().count() <= MAX_INDICATOR_CHARS && !head.contains(|c: char| c.is_ascii_digit())).then(|| head.to_string())
}

/// Longest heading over a list of indicators.
const MAX_INDICATOR_HEADING_CHARS: usize = 40;

/// Longest name of an indicator before its value.
const MAX_INDICATOR_CHARS: usize = 30;

/// `3.指标` → `指标`; `70岁以下…` unchanged.
fn strip_row_number(cell: &str) -> &str {
    let digits = cell.len() - cell.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &cell[digits..];
    match rest.chars().next() {
        Some(c @ ('.' | '．' | '、')) if digits > 0 => rest[c.len_utf8()..].trim_start(),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(k: &Knowledge, p: &str) -> Vec<Target> {
        inline(k, p, &|_| 1, &[], None, &mut Goal::default(), &|_| vec![])
    }

    #[test]
    fn a_column_with_20_before_a_wide_character_is_no_year() {
        // `20万` used to be sliced at a byte inside 万.
        assert_eq!(year_of("20万人"), None);
        assert_eq!(year_of("规模20万2025年目标"), Some(2025));
        assert_eq!(year_of("2025年"), Some(2025));
        assert_eq!(year_of("20"), None);
    }

    #[test]
    fn a_verb_ending_in_zhi_is_no_range() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2020年，甘肃、新疆弃风率降至30%左右，服务业比重提高至55%，增速由30%至40%。");
        let got: Vec<(&str, f64)> = t.iter().map(|t| (t.metric.as_str(), t.value)).collect();
        assert_eq!(got, [("甘肃、新疆弃风率", 30.0), ("服务业比重", 55.0)], "40% ends the range 30%至40%");
    }

    #[test]
    fn a_goal_named_as_one_needs_no_year() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "为贯彻落实《政府工作报告》关于一般工商业平均电价再降低10%的要求，现就有关事项通知如下。");
        assert_eq!(t.iter().map(|t| (t.metric.as_str(), t.value)).collect::<Vec<_>>(), [("一般工商业平均电价再", 10.0)]);
        assert!(one(k, "到2025年，落实支持个体工商户发展30条措施，遴选提出13件民生实事。").is_empty(), "items of a text");
    }

    #[test]
    fn firm_and_aspirational_targets() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2025年，全市低空经济规模达到1000亿元以上，力争新能源装机容量达到100万千瓦。");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].metric.as_str(), t[0].value, t[0].unit.as_str(), t[0].bound.as_deref(), t[0].year, t[0].aspirational), ("低空经济规模", 1000.0, "亿元", Some("以上"), Some(2025), false));
        assert_eq!((t[1].metric.as_str(), t[1].value, t[1].unit.as_str(), t[1].aspirational), ("新能源装机容量", 100.0, "万千瓦", true));
        assert!(one(k, "全市生产总值达到2万亿元。").is_empty(), "no year, no target");
    }

    #[test]
    fn the_year_of_a_paragraph_counts_and_levels() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2027年，全市数字经济规模突破5000亿元。建成50个以上公共数据专区，培育20家领军企业、100家专精特新企业，新签约10亿元以上项目30个。");
        let got: Vec<(&str, f64, &str, Option<u16>)> = t.iter().map(|t| (t.metric.as_str(), t.value, t.unit.as_str(), t.year)).collect();
        assert_eq!(
            got,
            [
                ("数字经济规模", 5000.0, "亿元", Some(2027)),
                ("公共数据专区", 50.0, "个", Some(2027)),
                ("领军企业", 20.0, "家", Some(2027)),
                ("专精特新企业", 100.0, "家", Some(2027)),
                ("新签约10亿元以上项目", 30.0, "个", Some(2027)),
            ],
            "{t:?}"
        );
    }

    #[test]
    fn statistics_are_not_targets() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert!(one(k, "截至2022年底，全国累计建成5G基站196.8万个。").is_empty());
        assert!(one(k, "2021年，我国大数据产业规模达到1.3万亿元。").is_empty());
        assert!(one(k, "预计全年地区生产总值增长6%，全面完成年度目标任务。").is_empty());
    }

    #[test]
    fn a_work_reports_goals_of_this_year() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = inline(k, "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人以上。", &|_| 1, &[], Some(2024), &mut Goal::default(), &|_| vec![]);
        let got: Vec<(&str, f64, Option<&str>, Option<u16>)> = t.iter().map(|t| (t.metric.as_str(), t.value, t.bound.as_deref(), t.year)).collect();
        assert_eq!(got, [("地区生产总值", 6.0, Some("左右"), Some(2024)), ("城镇新增就业", 3.0, Some("以上"), Some(2024))], "{t:?}");
    }

    /// An undated report: its review (`一、2023年工作回顾`, opening `2023年是…`)
    /// says what was done; its plans for its own year (2024) are goals,
    /// hedged or not.
    #[test]
    fn a_reports_review_and_its_plans() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let text = "襄江市政府工作报告\n一、2023年工作回顾\n2023年是极不平凡的一年。完成人工造林3万亩，成功争取中央资金5亿元。\n二、2024年工作安排\n今年是实施“十四五”规划的关键一年。\n（一）壮大产业。电子信息产业实现营收1900亿元以上，新增规模以上工业企业200家。\n";
        let doc = gongwen_parse::parse_text(k, "r.txt", text).documents.remove(0);
        let t = targets(k, &doc);
        let got: Vec<(f64, &str, Option<u16>)> = t.iter().map(|t| (t.value, t.unit.as_str(), t.year)).collect();
        assert_eq!(got, [(1900.0, "亿元", Some(2024)), (200.0, "家", Some(2024))], "{t:?}");
    }

    /// Under a heading over goals every paragraph sets them, in the year the
    /// first one states.
    #[test]
    fn a_goals_heading_and_its_year() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let text = "襄江市智能装备产业发展行动方案\n一、总体要求\n坚持创新引领。\n二、行动目标\n到2025年，智能装备产业体系基本形成。\n——技术水平明显提高。突破50种以上核心零部件。\n——行业应用显著深化。推动100个以上示范应用。\n三、重点任务\n推动20个项目建设。\n";
        let doc = gongwen_parse::parse_text(k, "g.txt", text).documents.remove(0);
        let t = targets(k, &doc);
        let got: Vec<(f64, Option<u16>)> = t.iter().map(|t| (t.value, t.year)).collect();
        assert_eq!(got, [(50.0, Some(2025)), (100.0, Some(2025))], "{t:?}");
    }

    #[test]
    fn a_list_of_figures_without_verbs_in_a_goal_sentence() {
        let k = &Knowledge::builtin();
        let t = one(k, "到2025年，确保生猪出栏210万头、水果产量19万吨，补贴上限为每年50万元，增速由30%至40%。");
        let got: Vec<(&str, f64, &str)> = t.iter().map(|t| (t.metric.as_str(), t.value, t.unit.as_str())).collect();
        assert_eq!(got, [("确保生猪出栏", 210.0, "万头"), ("水果产量", 19.0, "万吨")], "{t:?}");
    }

    #[test]
    fn counts_in_ten_thousands_of_any_unit() {
        let k = &Knowledge::builtin();
        let t = one(k, "到2027年，工业互联网平台连接设备数量超过500万台（套），新能源汽车保有量达到30万辆。");
        let got: Vec<(f64, &str)> = t.iter().map(|t| (t.value, t.unit.as_str())).collect();
        assert_eq!(got, [(500.0, "万台（套）"), (30.0, "万辆")], "{t:?}");
    }

    #[test]
    fn plan_periods_and_respective_years() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "“十四五”期间，新建光伏电站500万千瓦。");
        assert_eq!(t.iter().map(|t| (t.value, t.unit.as_str(), t.year)).collect::<Vec<_>>(), [(500.0, "万千瓦", None)], "{t:?}");
        let t = one(k, "为实现2025年、2030年可再生能源比重分别达到30%、40%的目标，加快建设。");
        assert_eq!(t.iter().map(|t| (t.value, t.year)).collect::<Vec<_>>(), [(30.0, Some(2025)), (40.0, Some(2030))], "{t:?}");
    }

    #[test]
    fn budgets_reports_spans_and_existing_things_are_not_targets() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2025年，争取专项债券资金50亿元，新建学校10所。");
        assert_eq!(t.iter().map(|t| (t.value, t.unit.as_str())).collect::<Vec<_>>(), [(10.0, "所")], "{t:?}");
        assert!(one(k, "预计全年完成投资300亿元。争取中央补助资金5亿元。招引项目20个。").is_empty());
        assert!(one(k, "宽带普及率从2015年的40%提高到2020年的70%，用户达到8亿户。").is_empty());
        assert!(one(k, "到2025年，不断提升15个监测断面水质。").is_empty());
    }

    #[test]
    fn parts_lists_ranges_and_recurring_goals() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2025年，新建储能电站共计约800万千瓦，其中西部地区约300万千瓦。");
        assert_eq!(t.iter().map(|t| t.value).collect::<Vec<_>>(), [800.0, 300.0], "{t:?}");
        let t = one(k, "到2025年，新申创示范村15个左右、省级中心村40个以上，机组出力达到30%~40%额定容量。");
        assert_eq!(t.iter().map(|t| (t.value, t.unit.as_str())).collect::<Vec<_>>(), [(15.0, "个"), (40.0, "个"), (30.0, "%")], "{t:?}");
        let t = one(k, "每年实施不少于20项重点科技项目。");
        assert_eq!(t.iter().map(|t| (t.value, t.bound.as_deref())).collect::<Vec<_>>(), [(20.0, Some("不少于"))], "{t:?}");
    }

    #[test]
    fn technical_specifications_need_no_verb() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2025年，灵敏度达到120dB的麦克风实现量产，分辨率10Pa以内的压力传感器实现商用。");
        assert_eq!(t.iter().map(|t| (t.value, t.unit.as_str())).collect::<Vec<_>>(), [(120.0, "dB"), (10.0, "Pa")], "{t:?}");
        assert!(one(k, "到2025年，覆盖超过95%的区域。").is_empty(), "a share before 的 is a class");
    }

    #[test]
    fn a_count_before_what_it_counts() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = one(k, "到2026年，力争50家企业达到2级以上标准，20家以上骨干企业实现数字化改造。");
        assert_eq!(t.iter().map(|t| (t.metric.as_str(), t.value, t.unit.as_str())).collect::<Vec<_>>(), [("企业", 50.0, "家"), ("骨干企业", 20.0, "家")], "{t:?}");
    }

    #[test]
    fn an_undated_plans_yearly_step() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let step = "2019年，新建调峰电站100万千瓦。";
        let mut ctx = Goal { goal_years: vec![2019], ..Goal::default() };
        let t = inline(k, step, &|_| 1, &[], None, &mut ctx, &|_| vec![]);
        assert_eq!(t.iter().map(|t| (t.value, t.year)).collect::<Vec<_>>(), [(100.0, Some(2019))], "{t:?}");
        assert!(one(k, step).is_empty(), "a year no goal was set for reports");
    }

    #[test]
    fn a_year_of_issue_is_a_reference() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut ctx = Goal { year: Some(2018), goal: true, ..Goal::default() };
        let t = inline(k, "利用小时数应达到2016年下达的保障小时数(或弃风率低于10%)。", &|_| 1, &[], None, &mut ctx, &|_| vec![]);
        assert_eq!(t.iter().map(|t| (t.value, t.unit.as_str())).collect::<Vec<_>>(), [(10.0, "%")], "{t:?}");
    }

    #[test]
    fn row_numbers_go_leading_numbers_of_the_indicator_stay() {
        assert_eq!(strip_row_number("3.高新技术企业数量"), "高新技术企业数量");
        assert_eq!(strip_row_number("12、研发投入强度"), "研发投入强度");
        assert_eq!(strip_row_number("70岁以下老年人健康管理率"), "70岁以下老年人健康管理率");
        assert_eq!(strip_row_number("5G基站数"), "5G基站数");
    }
}
