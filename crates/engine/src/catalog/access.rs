//! The database access classes as data (`crates/engine/rules/access.toml`): titles,
//! business-terms explanations, fixes, severities and variants, each class's
//! vulnerable and safe examples, and the words that decide "per-user data" and
//! "public by design".
//!
//! This loader checks the file's shape; `scan::access` runs every example through
//! the analyzer in a test (the catalog imports nothing above it).

use std::sync::OnceLock;

use serde::Deserialize;

use crate::finding::Severity;

const ACCESS_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/access.toml"));

/// Every class id (`access-<id>` is the rule id), in the order of the table.
pub const CLASS_IDS: [&str; 15] = [
    "rls-disabled",
    "policy-rls-disabled",
    "policy-always-true",
    "policy-any-user",
    "policy-user-metadata",
    "security-definer-view",
    "auth-users-exposed",
    "definer-function-exposed",
    "storage-public-bucket",
    "unindexed-policy-column",
    "rules-open",
    "rules-test-mode",
    "rules-any-user",
    "rules-recursive-wildcard",
    "client-table-exposed",
];

/// One class of database access mistake.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub id: String,
    pub title: String,
    pub why: String,
    pub fix: String,
    pub severity: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub variant: Vec<Variant>,
    /// Inputs the analyzer must flag with this class at the stated severity.
    #[serde(default)]
    pub example: Vec<Example>,
    /// Inputs the analyzer must not flag with this class.
    #[serde(default)]
    pub safe: Vec<Example>,
}

/// A refinement of a class for one situation, with its own severity and text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub severity: String,
    pub title: String,
    pub why: String,
}

/// A file (and optionally more files read with it) and, for a vulnerable example,
/// the severity expected.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub with: Vec<ExampleFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    pub name: String,
    pub text: String,
}

/// The words that decide "per-user data" and "public by design" (all lowercase).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub owner_columns: Vec<String>,
    pub tenant_columns: Vec<String>,
    pub personal_columns: Vec<String>,
    pub public_tables: Vec<String>,
    pub public_words: Vec<String>,
    pub public_buckets: Vec<String>,
    pub private_buckets: Vec<String>,
}

impl Words {
    /// Whether a table or collection name is public by design: in
    /// `public_tables`, singular or plural, with or without a `public_` prefix.
    pub fn is_public_table(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase().replace('-', "_");
        let bare = lower.strip_prefix("public_").unwrap_or(&lower);
        if bare != lower && !bare.is_empty() {
            return true;
        }
        // The whole name, or its first word: `menu_items`, `gallery-images` and
        // `product_reviews` are about the public thing they start with;
        // `order_items` is not made public by its last word.
        let first = bare.split('_').next().unwrap_or(bare);
        [bare, first].iter().any(|n| {
            let singular = singular(n);
            self.public_tables.iter().any(|w| w == n || *w == singular)
        })
    }

    /// Whether a bucket's name says it holds private uploads: one of its words
    /// (split at `-`, `_`, `.`) is in `private_buckets`, singular or plural.
    pub fn is_private_bucket(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        lower
            .split(['-', '_', '.', ' '])
            .filter(|w| !w.is_empty())
            .any(|w| {
                self.private_buckets
                    .iter()
                    .any(|p| *p == w || *p == singular(w))
            })
    }

    pub fn is_public_bucket(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        self.public_buckets.contains(&lower) || lower.starts_with("public")
    }

    /// Whether a policy's name says a read is meant for everyone.
    pub fn says_public(&self, policy_name: &str) -> bool {
        let lower = policy_name.to_ascii_lowercase();
        self.public_words.iter().any(|w| contains_word(&lower, w))
    }
}

fn singular(word: &str) -> String {
    match word.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => word.strip_suffix('s').unwrap_or(word).to_owned(),
    }
}

/// `needle` in `text` between non-alphanumeric characters.
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub class: Vec<Class>,
    pub words: Words,
    /// Checklist questions these findings answer.
    #[serde(default)]
    pub answer: Vec<AnswerRule>,
}

/// A checklist question a finding of some classes answers (the founder sees the
/// finding's file and line beside the question, and can dispute it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRule {
    /// The question's id in `rules/assess/questions.toml`.
    pub question: String,
    /// The answer the evidence gives (`yes` / `no`).
    pub answer: String,
    /// Classes whose findings answer it, at `min_severity` or above.
    pub classes: Vec<String>,
    pub min_severity: String,
    /// Why these findings answer the question, in one sentence.
    pub because: String,
}

