//! The CORS analyzer on arbitrary text, with and without a format hint: it must never
//! panic, and every finding must point at a line of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck::engine::scan::cors::{analyze, ALL_FORMATS};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(bytes);
    let hint = ALL_FORMATS.get(selector as usize % (ALL_FORMATS.len() + 1)).map(|f| f.id());
    let lines = text.lines().count().max(1) as u32;
    for f in analyze("input", &text, hint) {
        assert!(f.line >= 1 && f.line <= lines + 1, "line {} of {lines}", f.line);
    }
});
