//! Prints the lines gongwen reads from PDFs, with their page and cues, and
//! how fast: `cargo run -p gongwen-pdf --example pdflines -- FILE.pdf... [--quiet]`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "--quiet");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                continue;
            }
        };
        let t = Instant::now();
        match gongwen_pdf::read(&bytes, &gongwen_pdf::Limits::default()) {
            Ok(pdf) => {
                let secs = t.elapsed().as_secs_f64();
                if !quiet {
                    for l in &pdf.lines {
                        let colour = l.color.map(|c| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])).unwrap_or_default();
                        println!("p{} {:>5.1} {}{} {:?} {colour}\t{}", l.page, l.size, if l.centred { "C" } else { "-" }, if l.bold { "B" } else { "-" }, l.column, l.text);
                    }
                }
                eprintln!(
                    "{path}: {} pages, {} lines, {} furniture lines removed, no text on {:?}, {:.3} s ({:.0} pages/s)",
                    pdf.pages,
                    pdf.lines.len(),
                    pdf.furniture_removed,
                    pdf.pages_without_text,
                    secs,
                    pdf.pages as f64 / secs
                );
            }
            Err(e) => eprintln!("error: {path}: {e}"),
        }
    }
}
