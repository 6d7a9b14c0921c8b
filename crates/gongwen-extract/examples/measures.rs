//! Prints the support measures read from files, one per line, with their
//! line, kind, amount and beneficiary: `cargo run -p gongwen-extract
//! --example measures -- FILE… [--line N]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line: Option<usize> = args.iter().position(|a| a == "--line").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok());
    for file in args.iter().filter(|a| !a.starts_with("--") && a.parse::<usize>().is_err()) {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let parsed = match gongwen_parse::parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), file, &bytes) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        for m in parsed.documents.iter().flat_map(|d| gongwen_extract::measures(&gongwen_parse::knowledge::Knowledge::builtin(), d)).filter(|m| line.is_none_or(|l| l == m.line)) {
            println!("{}\t{}\t{}\t{}\t{}", m.line, m.kind.label_zh(), m.amount, m.beneficiary.as_deref().unwrap_or("—"), m.text);
        }
    }
}
