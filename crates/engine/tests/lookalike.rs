//! The look-alike corpus (`benches/lookalike.rs`): in a bundle and a config
//! full of values that sit where secrets could sit but are not (words,
//! colours, enum members, booleans, hashes, identifiers, comparisons, case
//! labels, expressions…), every planted fake is found by the rule expected,
//! and nothing else is reported as a secret. The benchmark runs the same
//! generators at 10 MB.

#[path = "../benches/lookalike.rs"]
mod lookalike;

use shipcheck_engine::finding::Verdict;
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

fn check(name: &str, corpus: &lookalike::Lookalike) {
    let options = ScanOptions {
        cors: false,
        ..ScanOptions::default()
    };
    let report =
        Scanner::built_in().scan_with(vec![ScanInput::new(name, corpus.text.clone())], options);
    let secrets: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.verdict() == Some(Verdict::Secret))
        .collect();
    let mut problems = Vec::new();
    for p in &corpus.planted {
        let found = secrets.iter().any(|f| {
            let s = f.secret.as_ref().expect("a secret finding");
            f.rule == p.rule && s.start < p.offset + p.len && p.offset < s.end
        });
        if !found {
            let value = String::from_utf8_lossy(&corpus.text[p.offset..p.offset + p.len]);
            problems.push(format!("missed {} at {}: {value}", p.rule, p.offset));
        }
    }
    for f in &secrets {
        let s = f.secret.as_ref().expect("a secret finding");
        if !corpus
            .planted
            .iter()
            .any(|p| s.start < p.offset + p.len && p.offset < s.end)
        {
            let t = &corpus.text;
            let lo = t[..s.start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let lo = lo.max(s.start.saturating_sub(60));
            let hi = (s.end + 20).min(t.len());
            let hi = t[s.end..hi]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(hi, |i| s.end + i);
            let around = String::from_utf8_lossy(&t[lo..hi]);
            problems.push(format!(
                "false positive {} at {}: {around}",
                f.rule, s.start
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{name}: {} planted, {} problems:\n{}",
        corpus.planted.len(),
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_fake_in_a_lookalike_bundle_is_found_and_nothing_else() {
    let corpus = lookalike::bundle(2 << 20, 24);
    assert_eq!(corpus.planted.len(), 24);
    check("dist/assets/index-7f3a9c1b.js", &corpus);
}

#[test]
fn every_fake_in_a_lookalike_config_is_found_and_nothing_else() {
    let corpus = lookalike::config(1 << 20, 24);
    assert_eq!(corpus.planted.len(), 24);
    check("config/settings.conf", &corpus);
}
