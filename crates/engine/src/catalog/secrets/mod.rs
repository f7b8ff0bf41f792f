//! Secret-detection rules: one TOML file per provider group, compiled in.
//!
//! The schema (see `crates/engine/rules/secrets/README.md`, beside the files) is one
//! `[[rule]]` table per provider key kind. [`RuleSet::built_in`] loads every file listed in
//! [`BUILT_IN_FILES`]; [`RuleSet::from_files`] checks user-supplied files in the
//! same schema, and [`gitleaks::parse`] reads a gitleaks-format configuration.
//!
//! # Example
//! ```
//! use shipcheck_engine::catalog::secrets::RuleSet;
//! let rules = RuleSet::built_in();
//! let stripe = rules.get("stripe-secret-key").unwrap();
//! assert_eq!(stripe.provider, "Stripe");
//! assert!(rules.len() > 10);
//! ```

pub mod fake;
pub mod gitleaks;
mod loader;
pub mod pattern;

use std::fmt;

use crate::finding::{Severity, Verdict};

pub use loader::parse_verdict;
pub use pattern::{Compiled, LazyRegex, Pattern};

/// Every built-in rule file, in load order: `(file name, contents)`.
///
/// A test checks that every `.toml` file in this directory is listed here, so a
/// new group file cannot be forgotten.
pub const BUILT_IN_FILES: &[(&str, &str)] = &[
    // Fallback rules rank by load order: the JWT rules (which decode what they
    // match) before the generic assignment rules, which come last.
    (
        "jwt.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/jwt.toml"
        )),
    ),
    // Provider rules, one file per group (see crates/engine/rules/secrets/README.md).
    (
        "ai.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/ai.toml"
        )),
    ),
    (
        "auth.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/auth.toml"
        )),
    ),
    (
        "cloud.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/cloud.toml"
        )),
    ),
    (
        "databases.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/databases.toml"
        )),
    ),
    (
        "devtools.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/devtools.toml"
        )),
    ),
    (
        "email.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/email.toml"
        )),
    ),
    (
        "hosting.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/hosting.toml"
        )),
    ),
    (
        "messaging.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/messaging.toml"
        )),
    ),
    (
        "monitoring.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/monitoring.toml"
        )),
    ),
    (
        "payments.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/payments.toml"
        )),
    ),
    (
        "private-keys.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/private-keys.toml"
        )),
    ),
    (
        "saas.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/saas.toml"
        )),
    ),
    (
        "vcs.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/vcs.toml"
        )),
    ),
    (
        "generic.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/secrets/generic.toml"
        )),
    ),
];

/// How a rule's secret is decoded before it is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    /// A JSON Web Token: its claims (role, issuer, project ref, expiry) are read
    /// without verifying the signature and can decide the verdict.
    Jwt,
}

/// One compiled, validated detection rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Kebab-case `provider-kind`, unique in a [`RuleSet`].
    pub id: String,
    pub provider: String,
    /// Short, founder-readable name of what was found.
    pub title: String,
    /// What whoever holds the value can do, in business terms.
    pub description: String,
    /// Severity of a live secret found in server-side code; context adjusts it.
    pub severity: Severity,
    pub verdict: Verdict,
    /// Lowercase literals; the rule only runs near one of them.
    pub keywords: Vec<String>,
    /// The regex, its secret group and its window; compiled on first use
    /// for built-in rules (see [`pattern`]).
    pub pattern: Pattern,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    pub entropy: Option<f64>,
    pub decode: Option<Decode>,
    /// JWT claims that must all equal these values for the rule to apply.
    pub claims: Vec<(String, String)>,
    /// A fallback rule reports a value only when no specific rule matched it.
    pub fallback: bool,
    /// For rules that match `NAME <operator> VALUE` in any syntax: the words
    /// a credential's name ends in (`password`, `key`…). The engine then reads
    /// the syntax around the value and the name (see
    /// `scan::secrets::assignment`); empty for every other rule.
    pub assigned_to: Vec<String>,
    /// When two specific rules report the very same value, the higher
    /// priority wins (default 0; ties go to the match with more context).
    pub priority: i32,
    pub remediation: String,
    pub rotate_url: Option<String>,
    pub note: Option<String>,
    /// Values this rule must not report.
    pub allowlist: Allowlist,
    /// When set, the rule only runs on files whose name matches (gitleaks `path`).
    pub path: Option<regex::Regex>,
    pub examples: Examples,
    /// The file the rule came from, for error messages.
    pub file: String,
}

