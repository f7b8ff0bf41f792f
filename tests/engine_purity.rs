//! The engine must stay pure Rust: no browser crate may appear in `src/engine`, so
//! that everything in it is testable natively and usable by the command-line tool.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const BROWSER_CRATES: [&str; 6] = [
    "yew",
    "yew_router",
    "web_sys",
    "gloo",
    "js_sys",
    "wasm_bindgen",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines that name a browser crate as a path (`yew::`, `use gloo_timers`...), ignoring
/// comments.
fn offending_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| {
            let ids: Vec<&str> = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .collect();
            ids.iter().any(|id| {
                BROWSER_CRATES.iter().any(|krate| {
                    id.strip_prefix(krate).is_some_and(|rest| {
                        rest.starts_with("::") || (*krate == "gloo" && rest.starts_with('_'))
                    }) || id.starts_with(&format!("::{krate}::"))
                }) || line.trim_start().starts_with("use ")
                    && BROWSER_CRATES
                        .iter()
                        .any(|k| line.trim_start()[4..].starts_with(k))
            })
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn engine_uses_no_browser_crate() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine"),
        &mut files,
    );
    assert!(files.len() > 3, "expected engine sources, found {files:?}");
    let mut bad = Vec::new();
    for f in &files {
        for line in offending_lines(&std::fs::read_to_string(f).unwrap()) {
            bad.push(format!("{}: {}", f.display(), line.trim()));
        }
    }
    assert!(
        bad.is_empty(),
        "browser crates used in src/engine:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_each_browser_crate() {
    for line in [
        "use yew::prelude::*;",
        "let w = web_sys::window();",
        "gloo::timers::callback::Timeout::new(1, f);",
        "use gloo_worker::Spawnable;",
        "let g = js_sys::global();",
        "#[wasm_bindgen::prelude::wasm_bindgen]",
        "use wasm_bindgen::JsCast;",
        "let r = ::yew_router::history::MemoryHistory::new();",
    ] {
        assert_eq!(offending_lines(line).len(), 1, "missed: {line}");
    }
    for line in [
        "// yew::prelude is not used here",
        "let yewish = 3; // a name that merely starts alike",
        "fn glooming() {}",
    ] {
        assert!(offending_lines(line).is_empty(), "false alarm: {line}");
    }
}
