//! Exports for `run.mjs`: compile the rules, generate a bundle inside the
//! module (the same generator as `crates/engine/benches/scan.rs`), scan it in 1 MB steps.

#[path = "../../corpus.rs"]
mod corpus;

use std::cell::RefCell;

use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner, Step};

thread_local! {
    static CORPUS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Compiles the built-in rules; returns how many there are.
#[no_mangle]
pub extern "C" fn compile_rules() -> u32 {
    Scanner::built_in().rules().len() as u32
}

/// The scanner's warm-up (what the web worker does in idle time); returns its steps.
#[no_mangle]
pub extern "C" fn warm_up() -> u32 {
    let scanner = Scanner::built_in();
    let mut warm = scanner.warm_up();
    let mut steps = 0;
    while warm.step() {
        steps += 1;
    }
    steps
}

/// Generates a one-line bundle of `mb` MB with 8 planted fakes; returns its size.
#[no_mangle]
pub extern "C" fn make_bundle(mb: u32) -> u32 {
    let text = corpus::bundle((mb as usize) << 20, 8).text;
    let len = text.len() as u32;
    CORPUS.with(|c| *c.borrow_mut() = text);
    len
}

/// Scans the generated bundle; returns the number of findings.
#[no_mangle]
pub extern "C" fn scan() -> u32 {
    let bytes = CORPUS.with(|c| c.borrow().clone());
    let input = ScanInput::new("dist/assets/index-4f3a9c1b.js", bytes);
    let options = ScanOptions {
        cors: false,
        ..ScanOptions::default()
    };
    let mut job = Scanner::built_in().job_with(vec![input], options);
    while let Step::Progress(_) = job.step(1 << 20) {}
    job.finish().findings.len() as u32
}

#[path = "../../schema_dump.rs"]
mod schema_dump;

thread_local! {
    static DUMP: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Generates a `supabase db dump`-style schema of `mb` MB; returns its size.
#[no_mangle]
pub extern "C" fn make_dump(mb: u32) -> u32 {
    let text = schema_dump::dump((mb as usize) << 20);
    let len = text.len() as u32;
    DUMP.with(|d| *d.borrow_mut() = text);
    len
}

/// Runs the database access analysis on the generated dump in 64 KiB steps (as
/// the web worker does); returns the number of findings.
#[no_mangle]
pub extern "C" fn access() -> u32 {
    DUMP.with(|d| {
        let mut job = shipcheck_engine::scan::access::AccessJob::new();
        job.add("supabase/schema.sql", &d.borrow());
        while !job.step(64 * 1024, None) {}
        job.finish(None).findings.len() as u32
    })
}
