//! The CORS analyzer on other projects' own CORS test suites (semgrep-rules, Bearer
//! rules, njsscan, CodeQL's CORS query tests), labelled from their annotations.
//!
//! ```text
//! tools/eval/cors_peers.sh                       # caches the peers' files (outside the repo)
//! cargo run -p shipcheck-engine --example cors_peers -- ~/.cache/shipcheck-eval/cors
//! cargo run -p shipcheck-engine --example cors_peers -- DIR --show   # every miss and false alarm
//! cargo run -p shipcheck-engine --example cors_peers -- DIR --labels # the labels, for review
//! ```
//!
//! Labels, from each peer's own annotations (none are written here by hand):
//! - semgrep and njsscan: `ruleid:` / `ok:` comments mark the next code line; Bearer:
//!   `bearer:expected`. A semgrep match often starts at the method or annotation that
//!   holds the header, so a label spans from that line to the first line after it
//!   that names CORS (the "sink"); a one-line match spans one line.
//! - CodeQL: `$ Alert` and `$ MISSING: Alert` lines, trailing `NOT OK` comments, and
//!   where a file has none of these, the `#select` rows of its `.expected` file; a
//!   `BAD` comment whose block holds no other label marks the block's first CORS line.
//!   Safe: trailing `OK`/`GOOD` comments, and the CORS lines of a block that an
//!   `OK`/`GOOD`/`safe` comment opens.
//! - Bearer has no per-line safe marks: every CORS line of its `ok`/`secure` files
//!   and of the `ok` part of a test file (after `# ok`, `def ok…`, `class Ok…`) is safe;
//!   njsscan: every CORS line of its true-negative file, and the lines its
//!   true-positive file says not to detect.
//!
//! Scoring: a vulnerable label is found when a finding of one of its classes (the
//! peer rule's meaning in our classes, any severity) lies within 3 lines of it; a
//! safe label is flagged when a finding of one of its classes, above `info`, lies on
//! it (class-level, as for vulnerable labels: a peer's "ok" says "not this flaw";
//! a missing `Vary` or an `http://` origin on the same line is another question).
//! The `any class` column counts every finding above `info` on a safe label. Each
//! file is analyzed on its own, under its own name, with no format hint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shipcheck_engine::finding::{Finding, Severity};
use shipcheck_engine::scan::cors::analyze;

/// "The origin is trusted too broadly": what a peer's permissive, reflection or
/// `null` rule means in our classes.
const ANY_ORIGIN: &[&str] = &[
    "wildcard-origin",
    "wildcard-with-credentials",
    "reflected-origin",
    "reflected-origin-with-credentials",
    "null-origin",
];
const REFLECTION: &[&str] = &["reflected-origin", "reflected-origin-with-credentials"];
/// A pattern or matcher that admits look-alike origins.
const LOOSE_MATCH: &[&str] = &[
    "unanchored-regex",
    "suffix-or-prefix-match",
    "wildcard-subdomain",
];

/// How far (lines) a finding may be from a vulnerable label.
const SLACK: u32 = 3;

#[derive(Debug, Clone)]
struct Label {
    peer: &'static str,
    file: String,
    from: u32,
    to: u32,
    vulnerable: bool,
    classes: &'static [&'static str],
    why: String,
}

fn language(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "js" | "ts" | "tsx" | "jsx" => "JavaScript/TS",
        "py" => "Python",
        "go" => "Go",
        "java" => "Java",
        "cs" => "C#",
        "php" => "PHP",
        "tf" => "Terraform",
        _ => "other",
    }
}

fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("//") || t.starts_with('#') || t.starts_with("/*") || t.starts_with('*')
}

fn is_code(line: &str) -> bool {
    !line.trim().is_empty() && !is_comment(line)
}

/// Does a code line name CORS (a header, an origin option, a CORS call)?
fn is_cors_line(line: &str) -> bool {
    if !is_code(line) {
        return false;
    }
    let l = line.to_ascii_lowercase();
    [
        "access-control-allow-origin",
        "alloworigin",
        "allow_origin",
        "allowedorigin",
        "allowed_origin",
        "withorigins",
        "anyorigin",
        "isoriginallowed",
        "cors(",
        "cors:",
        "cors {",
        "cors=",
        "cors_rule",
        "corsmiddleware",
        "enablecors",
        "origin:",
        "origins",
    ]
    .iter()
    .any(|k| l.contains(k))
}

