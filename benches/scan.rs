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

#[path = "corpus.rs"]
mod corpus;

use std::time::Instant;

use shipcheck::engine::scan::{ScanInput, ScanOptions, Scanner, Step};

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

fn run(scanner: &Scanner, name: &str, file: &str, corpus: &corpus::Corpus, rounds: usize) {
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
    let mb = corpus.text.len() as f64 / 1e6;
    let cpu = if best_cpu < f64::MAX {
        format!("{:>7.1} MB/s CPU", mb / best_cpu)
    } else {
        "   (no CPU clock)".to_string()
    };
    println!(
        "{name:<14} {mb:>6.1} MB  {:>7.1} MB/s wall  {cpu}  findings {:>2}  planted found {}/{}",
        mb / best,
        report.findings.len(),
        found,
        corpus.planted.len()
    );
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
    println!(
        "compiled {} rules in {:.3} s",
        scanner.rules().len(),
        started.elapsed().as_secs_f64()
    );
    const BUNDLE: &str = "dist/assets/index-4f3a9c1b.js";
    const CONFIG: &str = "config/.env.production";
    type Generator = fn(usize, usize) -> corpus::Corpus;
    // (name, file name, generator, size in MB, planted fakes, rounds)
    let cases: [(&str, &str, Generator, usize, usize, usize); 5] = [
        ("bundle-1mb", BUNDLE, corpus::bundle, 1, 4, 5),
        ("bundle-10mb", BUNDLE, corpus::bundle, 10, 8, 3),
        ("bundle-50mb", BUNDLE, corpus::bundle, 50, 8, 1),
        ("config-1mb", CONFIG, corpus::config, 1, 4, 5),
        ("config-10mb", CONFIG, corpus::config, 10, 8, 3),
    ];
    for (name, file, generate, mb, plants, rounds) in cases {
        if wanted(name) {
            run(&scanner, name, file, &generate(mb << 20, plants), rounds);
        }
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory (VmHWM) {mb:.0} MB");
    }
}
