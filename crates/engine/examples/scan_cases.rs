//! Scans labelled samples one by one and prints what was found, for scorers
//! written in another language (`tools/bench/peer_examples.py`).
//!
//! ```text
//! cargo run --profile bench --example scan_cases -- CASES.jsonl > FOUND.jsonl
//! ```
//!
//! Each input line is a JSON object with at least `id` and `text` (and
//! optionally `name`, the file name the text is scanned as; default `paste`,
//! context unknown). Each output line is `{"id", "findings": [{"rule",
//! "verdict", "fallback", "start", "end"}]}` with byte offsets into `text`.
//! The values themselves are never printed.

use std::io::{BufRead, Write};

use serde_json::{json, Value};
use shipcheck_engine::finding::Context;
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: scan_cases CASES.jsonl");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let scanner = Scanner::built_in();
    let options = ScanOptions {
        cors: false,
        ..ScanOptions::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.expect("a line");
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{path}:{}: not JSON: {e}", n + 1));
        let text = case["text"].as_str().unwrap_or_default();
        let name = case["name"].as_str().unwrap_or("paste");
        let input =
            ScanInput::new(name, text).with_context((name == "paste").then_some(Context::Unknown));
        let report = scanner.scan_with(vec![input], options.clone());
        let findings: Vec<Value> = report
            .findings
            .iter()
            .filter_map(|f| {
                let s = f.secret.as_ref()?;
                let fallback = scanner.rules().get(&f.rule).is_some_and(|r| r.fallback);
                Some(json!({
                    "rule": f.rule,
                    "verdict": s.verdict.as_str(),
                    "fallback": fallback,
                    "start": s.start,
                    "end": s.end,
                }))
            })
            .collect();
        let record = json!({"id": case["id"], "findings": findings});
        writeln!(out, "{record}").expect("write");
    }
}
