//! Parsing and validating rule files in shipcheck's schema.
//!
//! Each `[[rule]]` table is deserialized on its own so that an error (a missing
//! field, an unknown key, a regex that does not compile) names the rule it is in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::pattern::{LazyRegex, Pattern};
use super::{fake, AllowTarget, Allowlist, Decode, Examples, Rule, RuleError};
use crate::finding::{Severity, Verdict};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    provider: String,
    title: String,
    description: String,
    severity: String,
    #[serde(default)]
    verdict: Option<String>,
    keywords: Vec<String>,
    regex: String,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    decode: Option<String>,
    #[serde(default)]
    claims: BTreeMap<String, String>,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    assigned_to: Vec<String>,
    #[serde(default)]
    priority: i32,
    #[serde(default)]
    max_len: Option<usize>,
    remediation: String,
    #[serde(default)]
    rotate_url: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    allowlist: AllowlistDef,
    #[serde(default)]
    examples: ExamplesDef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistDef {
    /// Matched against the secret.
    #[serde(default)]
    regexes: Vec<String>,
    /// Matched against the whole match (the name and the value).
    #[serde(default)]
    match_regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesDef {
    #[serde(default)]
    positive: Vec<String>,
    #[serde(default)]
    negative: Vec<String>,
}

/// Parses `secret`, `public` or `test`.
pub fn parse_verdict(s: &str) -> Option<Verdict> {
    match s {
        "secret" => Some(Verdict::Secret),
        "public" => Some(Verdict::Public),
        "test" => Some(Verdict::Test),
        _ => None,
    }
}

/// When a file's regexes are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compile {
    /// At load: a user's file, whose bad regex must be refused with its name.
    Eager,
    /// On first use: the built-in rules, each compiled by a unit test.
    Lazy,
}

