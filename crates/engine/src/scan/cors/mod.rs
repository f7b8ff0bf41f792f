//! CORS analysis of pasted configuration and server code.
//!
//! Every supported format ([`ALL_FORMATS`]) is parsed by tolerant, line- and
//! regex-based readers (a founder's paste is often a fragment) into one
//! [`Policy`](model::Policy) model, judged with the framework's real semantics
//! (what `*` plus credentials really sends, how its regexes are anchored), and each
//! origin pattern or matcher is *proved* by running attacker origins through it.
//!
//! # Layout
//! Each layer uses only the layers below it (a test checks the `use` paths):
//! - this module: [`analyze`], which detects, reads, judges and dresses findings;
//! - [`mod@detect`]: which format a text is;
//! - `readers`: one reader per format family (`js/`, `python`, `go`, `java`,
//!   `dotnet`, `ruby`, `nginx`, `apache`, `configs/` for JSON, TOML, YAML, XML,
//!   `_headers` and raw responses), each producing [`model::Parsed`] policies;
//! - [`judge`]: the classes, variants and attacker origins of a policy; its
//!   [`prover`](judge::prover) runs attacker origins through each pattern;
//! - [`fix`]: the corrected snippet, in the input's own format (uses `judge`);
//! - [`model`]: the policy, formats, positions, regex dialects, public suffixes;
//! - `patterns`: the built-in regular expressions, each compiled by a test.
//!
//! # Example
//! ```
//! use shipcheck_engine::scan::cors::analyze;
//! let findings = analyze("server.js", "app.use(cors({ origin: true, credentials: true }))", None);
//! assert_eq!(findings[0].rule, "cors-reflected-origin-with-credentials");
//! assert_eq!(findings[0].severity.as_str(), "critical");
//! let detail = findings[0].cors.as_ref().unwrap();
//! assert_eq!(detail.attacker_origin.as_deref(), Some("https://evil.example"));
//! assert!(detail.fixed_snippet.contains("credentials: true"));
//! ```

use crate::finding::{Category, Context, Finding};

pub mod detect;
pub mod fix;
pub mod judge;
pub mod model;

mod patterns;
mod readers;

pub use detect::detect;
pub use model::{Format, ALL_FORMATS};

use model::Parsed;

pub use crate::finding::CorsDetail;

/// Policies judged per file at most (pathological inputs stay linear).
pub const MAX_POLICIES: usize = 256;
/// Origin entries judged per policy at most.
pub const MAX_ORIGINS: usize = 256;
/// Findings reported per file at most, most severe first.
pub const MAX_FINDINGS: usize = 200;

/// The formats accepted as a hint, as `(id, label)` pairs for the UI.
pub fn supported_formats() -> Vec<(&'static str, &'static str)> {
    ALL_FORMATS.iter().map(|f| (f.id(), f.label())).collect()
}

/// Analyzes one pasted text or file.
///
/// `hint` is an optional format id (see [`ALL_FORMATS`] / [`supported_formats`],
/// e.g. `"express"`, `"nginx"`, `"vercel-json"`) that overrides detection; an unknown
/// hint falls back to detection. Returns CORS findings (`category: cors`, rule
/// `cors-<class>`), most severe first. Never panics; texts that are not a CORS
/// format (or are larger than [`detect::MAX_TEXT_BYTES`], or minified bundles) yield
/// nothing.
pub fn analyze(file: &str, text: &str, hint: Option<&str>) -> Vec<Finding> {
    let format = match hint.and_then(Format::from_id) {
        Some(f) if detect::worth_analyzing(text) => f,
        Some(_) => return Vec::new(),
        None => match detect(text, file) {
            Some(f) => f,
            None => return Vec::new(),
        },
    };
    let mut findings = Vec::new();
    for mut parsed in readers::parse(text, format).into_iter().take(MAX_POLICIES) {
        parsed.policy.origins.truncate(MAX_ORIGINS);
        findings.extend(findings_of(file, &parsed));
    }
    crate::finding::sort_findings(&mut findings);
    dedup_places(&mut findings);
    findings.truncate(MAX_FINDINGS);
    findings
}

