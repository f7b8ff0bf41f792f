//! Writes the seed corpora of the fuzz targets (`fuzz/fuzz_targets/*.rs`) from the
//! repository's own fixtures and rule examples.
//!
//! ```text
//! cargo run --example fuzz_seeds -- fuzz/corpus
//! ```
//!
//! Each seed starts with the selector bytes its target reads (see the doc comment of
//! each target), chosen so the fixture is scanned under a name like its own:
//! - `secret_scanner/`: every scan fixture and every rule's positive and negative
//!   examples (fake secrets expanded from their templates), plus the CORS fixtures;
//! - `cors_analyzer/`: every CORS fixture, once with its format as the hint and once
//!   left to detection;
//! - `state_decoder/`: the answers files of the assess fixtures (good and bad), and
//!   the URL fragment and storage JSON of every good one and of one state per
//!   profile.
//!
//! Fixtures over 64 KiB are skipped: the corpus stays small.

use std::path::{Path, PathBuf};

use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::secrets::fake;
use shipcheck_engine::scan::cors::{Format, ALL_FORMATS};
use shipcheck_engine::scan::Scanner;
use shipcheck_engine::state::{self, Answer, State};

const MAX_SEED: u64 = 64 * 1024;

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fuzz/corpus".into()),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("../../tests/fixtures");
    let mut seeds = Seeds::default();
    secret_seeds(&fixtures, &mut seeds);
    cors_seeds(&fixtures, &mut seeds);
    state_seeds(&fixtures, &mut seeds);
    for (target, name, bytes) in &seeds.0 {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).expect("create the corpus directory");
        std::fs::write(dir.join(name), bytes).expect("write a seed");
    }
    for target in ["secret_scanner", "cors_analyzer", "state_decoder"] {
        let n = seeds.0.iter().filter(|(t, ..)| *t == target).count();
        println!("{target}: {n} seeds in {}", out.join(target).display());
    }
}

#[derive(Default)]
struct Seeds(Vec<(&'static str, String, Vec<u8>)>);

impl Seeds {
    fn add(&mut self, target: &'static str, name: &str, bytes: Vec<u8>) {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.0.push((target, name, bytes));
    }
}

/// Every file under `dir`, sorted, with its path relative to `dir`.
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if entry.metadata().is_ok_and(|m| m.len() <= MAX_SEED) {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, p)
        })
        .collect()
}

/// The index in `secret_scanner`'s `NAMES` of the name most like `path`.
fn scanner_name(path: &str) -> u8 {
    let base = path.rsplit('/').next().unwrap_or(path);
    match () {
        _ if base.ends_with(".map") => 6,
        _ if base == ".env" => 1,
        _ if base.starts_with(".env") => 8,
        _ if base.ends_with(".js") && (path.contains("dist/") || path.contains("build/")) => 2,
        _ if base.ends_with(".js") => 3,
        _ if base.ends_with(".ts") => 10,
        _ if base == "firebase.json" => 12,
        _ if base == "vercel.json" => 15,
        _ if base.ends_with(".json") => 7,
        _ if base.ends_with(".yaml") || base.ends_with(".yml") => 9,
        _ if base.starts_with("id_") => 11,
        _ if base == "nginx.conf" => 13,
        _ if base.ends_with(".conf") => 4,
        _ if base.ends_with(".py") => 14,
        _ if base.ends_with(".txt") => 5,
        _ => 0,
    }
}

/// `secret_scanner` flags: the name, the whole-file step budget, and `explain`.
fn scanner_seed(name: u8, bytes: &[u8]) -> Vec<u8> {
    let mut seed = vec![name | (7 << 4) | 0x80, 0];
    seed.extend_from_slice(bytes);
    seed
}

