//! Visual cues: what the type of a printed line says it is. GB/T 9704-2012
//! layouts are visual — the 版头 is large red centred type (`<发文机关>文件`,
//! or the organ name alone for 函 and 纪要), the title is centred and larger
//! than the body (2号 against 3号), the body is body size. A PDF keeps each
//! line's size, colour and centring (see `gongwen-pdf`); [`Cues`] turns them
//! into flags per line, which the line tagger takes as evidence
//! (`lex::apply_cues`). Text sources have no cues ([`Cues::none`]): their
//! tags are the lexicon's alone.

use gongwen_pdf::{PdfText, Rgb, TextLine};

/// A 版头 is set at least this many times the body size (GB/T 9704: 版头
/// larger than the 2号 title, the body 3号).
pub const MASTHEAD_MIN_SIZE_RATIO: f32 = 1.25;

/// A title is set at least this many times the body size (2号 22pt over 3号
/// 16pt is 1.375; generators and scans of real documents print a little less).
pub const TITLE_MIN_SIZE_RATIO: f32 = 1.15;

/// A line within this share of the body size is body type.
pub const BODY_SIZE_TOLERANCE: f32 = 0.1;

/// The red of a 版头: its red channel at least this …
pub const RED_MIN_CHANNEL: u8 = 150;

/// … and green and blue each at most this share of the red.
pub const RED_MAX_OTHER_SHARE: f32 = 0.6;

/// Sizes are counted in steps of this many points when the body size is
/// found (a size printed as 15.96 and 16.0 is one size).
pub const SIZE_STEP: f32 = 0.5;

/// What the type of one line says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCue {
    /// Red, large (≥ [`MASTHEAD_MIN_SIZE_RATIO`] × body) and centred: a 版头 line.
    pub masthead: bool,
    /// Centred, large (≥ [`TITLE_MIN_SIZE_RATIO`] × body), not red: a title line.
    pub title: bool,
    /// Body size (within [`BODY_SIZE_TOLERANCE`]).
    pub body: bool,
}

/// The cues of every line of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cues {
    /// The most common size of the file's lines, by characters.
    pub body_size: Option<f32>,
    /// `lines[i]` is the cue of line `i + 1`.
    lines: Vec<LineCue>,
}

impl Cues {
    /// No cues (text sources).
    pub fn none() -> Self {
        Cues::default()
    }

    /// The cues of a PDF's lines, line `i + 1` being `pdf.lines[i]`.
    pub fn from_pdf(pdf: &PdfText) -> Self {
        Cues::from_types(&pdf.lines.iter().map(|l| Some(LineType::from(l))).collect::<Vec<_>>())
    }

    /// The cues of lines whose type is known (`None`: a line with no type,
    /// which gets no cue), line `i + 1` being `types[i]`: any paged form
    /// that places its text (PDF, OFD).
    pub fn from_types(types: &[Option<LineType>]) -> Self {
        let Some(body) = body_size_of(types.iter().flatten()) else { return Cues::none() };
        let lines = types.iter().map(|t| t.as_ref().map_or(LineCue::default(), |t| line_cue(t, body))).collect();
        Cues { body_size: Some(body), lines }
    }

    /// The cue of a 1-based line (none past the end, or for text sources).
    pub fn of_line(&self, no: usize) -> LineCue {
        no.checked_sub(1).and_then(|i| self.lines.get(i)).copied().unwrap_or_default()
    }

    /// Does no line have a cue (a text source)?
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|c| *c == LineCue::default())
    }

    /// Number of lines the cues cover (a text source: none).
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
}

/// What the type of one printed line shows, whatever the form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineType {
    /// Font size of most of its characters, in points.
    pub size: f32,
    pub color: Option<Rgb>,
    pub centred: bool,
    /// Its characters, not counting spaces (weights the body size).
    pub chars: usize,
}

impl LineType {
    /// The type of a line printed as `text`.
    pub fn new(text: &str, size: f32, color: Option<Rgb>, centred: bool) -> Self {
        LineType { size, color, centred, chars: text.chars().filter(|c| !c.is_whitespace()).count() }
    }
}

impl From<&TextLine> for LineType {
    fn from(l: &TextLine) -> Self {
        LineType::new(&l.text, l.size, l.color, l.centred)
    }
}

/// The most common size of `lines`, weighted by their characters.
pub fn body_size(lines: &[TextLine]) -> Option<f32> {
    body_size_of(lines.iter().map(LineType::from).collect::<Vec<_>>().iter())
}

fn body_size_of<'a>(lines: impl Iterator<Item = &'a LineType>) -> Option<f32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for l in lines {
        if !(l.size.is_finite() && l.size > 0.0) {
            continue;
        }
        let step = (l.size / SIZE_STEP).round() as i32;
        let chars = l.chars;
        match counts.iter_mut().find(|(s, _)| *s == step) {
            Some((_, n)) => *n += chars,
            None => counts.push((step, chars)),
        }
    }
    // Ties go to the smaller size: the body is the small type.
    counts.into_iter().filter(|&(_, n)| n > 0).max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(s, _)| s as f32 * SIZE_STEP)
}

/// Is this colour the red of a 版头?
pub fn is_red(c: Rgb) -> bool {
    let [r, g, b] = c;
    let most = f32::from(r) * RED_MAX_OTHER_SHARE;
    r >= RED_MIN_CHANNEL && f32::from(g) <= most && f32::from(b) <= most
}

fn line_cue(l: &LineType, body: f32) -> LineCue {
    let red = l.color.is_some_and(is_red);
    let ratio = l.size / body;
    LineCue {
        masthead: red && l.centred && ratio >= MASTHEAD_MIN_SIZE_RATIO,
        title: !red && l.centred && ratio >= TITLE_MIN_SIZE_RATIO,
        body: (ratio - 1.0).abs() <= BODY_SIZE_TOLERANCE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen_pdf::Column;

    fn line(text: &str, size: f32, centred: bool, color: Rgb) -> TextLine {
        TextLine { page: 1, text: text.into(), x0: 0.0, x1: 0.0, y: 0.0, size, centred, color: Some(color), bold: false, column: Column::Full }
    }

    #[test]
    fn the_body_size_is_the_size_of_most_characters() {
        let lines = [
            line("襄江临港经济开发区文件", 30.0, true, [217, 0, 0]),
            line("关于做好企业用工保障工作的通知", 20.0, true, [0, 0, 0]),
            line("为做好企业用工保障工作，现将有关事项通知如下。", 15.9, false, [0, 0, 0]),
            line("一、加强组织领导", 16.0, false, [0, 0, 0]),
        ];
        assert_eq!(body_size(&lines), Some(16.0));
        let pdf = PdfText { pages: 1, lines: lines.to_vec(), ..Default::default() };
        let cues = Cues::from_pdf(&pdf);
        assert_eq!(cues.of_line(1), LineCue { masthead: true, title: false, body: false });
        assert_eq!(cues.of_line(2), LineCue { masthead: false, title: true, body: false });
        assert_eq!(cues.of_line(3), LineCue { masthead: false, title: false, body: true });
        assert_eq!(cues.of_line(9), LineCue::default());
        assert!(Cues::none().is_empty());
        assert!(!cues.is_empty());
    }

    #[test]
    fn red_is_red_not_orange_or_grey() {
        assert!(is_red([255, 0, 0]));
        assert!(is_red([217, 20, 30]));
        assert!(!is_red([255, 165, 0]));
        assert!(!is_red([128, 128, 128]));
        assert!(!is_red([0, 0, 0]));
    }
}
