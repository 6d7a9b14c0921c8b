//! Positioned runs of one page → lines in reading order.
//!
//! Runs on one baseline (within [`BASELINE_TOLERANCE_EM`] of the font size)
//! are one line; a page whose rows leave a gutter in the middle is read as two
//! columns (left column, then right, between the lines that span both). Pure
//! functions of the runs: no PDF here.

use crate::{Column, Page, Rgb, Run, TextLine};

/// Runs whose baselines differ by at most this share of the font size are on
/// one line (sub- and superscripts, mixed fonts, rounding in the producer).
pub const BASELINE_TOLERANCE_EM: f32 = 0.35;

/// A horizontal gap between two runs of one line wider than this share of the
/// font size becomes a space (joint issuers, letter-spaced headings).
pub const SPACE_GAP_EM: f32 = 0.25;

/// A gap wider than this many ems becomes a tab (a TOC page number, a table cell).
pub const TAB_GAP_EM: f32 = 6.0;

/// A line whose centre is within this many ems of the text area's centre,
/// with at least [`CENTRE_MIN_MARGIN_SHARE`] of the text area's width free on
/// both sides, is centred (a paragraph's indented first line is not).
pub const CENTRE_TOLERANCE_EM: f32 = 1.5;
pub const CENTRE_MIN_MARGIN_SHARE: f32 = 0.05;

/// Whether a line from `x0` to `x1`, set in `size`, is centred in the text
/// area `area` (left, right): its middle within [`CENTRE_TOLERANCE_EM`] of the
/// area's, and [`CENTRE_MIN_MARGIN_SHARE`] of the area free on both sides.
/// Any unit, the same for all four (OFD passes points converted from mm).
pub fn is_centred(x0: f32, x1: f32, area: (f32, f32), size: f32) -> bool {
    let centre = (area.0 + area.1) / 2.0;
    let margin = CENTRE_MIN_MARGIN_SHARE * (area.1 - area.0);
    ((x0 + x1) / 2.0 - centre).abs() <= CENTRE_TOLERANCE_EM * size && x0 - area.0 >= margin && area.1 - x1 >= margin
}

/// Two columns need at least this many rows with text on both sides of the gutter…
pub const MIN_COLUMN_ROWS: usize = 6;
/// …at least this share of the page's rows…
pub const MIN_COLUMN_SHARE: f32 = 0.3;
/// …and at most this share of rows crossing it (headings spanning both columns).
pub const MAX_SPANNING_SHARE: f32 = 0.2;
/// …and the left column justified: this share of its lines ends within
/// [`JUSTIFIED_EM`] of its right edge (a table's cells end ragged).
pub const JUSTIFIED_SHARE: f32 = 0.6;
pub const JUSTIFIED_EM: f32 = 1.0;
/// The gutter is looked for in this middle part of the text area.
const GUTTER_SEARCH: (f32, f32) = (0.3, 0.7);

/// A second run with the same text this close (in ems) to the first is the
/// producer's fake bold (the glyphs printed again, shifted): one copy is kept.
const OVERPRINT_EM: f32 = 0.15;

/// The lines of one page in reading order.
pub fn page_lines(page: &Page) -> Vec<TextLine> {
    let runs: Vec<&Run> = page.runs.iter().filter(|r| !r.text.trim().is_empty() && r.size > 0.0 && r.x.is_finite() && r.y.is_finite()).collect();
    if runs.is_empty() {
        return Vec::new();
    }
    let rows = rows(&runs);
    let area = (runs.iter().map(|r| r.x).fold(f32::MAX, f32::min), runs.iter().map(|r| r.x + r.width).fold(f32::MIN, f32::max));
    let gutter = gutter(&rows, area);
    let mut out = Vec::new();
    match gutter {
        None => {
            for row in &rows {
                out.push(line(page.number, row, Column::Full, area));
            }
        }
        Some(g) => {
            // Between lines spanning both columns: the left column, then the right.
            let mut left: Vec<TextLine> = Vec::new();
            let mut right: Vec<TextLine> = Vec::new();
            for row in &rows {
                if row.iter().any(|r| r.x < g && r.x + r.width > g) {
                    out.append(&mut left);
                    out.append(&mut right);
                    out.push(line(page.number, row, Column::Full, area));
                    continue;
                }
                let (l, r): (Vec<&Run>, Vec<&Run>) = row.iter().partition(|r| r.x + r.width / 2.0 < g);
                if !l.is_empty() {
                    left.push(line(page.number, &l, Column::Left, (area.0, g)));
                }
                if !r.is_empty() {
                    right.push(line(page.number, &r, Column::Right, (g, area.1)));
                }
            }
            out.append(&mut left);
            out.append(&mut right);
        }
    }
    out
}