fn secret_seeds(fixtures: &Path, seeds: &mut Seeds) {
    for (rel, path) in files(&fixtures.join("scan/cases")) {
        let Ok(template) = std::fs::read_to_string(&path) else {
            continue;
        };
        // The scan fixtures hold fake-secret templates, expanded per file like the tests do.
        let file = rel.split_once('/').map_or(rel.as_str(), |(_, f)| f);
        let Ok(text) = fake::expand(&template, file) else {
            continue;
        };
        seeds.add(
            "secret_scanner",
            &format!("scan-{rel}"),
            scanner_seed(scanner_name(file), text.as_bytes()),
        );
    }
    for rule in Scanner::built_in().rules().rules() {
        let examples = rule.examples.positive.iter().map(|e| ("pos", e));
        let examples = examples.chain(rule.examples.negative.iter().map(|e| ("neg", e)));
        for (i, (kind, template)) in examples.enumerate() {
            let Ok(text) = fake::expand(template, &rule.id) else {
                continue;
            };
            // Alternate a paste and a server .env, so both contexts are seeded.
            let name = if i % 2 == 0 { 0 } else { 1 };
            seeds.add(
                "secret_scanner",
                &format!("rule-{}-{kind}-{i}", rule.id),
                scanner_seed(name, text.as_bytes()),
            );
        }
    }
    for (rel, path) in files(&fixtures.join("cors")) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if rel.starts_with("golden/") || rel.ends_with(".toml") {
            continue;
        }
        seeds.add(
            "secret_scanner",
            &format!("cors-{rel}"),
            scanner_seed(scanner_name(&rel), &bytes),
        );
    }
}

/// The index in `cors_analyzer`'s `NAMES` of the name most like `path`.
fn cors_name(path: &str) -> u8 {
    let base = path.rsplit('/').next().unwrap_or(path);
    let ext = base.rsplit_once('.').map_or("", |(_, e)| e);
    match (base, ext) {
        ("vercel.json", _) => 4,
        ("firebase.json", _) => 5,
        ("netlify.toml", _) | (_, "toml") => 6,
        ("_headers", _) => 7,
        (".htaccess", _) => 8,
        ("nginx.conf", _) => 9,
        (_, "py") => 10,
        (_, "rb") => 11,
        (_, "java" | "kt") => 12,
        (_, "go") => 13,
        (_, "cs") => 14,
        (_, "yaml" | "yml") => 15,
        (_, "js" | "ts" | "mjs" | "cjs") => 1,
        (_, "conf") => 2,
        (_, "txt") => 3,
        _ => 0,
    }
}

fn cors_seeds(fixtures: &Path, seeds: &mut Seeds) {
    for (rel, path) in files(&fixtures.join("cors")) {
        let Some((dir, _)) = rel.split_once('/') else {
            continue;
        };
        let Some(format) = Format::from_id(dir) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let hint = ALL_FORMATS
            .iter()
            .position(|f| *f == format)
            .map_or(0, |i| i + 1) as u8;
        for (tag, hint) in [("hint", hint), ("detect", 0)] {
            let mut seed = vec![hint, cors_name(&rel)];
            seed.extend_from_slice(&bytes);
            seeds.add("cors_analyzer", &format!("{tag}-{rel}"), seed);
        }
    }
}

fn state_seeds(fixtures: &Path, seeds: &mut Seeds) {
    let mut states = Vec::new();
    for sub in ["answers", "bad"] {
        for (rel, path) in files(&fixtures.join("assess").join(sub)) {
            if !rel.ends_with(".json") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Ok(s) = state::from_answers_json(&String::from_utf8_lossy(&bytes)) {
                states.push((rel.clone(), s));
            }
            seeds.add("state_decoder", &format!("{sub}-{rel}"), bytes);
        }
    }
    // One state per profile with every question of it answered, in turn, each way.
    let catalog = Catalog::built_in();
    for (i, profile) in catalog.profiles().iter().enumerate() {
        let mut s = State {
            profile: profile.id.clone(),
            uses_ai: i % 2 == 0,
            ..State::default()
        };
        for (j, q) in catalog.questions().iter().enumerate() {
            s.answers.insert(q.id.clone(), Answer::ALL[(i + j) % 3]);
        }
        states.push((format!("profile-{}", profile.id), s));
    }
    for (name, s) in states {
        let fragment = state::encode_fragment(&s);
        seeds.add(
            "state_decoder",
            &format!("fragment-{name}"),
            format!("#{fragment}").into_bytes(),
        );
        seeds.add(
            "state_decoder",
            &format!("storage-{name}"),
            state::to_storage_json(&s).into_bytes(),
        );
    }
}
