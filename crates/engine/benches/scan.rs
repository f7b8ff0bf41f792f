//! Scanner throughput on generated inputs: `cargo bench --bench scan`.
//!
//! A plain `harness = false` benchmark (no bench framework to compile): each
//! corpus is scanned a few times with the full built-in rule set on one thread,
//! and the best time is reported as MB/s, with the findings and how many of the
//! planted fakes were found. Peak memory is read from `/proc/self/status`
//! (Linux). Timing happens here, never inside the engine.
//!
//! Besides wall time, the thread's own CPU time is read from
//! `/proc/thread-self/schedstat` (Linux): on a machine shared with other work
//! the wall clock also counts time spent waiting for a core, while CPU time
//! counts only the scan. MB/s is reported for both.
//!
//! With `SHIPCHECK_BENCH_DIR=DIR`, each corpus is also written to
//! `DIR/<case>/<file name>` (the very bytes scanned here), the mixed folder of
//! the peer comparison to `DIR/mixed/`, and `DIR/manifest.json` records every
//! file, its planted fakes and the native figures measured here: the browser
//! benchmark (`tools/bench/browser.mjs`) and the peer comparison
//! (`tools/bench/peers.sh`) read it.

#[path = "corpus.rs"]
mod corpus;
#[path = "lookalike.rs"]
mod lookalike;
#[path = "mixed.rs"]
mod mixed;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};

use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner, Step};

/// Nanoseconds this thread has spent on a CPU, where the kernel says.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Scans `corpus` `rounds` times; prints the best round and returns it as JSON.
fn run(scanner: &Scanner, name: &str, file: &str, corpus: &corpus::Corpus, rounds: usize) -> Value {
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut report = None;
    for _ in 0..rounds {
        let input = ScanInput::new(file, corpus.text.clone());
        let options = ScanOptions {
            cors: false,
            ..ScanOptions::default()
        };
        let cpu = thread_cpu_ns();
        let started = Instant::now();
        let mut job = scanner.job_with(vec![input], options);
        while let Step::Progress(_) = job.step(1 << 20) {}
        let r = job.finish();
        best = best.min(started.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ns()) {
            best_cpu = best_cpu.min((b - a) as f64 / 1e9);
        }
        report = Some(r);
    }
    let report = report.expect("at least one round");
    let found = corpus
        .planted
        .iter()
        .filter(|(rule, at)| {
            report
                .findings
                .iter()
                .any(|f| f.rule == *rule && f.secret.as_ref().is_some_and(|s| s.start == *at))
        })
        .count();
    // Findings with verdict secret that are not a planted fake.
    let false_positives = report
        .findings
        .iter()
        .filter(|f| f.verdict() == Some(shipcheck_engine::finding::Verdict::Secret))
        .filter(|f| {
            let s = f.secret.as_ref().expect("secret findings have detail");
            !corpus
                .planted
                .iter()
                .zip(&corpus.lengths)
                .any(|((_, at), len)| s.start < at + len && *at < s.end)
        })
        .count();
    let mb = corpus.text.len() as f64 / 1e6;
    let cpu = if best_cpu < f64::MAX {
        format!("{:>7.1} MB/s CPU", mb / best_cpu)
    } else {
        "   (no CPU clock)".to_string()
    };
    println!(
        "{name:<19} {mb:>6.1} MB  {:>7.1} MB/s wall  {cpu}  findings {:>2}  planted found {}/{}  false positives {false_positives}",
        mb / best,
        report.findings.len(),
        found,
        corpus.planted.len()
    );
    json!({
        "rounds": rounds,
        "best_wall_s": best,
        "best_cpu_s": (best_cpu < f64::MAX).then_some(best_cpu),
        "wall_mb_s": mb / best,
        "cpu_mb_s": (best_cpu < f64::MAX).then(|| mb / best_cpu),
        "findings": report.findings.len(),
        "planted_found": found,
        "false_positives": false_positives,
    })
}