/// Runs grouped by baseline, top of the page first, each row sorted by x.
fn rows<'a>(runs: &[&'a Run]) -> Vec<Vec<&'a Run>> {
    let mut sorted: Vec<&Run> = runs.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Run>> = Vec::new();
    let mut base = f32::NAN;
    for r in sorted {
        match rows.last_mut() {
            Some(row) if (base - r.y).abs() <= BASELINE_TOLERANCE_EM * r.size.max(row[0].size) => row.push(r),
            _ => {
                base = r.y;
                rows.push(vec![r]);
            }
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

/// The x of a gutter between two columns, if the page has one.
fn gutter(rows: &[Vec<&Run>], area: (f32, f32)) -> Option<f32> {
    let (x0, x1) = area;
    let w = x1 - x0;
    if rows.len() < MIN_COLUMN_ROWS || w <= 0.0 {
        return None;
    }
    let crossing = |x: f32| rows.iter().filter(|row| row.iter().any(|r| r.x < x && r.x + r.width > x)).count();
    let steps = 80;
    let (lo, hi) = (x0 + w * GUTTER_SEARCH.0, x0 + w * GUTTER_SEARCH.1);
    let best = (0..=steps).map(|i| lo + (hi - lo) * i as f32 / steps as f32).min_by_key(|&x| crossing(x))?;
    let spanning = crossing(best);
    let both = rows
        .iter()
        .filter(|row| row.iter().any(|r| r.x + r.width <= best) && row.iter().any(|r| r.x >= best))
        .count();
    let n = rows.len() as f32;
    let enough = both >= MIN_COLUMN_ROWS && both as f32 >= MIN_COLUMN_SHARE * n && spanning as f32 <= MAX_SPANNING_SHARE * n;
    // Columns are justified text: the left column's lines mostly end near the
    // gutter. A table's cells end ragged, and a table is read row by row.
    let left_ends: Vec<f32> = rows
        .iter()
        .filter_map(|row| row.iter().filter(|r| r.x + r.width <= best).map(|r| r.x + r.width).reduce(f32::max))
        .collect();
    let edge = left_ends.iter().copied().fold(f32::MIN, f32::max);
    let em = median(rows.iter().flat_map(|row| row.iter().map(|r| r.size)));
    let full = left_ends.iter().filter(|&&e| edge - e <= JUSTIFIED_EM * em).count();
    (enough && full as f32 >= JUSTIFIED_SHARE * left_ends.len() as f32).then_some(best)
}

fn median(it: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = it.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// One line from the runs of a row (sorted by x), with its cues.
fn line(page: u32, runs: &[&Run], column: Column, area: (f32, f32)) -> TextLine {
    let mut text = String::new();
    let mut prev: Option<&Run> = None;
    let mut bold = false;
    // The size, colour and weight of the most characters.
    let mut weights: Vec<(f32, Option<Rgb>, bool, usize)> = Vec::new();
    let mut x1 = f32::MIN;
    for &r in runs {
        if let Some(p) = prev {
            if p.text == r.text && (r.x - p.x).abs() <= OVERPRINT_EM * r.size {
                bold = true;
                continue;
            }
            let gap = r.x - (p.x + p.width);
            let em = r.size.max(p.size);
            if gap > TAB_GAP_EM * em {
                text.push('\t');
            } else if gap > SPACE_GAP_EM * em && !text.ends_with(' ') && !r.text.starts_with(' ') {
                text.push(' ');
            }
        }
        // A soft hyphen that was printed is a hyphen (2014-2020).
        text.extend(r.text.chars().map(|c| if c == '\u{AD}' { '-' } else { c }));
        let n = r.text.chars().filter(|c| !c.is_whitespace()).count();
        match weights.iter_mut().find(|w| w.0 == r.size && w.1 == r.color && w.2 == r.bold) {
            Some(w) => w.3 += n,
            None => weights.push((r.size, r.color, r.bold, n)),
        }
        x1 = x1.max(r.x + r.width);
        prev = Some(r);
    }
    let (size, color, run_bold, _) = weights.iter().copied().max_by_key(|w| w.3).unwrap_or((0.0, None, false, 0));
    let x0 = runs.first().map(|r| r.x).unwrap_or(0.0);
    let y = runs.first().map(|r| r.y).unwrap_or(0.0);
    let centred = is_centred(x0, x1, area, size);
    TextLine { page, text: text.trim().to_string(), x0, x1, y, size, centred, color, bold: bold || run_bold, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of `text` at (x, y), each character one em of `size` wide.
    pub(crate) fn run(text: &str, x: f32, y: f32, size: f32) -> Run {
        Run { text: text.into(), x, y, width: text.chars().count() as f32 * size, size, color: None, bold: false }
    }

    fn texts(lines: &[TextLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn runs_on_one_baseline_are_one_line_in_x_order() {
        let page = Page { number: 1, width: 595.0, height: 842.0, runs: vec![run("二行", 100.0, 700.0, 16.0), run("第一", 100.0, 740.0, 16.0), run("行", 132.0, 740.5, 16.0), run("右", 400.0, 739.0, 16.0)] };
        assert_eq!(texts(&page_lines(&page)), ["第一行\t右", "二行"]);
    }

    #[test]
    fn two_columns_are_read_left_then_right_between_spanning_lines() {
        let mut runs = vec![run("跨栏标题跨栏标题跨栏标题跨栏标题", 100.0, 800.0, 20.0)];
        for i in 0..8 {
            let y = 760.0 - 20.0 * i as f32;
            runs.push(run(&format!("左栏第{i}行左栏左栏"), 80.0, y, 15.0));
            runs.push(run(&format!("右栏第{i}行右栏右栏"), 320.0, y, 15.0));
        }
        runs.push(run("页脚跨栏页脚跨栏页脚跨栏页脚跨栏页脚跨栏", 80.0, 500.0, 15.0));
        let lines = page_lines(&Page { number: 3, width: 595.0, height: 842.0, runs });
        let t = texts(&lines);
        assert_eq!(t[0], "跨栏标题跨栏标题跨栏标题跨栏标题");
        assert_eq!(t[1..9], (0..8).map(|i| format!("左栏第{i}行左栏左栏")).collect::<Vec<_>>());
        assert_eq!(t[9..17], (0..8).map(|i| format!("右栏第{i}行右栏右栏")).collect::<Vec<_>>());
        assert_eq!(t[17], "页脚跨栏页脚跨栏页脚跨栏页脚跨栏页脚跨栏");
        assert_eq!(lines[1].column, Column::Left);
        assert!(lines.iter().all(|l| l.page == 3));
    }

    #[test]
    fn a_table_with_ragged_cells_is_read_row_by_row() {
        let mut runs = Vec::new();
        for i in 0..8 {
            let y = 760.0 - 20.0 * i as f32;
            let name = ["甲", "乙乙乙", "丙丙", "丁", "戊戊戊戊", "己", "庚庚", "辛"][i];
            runs.push(run(name, 80.0, y, 15.0));
            runs.push(run(&format!("{i}万元"), 320.0, y, 15.0));
        }
        let lines = page_lines(&Page { number: 1, width: 595.0, height: 842.0, runs });
        assert_eq!(lines[0].text, "甲\t0万元");
        assert!(lines.iter().all(|l| l.column == Column::Full));
    }

    #[test]
    fn centred_large_red_lines_keep_their_cues() {
        let red = Some([217, 0, 0]);
        let mut head = run("襄江市人民政府文件", 162.5, 760.0, 30.0);
        head.color = red;
        let body = run("各区人民政府，市人民政府各部门：各区人民政府，市人民政", 80.0, 700.0, 16.0);
        let lines = page_lines(&Page { number: 1, width: 595.0, height: 842.0, runs: vec![head, body] });
        assert!(lines[0].centred && lines[0].size == 30.0 && lines[0].color == red);
        assert!(!lines[1].centred);
    }

    #[test]
    fn overprinted_fake_bold_is_read_once() {
        let a = run("标题", 100.0, 700.0, 16.0);
        let mut b = run("标题", 100.3, 700.0, 16.0);
        b.width = a.width;
        let lines = page_lines(&Page { number: 1, width: 595.0, height: 842.0, runs: vec![a, b] });
        assert_eq!(lines[0].text, "标题");
        assert!(lines[0].bold);
    }
}
