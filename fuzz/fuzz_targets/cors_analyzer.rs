//! The CORS analyzer on arbitrary text, under file names that steer its format
//! detection, with and without a format hint.
//!
//! Input layout: `[hint, name, text...]`: `hint` picks no hint or one of
//! `ALL_FORMATS`; `name` picks the file name; the text is read lossily as the scanner
//! reads it.
//!
//! Asserts, besides "no panic": the same input gives the same findings; at most
//! `MAX_FINDINGS`, sorted as reports show them, no duplicates; every finding is a
//! CORS finding of a known format whose line and column lie inside the text; a
//! hint is honoured (findings are read by the hinted format's reader).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck_engine::finding::{sort_findings, Category};
use shipcheck_engine::scan::cors::{analyze, Format, ALL_FORMATS, MAX_FINDINGS};

/// Names whose base name or extension decides the format, plus names that leave it
/// to the content (the paste's and a headers file's).
const NAMES: [&str; 16] = [
    "pasted text",
    "pasted-server.js",
    "pasted.conf",
    "pasted-headers.txt",
    "vercel.json",
    "firebase.json",
    "netlify.toml",
    "public/_headers",
    ".htaccess",
    "nginx.conf",
    "app/main.py",
    "config/initializers/cors.rb",
    "src/main/java/CorsConfig.java",
    "main.go",
    "Startup.cs",
    "template.yaml",
];

fuzz_target!(|data: &[u8]| {
    let [hint, name, bytes @ ..] = data else {
        return;
    };
    let hint = ALL_FORMATS
        .get(usize::from(*hint) % (ALL_FORMATS.len() + 1))
        .map(|f| f.id());
    let file = NAMES[usize::from(*name) % NAMES.len()];
    let text = String::from_utf8_lossy(bytes);

    let findings = analyze(file, &text, hint);
    assert_eq!(findings, analyze(file, &text, hint), "not deterministic");
    assert!(findings.len() <= MAX_FINDINGS);
    let mut sorted = findings.clone();
    sort_findings(&mut sorted);
    assert_eq!(sorted, findings, "not in report order");

    let line_lengths: Vec<usize> = text.split('\n').map(str::len).collect();
    for (i, f) in findings.iter().enumerate() {
        assert_eq!(f.category, Category::Cors);
        assert!(f.rule.starts_with("cors-"), "{}", f.rule);
        assert_eq!(f.file, file);
        let line = f.line as usize;
        assert!(
            line >= 1 && line <= line_lengths.len(),
            "line {line} of {}",
            line_lengths.len()
        );
        let width = line_lengths[line - 1];
        assert!(
            f.column >= 1 && f.column as usize <= width + 1,
            "column {} of a {width}-byte line",
            f.column
        );
        let detail = f.cors.as_ref().expect("a CORS finding has its detail");
        let format = Format::from_id(&detail.format).expect("a known format");
        if let Some(hint) = hint.and_then(Format::from_id) {
            // A hint picks the reader; the reader may name a sibling format it recognises
            // (express code under an `express-headers` hint).
            assert_eq!(
                format.family(),
                hint.family(),
                "the hint {} was not honoured",
                hint.id()
            );
        }
        assert!(
            !findings[..i]
                .iter()
                .any(|g| g.rule == f.rule && g.line == f.line && g.column == f.column),
            "duplicate {} at {}:{}",
            f.rule,
            f.line,
            f.column
        );
    }
});
