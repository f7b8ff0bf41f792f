//! The secret scanner on arbitrary bytes, under every file context, in small steps
//! (as the web worker runs it) and in one go: it must never panic, and both ways must
//! give the same findings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck::engine::scan::{ScanInput, Scanner, Step};

const NAMES: [&str; 6] = ["pasted text", ".env", "dist/assets/index.js", "server.ts", "config.json", "app.js.map"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let name = NAMES[selector as usize % NAMES.len()];
    let scanner = Scanner::built_in();
    let whole = scanner.scan(vec![ScanInput::new(name, bytes)]);
    let mut job = scanner.job(vec![ScanInput::new(name, bytes)]);
    let mut steps = 0;
    while let Step::Progress(_) = job.step(1 + (selector as usize % 7) * 97) {
        steps += 1;
        assert!(steps < 10_000_000, "the job does not advance");
    }
    let stepped = job.finish();
    assert_eq!(whole.findings, stepped.findings, "step size changed the findings");
});
