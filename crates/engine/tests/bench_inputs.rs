//! The inputs of the benchmarks and the peer comparison (`crates/engine/benches/corpus.rs`,
//! `crates/engine/benches/mixed.rs`) say true things about themselves: the recorded offset and
//! length of every planted fake point at the fake, and the scanner reports exactly
//! the labelled keys of the mixed folder, each under its rule and with its verdict.
//! The peer comparison scores other tools against these labels, so a label that
//! drifted from the bytes would silently skew its table.

#[path = "../benches/corpus.rs"]
mod corpus;
#[path = "../benches/mixed.rs"]
mod mixed;

use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

#[test]
fn planted_offsets_and_lengths_point_at_the_fakes() {
    for corpus in [corpus::bundle(1 << 20, 4), corpus::config(1 << 20, 4)] {
        assert_eq!(corpus.planted.len(), 4);
        assert_eq!(corpus.lengths.len(), corpus.planted.len());
        for ((rule, at), len) in corpus.planted.iter().zip(&corpus.lengths) {
            let value = &corpus.text[*at..at + len];
            // Each fake is one token: no quote, comma, space or line break inside it, and one
            // right after it (the corpora close every fake with `"` or a newline).
            assert!(
                value
                    .iter()
                    .all(|b| b.is_ascii_graphic() && *b != b'"' && *b != b','),
                "{rule} at {at}"
            );
            assert!(
                matches!(corpus.text[at + len], b'"' | b'\n'),
                "{rule} at {at}"
            );
        }
    }
}

#[test]
fn the_mixed_folder_is_the_same_on_every_call() {
    let a = mixed::folder();
    let b = mixed::folder();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((x.path, &x.text), (y.path, &y.text));
    }
}

#[test]
fn each_key_of_a_mixed_file_has_its_own_label() {
    for file in mixed::folder() {
        let mut labels: Vec<&str> = file.planted.iter().map(|p| p.label).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), file.planted.len(), "{}", file.path);
        assert!(labels.iter().all(|l| !l.is_empty()), "{}", file.path);
    }
}

#[test]
fn the_scanner_reports_exactly_the_labelled_keys_of_the_mixed_folder() {
    let folder = mixed::folder();
    let inputs = folder
        .iter()
        .map(|f| ScanInput::new(f.path, f.text.clone()))
        .collect();
    let options = ScanOptions {
        cors: false,
        ..ScanOptions::default()
    };
    let report = Scanner::built_in().scan_with(inputs, options);
    let mut found: Vec<(String, String, usize, usize, String)> = report
        .findings
        .iter()
        .map(|f| {
            let s = f.secret.as_ref().expect("a secret finding");
            (
                f.file.clone(),
                f.rule.clone(),
                s.start,
                s.end,
                s.verdict.as_str().to_string(),
            )
        })
        .collect();
    let mut labelled: Vec<(String, String, usize, usize, String)> = folder
        .iter()
        .flat_map(|f| {
            f.planted.iter().map(move |p| {
                (
                    f.path.to_string(),
                    p.rule.to_string(),
                    p.offset,
                    p.offset + p.len,
                    p.verdict.to_string(),
                )
            })
        })
        .collect();
    found.sort();
    labelled.sort();
    assert_eq!(labelled.len(), 15, "the folder's documented size");
    assert_eq!(found, labelled);
}
