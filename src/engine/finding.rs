//! The one shape every scanner reports: a [`Finding`].
//!
//! Secret findings and CORS findings share this type so that the command line, the
//! web app, the risk score and every export (JSON, SARIF, Markdown) handle them the
//! same way. Scanner-specific detail lives in [`Finding::secret`] or
//! [`Finding::cors`]; everything a reader needs first (what, where, how bad, why,
//! how to fix) is in the common fields.

use serde::{Deserialize, Serialize};

/// How bad a finding is, lowest first so that `Ord` sorts by badness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Every severity, most severe first (the order reports list them in).
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in JSON, filters and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL_DESC.into_iter().find(|v| v.as_str() == s)
    }

    /// One step up, saturating at `Critical`.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }

    /// One step down, saturating at `Info`.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }
}

/// Which scanner produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Secret,
    Cors,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Cors => "cors",
        }
    }
}

/// What a detected value is, for secret findings: must it be rotated?
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A live credential: rotate it.
    Secret,
    /// Public by design (Stripe `pk_`, Supabase anon key, Firebase web `apiKey`...).
    Public,
    /// A test-mode or sandbox credential: no real money or data behind it.
    Test,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Secret => "secret",
            Verdict::Public => "public",
            Verdict::Test => "test",
        }
    }
}

/// Where a file's contents end up, which changes what a leaked value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    /// Shipped to every visitor's browser: a built JS bundle, a source map, HTML.
    ClientBundle,
    /// Server-side environment or secrets file (`.env`, `secrets.toml`...).
    ServerEnv,
    /// Source code that runs on a server or is kept in a repository.
    SourceCode,
    /// Configuration (JSON/YAML/TOML/INI, server config).
    Config,
    /// Pasted text whose destination cannot be told.
    Unknown,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::ClientBundle => "client-bundle",
            Context::ServerEnv => "server-env",
            Context::SourceCode => "source-code",
            Context::Config => "config",
            Context::Unknown => "unknown",
        }
    }
}

/// One problem found in one place.
///
/// `line` and `column` are 1-based and count in the file as given; when the file is
/// a source map, [`Finding::origin`] names the original source and its own line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id, kebab-case `provider-kind` or `cors-<class>`.
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// One line a founder understands ("Stripe live secret key").
    pub title: String,
    /// Why it matters, in business terms.
    pub why: String,
    /// What to do about it.
    pub fix: String,
    /// The file (or paste) name the finding is in.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub context: Context,
    /// For a file that is a source map: the original source and its line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<SourceOrigin>,
    /// Secret-scanner detail; `None` for CORS findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<crate::engine::scan::secrets::SecretDetail>,
    /// CORS-analyzer detail; `None` for secret findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<crate::engine::scan::cors::CorsDetail>,
}

/// The original location of a finding inside a source map's `sourcesContent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceOrigin {
    /// The entry of the map's `sources` array.
    pub source: String,
    pub line: u32,
    pub column: u32,
}

impl Finding {
    /// The verdict of a secret finding; `None` for CORS findings.
    pub fn verdict(&self) -> Option<Verdict> {
        self.secret.as_ref().map(|s| s.verdict)
    }
}

/// Sorts findings the way every report shows them: most severe first, then by file
/// and position, so output is stable across runs.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.line.cmp(&b.line))
            .then_with(|| a.column.cmp(&b.column))
            .then_with(|| a.rule.cmp(&b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_by_badness() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
        let mut v = vec![Severity::Low, Severity::Critical, Severity::Info];
        v.sort();
        assert_eq!(v, vec![Severity::Info, Severity::Low, Severity::Critical]);
    }

    #[test]
    fn severity_names_round_trip() {
        for s in Severity::ALL_DESC {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(Severity::parse("severe"), None);
    }

    #[test]
    fn raise_and_lower_saturate() {
        assert_eq!(Severity::Critical.raised(), Severity::Critical);
        assert_eq!(Severity::Info.lowered(), Severity::Info);
        assert_eq!(Severity::Medium.raised(), Severity::High);
        assert_eq!(Severity::Medium.lowered(), Severity::Low);
    }
}
