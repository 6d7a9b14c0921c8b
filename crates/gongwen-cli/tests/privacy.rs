//! Personal numbers through the CLI: no command shows them (they were masked
//! when the file was read, so nothing stored holds them); `--unmasked` is the
//! explicit local way back, learnt from the source file on this machine.

mod common;
use common::{gongwen, s};

use gongwen_testkit::{reveals_private_number, PRIVATE_DOC};

fn ok(args: &[&str]) -> String {
    let o = gongwen(args);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const DOC: &str = "襄政办〔2024〕9号";

#[test]
fn no_command_shows_a_personal_number_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("private.txt");
    std::fs::write(&src, PRIVATE_DOC).unwrap();
    let db = tmp.path().join("store");
    let out = ok(&["ingest", s(&src), "--db", s(&db)]);
    assert_eq!(reveals_private_number(&out), None, "{out}");

    let commands: Vec<Vec<&str>> = vec![
        vec!["parse", s(&src)],
        vec!["show", DOC],
        vec!["show", DOC, "--json"],
        vec!["status", DOC, "--json"],
        vec!["list"],
        vec!["search", "值班", "--json"],
        vec!["export", "docs"],
        vec!["export", "links"],
        vec!["export", "register"],
        vec!["tables", DOC, "--json"],
        vec!["tables", DOC, "--csv"],
        vec!["tasks", "--json"],
        vec!["measures", "--json"],
        vec!["people", "--json"],
    ];
    for mut args in commands {
        if args[0] != "parse" {
            args.extend(["--db", s(&db)]);
        }
        let out = ok(&args);
        assert_eq!(reveals_private_number(&out), None, "{args:?} shows a number: {out}");
    }
    // The document was read: its table rows are there, masked.
    let tables = ok(&["tables", DOC, "--csv", "--db", s(&db)]);
    assert!(tables.contains("139 **** **21"), "{tables}");

    // Asked explicitly, on this machine, the numbers come back from the source.
    let parsed = ok(&["parse", "--unmasked", s(&src)]);
    assert!(parsed.contains("13912345678") && parsed.contains("139 8765 4321"), "{parsed}");
    let tables = ok(&["tables", DOC, "--csv", "--unmasked", "--db", s(&db)]);
    assert!(tables.contains("139 8765 4321") && tables.contains("135-2468-1357"), "{tables}");
    let docs = ok(&["export", "docs", "--unmasked", "--db", s(&db)]);
    assert!(docs.contains("13912345678") && docs.contains("420102198001011234"), "{docs}");

    // A source that is gone leaves the numbers masked, with a note naming it.
    std::fs::remove_file(&src).unwrap();
    let o = gongwen(&["tables", DOC, "--csv", "--unmasked", "--db", s(&db)]);
    assert!(o.status.success());
    assert_eq!(reveals_private_number(&String::from_utf8_lossy(&o.stdout)), None);
    assert!(String::from_utf8_lossy(&o.stderr).contains("private.txt"), "{}", String::from_utf8_lossy(&o.stderr));
}