/// Parses and validates the class file; the error names the class or list at fault.
pub fn parse(text: &str) -> Result<Catalog, String> {
    let file: Catalog = toml::from_str(text).map_err(|e| format!("access.toml: {e}"))?;
    let mut seen: Vec<&str> = Vec::new();
    for c in &file.class {
        let at = |what: String| format!("access.toml: class {:?}: {what}", c.id);
        if !CLASS_IDS.contains(&c.id.as_str()) {
            return Err(format!("access.toml: unknown class id {:?}", c.id));
        }
        if seen.contains(&c.id.as_str()) {
            return Err(format!("access.toml: class {:?} is defined twice", c.id));
        }
        seen.push(&c.id);
        for s in std::iter::once(&c.severity).chain(c.variant.iter().map(|v| &v.severity)) {
            if Severity::parse(s).is_none() {
                return Err(at(format!("unknown severity {s:?}")));
            }
        }
        if c.title.is_empty() || c.why.is_empty() || c.fix.is_empty() {
            return Err(at("title, why and fix must not be empty".into()));
        }
        if c.example.is_empty() || c.safe.is_empty() {
            return Err(at("needs at least one example and one safe example".into()));
        }
        for e in &c.example {
            match e.severity.as_deref().map(Severity::parse) {
                Some(Some(_)) => {}
                _ => return Err(at(format!("example {:?} needs a known severity", e.name))),
            }
        }
        if let Some(e) = c.safe.iter().find(|e| e.severity.is_some()) {
            return Err(at(format!("safe example {:?} has a severity", e.name)));
        }
    }
    if seen.len() != CLASS_IDS.len() {
        let missing: Vec<&str> = CLASS_IDS
            .iter()
            .copied()
            .filter(|id| !seen.contains(id))
            .collect();
        return Err(format!(
            "access.toml: classes missing: {}",
            missing.join(", ")
        ));
    }
    for a in &file.answer {
        let at = |what: String| format!("access.toml: answer for {:?}: {what}", a.question);
        if let Some(c) = a.classes.iter().find(|c| !CLASS_IDS.contains(&c.as_str())) {
            return Err(at(format!("unknown class {c:?}")));
        }
        if Severity::parse(&a.min_severity).is_none() {
            return Err(at(format!("unknown severity {:?}", a.min_severity)));
        }
        if !matches!(a.answer.as_str(), "yes" | "no") {
            return Err(at(format!("answer must be yes or no, not {:?}", a.answer)));
        }
    }
    let w = &file.words;
    for (name, list) in [
        ("owner_columns", &w.owner_columns),
        ("tenant_columns", &w.tenant_columns),
        ("personal_columns", &w.personal_columns),
        ("public_tables", &w.public_tables),
        ("public_words", &w.public_words),
        ("public_buckets", &w.public_buckets),
        ("private_buckets", &w.private_buckets),
    ] {
        if list.is_empty() {
            return Err(format!("access.toml: words.{name} is empty"));
        }
        if let Some(bad) = list
            .iter()
            .find(|x| x.is_empty() || x.to_ascii_lowercase() != **x)
        {
            return Err(format!(
                "access.toml: words.{name}: {bad:?} must be lowercase and not empty"
            ));
        }
    }
    Ok(file)
}

/// The compiled-in catalog (validated by a test; empty only if that test fails).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        parse(ACCESS_TOML).unwrap_or(Catalog {
            class: Vec::new(),
            words: Words::default(),
            answer: Vec::new(),
        })
    })
}

/// The class with this id.
pub fn get(id: &str) -> Option<&'static Class> {
    catalog().class.iter().find(|c| c.id == id)
}

/// The words lists.
pub fn words() -> &'static Words {
    &catalog().words
}

/// Title, why, fix and severity of a class or one of its variants.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub title: String,
    pub why: String,
    pub fix: String,
    pub severity: Severity,
}

