//! Database access analyzer on a generated 5 MB schema dump:
//! `cargo bench -p shipcheck-engine --bench access`.
//!
//! A plain `harness = false` benchmark. The dump is written the way `supabase db
//! dump` writes one (quoted identifiers, `ALTER TABLE ONLY … ADD CONSTRAINT`,
//! policies, grants for three roles, views, `SECURITY DEFINER` functions with
//! dollar-quoted bodies, comments), table after table until it is 5 MB. It is
//! analysed whole (one `finish`) and in 64 KiB steps (as the web worker does,
//! reporting progress between them); the best of five rounds is printed with the
//! thread's CPU time (`/proc/thread-self/schedstat`), which a busy shared machine
//! does not inflate. Timing happens here, never in the engine.
//!
//! With `SHIPCHECK_BENCH_DIR=DIR` the dump is also written to
//! `DIR/access/schema.sql`, so the browser worker can be timed on the same bytes.

#[path = "schema_dump.rs"]
mod schema_dump;

use std::time::Instant;

use schema_dump::dump;
use shipcheck_engine::scan::access::AccessJob;

const TARGET_BYTES: usize = 5 * 1024 * 1024;

fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn run(text: &str, step: Option<usize>) -> (f64, f64, usize, usize) {
    let mut best = (f64::MAX, f64::MAX, 0, 0);
    for _ in 0..5 {
        let cpu = thread_cpu_ns();
        let started = Instant::now();
        let mut job = AccessJob::new();
        job.add("supabase/schema.sql", text);
        let mut steps = 0;
        if let Some(budget) = step {
            while !job.step(budget, None) {
                steps += 1;
            }
        }
        let report = job.finish(None);
        let wall = started.elapsed().as_secs_f64();
        let cpu = match (cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => wall,
        };
        if cpu < best.1 {
            best = (wall, cpu, report.findings.len(), steps);
        }
    }
    best
}

/// Replay alone, then judging alone (one round each), to see where time goes.
fn phases(text: &str) {
    let mut job = AccessJob::new();
    job.add("supabase/schema.sql", text);
    let total = job.sql_bytes();
    let started = Instant::now();
    while job.sql_done() < total {
        job.step(64 * 1024, None);
    }
    let replay = started.elapsed().as_secs_f64();
    let started = Instant::now();
    while !job.step(64 * 1024, None) {}
    let judge = started.elapsed().as_secs_f64();
    println!("access phases: replay {replay:.3} s, judge {judge:.3} s");
}

fn main() {
    let text = dump(TARGET_BYTES);
    phases(&text);
    if let Ok(dir) = std::env::var("SHIPCHECK_BENCH_DIR") {
        let dir = std::path::Path::new(&dir).join("access");
        std::fs::create_dir_all(&dir).expect("bench dir");
        std::fs::write(dir.join("schema.sql"), &text).expect("write dump");
    }
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    println!(
        "access: generated dump of {:.2} MB ({} bytes)",
        mb,
        text.len()
    );
    for (label, step) in [("one go", None), ("64 KiB steps", Some(64 * 1024))] {
        let (wall, cpu, findings, steps) = run(&text, step);
        println!(
            "access {label:<13} best of 5: {:.3} s wall, {:.3} s CPU ({:.0} MB/s CPU), {findings} findings, {steps} steps",
            wall,
            cpu,
            mb / cpu
        );
    }
}
