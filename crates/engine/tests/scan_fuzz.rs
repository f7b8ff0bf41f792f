//! The scanner never panics and keeps its invariants, whatever the bytes:
//! random bytes, fixtures with random edits, random step budgets.
//!
//! `PROPTEST_CASES=N cargo test --release --test scan_fuzz` runs longer.
#![cfg(not(target_arch = "wasm32"))]

mod scan_support;

use proptest::prelude::*;
use scan_support::case_files;
use shipcheck_engine::report;
use shipcheck_engine::scan::{ScanInput, ScanOptions, ScanReport, Scanner, Step};

const CASES: [&str; 6] = [
    "client-bundle-supabase",
    "server-env-file",
    "source-map-origin",
    "private-key-pem",
    "service-account-json",
    "yaml-config",
];

/// Checks what must hold for every report, and renders every export.
fn check(report: &ScanReport, inputs: &[ScanInput]) {
    for f in &report.findings {
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        let input = inputs
            .iter()
            .find(|i| i.name == f.file)
            .expect("finding names an input");
        if let Some(s) = &f.secret {
            assert!(s.start < s.end && s.end <= input.bytes.len(), "{s:?}");
            assert!(s.masked.contains('•'));
        }
    }
    let _ = report::json::render(report);
    let _ = report::sarif::render(report);
    let _ = report::markdown::render(report);
    let _ = report::text::render(report);
}

fn scan(inputs: Vec<ScanInput>) -> ScanReport {
    let options = ScanOptions {
        explain: true,
        now: Some(1_800_000_000),
        ..ScanOptions::default()
    };
    Scanner::built_in().scan_with(inputs, options)
}

/// A byte-level edit: insert, delete or overwrite at a position (as a fraction
/// of the length, so it applies to any text).
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, Vec<u8>),
    Delete(f64, usize),
    Overwrite(f64, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, b)| Edit::Insert(at, b)),
        (0.0..1.0, 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, any::<u8>()).prop_map(|(at, b)| Edit::Overwrite(at, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Insert(f, b) => {
                let i = at(*f, bytes.len());
                bytes.splice(i..i, b.iter().copied());
            }
            Edit::Delete(f, n) => {
                let i = at(*f, bytes.len());
                let j = (i + n).min(bytes.len());
                bytes.drain(i..j);
            }
            Edit::Overwrite(f, b) => {
                if !bytes.is_empty() {
                    let i = at(*f, bytes.len() - 1);
                    bytes[i] = *b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in "[a-z./_-]{0,24}") {
        let inputs = vec![ScanInput::new(name, bytes)];
        check(&scan(inputs.clone()), &inputs);
    }

    #[test]
    fn edited_fixtures_never_panic(case in 0..CASES.len(), edits in proptest::collection::vec(edit(), 1..12)) {
        let inputs: Vec<ScanInput> = case_files(CASES[case])
            .into_iter()
            .map(|(name, bytes)| ScanInput::new(name, apply(bytes, &edits)))
            .collect();
        check(&scan(inputs.clone()), &inputs);
    }

    #[test]
    fn step_budgets_never_change_findings(case in 0..CASES.len(), edits in proptest::collection::vec(edit(), 0..4), budget in 1usize..20_000) {
        let inputs: Vec<ScanInput> = case_files(CASES[case])
            .into_iter()
            .map(|(name, bytes)| ScanInput::new(name, apply(bytes, &edits)))
            .collect();
        let whole = scan(inputs.clone());
        let options = ScanOptions { explain: true, now: Some(1_800_000_000), ..ScanOptions::default() };
        let mut job = Scanner::built_in().job_with(inputs, options);
        while let Step::Progress(_) = job.step(budget) {}
        prop_assert_eq!(job.finish(), whole);
    }
}