/// The comment text of a line (after `//` or `#`), if any.
fn comment_of(line: &str) -> Option<&str> {
    // `//` right after `:` is a URL (`https://`), not a comment.
    let slashes = line
        .match_indices("//")
        .map(|(i, _)| i)
        .find(|&i| !line[..i].ends_with(':'));
    let at = [slashes, line.find('#')].into_iter().flatten().min()?;
    Some(&line[at..])
}

/// 1-based line of the next code line after `i` (0-based), and the sink: the first
/// CORS line from there before the next annotation (at most 12 lines on).
fn target_and_sink(lines: &[&str], i: usize, marker: &str) -> Option<(u32, u32)> {
    let t = (i + 1..lines.len()).find(|&j| is_code(lines[j]))?;
    let mut sink = t;
    for (j, line) in lines.iter().enumerate().skip(t).take(12) {
        if j > t && line.contains(marker) {
            break;
        }
        if is_cors_line(line) {
            sink = j;
            break;
        }
    }
    Some((t as u32 + 1, sink as u32 + 1))
}

fn semgrep_classes(rule: &str) -> &'static [&'static str] {
    if rule.contains("regex") {
        LOOSE_MATCH
    } else if rule == "cors-misconfiguration" {
        REFLECTION
    } else {
        ANY_ORIGIN
    }
}

/// semgrep-rules and njsscan: `ruleid:` / `ok:` comments.
fn ruleid_labels(peer: &'static str, file: &str, text: &str) -> Vec<Label> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(c) = comment_of(line) else { continue };
        let (vulnerable, rest) = if let Some(r) = c.split_once("ruleid:") {
            (true, r.1)
        } else if let Some(r) = c.split_once("ok:") {
            (false, r.1)
        } else {
            continue;
        };
        let rule = rest.trim().to_owned();
        let marker = if vulnerable { "ruleid:" } else { "ok:" };
        if let Some((from, to)) = target_and_sink(&lines, i, marker) {
            out.push(Label {
                peer,
                file: file.to_owned(),
                from,
                to,
                vulnerable,
                classes: semgrep_classes(&rule),
                why: format!("{marker} {rule}"),
            });
        }
    }
    if peer == "njsscan" {
        let negative = file.contains("true_negatives");
        for (i, line) in lines.iter().enumerate() {
            let said_no = i > 0 && comment_of(lines[i - 1]).is_some_and(|c| c.contains("do not"));
            if is_cors_line(line) && (negative || said_no) {
                out.push(safe(peer, file, i, "njsscan: not to be detected"));
            }
        }
    }
    out
}

fn safe(peer: &'static str, file: &str, i: usize, why: &str) -> Label {
    Label {
        peer,
        file: file.to_owned(),
        from: i as u32 + 1,
        to: i as u32 + 1,
        vulnerable: false,
        classes: ANY_ORIGIN,
        why: why.to_owned(),
    }
}

/// Bearer: `bearer:expected <rule>` marks the next code line; ok files and ok parts.
fn bearer_labels(file: &str, text: &str) -> Vec<Label> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let name = file.rsplit('/').next().unwrap_or(file);
    let mut in_ok = name.starts_with("ok.") || name.starts_with("secure.");
    for (i, line) in lines.iter().enumerate() {
        let annotation = comment_of(line)
            .map(|c| c.trim_start_matches(['#', '/', ' ']))
            .and_then(|c| c.strip_prefix("bearer:expected"));
        if let Some(rule) = annotation.map(str::trim) {
            if let Some((from, to)) = target_and_sink(&lines, i, "bearer:expected") {
                out.push(Label {
                    peer: "bearer",
                    file: file.to_owned(),
                    from,
                    to,
                    vulnerable: true,
                    classes: if rule.contains("insecure") {
                        REFLECTION
                    } else {
                        ANY_ORIGIN
                    },
                    why: format!("bearer:expected {rule}"),
                });
            }
            continue;
        }
        let l = line.trim().to_ascii_lowercase();
        let opens_ok = l == "# ok"
            || l == "// ok"
            || ["def ", "void ", "class "].iter().any(|k| {
                l.split(k)
                    .nth(1)
                    .is_some_and(|rest| rest.starts_with("ok") || rest.contains("_ok"))
            });
        in_ok |= opens_ok;
        if in_ok && is_cors_line(line) {
            out.push(safe("bearer", file, i, "bearer: ok file or ok part"));
        }
    }
    out
}