/// Keeps one finding per rule and place, the most severe (findings are sorted most
/// severe first). Overlapping policies (an unclosed `cors({` whose tolerant reading
/// runs into the next call) judge the same matcher twice, possibly with different
/// credentials and so different severities: those duplicates are not adjacent.
fn dedup_places(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    findings.retain(|f| seen.insert((f.rule.clone(), f.line, f.column)));
}

fn findings_of(file: &str, parsed: &Parsed) -> Vec<Finding> {
    let mut issues = judge::judge(&parsed.policy);
    if let Some(sent) = &parsed.proven_reflection {
        for issue in issues
            .iter_mut()
            .filter(|i| i.class.starts_with("reflected-origin"))
        {
            issue.attacker_origin = Some(sent.clone());
            issue.note = Some(format!("the response echoed the Origin the request sent ({sent}): any origin gets the same answer"));
        }
    }
    if let Some(at) = parsed.unproven_reflection {
        if parsed.policy.credentials.is_some() {
            issues.push(judge::Issue {
                class: "reflected-origin-with-credentials",
                variant: Some("unproven"),
                at,
                attacker_origin: None,
                credentials: true,
                note: Some("cannot tell from a response alone: send a request with a foreign Origin and see whether it comes back".into()),
            });
        }
    }
    let fixed = fix::fixed_snippet(parsed.format, &parsed.policy);
    let summary = parsed.policy.summary();
    let context = if parsed.format.is_config() {
        Context::Config
    } else {
        Context::SourceCode
    };
    issues
        .into_iter()
        .map(|issue| {
            let resolved = crate::catalog::cors::resolve(issue.class, issue.variant, issue.credentials);
            let mut fix_text = resolved.fix.clone();
            if let Some(curl) = parsed.curl.as_ref().filter(|_| issue.variant == Some("unproven")) {
                fix_text = format!("Run `{curl}`: if the answer allows https://evil.example, the server reflects any origin. {fix_text}");
            }
            Finding {
                rule: format!("cors-{}", issue.class),
                category: Category::Cors,
                severity: resolved.severity,
                title: resolved.title,
                why: resolved.why,
                fix: fix_text,
                file: file.to_owned(),
                line: issue.at.line.max(1),
                column: issue.at.column.max(1),
                context,
                origin: None,
                secret: None,
                cors: Some(CorsDetail {
                    attacker_origin: issue.attacker_origin.clone(),
                    fixed_snippet: fixed.clone(),
                    format: parsed.format.id().to_owned(),
                    policy: summary.clone(),
                    credentials: issue.credentials,
                    variant: issue.variant.map(str::to_owned),
                    note: issue.note.clone(),
                    curl: parsed.curl.clone(),
                }),
                access: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fuzz find (fuzz/regressions/cors_analyzer/): an unclosed `cors({` read up to
    /// the end of the text contains the next `cors({`, so the same `endsWith` check
    /// was judged in two policies, once with credentials and once without, and
    /// reported twice at the same place with two severities.
    #[test]
    fn overlapping_policies_report_a_place_once() {
        let text = "cors({\n  origin (in.endsWith'ace.cR')cors({\n  origin () => {\n   (.endsWith('me.c'))  },\n credentials: true,\n;\n";
        let findings = analyze("pasted-server.js", text, None);
        assert!(!findings.is_empty());
        for (i, f) in findings.iter().enumerate() {
            let again = findings[..i]
                .iter()
                .filter(|g| g.rule == f.rule && (g.line, g.column) == (f.line, f.column))
                .count();
            assert_eq!(again, 0, "{} twice at {}:{}", f.rule, f.line, f.column);
        }
        let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
        assert_eq!(findings[0].severity, *severities.iter().max().unwrap());
    }
    /// Fuzz find (fuzz/regressions/cors_analyzer/slow-many-unclosed-calls): unclosed
    /// `cors({` calls whose callbacks test the same list again and again re-read the
    /// list each time. Now each list is read once per callback; the verdict must not
    /// change: the list's origins are still what the callback allows.
    #[test]
    fn a_list_tested_many_times_is_still_read() {
        let checks = "allowed.has(origin) || ".repeat(200);
        let text = format!(
            "const allowed = new Set(['https://app.acme.com', 'http://acme.com']);\n\
             app.use(cors({{ origin(origin, cb) {{ if ({checks}false) cb(null, true) }}, credentials: true }}));\n"
        );
        let findings = analyze("server.js", &text, None);
        assert!(
            findings
                .iter()
                .any(|f| f.rule == "cors-insecure-scheme-trusted"),
            "{:?}",
            findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
        assert!(!findings
            .iter()
            .any(|f| f.rule == "cors-reflected-origin-with-credentials"));
    }

    /// The module path of a source file under `scan/cors/` (`readers/js/mod.rs` is
    /// `["readers", "js"]`).
    fn module_of(rel: &std::path::Path) -> Vec<String> {
        let mut m: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if m.last().is_some_and(|l| l == "mod") {
            m.pop();
        }
        m
    }

    /// Every `crate::scan::cors::…` and `super::…` path in `text`, resolved to a path
    /// from `scan::cors` (comments skipped).
    fn cors_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut module = module.to_vec();
        for line in text.lines() {
            if line.starts_with("mod tests") {
                module.push("tests".into());
            }
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::scan::cors::") {
                let rest = &code[i + "crate::scan::cors::".len()..];
                out.push(segments(rest));
            }
            for (i, _) in code.match_indices("super::") {
                if code[..i].ends_with("::") {
                    continue;
                }
                let mut base = module.to_vec();
                let mut rest = &code[i..];
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
                base.extend(segments(rest));
                out.push(base);
            }
        }
        out
    }

    fn segments(path: &str) -> Vec<String> {
        path.split("::")
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|s| !s.is_empty())
            .collect()
    }

    /// Readers, the judge and the fix writers depend on the model, never on this
    /// module's root or on each other (the fix writers use the judge).
    #[test]
    fn layers_import_only_the_layers_below() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scan/cors");
        let allowed = |layer: &str| -> &[&str] {
            match layer {
                "model" => &["model", "patterns"],
                "readers" => &["model", "patterns", "readers"],
                "judge" => &["model", "patterns", "judge"],
                "fix" => &["model", "patterns", "judge", "fix"],
                "detect" => &["model", "patterns", "detect"],
                "patterns" => &["patterns"],
                _ => &["model", "patterns", "readers", "judge", "fix", "detect"],
            }
        };
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 20, "{} files", files.len());
        let mut bad = Vec::new();
        for f in &files {
            let rel = f.strip_prefix(&root).unwrap();
            let module = module_of(rel);
            let layer = module.first().cloned().unwrap_or_default();
            let text = std::fs::read_to_string(f).unwrap();
            for path in cors_paths(&module, &text) {
                let target = path.first().map(String::as_str).unwrap_or("");
                let ok = module.is_empty() || allowed(&layer).contains(&target);
                if !ok {
                    bad.push(format!("{}: uses {}", rel.display(), path.join("::")));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    /// One fixture of the corpus: (file name given to the analyzer, text).
    fn corpus() -> Vec<(String, String)> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cors");
        let cases: toml::Value =
            toml::from_str(&std::fs::read_to_string(dir.join("cases.toml")).unwrap()).unwrap();
        cases["case"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let file = c["file"].as_str().unwrap();
                let name = c
                    .get("as")
                    .and_then(|a| a.as_str())
                    .unwrap_or_else(|| file.rsplit('/').next().unwrap());
                (
                    name.to_owned(),
                    std::fs::read_to_string(dir.join(file)).unwrap(),
                )
            })
            .collect()
    }

    /// (rule, severity, line) of each finding, sorted.
    fn outline(findings: &[Finding], line_of: impl Fn(u32) -> u32) -> Vec<(String, String, u32)> {
        let mut v: Vec<_> = findings
            .iter()
            .map(|f| {
                (
                    f.rule.clone(),
                    f.severity.as_str().to_owned(),
                    line_of(f.line),
                )
            })
            .collect();
        v.sort();
        v
    }

    fn is_word(c: u8) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@')
    }

    /// The text with a comment inserted at every token boundary (`block` comments) or
    /// at every line end (line comments), outside strings and comments.
    fn with_comments(text: &str, lexis: readers::lexis::Lexis) -> Vec<(String, Vec<u32>)> {
        use readers::lexis::{classify, Class, HashComments};
        let b = text.as_bytes();
        let class = classify(text, lexis);
        let code = |i: usize| class.get(i) == Some(&Class::Code);
        let mut variants = Vec::new();
        let identity: Vec<u32> = (0..=text.lines().count() as u32 + 1).collect();
        // Inline block comments between tokens.
        let opener = if lexis.block {
            Some("/* note */")
        } else if lexis.markup {
            Some("<!-- note -->")
        } else {
            None
        };
        if let Some(opener) = opener {
            let mut out = String::new();
            for (i, ch) in text.char_indices() {
                let prev = if i > 0 { b[i - 1] } else { b'\n' };
                let cur = b[i];
                let boundary = i > 0
                    && code(i - 1)
                    && code(i)
                    && if lexis.markup {
                        prev == b'>'
                    } else {
                        (prev.is_ascii_whitespace() != cur.is_ascii_whitespace()
                            || is_word(prev) != is_word(cur))
                            && prev != b'\n'
                            && !(prev == b'.' && cur.is_ascii_digit())
                            && !(cur == b'.' && prev.is_ascii_digit())
                            && !(prev == b'\\' || cur == b'\\')
                    };
                if boundary {
                    out.push_str(opener);
                }
                out.push(ch);
            }
            variants.push((out, identity.clone()));
        }
        // Line comments at the end of every line that ends in code.
        let line_comment = match lexis.hash {
            HashComments::Anywhere | HashComments::AfterSpace => Some(" # note"),
            _ if lexis.slashes => Some(" // note"),
            _ => None,
        };
        if let Some(comment) = line_comment {
            let mut out = String::new();
            for (i, ch) in text.char_indices() {
                if ch == '\n' && i > 0 && code(i - 1) && code(i) && b[i - 1] != b'\\' {
                    out.push_str(comment);
                }
                out.push(ch);
            }
            variants.push((out, identity.clone()));
        }
        // Whole comment lines where `#` only counts at a line start.
        if lexis.hash == HashComments::LineStart {
            let mut out = String::new();
            let mut map = vec![0u32];
            for (n, line) in text.split_inclusive('\n').enumerate() {
                out.push_str("# note\n");
                out.push_str(line);
                map.push(2 * (n as u32 + 1));
            }
            // Line 2k of the new text is line k of the original.
            let back: Vec<u32> = (0..=2 * map.len() as u32).map(|l| l.div_ceil(2)).collect();
            variants.push((out, back));
        }
        variants
    }

    /// Requirement: no comment anywhere changes a result. A comment is put at every
    /// token boundary (and at every line end) of every fixture, in the fixture's own
    /// language; the findings (rule, severity, line) must stay the same.
    #[test]
    fn comments_at_every_token_boundary_change_no_finding() {
        let mut failures = Vec::new();
        let mut tried = 0;
        for (name, text) in corpus() {
            let Some(format) = detect(&text, &name) else {
                continue;
            };
            let want = outline(&analyze(&name, &text, None), |l| l);
            let lexis = readers::lexis::Lexis::of(format.family());
            for (variant, back) in with_comments(&text, lexis) {
                tried += 1;
                let got = analyze(&name, &variant, Some(format.id()));
                let got = outline(&got, |l| back.get(l as usize).copied().unwrap_or(l));
                if got != want {
                    failures.push(format!(
                        "{name} ({}):\n  want {want:?}\n  got  {got:?}\n{variant}",
                        format.id()
                    ));
                }
            }
        }
        assert!(tried > 100, "{tried} variants");
        assert!(
            failures.is_empty(),
            "{} of {tried}:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