/// The largest window around a keyword hit that a rule's regex is run on. Rules
/// whose regex is unbounded see this much text on each side of the keyword.
pub const MAX_WINDOW: usize = 16 * 1024;

/// What an allowlist regex is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowTarget {
    /// The secret value (the default).
    Secret,
    /// The whole regex match, extended back to the start of the name it
    /// begins in (a rule that starts at `token` still sees `csrf_token`).
    Match,
    /// The line the match is on (at most 1 KB either side: a one-line
    /// bundle's "line" is the whole file).
    Line,
}

/// Values that are not findings: for one rule, or for every rule of a set.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    pub regexes: Vec<(LazyRegex, AllowTarget)>,
    /// Lowercase; a secret containing one of them is not a finding.
    pub stopwords: Vec<String>,
    /// Files whose name matches one of these are not scanned by the rule.
    pub paths: Vec<regex::Regex>,
}

impl Allowlist {
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty() && self.stopwords.is_empty() && self.paths.is_empty()
    }

    /// Why `secret` (found by `whole` on `line` in `file`) is allowed, if it is.
    /// With `values` false, the regexes on the secret's value are not applied
    /// (a password in a URL to a real server: see `scan::secrets::userinfo`).
    pub fn allows(
        &self,
        secret: &[u8],
        whole: &[u8],
        line: &[u8],
        file: &str,
        values: bool,
    ) -> Option<String> {
        for (re, target) in &self.regexes {
            let hay = match target {
                AllowTarget::Secret if !values => continue,
                AllowTarget::Secret => secret,
                AllowTarget::Match => whole,
                AllowTarget::Line => line,
            };
            if re.is_match(hay) {
                return Some(format!("allowlist regex {}", re.as_str()));
            }
        }
        let lower = String::from_utf8_lossy(secret).to_lowercase();
        if let Some(word) = self.stopwords.iter().find(|w| lower.contains(w.as_str())) {
            return Some(format!("allowlist stopword \"{word}\""));
        }
        self.allows_path(file)
    }

    /// Why a whole file is allowed, if it is.
    pub fn allows_path(&self, file: &str) -> Option<String> {
        self.paths
            .iter()
            .find(|re| re.is_match(file))
            .map(|re| format!("allowlist path {}", re.as_str()))
    }
}

/// A rule's own test cases, as written (templates not yet expanded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    pub positive: Vec<String>,
    pub negative: Vec<String>,
}

/// A validated, compiled set of rules with unique ids.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Applies to every rule (gitleaks' global `[allowlist]`).
    pub allowlist: Allowlist,
}

/// Why a rule file or one of its rules was refused. The message names the file
/// and, where there is one, the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(id) => write!(f, "{}: rule \"{}\": {}", self.file, id, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

/// Every problem found while loading rule files, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

impl RuleSet {
    /// The rules compiled into this build, their regexes not yet compiled
    /// (see [`pattern`]). They are checked by unit tests, so this cannot fail
    /// in a build that passed its tests.
    pub fn built_in() -> RuleSet {
        RuleSet::load(BUILT_IN_FILES, loader::Compile::Lazy)
            .unwrap_or_else(|e| panic!("built-in rules are checked by a unit test: {e}"))
    }

    /// Loads and validates rule files in shipcheck's schema: `(name, contents)`,
    /// compiling every regex now so that a bad one is refused here, named.
    /// Collects every problem instead of stopping at the first.
    pub fn from_files(files: &[(&str, &str)]) -> Result<RuleSet, RuleErrors> {
        RuleSet::load(files, loader::Compile::Eager)
    }

