//! The one shape every scanner reports: a [`Finding`].
//!
//! Secret, CORS and database-access findings share this type so that the command
//! line, the web app, the risk score and every export (JSON, SARIF, Markdown)
//! handle them the same way. Scanner-specific detail lives in [`Finding::secret`],
//! [`Finding::cors`] or [`Finding::access`]; everything a reader needs first (what,
//! where, how bad, why, how to fix) is in the common fields.

mod access;
mod cors;
pub mod fingerprint;
pub mod fix;
mod secret;
pub mod wire;

use serde::{Deserialize, Serialize};

pub use access::{AccessDetail, Citation};
pub use cors::CorsDetail;
pub use fix::{mark_of, Marks};
pub use secret::{JwtClaims, SecretDetail};
pub use wire::{WireError, SCAN_SCHEMA};

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
    Access,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Cors => "cors",
            Category::Access => "access",
        }
    }
}

/// What a detected value is, for secret findings: must it be rotated?
///
/// The default is `Secret`: when in doubt, a value is treated as one to rotate.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A live credential: rotate it.
    #[default]
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

    /// What it asks of the founder, as a tag.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Secret => "Rotate",
            Verdict::Public => "Public by design",
            Verdict::Test => "Test key",
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
/// On the wire (the JSON export, `assess --findings`, the worker's messages) a finding
/// is one flat object, written and read in [`wire`] only.
///
/// `line` and `column` are 1-based and count in the file as given; when the file is
/// a source map, [`Finding::origin`] names the original source and its own line.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Rule id, kebab-case `provider-kind`, `cors-<class>` or `access-<class>`.
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
    pub origin: Option<SourceOrigin>,
    /// Secret-scanner detail; `Some` exactly for secret findings.
    pub secret: Option<SecretDetail>,
    /// CORS-analyzer detail; `Some` exactly for CORS findings.
    pub cors: Option<CorsDetail>,
    /// Database-access detail; `Some` exactly for `access-<class>` findings.
    pub access: Option<AccessDetail>,
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

    /// What makes two findings one problem: the rule and the value it is about. The
    /// same key pasted in thirty places is one key to rotate, found thirty times; the
    /// same CORS policy in two files is one policy to fix, in two places. A category
    /// with no value to compare keeps each place apart.
    pub fn key(&self) -> String {
        let value = match (&self.secret, &self.cors) {
            // The fingerprint hashes the rule and the whole value; the masked value
            // stands in for findings read from a file that lacks it.
            (Some(s), _) if !s.fingerprint.is_empty() => s.fingerprint.clone(),
            (Some(s), _) => s.masked.clone(),
            (None, Some(c)) => format!(
                "{}|{}",
                c.policy,
                c.attacker_origin.as_deref().unwrap_or("")
            ),
            // The same table or rules path open the same way, reached from
            // several places, is one problem.
            (None, None) => match &self.access {
                Some(a) => format!("{}|{}|{}", a.object, a.who, a.operations.join(",")),
                None => format!("{}:{}:{}", self.file, self.line, self.column),
            },
        };
        format!("{}|{value}", self.rule)
    }

    /// What a "rotated / fixed" mark is kept under ([`mark_of`] of the key).
    pub fn mark(&self) -> String {
        mark_of(&self.key())
    }

    /// "file:line", the way every place is written.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// One problem and every place it was found ([`Finding::key`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FindingGroup<'a> {
    /// The most severe place (the first in [`sort_findings`] order): it stands for all.
    pub first: &'a Finding,
    /// Every place, in the order given (the first included).
    pub places: Vec<&'a Finding>,
}

impl FindingGroup<'_> {
    /// How many times it was found.
    pub fn count(&self) -> usize {
        self.places.len()
    }

    /// The worst severity of any place.
    pub fn severity(&self) -> Severity {
        self.places
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(self.first.severity)
    }
}

/// Groups findings by [`Finding::key`], in the order each problem first appears
/// (sort with [`sort_findings`] first to get the most severe problem first).
pub fn group_by_key<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<FindingGroup<'a>> {
    let mut groups: Vec<FindingGroup<'a>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in findings {
        match index.get(&f.key()) {
            Some(&i) => groups[i].places.push(f),
            None => {
                index.insert(f.key(), groups.len());
                groups.push(FindingGroup {
                    first: f,
                    places: vec![f],
                });
            }
        }
    }
    groups
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

/// Which findings a reader wants to see (the scan page's filters). Empty sets mean
/// "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingFilter {
    pub severities: Vec<Severity>,
    pub verdicts: Vec<Verdict>,
    pub categories: Vec<Category>,
}

impl FindingFilter {
    /// Whether `f` passes every non-empty criterion. A verdict criterion only applies
    /// to findings that have a verdict (secrets); CORS findings pass it.
    pub fn matches(&self, f: &Finding) -> bool {
        (self.severities.is_empty() || self.severities.contains(&f.severity))
            && (self.categories.is_empty() || self.categories.contains(&f.category))
            && (self.verdicts.is_empty() || f.verdict().is_none_or(|v| self.verdicts.contains(&v)))
    }
}

