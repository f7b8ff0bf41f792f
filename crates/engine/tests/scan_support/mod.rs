//! Shared by the scan test binaries: fixture cases expanded from their
//! templates into a temporary directory, and the `shipcheck` binary runner.
#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

use shipcheck_engine::catalog::secrets::fake;
use shipcheck_engine::scan::ScanInput;

/// The scan clock used by every test (2027-01-15), via `SHIPCHECK_NOW` for the
/// binary and `ScanOptions::now` for the engine.
pub const NOW: i64 = 1_800_000_000;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/scan")
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("shipcheck-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The files of fixture case `name`, templates expanded: `(relative path, bytes)`.
pub fn case_files(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fixtures().join("cases").join(name);
    let mut files = Vec::new();
    walk(&dir, &mut files);
    assert!(!files.is_empty(), "fixture case {name} has no files");
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let template = std::fs::read_to_string(&p).unwrap();
            let text = fake::expand(&template, &rel).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, text.into_bytes())
        })
        .collect()
}

pub fn case_inputs(name: &str) -> Vec<ScanInput> {
    case_files(name)
        .into_iter()
        .map(|(rel, bytes)| ScanInput::new(rel, bytes))
        .collect()
}

/// Writes the expanded files of cases into `dir` (each under its own
/// relative path) and returns those relative paths.
pub fn materialize(dir: &TempDir, names: &[&str]) -> Vec<String> {
    let mut rels = Vec::new();
    for name in names {
        for (rel, bytes) in case_files(name) {
            dir.write(&rel, &bytes);
            rels.push(rel);
        }
    }
    rels
}
