//! Real code nobody here wrote: every `.js`, `.mjs`, `.cjs`, `.map` and `.json`
//! file of the published npm packages listed in
//! `tools/bench/real-code-packages.txt` must give no finding with verdict
//! "secret". These are the client libraries an AI-built app ships (auth,
//! database, payments, analytics, maps, UI kits, AI SDKs, polyfills): a
//! founder who scans a bundle made of them must not be told to rotate a line
//! of supabase-js.
//!
//! Run by `tools/bench/real-code.sh` (part of `tools/test.sh`), which fetches
//! the pinned packages with `npm pack` and sets `SHIPCHECK_REAL_CODE` to the
//! directory they are unpacked in, one folder per package. Without it the test
//! is ignored by a plain `cargo test`; run with `--ignored` and no directory it
//! fails, saying so.

use std::path::{Path, PathBuf};
use std::time::Instant;

use shipcheck_engine::finding::Verdict;
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

const EXTENSIONS: [&str; 5] = ["js", "mjs", "cjs", "map", "json"];

/// Every file under `dir` with one of [`EXTENSIONS`], sorted.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
#[ignore = "needs the packages: run tools/bench/real-code.sh"]
fn published_packages_hold_no_secret() {
    let root = PathBuf::from(std::env::var_os("SHIPCHECK_REAL_CODE").expect(
        "SHIPCHECK_REAL_CODE must name the unpacked packages: run tools/bench/real-code.sh",
    ));
    let mut packages: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    packages.sort();
    if let Some(list) = std::env::var_os("SHIPCHECK_REAL_CODE_LIST") {
        let text = std::fs::read_to_string(&list).expect("the package list");
        let listed = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .count();
        assert_eq!(packages.len(), listed, "every listed package is unpacked");
    }
    assert!(
        packages.len() >= 40,
        "only {} packages in {}",
        packages.len(),
        root.display()
    );
    let scanner = Scanner::built_in();
    let options = ScanOptions {
        cors: false,
        ..ScanOptions::default()
    };
    let started = Instant::now();
    let (mut files, mut bytes) = (0usize, 0usize);
    let mut secrets = Vec::new();
    let mut other = 0usize;
    for package in &packages {
        let mut paths = Vec::new();
        files_under(package, &mut paths);
        paths.sort();
        let inputs: Vec<ScanInput> = paths
            .iter()
            .map(|p| {
                let name = p.strip_prefix(&root).unwrap_or(p).to_string_lossy();
                let data = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                bytes += data.len();
                ScanInput::new(name.replace('\\', "/"), data)
            })
            .collect();
        files += inputs.len();
        let report = scanner.scan_with(inputs, options.clone());
        for f in &report.findings {
            if f.verdict() == Some(Verdict::Secret) {
                let masked = f.secret.as_ref().map_or("", |s| s.masked.as_str());
                secrets.push(format!(
                    "{}:{}:{} {} {masked} ({:?})",
                    f.file, f.line, f.column, f.rule, f.severity
                ));
            } else {
                other += 1;
            }
        }
    }
    println!(
        "real code: {} packages, {files} files, {:.1} MB scanned in {:.1} s; \
         {} secret findings, {other} public or test findings",
        packages.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        secrets.len()
    );
    assert!(files > 1000, "only {files} files");
    assert!(
        secrets.is_empty(),
        "{} findings with verdict secret in published code:\n{}",
        secrets.len(),
        secrets.join("\n")
    );
}
