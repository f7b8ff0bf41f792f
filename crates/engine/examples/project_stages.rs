//! Time of each stage of checking a project, natively: reading (the zip, or the
//! folder's files), the project model (manifests, stack, code patterns, endpoints),
//! the scanners, the detectors, and the assessment.
//!
//! ```text
//! cargo run --profile bench --example project_stages -- PROJECT_DIR_OR_ZIP [RUNS]
//! ```
//!
//! Prints the median of RUNS (default 5) for each stage, in milliseconds. The first
//! run also compiles the scanner's rules (shown separately as `rules`).

use std::path::Path;
use std::time::Instant;

use shipcheck_engine::assess;
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::project::answers::state_with_evidence;
use shipcheck_engine::project::archive;
use shipcheck_engine::project::tree::Tree;
use shipcheck_engine::project::Project;
use shipcheck_engine::scan::Scanner;
use shipcheck_engine::state::State;

fn files_of(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if !shipcheck_engine::project::tree::TreeBuilder::skips_folder(&rel) {
                files_of(root, &path, out);
            }
        } else if path.is_file() {
            out.push((rel, std::fs::read(&path).unwrap()));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = Path::new(args.get(1).expect("PROJECT_DIR_OR_ZIP"));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let t = Instant::now();
    let scanner = Scanner::built_in();
    println!(
        "rules      {:>8.1} ms (once)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let zip = target.is_file().then(|| std::fs::read(target).unwrap());
    let mut stages: Vec<[f64; 5]> = Vec::new();
    let mut last = String::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let tree = match &zip {
            Some(bytes) => archive::read_zip(bytes).unwrap(),
            None => {
                let mut files = Vec::new();
                files_of(target, target, &mut files);
                Tree::from_files(files)
            }
        };
        let t1 = Instant::now();
        let project = Project::read(tree);
        let t2 = Instant::now();
        let report = scanner.scan(project.scan_inputs());
        let t3 = Instant::now();
        let evidence = project.evidence(&report.findings);
        let t4 = Instant::now();
        let catalog = Catalog::built_in();
        let (state, _) = state_with_evidence(
            catalog,
            &State::default(),
            &evidence,
            Some(&project.measured()),
        );
        let a = assess::assess(catalog, &state, &report.findings);
        let t5 = Instant::now();
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
        stages.push([ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5)]);
        last = format!(
            "{} files, {} bytes read, {} skipped entries; {} findings; {} evidence items; verdict {}",
            project.tree.files().len(),
            project.tree.bytes(),
            project.tree.skipped().len(),
            report.findings.len(),
            evidence.len(),
            a.verdict.as_str()
        );
    }
    let names = ["read", "project", "scan", "detect", "assess"];
    let mut total = 0.0;
    for (i, name) in names.iter().enumerate() {
        let mut v: Vec<f64> = stages.iter().map(|s| s[i]).collect();
        v.sort_by(f64::total_cmp);
        let median = v[v.len() / 2];
        total += median;
        println!("{name:<10} {median:>8.1} ms");
    }
    println!("total      {total:>8.1} ms (median of {runs} runs)\n{last}");
}
