//! Runs the database access analyzer on files and folders and prints its findings:
//! `cargo run --release -p shipcheck-engine --example access_scan -- PATH...`
//! (`--json` for the whole report). Used to evaluate the analyzer on real projects
//! (docs/access.md, "Real projects"); the CLI's `shipcheck scan` runs the same
//! analyzer.

use std::path::{Path, PathBuf};

use shipcheck_engine::scan::access::AccessJob;

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "node_modules" || name == ".git" {
                continue;
            }
            walk(&e, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let mut files = Vec::new();
    for a in args.iter().filter(|a| !a.starts_with("--")) {
        walk(Path::new(a), &mut files);
    }
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut job = AccessJob::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let name = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        job.add(&name, &text);
    }
    let report = job.finish(None);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return;
    }
    for f in &report.findings {
        let a = f.access.as_ref().expect("access detail");
        println!(
            "{} {} {}:{} [{}]\n    {}",
            f.severity.as_str(),
            f.rule,
            f.file,
            f.line,
            a.object,
            a.exposure
        );
        if let Some(c) = &a.cites {
            println!("    cites {}:{}", c.file, c.line);
        }
    }
    let c = &report.coverage;
    eprintln!(
        "{} findings; {} SQL files, {} statements ({} recovered), {} tables, {} policies, {} rules files, {} RTDB files, {} client calls, supabase: {}",
        report.findings.len(), c.sql_files, c.statements, c.recovered, c.tables, c.policies, c.rules_files, c.rtdb_files, c.client_calls, c.supabase
    );
}