/// Where `SHIPCHECK_BENCH_DIR` asks the corpora to be written, if it does.
fn dump_dir() -> Option<PathBuf> {
    std::env::var_os("SHIPCHECK_BENCH_DIR").map(PathBuf::from)
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the bench directory");
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Writes a corpus to `dir/<case>/<file name>`; returns its manifest entry.
fn dump_corpus(dir: &Path, name: &str, file: &str, corpus: &corpus::Corpus) -> Value {
    let base = file.rsplit('/').next().unwrap_or(file);
    let rel = format!("{name}/{base}");
    write(&dir.join(&rel), &corpus.text);
    let planted: Vec<Value> = corpus
        .planted
        .iter()
        .zip(&corpus.lengths)
        .map(|((rule, offset), len)| json!({"rule": rule, "offset": offset, "len": len}))
        .collect();
    json!({
        "name": name,
        "path": rel,
        "scanned_as": file,
        "bytes": corpus.text.len(),
        "planted": planted,
    })
}

/// Writes the mixed folder to `dir/mixed/`; returns its manifest entries.
fn dump_mixed(dir: &Path) -> Vec<Value> {
    mixed::folder()
        .iter()
        .map(|f| {
            write(&dir.join("mixed").join(f.path), &f.text);
            let planted: Vec<Value> = f
                .planted
                .iter()
                .map(|p| {
                    json!({"rule": p.rule, "label": p.label, "verdict": p.verdict,
                           "offset": p.offset, "len": p.len})
                })
                .collect();
            json!({"path": format!("mixed/{}", f.path), "bytes": f.text.len(), "planted": planted})
        })
        .collect()
}

/// The look-alike corpora in the benchmark's corpus shape.
fn from_lookalike(l: lookalike::Lookalike) -> corpus::Corpus {
    corpus::Corpus {
        planted: l.planted.iter().map(|p| (p.rule, p.offset)).collect(),
        lengths: l.planted.iter().map(|p| p.len).collect(),
        text: l.text,
    }
}

fn lookalike_bundle(size: usize, plants: usize) -> corpus::Corpus {
    from_lookalike(lookalike::bundle(size, plants))
}

fn lookalike_config(size: usize, plants: usize) -> corpus::Corpus {
    from_lookalike(lookalike::config(size, plants))
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let started = Instant::now();
    let scanner = Scanner::built_in();
    let compile_s = started.elapsed().as_secs_f64();
    println!(
        "compiled {} rules in {compile_s:.3} s",
        scanner.rules().len(),
    );
    let dir = dump_dir();
    const BUNDLE: &str = "dist/assets/index-4f3a9c1b.js";
    const CONFIG: &str = "config/.env.production";
    type Generator = fn(usize, usize) -> corpus::Corpus;
    // (name, file name, generator, size in MB, planted fakes, rounds)
    let cases: [(&str, &str, Generator, usize, usize, usize); 8] = [
        ("bundle-1mb", BUNDLE, corpus::bundle, 1, 4, 5),
        ("bundle-10mb", BUNDLE, corpus::bundle, 10, 8, 3),
        ("bundle-50mb", BUNDLE, corpus::bundle, 50, 8, 1),
        ("config-1mb", CONFIG, corpus::config, 1, 4, 5),
        ("config-10mb", CONFIG, corpus::config, 10, 8, 3),
        ("config-50mb", CONFIG, corpus::config, 50, 8, 1),
        ("lookalike-bundle-10mb", BUNDLE, lookalike_bundle, 10, 48, 3),
        (
            "lookalike-config-1mb",
            "config/settings.conf",
            lookalike_config,
            1,
            24,
            5,
        ),
    ];
    let mut entries = Vec::new();
    for (name, file, generate, mb, plants, rounds) in cases {
        if wanted(name) {
            let corpus = generate(mb << 20, plants);
            let native = run(&scanner, name, file, &corpus, rounds);
            if let Some(dir) = &dir {
                let mut entry = dump_corpus(dir, name, file, &corpus);
                entry["native"] = native;
                entries.push(entry);
            }
        }
    }
    let peak = peak_rss_mb();
    if let Some(mb) = peak {
        println!("peak memory (VmHWM) {mb:.0} MB");
    }
    if let Some(dir) = dir {
        let manifest = json!({
            "generated_by": "cargo bench --bench scan",
            "profile": "bench",
            "rules": scanner.rules().len(),
            "compile_s": compile_s,
            "peak_rss_mb": peak,
            "cases": entries,
            "mixed": dump_mixed(&dir),
        });
        let text = serde_json::to_string_pretty(&manifest).expect("manifest serialises");
        write(&dir.join("manifest.json"), text.as_bytes());
        println!("wrote the corpora and manifest.json to {}", dir.display());
    }
}
