//! The CORS classes as data (`crates/engine/rules/cors.toml`): titles, business-terms
//! explanations, fixes, severities with and without credentials, and examples.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::finding::Severity;

const CLASSES_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/cors.toml"));

/// Every class id, in the order of the rubric (`cors-<id>` is the rule id).
pub const CLASS_IDS: [&str; 14] = [
    "reflected-origin-with-credentials",
    "wildcard-with-credentials",
    "null-origin",
    "unanchored-regex",
    "suffix-or-prefix-match",
    "wildcard-subdomain",
    "insecure-scheme-trusted",
    "reflected-origin",
    "private-network-access",
    "missing-vary-origin",
    "overly-permissive-methods",
    "overly-permissive-headers",
    "excessive-max-age",
    "wildcard-origin",
];

/// One class of CORS misconfiguration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub id: String,
    pub title: String,
    pub why: String,
    pub fix: String,
    pub severity_with_credentials: String,
    pub severity_without_credentials: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub variant: Vec<Variant>,
    #[serde(default)]
    pub example: Vec<Example>,
}

/// A refinement of a class for one situation, with its own severity and text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub title: String,
    pub why: String,
    pub severity_with_credentials: String,
    pub severity_without_credentials: String,
}

/// A snippet the analyzer must flag with this class and severity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub format: String,
    pub text: String,
    pub severity: String,
    #[serde(default)]
    pub attacker_origin: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ClassFile {
    class: Vec<Class>,
}

/// Parses and validates class data; the error names the class at fault.
pub fn parse(text: &str) -> Result<Vec<Class>, String> {
    let file: ClassFile = toml::from_str(text).map_err(|e| format!("cors.toml: {e}"))?;
    let mut seen = Vec::new();
    for c in &file.class {
        if !CLASS_IDS.contains(&c.id.as_str()) {
            return Err(format!("cors.toml: unknown class id {:?}", c.id));
        }
        if seen.contains(&c.id) {
            return Err(format!("cors.toml: class {:?} is defined twice", c.id));
        }
        seen.push(c.id.clone());
        let sevs = std::iter::once((
            &c.severity_with_credentials,
            &c.severity_without_credentials,
        ))
        .chain(c.variant.iter().map(|v| {
            (
                &v.severity_with_credentials,
                &v.severity_without_credentials,
            )
        }));
        for (a, b) in sevs {
            for s in [a, b] {
                if Severity::parse(s).is_none() {
                    return Err(format!(
                        "cors.toml: class {:?}: unknown severity {s:?}",
                        c.id
                    ));
                }
            }
        }
        if c.example.is_empty() {
            return Err(format!("cors.toml: class {:?} has no example", c.id));
        }
        for e in &c.example {
            if Severity::parse(&e.severity).is_none() {
                return Err(format!(
                    "cors.toml: class {:?}: example severity {:?} is unknown",
                    c.id, e.severity
                ));
            }
        }
    }
    if seen.len() != CLASS_IDS.len() {
        let missing: Vec<&str> = CLASS_IDS
            .iter()
            .copied()
            .filter(|id| !seen.iter().any(|s| s == id))
            .collect();
        return Err(format!(
            "cors.toml: classes missing: {}",
            missing.join(", ")
        ));
    }
    Ok(file.class)
}

/// The compiled-in classes (validated by a test; empty only if that test fails).
pub fn all() -> &'static [Class] {
    static CLASSES: OnceLock<Vec<Class>> = OnceLock::new();
    CLASSES.get_or_init(|| parse(CLASSES_TOML).unwrap_or_default())
}

/// The class with this id.
pub fn get(id: &str) -> Option<&'static Class> {
    all().iter().find(|c| c.id == id)
}

/// Title, why and severity of a class (or one of its variants) for a policy with or
/// without credentials.
pub struct Resolved {
    pub title: String,
    pub why: String,
    pub fix: String,
    pub severity: Severity,
}

/// Resolves the text and severity; unknown ids fall back to the id itself and `info`
/// rather than failing the scan.
pub fn resolve(id: &str, variant: Option<&str>, credentials: bool) -> Resolved {
    let Some(class) = get(id) else {
        return Resolved {
            title: id.to_owned(),
            why: String::new(),
            fix: String::new(),
            severity: Severity::Info,
        };
    };
    let pick = |with: &str, without: &str| {
        Severity::parse(if credentials { with } else { without }).unwrap_or(Severity::Info)
    };
    if let Some(v) = variant.and_then(|v| class.variant.iter().find(|x| x.id == v)) {
        return Resolved {
            title: v.title.clone(),
            why: v.why.clone(),
            fix: class.fix.clone(),
            severity: pick(
                &v.severity_with_credentials,
                &v.severity_without_credentials,
            ),
        };
    }
    Resolved {
        title: class.title.clone(),
        why: class.why.clone(),
        fix: class.fix.clone(),
        severity: pick(
            &class.severity_with_credentials,
            &class.severity_without_credentials,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_classes_parse_and_cover_every_id() {
        let classes = parse(CLASSES_TOML).unwrap();
        assert_eq!(classes.len(), CLASS_IDS.len());
        assert_eq!(all().len(), CLASS_IDS.len());
    }

    #[test]
    fn invalid_class_files_name_the_fault() {
        let err = parse("[[class]]\nid = \"nope\"\ntitle=\"t\"\nwhy=\"w\"\nfix=\"f\"\nseverity_with_credentials=\"low\"\nseverity_without_credentials=\"low\"\n").unwrap_err();
        assert_eq!(err, "cors.toml: unknown class id \"nope\"");
        let err = parse("[[class]]\nid = \"null-origin\"\ntitle=\"t\"\nwhy=\"w\"\nfix=\"f\"\nseverity_with_credentials=\"severe\"\nseverity_without_credentials=\"low\"\n").unwrap_err();
        assert_eq!(
            err,
            "cors.toml: class \"null-origin\": unknown severity \"severe\""
        );
        assert!(parse("not toml [").unwrap_err().starts_with("cors.toml:"));
    }

    #[test]
    fn every_variant_has_text_and_a_known_class() {
        for class in all() {
            for v in &class.variant {
                assert!(
                    !v.title.is_empty() && !v.why.is_empty(),
                    "{}/{}",
                    class.id,
                    v.id
                );
            }
            assert!(
                !class.references.is_empty(),
                "{} has no reference",
                class.id
            );
        }
    }

    #[test]
    fn variants_override_severity_and_credentials_decide() {
        assert_eq!(
            resolve("null-origin", None, true).severity,
            Severity::Critical
        );
        assert_eq!(resolve("null-origin", None, false).severity, Severity::Info);
        assert_eq!(
            resolve("wildcard-with-credentials", Some("literal"), true).severity,
            Severity::Medium
        );
        assert!(resolve("wildcard-with-credentials", Some("literal"), true)
            .why
            .contains("Do not 'fix' this by echoing the Origin"));
        assert_eq!(
            resolve("no-such-class", None, true).severity,
            Severity::Info
        );
    }
}
