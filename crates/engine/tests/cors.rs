//! The CORS analyzer against its fixture corpus (`tests/fixtures/cors/cases.toml`):
//! detection, every expected finding (rule, severity, line, attacker origin), no
//! unexpected finding above `info`, safe twins clean, fixed snippets that are safe
//! themselves, golden JSON, and bad input that never panics. Prints recall per class
//! and false positives on safe files (`cargo test --test cors -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use shipcheck_engine::catalog::cors::CLASS_IDS;
use shipcheck_engine::finding::{Category, Finding, Severity};
use shipcheck_engine::scan::cors::{analyze, detect, supported_formats, Format, ALL_FORMATS};

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    #[serde(rename = "as")]
    as_name: Option<String>,
    format: String,
    #[serde(default)]
    safe: bool,
    #[serde(default)]
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
struct Expect {
    rule: String,
    severity: String,
    at: String,
    attacker: Option<String>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cors")
}

fn corpus() -> Corpus {
    let text = std::fs::read_to_string(fixtures().join("cases.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

fn read(case: &Case) -> (String, String) {
    let text = std::fs::read_to_string(fixtures().join(&case.file)).unwrap();
    let name = case
        .as_name
        .clone()
        .unwrap_or_else(|| case.file.rsplit('/').next().unwrap().to_owned());
    (name, text)
}

fn line_of(text: &str, needle: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
}

fn describe(f: &[Finding]) -> String {
    f.iter()
        .map(|f| {
            format!(
                "{}:{}@{} {:?}",
                f.rule,
                f.severity.as_str(),
                f.line,
                f.cors.as_ref().and_then(|c| c.attacker_origin.clone())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn corpus_detection_findings_recall_and_false_positives() {
    let corpus = corpus();
    let mut failures = Vec::new();
    // class -> (expected, found)
    let mut recall: BTreeMap<String, (u32, u32)> =
        CLASS_IDS.iter().map(|c| (c.to_string(), (0, 0))).collect();
    let (mut safe_files, mut safe_fp, mut vuln_files, mut spurious) = (0, 0, 0, 0);
    for case in &corpus.case {
        let (name, text) = read(case);
        let detected = detect(&text, &name).map(|f| f.id());
        if detected != Some(case.format.as_str()) {
            failures.push(format!(
                "{}: detected {detected:?}, want {}",
                case.file, case.format
            ));
        }
        let findings = analyze(&name, &text, None);
        for f in &findings {
            let d = f.cors.as_ref().expect("cors detail");
            let ok = f.category == Category::Cors
                && f.rule.starts_with("cors-")
                && f.line >= 1
                && !f.why.is_empty()
                && !f.title.is_empty()
                && !f.fix.is_empty()
                && !d.fixed_snippet.is_empty()
                && f.file == name;
            if !ok {
                failures.push(format!("{}: malformed finding {f:?}", case.file));
            }
        }
        if case.safe {
            safe_files += 1;
            let above: Vec<Finding> = findings
                .iter()
                .filter(|f| f.severity > Severity::Info)
                .cloned()
                .collect();
            if !above.is_empty() {
                safe_fp += 1;
                failures.push(format!(
                    "{}: safe file has findings above info: {}",
                    case.file,
                    describe(&above)
                ));
            }
            continue;
        }
        vuln_files += 1;
        let mut matched = vec![false; findings.len()];
        for e in &case.expect {
            let entry = recall.entry(e.rule.clone()).or_insert((0, 0));
            entry.0 += 1;
            let Some(line) = line_of(&text, &e.at) else {
                failures.push(format!("{}: marker {:?} not in file", case.file, e.at));
                continue;
            };
            let rule = format!("cors-{}", e.rule);
            let hit = findings.iter().enumerate().find(|(_, f)| {
                f.rule == rule && f.severity.as_str() == e.severity && f.line == line
            });
            match hit {
                Some((i, f)) => {
                    matched[i] = true;
                    let got = f.cors.as_ref().and_then(|c| c.attacker_origin.clone());
                    if e.attacker.is_some() && got != e.attacker {
                        failures.push(format!(
                            "{}: {rule} attacker {got:?}, want {:?}",
                            case.file, e.attacker
                        ));
                    } else {
                        entry.1 += 1;
                    }
                }
                None => failures.push(format!(
                    "{}: missing {rule} {} at line {line}; got {}",
                    case.file,
                    e.severity,
                    describe(&findings)
                )),
            }
        }
        for (i, f) in findings.iter().enumerate() {
            if !matched[i] && f.severity > Severity::Info {
                spurious += 1;
                failures.push(format!(
                    "{}: unexpected {}:{}@{}",
                    case.file,
                    f.rule,
                    f.severity.as_str(),
                    f.line
                ));
            }
        }
    }
    println!(
        "\nCORS corpus: {} files ({} vulnerable, {} safe twins)",
        corpus.case.len(),
        vuln_files,
        safe_files
    );
    println!(
        "{:<36} {:>8} {:>6} {:>7}",
        "class", "expected", "found", "recall"
    );
    for (class, (want, got)) in &recall {
        let r = if *want == 0 {
            "n/a".to_owned()
        } else {
            format!("{:.0}%", 100.0 * *got as f64 / *want as f64)
        };
        println!("{class:<36} {want:>8} {got:>6} {r:>7}");
    }
    println!("safe files with a finding above info: {safe_fp} of {safe_files}");
    println!("unexpected findings above info in vulnerable files: {spurious}");
    for (class, (want, _)) in &recall {
        if *want == 0 {
            failures.push(format!("class {class} has no vulnerable fixture"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_format_has_a_vulnerable_case_and_a_safe_twin() {
    let corpus = corpus();
    for f in ALL_FORMATS {
        let vuln = corpus.case.iter().any(|c| c.format == f.id() && !c.safe);
        let safe = corpus.case.iter().any(|c| c.format == f.id() && c.safe);
        assert!(vuln && safe, "{}: vulnerable {vuln}, safe {safe}", f.id());
    }
}

/// The corrected snippet of every finding, read back in the same format, is clean.
#[test]
fn fixed_snippets_are_safe_in_their_own_format() {
    let mut failures = Vec::new();
    for case in corpus().case.iter().filter(|c| !c.safe) {
        let (name, text) = read(case);
        for f in analyze(&name, &text, None) {
            let d = f.cors.unwrap();
            let again = analyze(&name, &d.fixed_snippet, Some(&d.format));
            let bad: Vec<&Finding> = again
                .iter()
                .filter(|g| g.severity > Severity::Info)
                .collect();
            if again.is_empty()
                && !d.fixed_snippet.contains("Access-Control")
                && d.format == "raw-headers"
            {
                failures.push(format!("{}: fix not readable", case.file));
            }
            if !bad.is_empty() {
                failures.push(format!(
                    "{} ({}): fixed snippet still has {}\n{}",
                    case.file,
                    d.format,
                    bad.iter()
                        .map(|g| g.rule.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    d.fixed_snippet
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hint_overrides_detection_and_unknown_hint_falls_back() {
    let text = "app.use(cors({ origin: true, credentials: true }))";
    assert_eq!(
        analyze("notes.txt", text, Some("express"))[0].rule,
        "cors-reflected-origin-with-credentials"
    );
    assert_eq!(
        analyze("notes.txt", text, Some("no-such-format"))[0].rule,
        "cors-reflected-origin-with-credentials"
    );
    // The same text read as nginx has no nginx directive in it.
    assert!(analyze("notes.txt", text, Some("nginx")).is_empty());
    assert_eq!(supported_formats().len(), ALL_FORMATS.len());
    assert_eq!(Format::from_id("vercel-json"), Some(Format::VercelJson));
}

#[test]
fn raw_response_alone_says_it_cannot_tell_and_gives_the_curl_line() {
    let text = "HTTP/2 200\naccess-control-allow-origin: https://app.acme.com\naccess-control-allow-credentials: true\n";
    let f = analyze("response.txt", text, None);
    assert_eq!(f.len(), 1, "{}", describe(&f));
    assert_eq!(f[0].severity, Severity::Info);
    let d = f[0].cors.as_ref().unwrap();
    assert!(d
        .note
        .as_deref()
        .unwrap()
        .contains("cannot tell from a response alone"));
    assert!(d
        .curl
        .as_deref()
        .unwrap()
        .contains("-H 'Origin: https://evil.example'"));
    assert!(f[0].fix.contains("curl"));
}

#[test]
fn bad_input_never_panics_under_any_format() {
    let deep_json = format!("{}{}", "[".repeat(5000), "]".repeat(10));
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{0}\u{1}\u{2}access-control-allow-origin\u{ff}\u{7f}".into(),
        deep_json,
        "{\"headers\": [{\"source\": 1, \"headers\": [{\"key\": null}]}]".into(),
        "[[headers]\n for = \nAccess-Control-Allow-Origin = ".into(),
        "<CORSRule><AllowedOrigin>".into(),
        "cors({ origin: /unterminated".into(),
        "CORS(app, origins=[r\"(\", supports_credentials=True)".into(),
        "if ($http_origin ~* (((( { add_header Access-Control-Allow-Origin $http_origin; }".into(),
        "Header set Access-Control-Allow-Origin".into(),
        "origins /(?=x)acme/\nresource '*', credentials: true".into(),
        "é".repeat(1000) + "Access-Control-Allow-Origin: *" + &"ü".repeat(1000),
        "cors(".repeat(2000),
        format!(
            "add_header Access-Control-Allow-Origin {};",
            "x".repeat(100_000)
        ),
    ];
    for input in &inputs {
        let _ = analyze("paste", input, None);
        for f in ALL_FORMATS {
            let _ = analyze("paste", input, Some(f.id()));
        }
    }
}

#[test]
fn minified_bundles_and_huge_texts_are_skipped() {
    let bundle = format!(
        "!function(){{fetch(u,{{mode:\"cors\",credentials:\"include\"}})}};{}",
        "var a=1;".repeat(20_000)
    );
    assert!(analyze("main.4f3a.js", &bundle, None).is_empty());
    let huge = "Access-Control-Allow-Origin: *\n".repeat(100_000);
    assert!(analyze("big.txt", &huge, None).is_empty());
}

#[test]
fn golden_json() {
    let bless = std::env::var_os("SHIPCHECK_BLESS").is_some();
    let mut failures = Vec::new();
    for (file, as_name) in [
        ("express/reflect-with-credentials.js", "server.js"),
        ("nginx/unanchored-if.conf", "site.conf"),
        ("raw-headers/curl-probe-echoed.txt", "probe.txt"),
        ("fastapi/prefix-regex.py", "main.py"),
    ] {
        let text = std::fs::read_to_string(fixtures().join(file)).unwrap();
        let json = serde_json::to_string_pretty(&analyze(as_name, &text, None)).unwrap() + "\n";
        let golden = fixtures()
            .join("golden")
            .join(format!("{}.json", file.replace('/', "__")));
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(want) if want == json => {}
            Ok(_) => failures.push(format!(
                "{file}: output differs from {} (rerun with SHIPCHECK_BLESS=1 if intended)\n{json}",
                golden.display()
            )),
            Err(_) => failures.push(format!("{file}: missing golden file {}", golden.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Numbers for docs/cors.md (not an assertion):
/// `cargo test -p shipcheck-engine --release --test cors measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_throughput() {
    use std::time::Instant;
    let time = |label: &str, name: &str, text: &str, runs: u32| {
        let start = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n += analyze(name, text, None).len();
        }
        let secs = start.elapsed().as_secs_f64() / f64::from(runs);
        let mb = text.len() as f64 / 1e6;
        println!(
            "{label:<58} {mb:>7.2} MB {:>9.2} ms {:>9.1} MB/s ({n} findings)",
            secs * 1e3,
            mb / secs
        );
    };
    let bundle = format!(
        "!function(){{fetch(u,{{mode:\"cors\"}})}};{}",
        "var a=1,b=\"x\";".repeat(1_400_000)
    );
    time(
        "20 MB one-line minified bundle (skipped)",
        "main.js",
        &bundle,
        5,
    );
    let big_over_cap = "app.get('/x', (req, res) => res.send('ok'));\n".repeat(60_000)
        + "app.use(cors({ origin: true, credentials: true }));\n";
    time(
        "server file over the 2 MiB cap (skipped)",
        "server.js",
        &big_over_cap,
        5,
    );
    let server = "app.get('/x', (req, res) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.send('ok'); });\napp.use(cors({ origin: /acme\\.com/, credentials: true }));\n".repeat(12_000);
    time(
        "JS server file, CORS code on every line (caps hit)",
        "server.js",
        &server[..server.len().min(1_990_000)],
        5,
    );
    let nginx = "location /api/ {\n  add_header Access-Control-Allow-Origin $http_origin always;\n  add_header Access-Control-Allow-Credentials true;\n}\n".repeat(15_000);
    time(
        "nginx config, 15 000 location blocks (caps hit)",
        "nginx.conf",
        &nginx,
        5,
    );
    let corpus = corpus();
    let texts: Vec<(String, String)> = corpus.case.iter().map(read).collect();
    let start = Instant::now();
    let runs = 50;
    for _ in 0..runs {
        for (name, text) in &texts {
            let _ = analyze(name, text, None);
        }
    }
    let per_file = start.elapsed().as_secs_f64() / f64::from(runs) / texts.len() as f64;
    println!(
        "fixture corpus: {} files, {:.3} ms per file on average",
        texts.len(),
        per_file * 1e3
    );
}

/// Mutated fixtures (truncated anywhere, multi-byte characters and brackets spliced
/// in) read under every format: none may panic. Deterministic (a fixed xorshift seed).
#[test]
fn mutated_fixtures_never_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let splices = [
        "é",
        "ü€",
        "(",
        ")",
        "{",
        "}",
        "[",
        "\"",
        "'",
        "`",
        "/",
        "\\",
        "\n",
        "*",
        "$http_origin",
        "origin",
        ":",
        "=",
    ];
    for case in corpus().case {
        let (_, text) = read(&case);
        for _ in 0..12 {
            let mut t = text.clone();
            for _ in 0..4 {
                let mut at = (next() as usize) % (t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                match next() % 3 {
                    0 => t.insert_str(at, splices[(next() as usize) % splices.len()]),
                    1 => t.truncate(at),
                    _ => {
                        let mut end = (at + (next() as usize) % 40).min(t.len());
                        while !t.is_char_boundary(end) {
                            end -= 1;
                        }
                        t.replace_range(at..end, "");
                    }
                }
            }
            let _ = analyze("mutated", &t, None);
            let f = ALL_FORMATS[(next() as usize) % ALL_FORMATS.len()];
            let _ = analyze("mutated", &t, Some(f.id()));
        }
    }
}

/// Every example in cors.toml must be flagged with its class and severity (and
/// its attacker origin, where it names one); failures are collected, not stopped at.
#[test]
fn every_class_example_is_flagged() {
    let mut failures = Vec::new();
    for class in shipcheck_engine::catalog::cors::all() {
        for (i, ex) in class.example.iter().enumerate() {
            let findings = analyze("example", &ex.text, Some(&ex.format));
            let rule = format!("cors-{}", class.id);
            let hit = findings
                .iter()
                .find(|f| f.rule == rule && f.severity.as_str() == ex.severity);
            match hit {
                None => failures.push(format!(
                    "{} example {i} ({}): want {} {}, got {:?}",
                    class.id,
                    ex.format,
                    rule,
                    ex.severity,
                    findings
                        .iter()
                        .map(|f| (f.rule.as_str(), f.severity.as_str()))
                        .collect::<Vec<_>>()
                )),
                Some(f) => {
                    let got = f.cors.as_ref().and_then(|c| c.attacker_origin.clone());
                    if ex.attacker_origin.is_some() && got != ex.attacker_origin {
                        failures.push(format!(
                            "{} example {i}: attacker origin {:?}, want {:?}",
                            class.id, got, ex.attacker_origin
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
