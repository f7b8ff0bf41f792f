//! Custom rules in gitleaks' configuration format, so a team that already has a
//! `.gitleaks.toml` can use it unchanged.
//!
//! Supported: `[[rules]]` (`id`, `description`, `regex`, `secretGroup`, `entropy`,
//! `keywords`, `path`, `tags`, `[rules.allowlist]` / `[[rules.allowlists]]`), the
//! global `[allowlist]` / `[[allowlists]]` (with `targetRules`), and `[extend]`
//! (`useDefault`, `disabledRules`). Gitleaks rules carry no severity, verdict or
//! remediation: they are reported as `high` secrets with a generic fix. Rules
//! without a regex (path-only), composite rules (`[[rules.required]]`),
//! `[extend] path` and allowlists with `condition = "AND"` are refused with a
//! message saying so, rather than silently ignored.
//!
//! # Example
//! ```
//! use shipcheck_engine::catalog::secrets::{gitleaks, RuleSet};
//! let config = gitleaks::parse(".gitleaks.toml", r#"
//! [extend]
//! useDefault = true
//! [[rules]]
//! id = "acme-token"
//! description = "Acme token"
//! regex = '''acme_[a-z0-9]{32}'''
//! keywords = ["acme_"]
//! "#).unwrap();
//! let rules = config.into_rule_set(RuleSet::built_in());
//! assert!(rules.get("acme-token").is_some());
//! assert!(rules.get("stripe-secret-key").is_some());
//! ```

use serde::Deserialize;