/// Parses one rule file; returns every rule or every problem found.
pub(super) fn parse_file(
    file: &str,
    text: &str,
    mode: Compile,
) -> Result<Vec<Rule>, Vec<RuleError>> {
    let file_error = |message: String| {
        vec![RuleError {
            file: file.to_string(),
            rule: None,
            message,
        }]
    };
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => return Err(file_error(format!("invalid TOML: {}", e.message()))),
    };
    if let Some(key) = table.keys().find(|k| k.as_str() != "rule") {
        return Err(file_error(format!(
            "unknown top-level key \"{key}\" (expected [[rule]] tables)"
        )));
    }
    let Some(list) = table.get("rule") else {
        return Err(file_error("no [[rule]] tables".to_string()));
    };
    let Some(list) = list.as_array() else {
        return Err(file_error(
            "\"rule\" must be an array of tables ([[rule]])".to_string(),
        ));
    };
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (index, value) in list.iter().enumerate() {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{}", index + 1));
        let error = |message: String| RuleError {
            file: file.to_string(),
            rule: Some(id.clone()),
            message,
        };
        let def = match RuleDef::deserialize(value.clone()) {
            Ok(d) => d,
            Err(e) => {
                errors.push(error(e.message().to_string()));
                continue;
            }
        };
        match compile(file, def, mode) {
            Ok(rule) => rules.push(rule),
            Err(messages) => errors.extend(messages.into_iter().map(error)),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Validates one rule definition and (eagerly) compiles its regexes. Returns
/// every problem with the rule, each as a message without the rule/file prefix.
fn compile(file: &str, def: RuleDef, mode: Compile) -> Result<Rule, Vec<String>> {
    let mut problems = Vec::new();
    if !is_kebab_case(&def.id) {
        problems.push("id must be kebab-case (lowercase letters, digits and single dashes)".into());
    }
    for (field, value) in [
        ("provider", &def.provider),
        ("title", &def.title),
        ("description", &def.description),
        ("remediation", &def.remediation),
    ] {
        if value.trim().is_empty() {
            problems.push(format!("{field} must not be empty"));
        }
    }
    let severity = Severity::parse(&def.severity);
    if severity.is_none() {
        problems.push(format!(
            "unknown severity \"{}\" (expected critical, high, medium, low or info)",
            def.severity
        ));
    }
    let verdict = match def.verdict.as_deref() {
        None => Some(Verdict::Secret),
        Some(v) => parse_verdict(v),
    };
    if verdict.is_none() {
        problems.push(format!(
            "unknown verdict \"{}\" (expected secret, public or test)",
            def.verdict.as_deref().unwrap_or_default()
        ));
    }
    if def.keywords.is_empty() {
        problems.push("keywords must not be empty".into());
    }
    for w in &def.assigned_to {
        if w.is_empty() || !w.bytes().all(|b| b.is_ascii_lowercase()) {
            problems.push(format!(
                "assigned_to word \"{w}\" must be lowercase letters"
            ));
        }
    }
    for k in &def.keywords {
        if k.is_empty() {
            problems.push("keywords must not be empty strings".into());
        } else if *k != k.to_lowercase() {
            problems.push(format!("keyword \"{k}\" must be lowercase"));
        }
    }
    let decode = match def.decode.as_deref() {
        None => None,
        Some("jwt") => Some(Decode::Jwt),
        Some(other) => {
            problems.push(format!("unknown decode \"{other}\" (expected jwt)"));
            None
        }
    };
    if !def.claims.is_empty() && decode != Some(Decode::Jwt) {
        problems.push("claims need decode = \"jwt\"".into());
    }
    if let Some(e) = def.entropy {
        if !(0.0..=8.0).contains(&e) {
            problems.push(format!("entropy {e} must be between 0 and 8 bits per byte"));
        }
    }
    if def.max_len == Some(0) {
        problems.push("max_len must be at least 1".into());
    }
    let pattern = match mode {
        Compile::Lazy => Pattern::lazy(&def.regex, def.secret_group, def.max_len),
        Compile::Eager => {
            Pattern::eager(&def.regex, def.secret_group, def.max_len).unwrap_or_else(|e| {
                problems.push(e);
                Pattern::lazy("$^", None, None)
            })
        }
    };
    let mut allowlist = Allowlist {
        stopwords: def
            .allowlist
            .stopwords
            .iter()
            .map(|s| s.to_lowercase())
            .collect(),
        ..Allowlist::default()
    };
    let targets = def
        .allowlist
        .regexes
        .iter()
        .map(|p| (p, AllowTarget::Secret))
        .chain(
            def.allowlist
                .match_regexes
                .iter()
                .map(|p| (p, AllowTarget::Match)),
        );
    for (source, target) in targets {
        match mode {
            Compile::Lazy => allowlist.regexes.push((LazyRegex::lazy(source), target)),
            Compile::Eager => match LazyRegex::eager(source) {
                Ok(r) => allowlist.regexes.push((r, target)),
                Err(e) => problems.push(e),
            },
        }
    }
    let examples = Examples {
        positive: def.examples.positive,
        negative: def.examples.negative,
    };
    for example in examples.positive.iter().chain(&examples.negative) {
        if let Err(e) = fake::expand(example, &def.id) {
            problems.push(format!("example {example:?}: {e}"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Rule {
        id: def.id,
        provider: def.provider,
        title: def.title,
        description: def.description,
        severity: severity.expect("checked"),
        verdict: verdict.expect("checked"),
        keywords: def.keywords,
        pattern,
        entropy: def.entropy,
        decode,
        claims: def.claims.into_iter().collect(),
        fallback: def.fallback,
        assigned_to: def.assigned_to,
        priority: def.priority,
        remediation: def.remediation,
        rotate_url: def.rotate_url,
        note: def.note,
        allowlist,
        path: None,
        examples,
        file: file.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::RuleSet;

    const GOOD: &str =
        "[[rule]]\nid = \"acme-api-key\"\nprovider = \"Acme\"\ntitle = \"Acme API key\"\n\
        description = \"d\"\nseverity = \"high\"\nkeywords = [\"acme_\"]\n\
        regex = '''\\b(acme_[a-z0-9]{16})\\b'''\nremediation = \"Roll it.\"\n\
        [rule.examples]\npositive = ['k = \"acme_{{lower:16}}\"']\nnegative = ['acme_short']\n";

    fn load_error(text: &str) -> String {
        RuleSet::from_files(&[("bad.toml", text)])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_valid_rule_loads_with_defaults() {
        let set = RuleSet::from_files(&[("good.toml", GOOD)]).unwrap();
        let rule = set.get("acme-api-key").unwrap();
        assert_eq!(rule.pattern.compiled().unwrap().secret_group, 1);
        assert_eq!(rule.verdict, crate::finding::Verdict::Secret);
        assert_eq!(rule.pattern.compiled().unwrap().window, 21);
        assert_eq!(rule.file, "good.toml");
    }

    /// Exact messages for invalid rule files: each names the file, the rule and
    /// what is wrong.
    #[test]
    fn invalid_rules_are_refused_with_exact_messages() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "id = \"acme-api-key\"",
                "id = \"Acme_Key\"",
                "bad.toml: rule \"Acme_Key\": id must be kebab-case (lowercase letters, digits and single dashes)",
            ),
            (
                "severity = \"high\"",
                "severity = \"severe\"",
                "bad.toml: rule \"acme-api-key\": unknown severity \"severe\" (expected critical, high, medium, low or info)",
            ),
            (
                "severity = \"high\"",
                "severity = \"high\"\nverdict = \"maybe\"",
                "bad.toml: rule \"acme-api-key\": unknown verdict \"maybe\" (expected secret, public or test)",
            ),
            (
                "keywords = [\"acme_\"]",
                "keywords = []",
                "bad.toml: rule \"acme-api-key\": keywords must not be empty",
            ),
            (
                "keywords = [\"acme_\"]",
                "keywords = [\"ACME_\"]",
                "bad.toml: rule \"acme-api-key\": keyword \"ACME_\" must be lowercase",
            ),
            (
                "regex = '''\\b(acme_[a-z0-9]{16})\\b'''",
                "regex = '''\\b(acme_[a-z0-9]{16})\\b'''\nsecret_group = 2",
                "bad.toml: rule \"acme-api-key\": secret_group 2 does not exist (the regex has 1 capture group)",
            ),
            (
                "regex = '''\\b(acme_[a-z0-9]{16})\\b'''",
                "regex = '''(?=acme)'''",
                "bad.toml: rule \"acme-api-key\": regex does not compile: regex parse error: (?=acme) error: look-around, including look-ahead and look-behind, is not supported",
            ),
            (
                "severity = \"high\"",
                "severity = \"high\"\ndecode = \"base64\"",
                "bad.toml: rule \"acme-api-key\": unknown decode \"base64\" (expected jwt)",
            ),
            (
                "severity = \"high\"",
                "severity = \"high\"\nclaims = { role = \"anon\" }",
                "bad.toml: rule \"acme-api-key\": claims need decode = \"jwt\"",
            ),
            (
                "severity = \"high\"",
                "severity = \"high\"\nentropy = 9.5",
                "bad.toml: rule \"acme-api-key\": entropy 9.5 must be between 0 and 8 bits per byte",
            ),
            (
                "severity = \"high\"",
                "severity = \"high\"\ncolour = \"red\"",
                "bad.toml: rule \"acme-api-key\": unknown field `colour`, expected one of `id`, `provider`, `title`, `description`, `severity`, `verdict`, `keywords`, `regex`, `secret_group`, `entropy`, `decode`, `claims`, `fallback`, `assigned_to`, `priority`, `max_len`, `remediation`, `rotate_url`, `note`, `allowlist`, `examples`",
            ),
            (
                "title = \"Acme API key\"\n",
                "",
                "bad.toml: rule \"acme-api-key\": missing field `title`",
            ),
            (
                "negative = ['acme_short']",
                "negative = ['{{acme:3}}']",
                "bad.toml: rule \"acme-api-key\": example \"{{acme:3}}\": unknown template class \"acme\" in \"{{acme:3}}\"",
            ),
        ];
        for (from, to, expected) in cases {
            assert!(GOOD.contains(from), "fixture lacks {from:?}");
            let text = GOOD.replacen(from, to, 1);
            assert_eq!(&load_error(&text), expected, "case {to:?}");
        }
    }

    #[test]
    fn file_level_problems_name_the_file() {
        assert_eq!(
            load_error("[[rule]\nid = 1"),
            "bad.toml: invalid TOML: unclosed array table, expected `]`"
        );
        assert_eq!(
            load_error("[[rules]]\nid = \"x\""),
            "bad.toml: unknown top-level key \"rules\" (expected [[rule]] tables)"
        );
        assert_eq!(load_error(""), "bad.toml: no [[rule]] tables");
    }

    #[test]
    fn every_problem_of_a_rule_is_reported() {
        let text = GOOD
            .replace("severity = \"high\"", "severity = \"bad\"")
            .replace("keywords = [\"acme_\"]", "keywords = [\"ACME\"]");
        let err = load_error(&text);
        assert_eq!(err.lines().count(), 2, "{err}");
    }

    #[test]
    fn max_len_sets_the_window() {
        let text = GOOD.replace(
            r"regex = '''\b(acme_[a-z0-9]{16})\b'''",
            "regex = '''\\b(acme_[a-z0-9]{16,})\\b'''\nmax_len = 300",
        );
        let set = RuleSet::from_files(&[("x.toml", &text)]).unwrap();
        assert_eq!(
            set.get("acme-api-key")
                .unwrap()
                .pattern
                .compiled()
                .unwrap()
                .window,
            300
        );
        let zero = text.replace("max_len = 300", "max_len = 0");
        let err = RuleSet::from_files(&[("x.toml", &zero)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.toml: rule \"acme-api-key\": max_len must be at least 1"
        );
    }

    #[test]
    fn unbounded_repetitions_count_as_sixty_four() {
        for (regex, window) in [
            (r"(acme_[a-z0-9]+)", 5 + 64),
            (r"acme_[ \t]*\r?\n(x{1,8})", 5 + 64 + 2 + 8),
            (r"(?s)acme_.*", 5 + 64 * 4),
            (r"acme_(a|bcd){2}", 5 + 6),
            (r"acme_[a-z]{100000}", super::super::MAX_WINDOW),
        ] {
            let text = GOOD.replace(
                r"regex = '''\b(acme_[a-z0-9]{16})\b'''",
                &format!("regex = '''{regex}'''"),
            );
            let set = RuleSet::from_files(&[("x.toml", &text)]).unwrap();
            let rule = set.get("acme-api-key").unwrap();
            assert_eq!(rule.pattern.compiled().unwrap().window, window, "{regex}");
        }
    }
}
