//! The secret scanner (with its CORS pass) on arbitrary bytes, driven the way the web
//! worker drives it: one or two files under the names the page gives pastes and
//! dropped files, advanced in bounded steps, the report sent to the page as JSON.
//!
//! Input layout: `[flags, split, bytes...]`.
//! - `flags` bits 0-3 pick the first file's name, bits 4-6 the step budget, bit 7
//!   turns on `explain` and a clock (`now`, for JWT expiry);
//! - `split` (when not 0) cuts `bytes` into two files at `split/256` of its length.
//!
//! Asserts, besides "no panic": stepping gives the same report as one go; progress
//! only moves forward and stays within its totals; every finding points inside its
//! file; a secret is shown masked and its raw value appears in no export and not in
//! the message the worker posts; that message parses back to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck_engine::finding::Category;
use shipcheck_engine::report;
use shipcheck_engine::scan::{ScanInput, ScanOptions, ScanReport, Scanner, Step};
use shipcheck_web::protocol::{FromWorker, STEP_BYTES};

/// The name pastes are scanned under (`scan::paste::PASTE_NAME`), the names earlier
/// versions gave each kind of paste, and typical dropped files: the name decides the
/// context and which readers run.
const NAMES: [&str; 16] = [
    "pasted text",
    "pasted.env",
    "dist/assets/pasted-bundle.js",
    "pasted-server.js",
    "pasted.conf",
    "pasted-headers.txt",
    "dist/assets/index-4f2a.js.map",
    "service-account.json",
    ".env.production",
    "config.yaml",
    "src/lib/supabase.ts",
    "id_rsa",
    "firebase.json",
    "nginx.conf",
    "app/settings.py",
    "vercel.json",
];

/// Step budgets: below, at and above the scanner's 4 KiB minimum chunk, the
/// worker's own step, and "everything at once".
const BUDGETS: [usize; 8] = [1, 97, 4096, 4097, 65_536, STEP_BYTES, 3_001, usize::MAX];

/// Secrets shorter than this could appear in reports by coincidence (a rule title).
const MIN_CHECKED_SECRET: usize = 8;

fuzz_target!(|data: &[u8]| {
    let [flags, split, bytes @ ..] = data else {
        return;
    };
    let name = flags & 0x0f;
    let budget = BUDGETS[usize::from((flags >> 4) & 0x07)];
    let options = ScanOptions {
        explain: flags & 0x80 != 0,
        now: (flags & 0x80 != 0).then_some(1_800_000_000),
        ..ScanOptions::default()
    };
    let inputs = inputs(usize::from(name), *split, bytes);

    let scanner = Scanner::built_in();
    let whole = scanner.scan_with(inputs.clone(), options.clone());
    let mut job = scanner.job_with(inputs.clone(), options);
    let (mut last_bytes, mut last_files, mut steps) = (0u64, 0usize, 0usize);
    while let Step::Progress(p) = job.step(budget) {
        assert!(
            p.bytes_done >= last_bytes && p.bytes_done <= p.bytes_total,
            "{p:?}"
        );
        assert!(
            p.files_done >= last_files && p.files_done <= p.files_total,
            "{p:?}"
        );
        (last_bytes, last_files) = (p.bytes_done, p.files_done);
        steps += 1;
        assert!(steps < 1_000_000, "the job does not advance");
    }
    let stepped = job.finish();
    assert_eq!(whole, stepped, "the step budget changed the report");

    check_findings(&whole, &inputs);
    let posted = FromWorker::Done {
        id: 7,
        report: Box::new(whole.clone()),
        memory_bytes: 0,
    }
    .to_json();
    let exports = [
        posted.clone(),
        report::json::render(&whole),
        report::sarif::render(&whole),
        report::markdown::render(&whole),
        report::text::render(&whole),
    ];
    for s in &exports[1..3] {
        serde_json::from_str::<serde_json::Value>(s).expect("the JSON exports are JSON");
    }
    check_no_secret_in(&whole, &inputs, &exports);
    match FromWorker::parse(&posted) {
        Some(FromWorker::Done { report, .. }) => {
            assert_eq!(*report, whole, "the page reads back another report")
        }
        other => panic!("the page cannot read the worker's message: {other:?}"),
    }
});

fn inputs(name: usize, split: u8, bytes: &[u8]) -> Vec<ScanInput> {
    if split == 0 {
        return vec![ScanInput::new(NAMES[name], bytes)];
    }
    let at = bytes.len() * usize::from(split) / 256;
    let second = (name + usize::from(split)) % NAMES.len();
    let second = if second == name {
        (name + 1) % NAMES.len()
    } else {
        second
    };
    vec![
        ScanInput::new(NAMES[name], &bytes[..at]),
        ScanInput::new(NAMES[second], &bytes[at..]),
    ]
}

/// Where findings point, and that secret details hold only a masked value.
fn check_findings(report: &ScanReport, inputs: &[ScanInput]) {
    assert_eq!(report.files.len(), inputs.len());
    assert_eq!(report.stats.findings, report.findings.len());
    for f in &report.findings {
        let input = inputs
            .iter()
            .find(|i| i.name == f.file)
            .expect("finding names an input");
        let lines = input.bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        assert!(
            f.line >= 1 && f.line as usize <= lines,
            "line {} of {lines}: {f:?}",
            f.line
        );
        assert!(f.column >= 1, "{f:?}");
        match f.category {
            Category::Secret => {
                let s = f.secret.as_ref().expect("a secret finding has its detail");
                assert!(
                    s.start < s.end && s.end <= input.bytes.len(),
                    "{}..{}",
                    s.start,
                    s.end
                );
                assert!(s.masked.contains('•'), "not masked: {}", s.masked);
                assert_eq!(s.fingerprint.len(), 16);
            }
            Category::Cors => assert!(f.cors.is_some() && f.rule.starts_with("cors-")),
            Category::Access => assert!(f.access.is_some() && f.rule.starts_with("access-")),
        }
    }
    for d in &report.dropped {
        assert!(
            d.masked.is_empty() || d.masked.contains('•'),
            "dropped, not masked: {}",
            d.masked
        );
    }
}

/// No export and no worker message holds a found secret's raw value.
fn check_no_secret_in(report: &ScanReport, inputs: &[ScanInput], exports: &[String]) {
    for f in &report.findings {
        let Some(s) = &f.secret else { continue };
        let input = inputs
            .iter()
            .find(|i| i.name == f.file)
            .expect("finding names an input");
        let Ok(raw) = std::str::from_utf8(&input.bytes[s.start..s.end]) else {
            continue;
        };
        let raw = raw.trim();
        if raw.len() < MIN_CHECKED_SECRET {
            continue;
        }
        for (i, e) in exports.iter().enumerate() {
            assert!(
                !e.contains(raw),
                "export {i} shows the secret of {} in full ({} bytes)",
                f.rule,
                raw.len()
            );
        }
    }
}