/// Resolves a class (and variant); an unknown id falls back to the id itself and
/// `info` rather than failing the scan.
pub fn resolve(id: &str, variant: Option<&str>) -> Resolved {
    let Some(class) = get(id) else {
        return Resolved {
            title: id.to_owned(),
            why: String::new(),
            fix: String::new(),
            severity: Severity::Info,
        };
    };
    let parse = |s: &str| Severity::parse(s).unwrap_or(Severity::Info);
    match variant.and_then(|v| class.variant.iter().find(|x| x.id == v)) {
        Some(v) => Resolved {
            title: v.title.clone(),
            why: v.why.clone(),
            fix: class.fix.clone(),
            severity: parse(&v.severity),
        },
        None => Resolved {
            title: class.title.clone(),
            why: class.why.clone(),
            fix: class.fix.clone(),
            severity: parse(&class.severity),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_catalog_parses_and_covers_every_class() {
        let c = parse(ACCESS_TOML).unwrap();
        assert_eq!(c.class.len(), CLASS_IDS.len());
        assert_eq!(catalog().class.len(), CLASS_IDS.len());
        for class in &c.class {
            assert!(
                !class.references.is_empty(),
                "{} has no reference",
                class.id
            );
        }
    }

    #[test]
    fn invalid_files_name_the_fault() {
        let class = |id: &str, sev: &str| {
            format!("[[class]]\nid = \"{id}\"\ntitle=\"t\"\nwhy=\"w\"\nfix=\"f\"\nseverity=\"{sev}\"\n[[class.example]]\nname=\"a.sql\"\ntext=\"x\"\nseverity=\"high\"\n[[class.safe]]\nname=\"a.sql\"\ntext=\"y\"\n")
        };
        let words = "[words]\nowner_columns=[\"user_id\"]\ntenant_columns=[\"org_id\"]\npersonal_columns=[\"email\"]\npublic_tables=[\"post\"]\npublic_words=[\"public\"]\npublic_buckets=[\"avatars\"]\nprivate_buckets=[\"invoice\"]\n";
        let cases = [
            (
                class("nope", "high") + words,
                "access.toml: unknown class id \"nope\"",
            ),
            (
                class("rls-disabled", "severe") + words,
                "access.toml: class \"rls-disabled\": unknown severity \"severe\"",
            ),
            (
                class("rls-disabled", "high") + &class("rls-disabled", "high") + words,
                "access.toml: class \"rls-disabled\" is defined twice",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(&text).unwrap_err(), want);
        }
        let err = parse(&(class("rls-disabled", "high") + words)).unwrap_err();
        assert!(
            err.starts_with("access.toml: classes missing: policy-rls-disabled"),
            "{err}"
        );
        let no_safe = class("rls-disabled", "high")
            .replace("[[class.safe]]\nname=\"a.sql\"\ntext=\"y\"\n", "")
            + words;
        assert_eq!(
            parse(&no_safe).unwrap_err(),
            "access.toml: class \"rls-disabled\": needs at least one example and one safe example"
        );
        assert!(parse("not toml [").unwrap_err().starts_with("access.toml:"));
    }

    #[test]
    fn words_match_names_as_documented() {
        let w = words();
        for (name, public) in [
            ("products", true),
            ("Post", true),
            ("categories", true),
            ("public_profiles", true),
            ("profiles", false),
            ("orders", false),
            ("invoices", false),
            ("menu-items", true),
            ("gallery_images", true),
            ("order_items", false),
            ("user_posts", false),
        ] {
            assert_eq!(w.is_public_table(name), public, "{name}");
        }
        assert!(w.says_public("Public profiles are viewable by everyone."));
        assert!(!w.says_public("Republican members"));
        assert!(
            w.is_public_bucket("avatars")
                && w.is_public_bucket("public-assets")
                && !w.is_public_bucket("invoices")
        );
    }

    #[test]
    fn bucket_words() {
        let w = words();
        for (name, private) in [
            ("invoices", true),
            ("user-documents", true),
            ("kyc_files", true),
            ("photos", false),
            ("salon-media", false),
            ("avatars", false),
        ] {
            assert_eq!(w.is_private_bucket(name), private, "{name}");
        }
    }

    #[test]
    fn variants_resolve() {
        assert_eq!(resolve("rls-disabled", None).severity, Severity::Critical);
        assert_eq!(
            resolve("rls-disabled", Some("no-api-grants")).severity,
            Severity::Low
        );
        assert_eq!(
            resolve("rls-disabled", Some("unknown-variant")).severity,
            Severity::Critical
        );
        assert_eq!(resolve("no-such-class", None).severity, Severity::Info);
    }
}
