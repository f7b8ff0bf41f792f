//! The engine's shape, checked: no browser crate anywhere in its dependency tree (so
//! the compiler, not a grep, keeps it pure), and its modules layered with no import
//! circle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::process::Command;

/// Crates that only make sense in a browser; `gloo-*` are matched by prefix.
const BROWSER_CRATES: [&str; 6] = [
    "yew",
    "yew-router",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
];

/// Every package in `package`'s normal and build dependency tree, for every target,
/// as `cargo tree` resolves it (offline: the lockfile is enough).
fn dependency_names(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "-p", package])
        .args(["-e", "normal,build", "--target", "all", "--prefix", "none"])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn browser_crates(deps: &BTreeSet<String>) -> Vec<&str> {
    deps.iter()
        .map(String::as_str)
        .filter(|d| BROWSER_CRATES.contains(d) || d.starts_with("gloo"))
        .collect()
}

#[test]
fn the_engine_depends_on_no_browser_crate() {
    let engine = dependency_names("shipcheck-engine");
    assert!(engine.contains("regex"), "the tree is read: {engine:?}");
    assert_eq!(browser_crates(&engine), Vec::<&str>::new());
    // The check can fail: the web crate's tree holds them.
    let web = dependency_names("shipcheck-web");
    assert!(browser_crates(&web).contains(&"yew"), "{web:?}");
}

/// The engine's top-level modules from the bottom up. A module may use modules of
/// lower layers only, never its own layer or a higher one, so no import circle can
/// form. `catalog` loads every data file and sits just above the shared vocabulary
/// of `finding`. `project` (a dropped folder or zip read for evidence) uses the
/// scanners and the answers' vocabulary, and feeds the assessment.
const LAYERS: &[&[&str]] = &[
    &["finding"],
    &["catalog"],
    &["state", "scan"],
    &["project"],
    &["estimate"],
    &["assess"],
    &["report"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// `crate::<module>` paths used in Rust source, comments left out.
fn used_modules(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let name: String = rest[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
            rest = &rest[at + 7..];
        }
    }
    out
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn engine_modules_only_use_lower_layers() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        if module == "lib" {
            continue;
        }
        let Some(layer) = layer_of(&module) else {
            violations.push(format!("module `{module}` has no layer in LAYERS"));
            continue;
        };
        seen.insert(module.clone());
        let mut files = Vec::new();
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path.clone());
        }
        for file in files {
            for used in used_modules(&std::fs::read_to_string(&file).unwrap()) {
                match layer_of(&used) {
                    Some(l) if l < layer || used == module => {}
                    Some(_) => violations.push(format!(
                        "{}: `{module}` uses `crate::{used}`, which is not below it",
                        file.strip_prefix(&src).unwrap().display()
                    )),
                    None => {}
                }
            }
        }
    }
    assert!(seen.len() >= 7, "modules read: {seen:?}");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    // The check itself can fail.
    assert!(used_modules("use crate::assess::Catalog; // crate::report").contains("assess"));
    assert!(!used_modules("// use crate::report").contains("report"));
}
