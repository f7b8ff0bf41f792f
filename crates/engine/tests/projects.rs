//! Every project of `tests/fixtures/projects/` read as a dropped folder, scanned and
//! answered from its code: its stack must hold the expected technologies, and its
//! evidence must be exactly the expected answers — an extra answer fails as surely as
//! a missing one (a question the code does not decide must stay a question).
//! All failures are collected and reported together; `SHIPCHECK_PROJECT=<text>`
//! limits the run to fixture names containing the text.

mod project_support;

use std::collections::{BTreeMap, BTreeSet};

use project_support::{fixtures, project_files, project_names};
use shipcheck_engine::project::evidence::Evidence;
use shipcheck_engine::project::tree::Tree;
use shipcheck_engine::project::Project;
use shipcheck_engine::scan::{ScanOptions, Scanner};

struct Expected {
    stack: Vec<String>,
    evidence: BTreeMap<String, String>,
    cited: BTreeMap<String, Vec<String>>,
}

fn expected(name: &str) -> Expected {
    let text = std::fs::read_to_string(fixtures().join(name).join("expected.toml")).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let strings = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    Expected {
        stack: t.get("stack").map(strings).unwrap_or_default(),
        evidence: t
            .get("evidence")
            .and_then(|e| e.as_table())
            .map(|e| {
                e.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        cited: t
            .get("cited")
            .and_then(|e| e.as_table())
            .map(|e| e.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
            .unwrap_or_default(),
    }
}

fn names() -> Vec<String> {
    let filter = std::env::var("SHIPCHECK_PROJECT").unwrap_or_default();
    project_names()
        .into_iter()
        .filter(|n| n.contains(&filter))
        .collect()
}

/// A fixture's files: `(path, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// Reads a fixture the way a dropped folder is read and returns its evidence.
fn evidence_of(name: &str) -> (Project, Vec<Evidence>, Files) {
    let files = project_files(name);
    let project = Project::read(Tree::from_files(files.clone()));
    let options = ScanOptions {
        now: Some(1_800_000_000),
        ..ScanOptions::default()
    };
    let findings = Scanner::built_in()
        .scan_with(project.scan_inputs(), options)
        .findings;
    let evidence = project.evidence(&findings);
    (project, evidence, files)
}

#[test]
fn every_fixture_project_gives_exactly_its_expected_evidence() {
    let names = names();
    assert!(
        names.len() >= 8 || std::env::var("SHIPCHECK_PROJECT").is_ok(),
        "{names:?}"
    );
    let mut failures = Vec::new();
    for name in &names {
        let want = expected(name);
        let (project, evidence, files) = evidence_of(name);
        let stack: BTreeSet<&str> = project.stack.items.iter().map(|i| i.id.as_str()).collect();
        for id in &want.stack {
            if !stack.contains(id.as_str()) {
                failures.push(format!("{name}: stack lacks {id} (has {stack:?})"));
            }
        }
        let got: BTreeMap<String, String> = evidence
            .iter()
            .map(|e| (e.question.clone(), e.answer.as_str().to_owned()))
            .collect();
        for (q, a) in &want.evidence {
            match got.get(q) {
                None => failures.push(format!("{name}: no evidence for {q} (want {a})")),
                Some(g) if g != a => {
                    let e = evidence.iter().find(|e| &e.question == q).unwrap();
                    failures.push(format!(
                        "{name}: {q} is {g}, want {a} — {} {:?}",
                        e.summary, e.citations
                    ))
                }
                _ => {}
            }
        }
        for e in &evidence {
            if !want.evidence.contains_key(&e.question) {
                failures.push(format!(
                    "{name}: unexpected {} = {} — {} {:?}",
                    e.question,
                    e.answer.as_str(),
                    e.summary,
                    e.citations
                ));
            }
            let paths: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            for c in &e.citations {
                if !paths.contains(c.file.as_str()) {
                    failures.push(format!(
                        "{name}: {} cites {} which is not a file",
                        e.question, c.file
                    ));
                }
            }
        }
        for (q, cited) in &want.cited {
            let Some(e) = evidence.iter().find(|e| &e.question == q) else {
                continue;
            };
            for file in cited {
                if !e.citations.iter().any(|c| &c.file == file) {
                    failures.push(format!(
                        "{name}: {q} does not cite {file}: {:?}",
                        e.citations
                    ));
                }
            }
        }
        let json = serde_json::to_string(&evidence).unwrap();
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            for secret in ["sk_live_", "sk-proj-", "eyJhbGci"] {
                if let Some(at) = text.find(secret) {
                    let value: String = text[at..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '"')
                        .collect();
                    if json.contains(&value) {
                        failures.push(format!("{name}: evidence shows a value from {path}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each detector is seen deciding on both sides somewhere in the fixtures (the risky
/// answer, and the safe answer or silence on code that has the feature).
#[test]
fn every_detector_has_vulnerable_and_safe_fixtures() {
    if std::env::var("SHIPCHECK_PROJECT").is_ok() {
        return;
    }
    let mut answers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in names() {
        for (q, a) in expected(&name).evidence {
            answers.entry(q).or_default().insert(a);
        }
    }
    // Questions a detector can only ever answer the risky way: their safe case is a
    // fixture where the feature is present and no answer is given.
    let risky_only = [
        ("secrets-exposed", "yes", "clean-vite-app"),
        ("ai-prompt-injection", "yes", "bolt-vite-firebase"),
        ("ai-unsafe-tool-use", "yes", "next-supabase-open"),
        ("access-config-reviewed", "no", "next-supabase-clean"),
    ];
    for (q, risky, safe_fixture) in risky_only {
        assert!(
            answers.get(q).is_some_and(|a| a.contains(risky)),
            "{q} never {risky}"
        );
        assert!(
            !expected(safe_fixture).evidence.contains_key(q),
            "{safe_fixture} is the safe case of {q}"
        );
    }
    for q in [
        "open-endpoints",
        "input-validation",
        "rate-limits",
        "error-tracking",
        "debuggable-failures",
        "env-separation",
        "regression-tests",
        "stripe-webhook-unverified",
    ] {
        let a = answers.get(q).cloned().unwrap_or_default();
        assert!(
            a.contains("yes") && a.contains("no"),
            "{q} is answered only {a:?}"
        );
    }
}

/// The handover export of a dropped project (golden file): the answers the code gave,
/// each with its citations, and the one the founder overrode, theirs counting. The
/// JSON export carries the same answers. `SHIPCHECK_BLESS=1` rewrites the golden file.
#[test]
fn the_handover_export_says_which_answers_came_from_the_code() {
    use shipcheck_engine::assess::assess;
    use shipcheck_engine::catalog::assess::{Answer, Catalog};
    use shipcheck_engine::catalog::operator::OperatorConfig;
    use shipcheck_engine::project::answers::state_with_evidence;
    use shipcheck_engine::report::handover;
    use shipcheck_engine::report::origin::{code_answers, Stand};
    use shipcheck_engine::state::State;

    let name = "next-supabase-open";
    let (project, evidence, _) = evidence_of(name);
    let catalog = Catalog::built_in();
    let mut founder = State::default();
    // The code says its admin route is open; the founder says no: theirs counts.
    founder.answers.insert("open-endpoints".into(), Answer::No);
    let measured = project.measured();
    let (state, provenance) = state_with_evidence(catalog, &founder, &evidence, Some(&measured));
    let code = code_answers(catalog, &state, &evidence, &provenance);
    let stand = |q: &str| code.iter().find(|a| a.question == q).map(|a| a.stand);
    assert_eq!(stand("open-endpoints"), Some(Stand::Disagrees));
    assert_eq!(stand("input-validation"), Some(Stand::FromCode));
    // Not a checklist question: shown with the project, not as an answer.
    assert_eq!(stand("stripe-webhook-unverified"), None);

    let a = assess(catalog, &state, &[]);
    let md = handover::markdown(
        catalog,
        &a,
        &code,
        None,
        &OperatorConfig::built_in(),
        "2026-12-03",
    );
    let golden = project_support::fixtures().join("../report/handover-next-supabase-open.md");
    if std::env::var_os("SHIPCHECK_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &md).unwrap();
    }
    let want = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (SHIPCHECK_BLESS=1 writes it)", golden.display()));
    assert!(
        want == md,
        "the handover Markdown differs from {} (rerun with SHIPCHECK_BLESS=1 if intended):\n{md}",
        golden.display()
    );

    let json: serde_json::Value =
        serde_json::from_str(&handover::json(&a, &code, None, "2026-12-03")).unwrap();
    let listed = json["answers_from_code"].as_array().unwrap();
    assert_eq!(listed.len(), code.len());
    let open = listed
        .iter()
        .find(|v| v["question"] == "open-endpoints")
        .unwrap();
    assert_eq!(open["stand"], "disagrees");
    assert_eq!(open["counts"], "no");
    assert_eq!(open["citations"][0]["file"], "app/api/admin/users/route.ts");
}
