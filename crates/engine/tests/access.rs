//! The database access analyzer against its fixture corpus
//! (`tests/fixtures/access/cases.toml`): every expected finding (class, severity,
//! file, line), no class reported where a case says it must stay silent, no
//! unexpected high or critical finding, at least three vulnerable and two safe
//! cases per class. Prints recall and false alarms per class
//! (`cargo test --test access -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use shipcheck_engine::catalog::access::CLASS_IDS;
use shipcheck_engine::finding::{Finding, Severity};
use shipcheck_engine::scan::access::AccessJob;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    dir: String,
    #[serde(default)]
    now: Option<i64>,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    safe: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    rule: String,
    severity: String,
    file: String,
    at: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/access")
}

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else {
            let name = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

fn run(case: &Case) -> (Vec<(String, String)>, Vec<Finding>) {
    let dir = root().join(&case.dir);
    let mut inputs = Vec::new();
    files(&dir, &dir, &mut inputs);
    let mut job = AccessJob::new();
    for (name, text) in &inputs {
        job.add(name, text);
    }
    (inputs, job.finish(case.now).findings)
}

fn line_of(inputs: &[(String, String)], file: &str, at: &str) -> u32 {
    let text = &inputs
        .iter()
        .find(|(n, _)| n == file)
        .unwrap_or_else(|| panic!("no file {file}"))
        .1;
    let i = text
        .lines()
        .position(|l| l.contains(at))
        .unwrap_or_else(|| panic!("{file}: no line with {at:?}"));
    i as u32 + 1
}

/// Whether a finding on `line` points at the statement that holds line `at` (a
/// finding names where its statement starts; `at` may be inside it).
fn same_statement(inputs: &[(String, String)], file: &str, line: u32, at: u32) -> bool {
    if line == at {
        return true;
    }
    let text = &inputs.iter().find(|(n, _)| n == file).unwrap().1;
    let lines: Vec<&str> = text.lines().collect();
    line < at
        && !lines[line as usize - 1..at as usize - 1]
            .iter()
            .any(|l| l.contains(';'))
}

fn describe(f: &Finding) -> String {
    format!("{}:{}@{}:{}", f.rule, f.severity.as_str(), f.file, f.line)
}

#[test]
fn corpus_findings_recall_and_false_alarms() {
    let corpus: Corpus =
        toml::from_str(&std::fs::read_to_string(root().join("cases.toml")).unwrap()).unwrap();
    let mut failures = Vec::new();
    // class → (expected, found, safe cases, safe cases clean)
    let mut stats: BTreeMap<String, [usize; 4]> =
        CLASS_IDS.iter().map(|c| (c.to_string(), [0; 4])).collect();
    let mut vulnerable_cases: BTreeMap<String, usize> = BTreeMap::new();
    for case in &corpus.case {
        let (inputs, findings) = run(case);
        let mut matched = vec![false; findings.len()];
        for e in &case.expect {
            let rule = format!("access-{}", e.rule);
            let line = line_of(&inputs, &e.file, &e.at);
            let s = stats
                .get_mut(&e.rule)
                .unwrap_or_else(|| panic!("unknown class {}", e.rule));
            s[0] += 1;
            let hit = findings.iter().position(|f| {
                f.rule == rule
                    && f.file == e.file
                    && same_statement(&inputs, &e.file, f.line, line)
                    && f.severity.as_str() == e.severity
            });
            match hit {
                Some(i) => {
                    matched[i] = true;
                    s[1] += 1;
                }
                None => failures.push(format!(
                    "{}: missing {rule} {} at {}:{line}; got [{}]",
                    case.dir,
                    e.severity,
                    e.file,
                    findings.iter().map(describe).collect::<Vec<_>>().join(", ")
                )),
            }
        }
        let mut classes: Vec<&str> = case.expect.iter().map(|e| e.rule.as_str()).collect();
        classes.dedup();
        for c in classes {
            *vulnerable_cases.entry(c.to_owned()).or_default() += 1;
        }
        for class in &case.safe {
            let s = stats
                .get_mut(class)
                .unwrap_or_else(|| panic!("unknown class {class}"));
            s[2] += 1;
            let rule = format!("access-{class}");
            let alarms: Vec<String> = findings
                .iter()
                .filter(|f| f.rule == rule)
                .map(describe)
                .collect();
            if alarms.is_empty() {
                s[3] += 1;
            } else {
                failures.push(format!(
                    "{}: {class} must stay silent, got [{}]",
                    case.dir,
                    alarms.join(", ")
                ));
            }
        }
        for (f, m) in findings.iter().zip(&matched) {
            if !m
                && f.severity >= Severity::High
                && !case
                    .expect
                    .iter()
                    .any(|e| format!("access-{}", e.rule) == f.rule && e.file == f.file)
            {
                failures.push(format!("{}: unexpected {}", case.dir, describe(f)));
            }
        }
    }
    println!("{:<28} {:>9} {:>11}", "class", "recall", "safe clean");
    for (class, [exp, found, safe, clean]) in &stats {
        println!("{class:<28} {found:>4}/{exp:<4} {clean:>5}/{safe:<5}");
    }
    for class in CLASS_IDS {
        let v = vulnerable_cases.get(class).copied().unwrap_or(0);
        let s = stats[class][2];
        if v < 3 || s < 2 {
            failures.push(format!(
                "{class}: {v} vulnerable and {s} safe cases; the corpus needs 3 and 2"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every fixture folder is listed in cases.toml (a new folder cannot be forgotten).
#[test]
fn every_fixture_folder_is_a_case() {
    let corpus: Corpus =
        toml::from_str(&std::fs::read_to_string(root().join("cases.toml")).unwrap()).unwrap();
    let listed: Vec<&str> = corpus.case.iter().map(|c| c.dir.as_str()).collect();
    for entry in std::fs::read_dir(root()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            assert!(
                listed.contains(&name.as_str()),
                "{name} is not in cases.toml"
            );
        }
    }
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), listed.len(), "a case is listed twice");
}

/// The scanner runs the access analysis across its inputs, after every file is
/// read, with progress that keeps moving through the SQL replay; a call found in
/// a source map's source points at the map and names the original.
#[test]
fn the_scanner_joins_files_and_reports_progress() {
    use shipcheck_engine::scan::{ScanInput, Scanner, Step};
    let sql =
        "create table public.profiles (id uuid primary key references auth.users, email text);\n"
            .to_string()
            + &"-- padding so that the replay takes several steps\n".repeat(200);
    let map = r#"{"version":3,"file":"index.js","sources":["src/App.tsx"],"sourcesContent":["import x from 'y';\nconst { data } = await supabase.from('profiles').select('*');\n"],"names":[],"mappings":""}"#;
    let inputs = vec![
        ScanInput::new("dist/assets/index-1a2b.js.map", map),
        ScanInput::new("supabase/migrations/20240101000000_init.sql", sql.clone()),
    ];
    let mut job = Scanner::built_in().job(inputs);
    let (mut last, mut replaying) = (0, false);
    while let Step::Progress(p) = job.step(512) {
        assert!(
            p.bytes_done >= last && p.bytes_done <= p.bytes_total,
            "{p:?}"
        );
        replaying |= p.current_file == "database access rules";
        last = p.bytes_done;
    }
    assert!(replaying, "the replay reported progress");
    let report = job.finish();
    let rls = report
        .findings
        .iter()
        .find(|f| f.rule == "access-rls-disabled")
        .expect("rls-disabled");
    assert_eq!(rls.file, "supabase/migrations/20240101000000_init.sql");
    let client = report
        .findings
        .iter()
        .find(|f| f.rule == "access-client-table-exposed")
        .expect("client finding");
    assert_eq!(client.file, "dist/assets/index-1a2b.js.map");
    let origin = client.origin.as_ref().expect("origin");
    assert_eq!((origin.source.as_str(), origin.line), ("src/App.tsx", 2));
    let summary = report.access.as_ref().expect("access summary");
    assert!(
        summary.exposure.iter().any(|e| e.contains("profiles")),
        "{:?}",
        summary.exposure
    );
    assert_eq!(summary.coverage.sql_files, 1);
    let sql_report = report
        .files
        .iter()
        .find(|f| f.name.ends_with("_init.sql"))
        .unwrap();
    assert!(sql_report.findings >= 1);

    // Switched off, nothing of it runs.
    let options = shipcheck_engine::scan::ScanOptions {
        access: false,
        ..Default::default()
    };
    let off = Scanner::built_in().scan_with(vec![ScanInput::new("m.sql", sql)], options);
    assert!(off.findings.iter().all(|f| !f.rule.starts_with("access-")) && off.access.is_none());
}

/// Every SQL fix is safe itself: pasted as a later migration, the finding it fixes
/// is gone, and it brings no new high or critical finding.
#[test]
fn sql_fixes_fix_what_they_say() {
    let corpus: Corpus =
        toml::from_str(&std::fs::read_to_string(root().join("cases.toml")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &corpus.case {
        let (inputs, findings) = run(case);
        for f in &findings {
            let Some(a) = &f.access else { continue };
            if a.source != "sql" || a.fixed_snippet.is_empty() {
                continue;
            }
            checked += 1;
            let mut job = AccessJob::new();
            for (name, text) in &inputs {
                job.add(name, text);
            }
            // Named to replay after every input (migrations and dumps alike).
            job.add("zzzz/99999999999999_fix.sql", &a.fixed_snippet);
            let after = job.finish(case.now).findings;
            let same = |g: &Finding| {
                g.rule == f.rule && g.access.as_ref().is_some_and(|b| b.object == a.object)
            };
            if after.iter().any(same) {
                failures.push(format!(
                    "{}: {} on {} survives its fix:\n{}",
                    case.dir, f.rule, a.object, a.fixed_snippet
                ));
            }
            for g in &after {
                let new = !findings
                    .iter()
                    .any(|h| h.rule == g.rule && h.file == g.file && h.line == g.line);
                if new && g.severity >= Severity::High && g.file.ends_with("_fix.sql") {
                    failures.push(format!(
                        "{}: the fix for {} brings {}",
                        case.dir,
                        f.rule,
                        describe(g)
                    ));
                }
            }
        }
    }
    assert!(checked > 30, "only {checked} fixes checked");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
