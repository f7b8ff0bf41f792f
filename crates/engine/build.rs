//! Converts the data the web app reads at start-up from TOML to JSON.
//!
//! The assessment catalog (`rules/assess/*.toml`) and `operator.toml` stay
//! TOML in the repository, reviewed like code. The app embeds them as JSON and reads
//! them with `serde_json`, which it links anyway for the worker's messages; a TOML
//! parser would add ~170 KB to its wasm (see docs/performance.md, "Size budget"). The scan worker
//! still parses TOML (rule files, `netlify.toml`): this only concerns built-in data.
//!
//! Each file is checked here against the same raw shapes the runtime loaders use
//! (`raw.rs` and `schema.rs` are included below), so a syntax error, an unknown key or
//! a wrong type fails the build with the file's path and TOML line, not the page.

use std::path::{Path, PathBuf};
use std::{env, fs, process};

// Only the shapes matter here, not the fields.
#[allow(dead_code)]
#[path = "src/catalog/assess/load/raw.rs"]
mod raw;

#[allow(dead_code)]
#[path = "src/catalog/operator/schema.rs"]
mod schema;

/// One data file: where it is, where its JSON goes (under `OUT_DIR`), and the check
/// that it has the shape its loader expects.
/// (`pub(crate)`: `crates/engine/tests/build_data.rs` includes this file to test it.)
pub(crate) struct DataFile {
    pub(crate) source: &'static str,
    pub(crate) json: &'static str,
    pub(crate) check: fn(&str) -> Result<(), String>,
}

/// Deserializes `text` as `T`, only to report what does not fit.
fn shape<T: serde::de::DeserializeOwned>(text: &str) -> Result<(), String> {
    toml::from_str::<T>(text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// `operator.toml` must also hold values the app accepts (an https booking link...).
fn operator(text: &str) -> Result<(), String> {
    let config: schema::OperatorConfig = toml::from_str(text).map_err(|e| e.to_string())?;
    config.checked().map(drop).map_err(|e| e.0)
}

pub(crate) const FILES: [DataFile; 8] = [
    DataFile {
        source: "rules/assess/questions.toml",
        json: "assess/questions.json",
        check: shape::<raw::QuestionsFile>,
    },
    DataFile {
        source: "rules/assess/profiles.toml",
        json: "assess/profiles.json",
        check: shape::<raw::ProfilesFile>,
    },
    DataFile {
        source: "rules/assess/screening.toml",
        json: "assess/screening.json",
        check: shape::<raw::ScreeningFile>,
    },
    DataFile {
        source: "rules/assess/readiness.toml",
        json: "assess/readiness.json",
        check: shape::<raw::ReadinessFile>,
    },
    DataFile {
        source: "rules/assess/weights.toml",
        json: "assess/weights.json",
        check: shape::<raw::WeightsFile>,
    },
    DataFile {
        source: "rules/assess/estimate.toml",
        json: "assess/estimate.json",
        check: shape::<raw::EstimateFile>,
    },
    DataFile {
        // Read by the app (words explained in place): JSON, so the app links no TOML
        // parser. Its content is checked where it loads (catalog/glossary.rs tests).
        source: "rules/glossary.toml",
        json: "glossary.json",
        check: |_| Ok(()),
    },
    DataFile {
        source: "../../operator.toml",
        json: "operator.json",
        check: operator,
    },
];

/// The JSON of one TOML text: the same tables, arrays and values.
fn to_json(text: &str) -> Result<String, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_string(&table).map_err(|e| e.to_string())
}

fn convert(file: &DataFile, out_dir: &Path) -> Result<(), String> {
    let text = fs::read_to_string(file.source).map_err(|e| format!("cannot read it: {e}"))?;
    let json = to_json(&text)?;
    (file.check)(&text)?;
    let out = out_dir.join(file.json);
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(&out, json).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// Converts every file, writing its JSON under `out_dir`; one line per file refused,
/// `path: what is wrong`.
pub(crate) fn convert_all(files: &[DataFile], out_dir: &Path) -> Vec<String> {
    files
        .iter()
        .filter_map(|file| {
            convert(file, out_dir)
                .err()
                .map(|e| format!("{}: {}", file.source, e.trim_end()))
        })
        .collect()
}

fn main() {
    for file in &FILES {
        println!("cargo::rerun-if-changed={}", file.source);
    }
    println!("cargo::rerun-if-changed=src/catalog/assess/load/raw.rs");
    println!("cargo::rerun-if-changed=src/catalog/operator/schema.rs");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let errors = convert_all(&FILES, &out_dir);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if !errors.is_empty() {
        process::exit(1);
    }
}