use super::pattern::{one_line, LazyRegex, Pattern};
use super::{AllowTarget, Allowlist, Examples, Rule, RuleError, RuleErrors, RuleSet};
use crate::finding::{Severity, Verdict};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigDef {
    #[serde(default)]
    #[allow(dead_code)]
    title: Option<String>,
    #[serde(default)]
    extend: Option<ExtendDef>,
    #[serde(default)]
    rules: Vec<toml::Value>,
    #[serde(default)]
    allowlist: Option<AllowlistDef>,
    #[serde(default)]
    allowlists: Vec<AllowlistDef>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExtendDef {
    #[serde(default)]
    use_default: bool,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    disabled_rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RuleDef {
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    tags: Vec<String>,
    #[serde(default)]
    allowlist: Option<AllowlistDef>,
    #[serde(default)]
    allowlists: Vec<AllowlistDef>,
    #[serde(default)]
    required: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AllowlistDef {
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    condition: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    commits: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    regex_target: Option<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    target_rules: Vec<String>,
}

/// A parsed gitleaks configuration, ready to be combined with the built-in rules.
#[derive(Debug, Clone)]
pub struct GitleaksConfig {
    /// `[extend] useDefault`: keep the built-in rules and add these.
    pub use_default: bool,
    /// `[extend] disabledRules`: built-in rule ids to drop.
    pub disabled: Vec<String>,
    pub rules: Vec<Rule>,
    /// Global allowlists for every rule.
    pub allowlist: Allowlist,
    /// Global allowlists that name their rules (`targetRules`).
    pub targeted: Vec<(Vec<String>, Allowlist)>,
}

impl GitleaksConfig {
    /// The rule set to scan with: the built-ins (when `useDefault`) minus the
    /// disabled ones, plus this file's rules (replacing built-ins of the same id).
    pub fn into_rule_set(self, built_in: RuleSet) -> RuleSet {
        let mut set = if self.use_default {
            let mut b = built_in;
            b.disable(&self.disabled);
            b
        } else {
            RuleSet::default()
        };
        let mut own = RuleSet::from_rules(self.rules).unwrap_or_default();
        own.allowlist = self.allowlist;
        set.extend(own);
        for (targets, allow) in self.targeted {
            for rule in set.rules.iter_mut().filter(|r| targets.contains(&r.id)) {
                rule.allowlist.regexes.extend(allow.regexes.iter().cloned());
                rule.allowlist
                    .stopwords
                    .extend(allow.stopwords.iter().cloned());
                rule.allowlist.paths.extend(allow.paths.iter().cloned());
            }
        }
        set
    }
}

/// Parses a gitleaks configuration file. Every problem is reported, each naming
/// the file and the rule.
pub fn parse(file: &str, text: &str) -> Result<GitleaksConfig, RuleErrors> {
    let err = |rule: Option<&str>, message: String| RuleError {
        file: file.to_string(),
        rule: rule.map(str::to_owned),
        message,
    };
    let def: ConfigDef = toml::from_str(text)
        .map_err(|e| RuleErrors(vec![err(None, format!("invalid TOML: {}", e.message()))]))?;
    let mut errors = Vec::new();
    let extend = def.extend.unwrap_or_default();
    if extend.path.is_some() || extend.url.is_some() {
        errors.push(err(
            None,
            "[extend] path/url is not supported: use useDefault = true, or pass that file instead"
                .into(),
        ));
    }
    let mut rules = Vec::new();
    for (index, value) in def.rules.into_iter().enumerate() {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{}", index + 1));
        match RuleDef::deserialize(value) {
            Ok(r) => match compile(file, r) {
                Ok(rule) => {
                    if rules.iter().any(|x: &Rule| x.id == rule.id) {
                        errors.push(err(Some(&id), "duplicate id in this file".into()));
                    }
                    rules.push(rule);
                }
                Err(messages) => errors.extend(messages.into_iter().map(|m| err(Some(&id), m))),
            },
            Err(e) => errors.push(err(Some(&id), e.message().to_string())),
        }
    }
    let mut allowlist = Allowlist::default();
    let mut targeted = Vec::new();
    for a in def.allowlist.into_iter().chain(def.allowlists) {
        let targets = a.target_rules.clone();
        match compile_allowlist(a) {
            Ok(list) if targets.is_empty() => merge(&mut allowlist, list),
            Ok(list) => targeted.push((targets, list)),
            Err(m) => errors.push(err(None, format!("global allowlist: {m}"))),
        }
    }
    if !errors.is_empty() {
        return Err(RuleErrors(errors));
    }
    Ok(GitleaksConfig {
        use_default: extend.use_default,
        disabled: extend.disabled_rules,
        rules,
        allowlist,
        targeted,
    })
}

fn merge(into: &mut Allowlist, from: Allowlist) {
    into.regexes.extend(from.regexes);
    into.stopwords.extend(from.stopwords);
    into.paths.extend(from.paths);
}

fn compile(file: &str, def: RuleDef) -> Result<Rule, Vec<String>> {
    let mut problems = Vec::new();
    if def.required.is_some() {
        problems.push("composite rules ([[rules.required]]) are not supported".to_string());
    }
    let Some(pattern) = def.regex.as_deref() else {
        problems.push("needs a regex (path-only rules are not supported)".to_string());
        return Err(problems);
    };
    // Compiled now: a user's bad regex is refused here, with its rule named.
    let compiled = Pattern::eager(pattern, def.secret_group, None);
    let path = def.path.as_deref().map(|p| {
        regex::Regex::new(p)
            .map_err(|e| format!("path regex does not compile: {}", one_line(&e.to_string())))
    });
    let mut allowlist = Allowlist::default();
    for a in def.allowlist.into_iter().chain(def.allowlists) {
        match compile_allowlist(a) {
            Ok(list) => merge(&mut allowlist, list),
            Err(m) => problems.push(m),
        }
    }
    if let Some(e) = def.entropy {
        if !(0.0..=8.0).contains(&e) {
            problems.push(format!("entropy {e} must be between 0 and 8 bits per byte"));
        }
    }
    let pattern = match compiled {
        Ok(x) => x,
        Err(m) => {
            problems.push(m);
            return Err(problems);
        }
    };
    let path = match path.transpose() {
        Ok(p) => p,
        Err(m) => {
            problems.push(m);
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let description = def.description.unwrap_or_else(|| def.id.clone());
    Ok(Rule {
        provider: "Custom rule".to_string(),
        title: description.clone(),
        description,
        severity: Severity::High,
        verdict: Verdict::Secret,
        // Gitleaks lowercases keywords and matches them case-insensitively, as we do.
        keywords: def.keywords.iter().map(|k| k.to_lowercase()).collect(),
        pattern,
        entropy: def.entropy,
        decode: None,
        claims: Vec::new(),
        fallback: false,
        assigned_to: Vec::new(),
        priority: 0,
        remediation: "Revoke or rotate this credential with its issuer, move the new one to your server's environment, and remove it from this file.".to_string(),
        rotate_url: None,
        note: None,
        allowlist,
        path,
        examples: Examples::default(),
        file: file.to_string(),
        id: def.id,
    })
}

fn compile_allowlist(def: AllowlistDef) -> Result<Allowlist, String> {
    if def
        .condition
        .as_deref()
        .is_some_and(|c| !c.eq_ignore_ascii_case("or"))
    {
        return Err(format!(
            "allowlist condition {:?} is not supported (only OR)",
            def.condition.unwrap_or_default()
        ));
    }
    let target = match def.regex_target.as_deref() {
        None | Some("secret") => AllowTarget::Secret,
        Some("match") => AllowTarget::Match,
        Some("line") => AllowTarget::Line,
        Some(other) => {
            return Err(format!(
                "unknown regexTarget \"{other}\" (expected secret, match or line)"
            ))
        }
    };
    let mut list = Allowlist {
        stopwords: def.stopwords.iter().map(|s| s.to_lowercase()).collect(),
        ..Allowlist::default()
    };
    for p in &def.regexes {
        list.regexes.push((LazyRegex::eager(p)?, target));
    }
    for p in &def.paths {
        let re = regex::Regex::new(p).map_err(|e| {
            format!(
                "allowlist path does not compile: {}",
                one_line(&e.to_string())
            )
        })?;
        list.paths.push(re);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(text: &str) -> String {
        parse("custom.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn rules_replace_the_defaults_unless_use_default() {
        let text =
            "[[rules]]\nid = \"acme\"\nregex = '''acme_[0-9]{4}'''\nkeywords = [\"ACME_\"]\n";
        let alone = parse("c.toml", text)
            .unwrap()
            .into_rule_set(RuleSet::built_in());
        assert_eq!(alone.len(), 1);
        assert_eq!(alone.rules()[0].keywords, vec!["acme_"]);
        assert_eq!(alone.rules()[0].pattern.compiled().unwrap().secret_group, 0);
        let with = parse(
            "c.toml",
            &format!(
                "[extend]\nuseDefault = true\ndisabledRules = [\"stripe-secret-key\"]\n{text}"
            ),
        )
        .unwrap()
        .into_rule_set(RuleSet::built_in());
        assert!(with.get("acme").is_some());
        assert!(with.get("stripe-secret-key").is_none());
        assert_eq!(with.len(), RuleSet::built_in().len());
    }

    #[test]
    fn allowlists_compile_with_their_targets() {
        let text = "[[rules]]\nid = \"acme\"\nregex = '''acme_[0-9]{4}'''\n\
                    [[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''test''']\nstopwords = [\"DEMO\"]\n\
                    [allowlist]\npaths = ['''\\.lock$''']\n\
                    [[allowlists]]\ntargetRules = [\"acme\"]\nregexes = ['''9999''']\n";
        let config = parse("c.toml", text).unwrap();
        assert_eq!(config.rules[0].allowlist.regexes[0].1, AllowTarget::Line);
        assert_eq!(config.rules[0].allowlist.stopwords, vec!["demo"]);
        assert_eq!(config.allowlist.paths.len(), 1);
        let set = config.into_rule_set(RuleSet::default());
        assert_eq!(set.get("acme").unwrap().allowlist.regexes.len(), 2);
        assert!(set.allowlist.allows_path("yarn.lock").is_some());
    }

    #[test]
    fn invalid_files_name_the_rule_and_the_problem() {
        for (text, expected) in [
            (
                "[[rules]]\nid = \"bad-regex\"\nregex = '''(unclosed'''\n",
                "custom.toml: rule \"bad-regex\": regex does not compile: regex parse error: (unclosed error: unclosed group",
            ),
            (
                "[[rules]]\nid = \"path-only\"\npath = '''\\.pem$'''\n",
                "custom.toml: rule \"path-only\": needs a regex (path-only rules are not supported)",
            ),
            (
                "[[rules]]\nid = \"grp\"\nregex = '''(a)'''\nsecretGroup = 4\n",
                "custom.toml: rule \"grp\": secret_group 4 does not exist (the regex has 1 capture group)",
            ),
            (
                "[[rules]]\nid = \"typo\"\nregex = 'a'\nkeyword = [\"a\"]\n",
                "custom.toml: rule \"typo\": unknown field `keyword`, expected one of `id`, `description`, `regex`, `secretGroup`, `entropy`, `keywords`, `path`, `tags`, `allowlist`, `allowlists`, `required`",
            ),
            (
                "[[rules]]\nid = \"and\"\nregex = 'a'\n[[rules.allowlists]]\ncondition = \"AND\"\n",
                "custom.toml: rule \"and\": allowlist condition \"AND\" is not supported (only OR)",
            ),
            (
                "[extend]\npath = \"base.toml\"\n",
                "custom.toml: [extend] path/url is not supported: use useDefault = true, or pass that file instead",
            ),
            ("rules = 3", "custom.toml: invalid TOML: invalid type: integer `3`, expected a sequence"),
        ] {
            assert_eq!(parse_err(text), expected, "{text}");
        }
    }
}
