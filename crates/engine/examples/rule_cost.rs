//! Where a warm scan's time goes, per rule: `cargo run --release -p shipcheck-engine
//! --example rule_cost -- FILE [TOP]`.
//!
//! Prints the thread's CPU time of a full warm scan of FILE (secrets only, every regex
//! compiled first), of the keyword prefilter with every rule's regex on its windows
//! (what the scan spends most of its time in), and then, for each rule alone, the same
//! over FILE: the TOP (default 25) costliest rules. A rule alone still pays for its own
//! keyword-automaton pass over FILE: nearly nothing when aho-corasick can skip ahead to
//! its keywords' rarer bytes, a byte-at-a-time pass when they start with common letters
//! (as the full set of keywords does); compare a rule with others of similar keywords.
//! CPU time from `/proc/thread-self/schedstat` (Linux).

use shipcheck_engine::catalog::secrets::Rule;
use shipcheck_engine::scan::secrets::matcher::{Carry, Prefilter};
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    let ns: f64 = stat
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    ns / 1e9
}

/// The least CPU time of `rounds` runs of `f`.
fn best_of(rounds: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = cpu_s();
            f();
            cpu_s() - t
        })
        .fold(f64::MAX, f64::min)
}

/// Runs the prefilter and `rules`' regexes over `text` in 512 KiB chunks, as a job does.
fn find_all(pre: &Prefilter, rules: &[Rule], text: &[u8]) -> usize {
    const CHUNK: usize = 512 * 1024;
    let mut out = Vec::new();
    let mut carry = Carry::default();
    let mut at = 0;
    while at < text.len() {
        let end = (at + CHUNK).min(text.len());
        pre.find(rules, text, at..end, &mut carry, &mut out);
        at = end;
    }
    out.len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: rule_cost FILE [TOP]");
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(25);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let mb = text.len() as f64 / 1e6;

    let scanner = Scanner::built_in();
    let mut warm = scanner.warm_up();
    while warm.step() {}
    let options = ScanOptions {
        cors: false,
        access: false,
        ..ScanOptions::default()
    };
    let scan = best_of(5, || {
        scanner.scan_with(
            vec![ScanInput::new(path.clone(), text.clone())],
            options.clone(),
        );
    });
    println!("full warm scan: {scan:.4} CPU-s, {:.0} MB/s", mb / scan);

    let rules = scanner.rules().rules();
    let pre = Prefilter::new(rules);
    let all = best_of(3, || {
        find_all(&pre, rules, &text);
    });
    println!("keyword prefilter + every rule's regex: {all:.4} CPU-s");

    let mut costs: Vec<(f64, &Rule, usize)> = rules
        .iter()
        .map(|rule| {
            let one = std::slice::from_ref(rule);
            let pre = Prefilter::new(one);
            let mut matches = 0;
            let cost = best_of(2, || matches = find_all(&pre, one, &text));
            (cost, rule, matches)
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("each rule alone, its keyword pass included:");
    for (cost, rule, matches) in costs.iter().take(top) {
        println!(
            "{cost:.4}  {}  {matches} regex matches  keywords {}",
            rule.id,
            rule.keywords.join(",")
        );
    }
}