    fn load(files: &[(&str, &str)], compile: loader::Compile) -> Result<RuleSet, RuleErrors> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for (name, text) in files {
            match loader::parse_file(name, text, compile) {
                Ok(parsed) => {
                    for rule in parsed {
                        if let Some(first) = rules.iter().find(|r| r.id == rule.id) {
                            errors.push(RuleError {
                                file: name.to_string(),
                                rule: Some(rule.id.clone()),
                                message: format!("duplicate id (first defined in {})", first.file),
                            });
                        } else {
                            rules.push(rule);
                        }
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if errors.is_empty() {
            Ok(RuleSet {
                rules,
                allowlist: Allowlist::default(),
            })
        } else {
            Err(RuleErrors(errors))
        }
    }

    /// Builds a set from already-compiled rules, refusing duplicate ids.
    pub fn from_rules(rules: Vec<Rule>) -> Result<RuleSet, RuleErrors> {
        let mut set = RuleSet::default();
        let mut errors = Vec::new();
        for rule in rules {
            if let Some(first) = set.get(&rule.id) {
                errors.push(RuleError {
                    file: rule.file.clone(),
                    rule: Some(rule.id.clone()),
                    message: format!("duplicate id (first defined in {})", first.file),
                });
            } else {
                set.rules.push(rule);
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(RuleErrors(errors))
        }
    }

    /// Adds `other`'s rules; a rule with an id already present replaces it (so a
    /// user's file can override a built-in rule, as gitleaks' `[extend]` does).
    pub fn extend(&mut self, other: RuleSet) {
        let a = other.allowlist;
        self.allowlist.regexes.extend(a.regexes);
        self.allowlist.stopwords.extend(a.stopwords);
        self.allowlist.paths.extend(a.paths);
        for rule in other.rules {
            match self.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(slot) => *slot = rule,
                None => self.rules.push(rule),
            }
        }
    }

    /// The rule with this id.
    /// Removes the rules with these ids (gitleaks' `disabledRules`).
    pub fn disable(&mut self, ids: &[String]) {
        self.rules.retain(|r| !ids.contains(&r.id));
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_load() {
        let set = RuleSet::from_files(BUILT_IN_FILES).unwrap_or_else(|e| panic!("{e}"));
        assert!(!set.is_empty());
        for rule in set.rules() {
            assert!(
                !rule.examples.positive.is_empty() && !rule.examples.negative.is_empty(),
                "{} needs positive and negative examples",
                rule.id
            );
        }
    }

    /// Built-in rules compile lazily at scan time; this is where a broken
    /// pattern or allowlist regex is caught, every one of them named.
    #[test]
    fn every_built_in_pattern_compiles() {
        let set = RuleSet::built_in();
        assert!(set.rules().iter().all(|r| !r.pattern.is_compiled()));
        let mut broken = Vec::new();
        for rule in set.rules() {
            if let Err(e) = rule.pattern.compiled() {
                broken.push(format!("{} ({}): {e}", rule.id, rule.file));
            }
            for (re, _) in &rule.allowlist.regexes {
                if let Err(e) = re.compiled() {
                    broken.push(format!("{} ({}): {e}", rule.id, rule.file));
                }
            }
        }
        assert!(broken.is_empty(), "{}", broken.join("\n"));
    }

    #[test]
    fn a_broken_built_in_pattern_would_fail_the_test_above() {
        let bad = "[[rule]]\nid = \"acme-key\"\nprovider = \"Acme\"\ntitle = \"t\"\ndescription = \"d\"\n\
                   severity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''acme_(['''\nremediation = \"r\"\n";
        let lazy = RuleSet::load(&[("bad.toml", bad)], loader::Compile::Lazy).unwrap();
        assert!(lazy.rules()[0].pattern.compiled().is_err());
        assert!(RuleSet::from_files(&[("bad.toml", bad)]).is_err());
    }

    #[test]
    fn every_toml_file_in_the_directory_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/secrets");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILT_IN_FILES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn duplicate_ids_across_files_are_refused_naming_both_files() {
        let a = "[[rule]]\nid = \"acme-key\"\nprovider = \"Acme\"\ntitle = \"t\"\ndescription = \"d\"\n\
                 severity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''acme_[a-z]{8}'''\nremediation = \"r\"\n";
        let err = RuleSet::from_files(&[("a.toml", a), ("b.toml", a)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.toml: rule \"acme-key\": duplicate id (first defined in a.toml)"
        );
    }

    #[test]
    fn extend_overrides_rules_with_the_same_id() {
        let mut base = RuleSet::built_in();
        let n = base.len();
        let custom = "[[rule]]\nid = \"stripe-secret-key\"\nprovider = \"Mine\"\ntitle = \"t\"\n\
                      description = \"d\"\nseverity = \"low\"\nkeywords = [\"x\"]\nregex = 'x'\nremediation = \"r\"\n";
        base.extend(RuleSet::from_files(&[("mine.toml", custom)]).unwrap());
        assert_eq!(base.len(), n);
        assert_eq!(base.get("stripe-secret-key").unwrap().provider, "Mine");
    }
}