/// `#select` rows of a CodeQL `.expected` file: (file name, first line, last line).
fn expected_rows(text: &str) -> Vec<(String, u32, u32)> {
    let mut out = Vec::new();
    let select = text.split_once("#select").map_or(text, |(_, s)| s);
    for row in select.lines() {
        let Some(loc) = row.trim_start_matches('|').split('|').next() else {
            continue;
        };
        let parts: Vec<&str> = loc.trim().split(':').collect();
        if parts.len() >= 5 {
            if let (Ok(a), Ok(b)) = (parts[1].parse(), parts[3].parse()) {
                out.push((parts[0].to_owned(), a, b));
            }
        }
    }
    out
}

fn is_block_end(line: &str) -> bool {
    line.trim().is_empty()
        || line.starts_with('}')
        || line.contains("http.HandleFunc(")
        || line.contains(".on('request'")
}

fn mentions(c: &str, words: &[&str]) -> bool {
    c.split(|ch: char| !ch.is_ascii_alphanumeric())
        .any(|w| words.contains(&w))
}

/// CodeQL: inline `$ Alert` marks, `NOT OK` / `OK` comments, `.expected` rows.
fn codeql_labels(file: &str, text: &str, expected: &[(String, u32, u32)]) -> Vec<Label> {
    let lines: Vec<&str> = text.lines().collect();
    let name = file.rsplit('/').next().unwrap_or(file);
    let classes = if name == "Cors.py" {
        LOOSE_MATCH
    } else {
        ANY_ORIGIN
    };
    let label = |from: u32, to: u32, vulnerable: bool, why: &str| Label {
        peer: "codeql",
        file: file.to_owned(),
        from,
        to,
        vulnerable,
        classes,
        why: why.to_owned(),
    };
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        let Some(c) = comment_of(line).filter(|_| is_code(line)) else {
            continue;
        };
        if c.contains("$ Alert") || c.contains("$ MISSING: Alert") || c.contains("NOT OK") {
            out.push(label(n, n, true, c.trim()));
        } else if mentions(c, &["OK", "GOOD"]) {
            out.push(label(n, n, false, c.trim()));
        }
    }
    if !out.iter().any(|l| l.vulnerable) {
        for (f, a, b) in expected.iter().filter(|(f, _, _)| f == name) {
            out.push(label(*a, *b, true, &format!("{f} in .expected")));
        }
    }
    // Comment lines that open a block: BAD (when the block has no label yet), OK/GOOD/safe.
    for (i, line) in lines.iter().enumerate() {
        if !is_comment(line) || line.trim_start().starts_with("// http") {
            continue;
        }
        let bad = mentions(line, &["BAD"]);
        let ok = mentions(line, &["OK", "GOOD", "safe"]) && !bad;
        if !bad && !ok {
            continue;
        }
        let block: Vec<usize> = (i + 1..lines.len())
            .take_while(|&j| {
                let opens_another = is_comment(lines[j])
                    && mentions(lines[j], &["BAD", "OK", "GOOD", "safe", "vulnerable"]);
                !(is_block_end(lines[j]) || opens_another)
            })
            .collect();
        let labelled = |j: usize| {
            out.iter()
                .any(|l| (l.from..=l.to).contains(&(j as u32 + 1)))
        };
        if bad {
            if block.iter().any(|&j| labelled(j)) {
                continue;
            }
            if let Some(&j) = block.iter().find(|&&j| is_cors_line(lines[j])) {
                out.push(label(j as u32 + 1, j as u32 + 1, true, line.trim()));
            }
        } else {
            // One safe case per block: from its first CORS line to its last.
            let cors: Vec<usize> = block
                .iter()
                .copied()
                .filter(|&j| is_cors_line(lines[j]) && !labelled(j))
                .collect();
            if let (Some(&a), Some(&b)) = (cors.first(), cors.last()) {
                out.push(label(a as u32 + 1, b as u32 + 1, false, line.trim()));
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    vulnerable: u32,
    found: u32,
    safe: u32,
    flagged: u32,
    flagged_any: u32,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.vulnerable += o.vulnerable;
        self.found += o.found;
        self.safe += o.safe;
        self.flagged += o.flagged;
        self.flagged_any += o.flagged_any;
    }
}

fn row(name: &str, t: Tally) {
    let pct = if t.vulnerable == 0 {
        "n/a".to_owned()
    } else {
        format!(
            "{:.0} %",
            100.0 * f64::from(t.found) / f64::from(t.vulnerable)
        )
    };
    println!(
        "{name:<16} {:>4}/{:<4} {pct:>6}   {:>3}/{:<3}   {:>3}",
        t.found, t.vulnerable, t.flagged, t.safe, t.flagged_any
    );
}

fn describe(fs: &[&Finding]) -> String {
    fs.iter()
        .map(|f| format!("{}:{}@{}", f.rule, f.severity.as_str(), f.line))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: cors_peers CACHE_DIR [--show] [--labels]  (fill it with tools/eval/cors_peers.sh)");
        std::process::exit(2);
    };
    let show = args.iter().any(|a| a == "--show");
    let print_labels = args.iter().any(|a| a == "--labels");
    let mut by_lang: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_peer: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut report = Vec::new();
    for peer in ["semgrep", "bearer", "njsscan", "codeql"] {
        let mut files = Vec::new();
        walk(&root.join(peer), &mut files);
        files.sort();
        let expected: Vec<(String, u32, u32)> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "expected"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .flat_map(|t| expected_rows(&t))
            .collect();
        for path in &files {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "expected" | "yaml" | "yml" | "txt" | "qlref") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let rel = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .into_owned();
            let labels = match peer {
                "bearer" => bearer_labels(&rel, &text),
                "codeql" => codeql_labels(&rel, &text, &expected),
                p => ruleid_labels(
                    if p == "semgrep" { "semgrep" } else { "njsscan" },
                    &rel,
                    &text,
                ),
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("paste");
            let findings = analyze(name, &text, None);
            let mut labels = labels;
            labels.sort_by_key(|l| (l.from, l.to, l.vulnerable));
            labels.dedup_by_key(|l| (l.from, l.to, l.vulnerable));
            for l in &labels {
                let lang = language(&rel);
                let mut t = Tally::default();
                let near: Vec<&Finding> = if l.vulnerable {
                    findings
                        .iter()
                        .filter(|f| {
                            f.line + SLACK >= l.from
                                && f.line <= l.to + SLACK
                                && l.classes.contains(&f.rule.trim_start_matches("cors-"))
                        })
                        .collect()
                } else {
                    findings
                        .iter()
                        .filter(|f| {
                            f.line >= l.from
                                && f.line <= l.to
                                && f.severity > Severity::Info
                                && l.classes.contains(&f.rule.trim_start_matches("cors-"))
                        })
                        .collect()
                };
                let any_above_info = findings
                    .iter()
                    .any(|f| f.line >= l.from && f.line <= l.to && f.severity > Severity::Info);
                if l.vulnerable {
                    t.vulnerable = 1;
                    t.found = u32::from(!near.is_empty());
                } else {
                    t.safe = 1;
                    t.flagged = u32::from(!near.is_empty());
                    t.flagged_any = u32::from(any_above_info);
                }
                by_lang.entry(lang).or_default().add(t);
                by_peer.entry(l.peer).or_default().add(t);
                total.add(t);
                let verdict = match (l.vulnerable, near.is_empty()) {
                    (true, true) => "MISSED",
                    (true, false) => "found",
                    (false, true) => "clean",
                    (false, false) => "FLAGGED",
                };
                let all: Vec<&Finding> = findings
                    .iter()
                    .filter(|f| f.line + SLACK >= l.from && f.line <= l.to + SLACK)
                    .collect();
                let line = format!(
                    "{verdict:<7} {}:{}-{} [{}] {}\n        near: {}",
                    l.file,
                    l.from,
                    l.to,
                    l.why,
                    if l.vulnerable { "vulnerable" } else { "safe" },
                    describe(&all)
                );
                if print_labels || (show && matches!(verdict, "MISSED" | "FLAGGED")) {
                    report.push(line);
                }
            }
        }
    }
    for line in &report {
        println!("{line}");
    }
    println!(
        "\n{:<16} {:>9} {:>8}   {:>7}",
        "", "found", "recall", "flagged"
    );
    for (lang, t) in &by_lang {
        row(lang, *t);
    }
    println!();
    for (peer, t) in &by_peer {
        row(peer, *t);
    }
    println!();
    row("ALL", total);
    if total.vulnerable == 0 {
        eprintln!(
            "no labelled case under {}: fill it with tools/eval/cors_peers.sh",
            root.display()
        );
        std::process::exit(1);
    }
}