/// Groups findings by file, keeping the order in which files first appear (callers
/// sort with [`sort_findings`] first to get the most severe file first).
pub fn group_by_file<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> Vec<(&'a str, Vec<&'a Finding>)> {
    let mut groups: Vec<(&'a str, Vec<&'a Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(file, _)| *file == f.file) {
            Some((_, list)) => list.push(f),
            None => groups.push((&f.file, vec![f])),
        }
    }
    groups
}

/// How many findings there are of each severity, most severe first.
pub fn count_by_severity(findings: &[Finding]) -> [(Severity, usize); 5] {
    Severity::ALL_DESC.map(|s| (s, findings.iter().filter(|f| f.severity == s).count()))
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

    fn finding(
        file: &str,
        severity: Severity,
        category: Category,
        verdict: Option<Verdict>,
    ) -> Finding {
        Finding {
            rule: "r".into(),
            category,
            severity,
            title: String::new(),
            why: String::new(),
            fix: String::new(),
            file: file.into(),
            line: 1,
            column: 1,
            context: Context::Unknown,
            origin: None,
            secret: verdict.map(|verdict| SecretDetail {
                verdict,
                masked: "••••".into(),
                ..Default::default()
            }),
            cors: None,
            access: None,
        }
    }

    #[test]
    fn filter_applies_each_criterion() {
        let secret = finding(
            "a",
            Severity::Critical,
            Category::Secret,
            Some(Verdict::Secret),
        );
        let public = finding("a", Severity::Info, Category::Secret, Some(Verdict::Public));
        let cors = finding("b", Severity::High, Category::Cors, None);
        let all = FindingFilter::default();
        assert!([&secret, &public, &cors].iter().all(|f| all.matches(f)));

        let only_secrets = FindingFilter {
            verdicts: vec![Verdict::Secret],
            ..Default::default()
        };
        assert!(only_secrets.matches(&secret));
        assert!(!only_secrets.matches(&public));
        assert!(
            only_secrets.matches(&cors),
            "verdicts do not filter CORS findings out"
        );

        let only_cors = FindingFilter {
            categories: vec![Category::Cors],
            ..Default::default()
        };
        assert!(!only_cors.matches(&secret) && only_cors.matches(&cors));

        let high_up = FindingFilter {
            severities: vec![Severity::Critical, Severity::High],
            ..Default::default()
        };
        assert!(high_up.matches(&secret) && high_up.matches(&cors) && !high_up.matches(&public));
    }

    #[test]
    fn grouping_keeps_first_appearance_order() {
        let fs = [
            finding(
                "z.env",
                Severity::Critical,
                Category::Secret,
                Some(Verdict::Secret),
            ),
            finding("a.js", Severity::High, Category::Cors, None),
            finding(
                "z.env",
                Severity::Low,
                Category::Secret,
                Some(Verdict::Test),
            ),
        ];
        let groups = group_by_file(&fs);
        assert_eq!(
            groups.iter().map(|g| g.0).collect::<Vec<_>>(),
            vec!["z.env", "a.js"]
        );
        assert_eq!(groups[0].1.len(), 2);
        let counts = count_by_severity(&fs);
        assert_eq!(counts[0], (Severity::Critical, 1));
        assert_eq!(counts[1], (Severity::High, 1));
        assert_eq!(counts[3], (Severity::Low, 1));
    }

    #[test]
    fn the_same_value_of_the_same_rule_is_one_problem() {
        let mut fs = Vec::new();
        for line in 1..=30 {
            let mut f = finding(
                "dist/app.js",
                Severity::Critical,
                Category::Secret,
                Some(Verdict::Secret),
            );
            f.line = line;
            fs.push(f);
        }
        let mut other = finding(
            "dist/app.js",
            Severity::Critical,
            Category::Secret,
            Some(Verdict::Secret),
        );
        other.secret.as_mut().unwrap().masked = "sk_live_••••zz".into();
        fs.push(other);
        let mut cors_a = finding("a.js", Severity::High, Category::Cors, None);
        cors_a.cors = Some(CorsDetail {
            policy: "origin: reflect".into(),
            ..Default::default()
        });
        let mut cors_b = cors_a.clone();
        cors_b.file = "b.js".into();
        let mut cors_c = cors_a.clone();
        cors_c.cors.as_mut().unwrap().policy = "origin: *".into();
        fs.extend([cors_a, cors_b, cors_c]);
        let groups = group_by_key(&fs);
        let counts: Vec<usize> = groups.iter().map(FindingGroup::count).collect();
        assert_eq!(counts, [30, 1, 2, 1]);
        assert_eq!(groups[0].first.line, 1);
        assert_eq!(groups[2].places[1].place(), "b.js:1");
        // Without a value to compare (another category), each place stands alone.
        let mut plain = finding("x", Severity::Low, Category::Cors, None);
        let mut plain2 = plain.clone();
        plain2.line = 2;
        plain.cors = None;
        plain2.cors = None;
        assert_eq!(group_by_key(&[plain, plain2]).len(), 2);
    }

    #[test]
    fn raise_and_lower_saturate() {
        assert_eq!(Severity::Critical.raised(), Severity::Critical);
        assert_eq!(Severity::Info.lowered(), Severity::Info);
        assert_eq!(Severity::Medium.raised(), Severity::High);
        assert_eq!(Severity::Medium.lowered(), Severity::Low);
    }
}
