//! The project fixtures (`tests/fixtures/projects/`), expanded: shared by the
//! engine's `projects` test and the command line's `check` test.
#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

use shipcheck_engine::catalog::secrets::fake;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/projects")
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

/// The files of a fixture project, templates expanded, `_gitignore` as `.gitignore`,
/// its `expected.toml` left out.
pub fn project_files(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fixtures().join(name);
    let mut paths = Vec::new();
    walk(&dir, &mut paths);
    paths
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.toml"))
        .map(|p| {
            let rel = p
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let rel = match rel.rsplit_once('/') {
                Some((d, "_gitignore")) => format!("{d}/.gitignore"),
                None if rel == "_gitignore" => ".gitignore".to_owned(),
                _ => rel,
            };
            let template = std::fs::read_to_string(&p).unwrap();
            let text = fake::expand(&template, &rel).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, text.into_bytes())
        })
        .collect()
}

/// Every fixture project's name, sorted.
pub fn project_names() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}
