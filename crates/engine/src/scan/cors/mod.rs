//! CORS analysis of pasted configuration and server code.
//!
//! Every supported format ([`ALL_FORMATS`]) is parsed by tolerant, line- and
//! regex-based readers (a founder's paste is often a fragment) into one
//! [`Policy`](model::Policy) model, judged with the framework's real semantics
//! (what `*` plus credentials really sends, how its regexes are anchored), and each
//! origin pattern or matcher is *proved* by running attacker origins through it.
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

use serde::{Deserialize, Serialize};

use crate::finding::{Category, Context, Finding};

pub mod attack_origins;
pub mod detect;
pub mod fix;
pub mod format;
pub mod judge;
pub mod model;
pub mod prover;
pub mod public_suffix;

mod apache;
mod code_headers;
mod dotnet;
mod go;
mod header_policy;
mod headers_file;
mod java;
mod js;
mod js_source;
mod json_configs;
pub(crate) mod jsonc;
mod matchers;
mod nginx;
mod python;
mod raw_headers;
mod ruby;
mod syntax;
mod toml_configs;
mod xml;
mod yaml;

pub use detect::{detect, Format, ALL_FORMATS};

use model::{Policy, Span};

/// What a CORS finding carries beyond the common [`Finding`](crate::finding::Finding) fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorsDetail {
    /// An origin an attacker controls that the policy lets in, where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attacker_origin: Option<String>,
    /// The corrected snippet, in the same format and framework as the input.
    pub fixed_snippet: String,
    /// The format id the input was read as (see [`ALL_FORMATS`]).
    #[serde(default)]
    pub format: String,
    /// The normalised policy, in one line.
    #[serde(default)]
    pub policy: String,
    /// Whether the policy allows credentials (cookies, HTTP auth).
    #[serde(default)]
    pub credentials: bool,
    /// The variant of the class that applied (`literal`, `public-suffix`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// How the flaw was proved, or why it could not be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For raw headers: the `curl` line that tells reflection from an allowlist hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curl: Option<String>,
}

/// One policy read from the input, with what the reader learned beside it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub format: Format,
    pub policy: Policy,
    /// Raw headers: the probe command to run.
    pub curl: Option<String>,
    /// Raw headers: a specific origin with credentials whose source cannot be told
    /// from the response alone.
    pub unproven_reflection: Option<Span>,
    /// Raw headers: the pasted request origin that was echoed.
    pub proven_reflection: Option<String>,
}

impl Parsed {
    pub fn new(format: Format, policy: Policy) -> Parsed {
        Parsed {
            format,
            policy,
            curl: None,
            unproven_reflection: None,
            proven_reflection: None,
        }
    }
}

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
    for mut parsed in parse(text, format).into_iter().take(MAX_POLICIES) {
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

/// Reads `text` as `format` into policies.
pub(crate) fn parse(text: &str, format: Format) -> Vec<Parsed> {
    use detect::Family;
    match format.family() {
        Family::JavaScript => js::parse(text, format),
        Family::Json => json_configs::parse(text, format),
        Family::Toml => toml_configs::parse(text),
        Family::HeadersFile => headers_file::parse(text),
        Family::Xml => xml::parse(text),
        Family::Yaml => yaml::parse(text),
        Family::Nginx => nginx::parse(text),
        Family::Apache => apache::parse(text),
        Family::Python => python::parse(text, format),
        Family::Ruby => ruby::parse(text),
        Family::Java => java::parse(text),
        Family::Go => go::parse(text, format),
        Family::DotNet => dotnet::parse(text),
        Family::RawHeaders => raw_headers::parse(text),
    }
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
}
