//! What scan findings mean for the assessment: confirmed data-exposure risks, and
//! launch blockers.
//!
//! - A secret finding counts only when its verdict is `secret` (a live credential);
//!   public-by-design and test values are not risks by themselves.
//! - A CORS or database-access finding counts from `low` severity up.
//! - Each problem counts once ([`Finding::key`]): the same leaked key in thirty places
//!   is one key to rotate, found thirty times; two different keys are two.
//! - Blockers, the findings that make the app not ready to launch: a live secret
//!   anywhere but a server env file (it fails the "secrets only in server env" gate,
//!   a blocker gate), or a critical CORS or database-access finding. The same list caps the grade, fails
//!   readiness and counts in the launch-blocker category: one list, everywhere.

use serde::Serialize;

use crate::finding::{group_by_key, Category, Context, Finding, Severity, Verdict};

/// Most places kept per problem (the count says how many there were).
const MAX_PLACES: usize = 20;

/// One distinct problem found by the scan, as a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRisk {
    /// The scanner's rule id.
    pub rule: String,
    /// What makes it one problem ([`Finding::key`]); not exported (it may hold the
    /// masked value).
    #[serde(skip)]
    pub key: String,
    pub scanner: Category,
    /// The worst severity of any place.
    pub severity: Severity,
    pub title: String,
    pub why: String,
    pub fix: String,
    /// Where it was first seen (file:line).
    pub location: String,
    /// Every place (file:line), at most twenty.
    pub places: Vec<String>,
    /// How many times it was found.
    pub count: u32,
    /// A launch blocker (caps the grade, fails readiness).
    pub blocker: bool,
    /// A live secret outside a server env file (fails the secrets gate).
    pub live_secret_outside_env: bool,
}

impl FindingRisk {
    /// "title (file:line)", or "title (file:line and 29 more places)".
    pub fn line(&self) -> String {
        match self.count {
            0 | 1 => format!("{} ({})", self.title, self.location),
            n => format!("{} ({}, found {n} times)", self.title, self.location),
        }
    }
}

/// Everything the assessment takes from the scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Distinct counted problems, blockers first, then worst first.
    pub risks: Vec<FindingRisk>,
}

/// Whether a finding counts as a risk at all.
fn counts(f: &Finding) -> bool {
    match f.category {
        Category::Secret => f.verdict() == Some(Verdict::Secret),
        Category::Cors | Category::Access => f.severity >= Severity::Low,
    }
}

/// Whether one place of a finding makes the app not ready to launch.
pub(crate) fn is_blocker(f: &Finding) -> bool {
    counts(f)
        && match f.category {
            Category::Secret => f.context != Context::ServerEnv,
            Category::Cors | Category::Access => f.severity == Severity::Critical,
        }
}

impl Evidence {
    pub fn from_findings(findings: &[Finding]) -> Evidence {
        let mut risks: Vec<FindingRisk> = group_by_key(findings.iter().filter(|f| counts(f)))
            .into_iter()
            .map(|g| {
                let f = g.first;
                let live = |f: &&Finding| {
                    f.category == Category::Secret && f.context != Context::ServerEnv
                };
                FindingRisk {
                    rule: f.rule.clone(),
                    key: f.key(),
                    scanner: f.category,
                    severity: g.severity(),
                    title: f.title.clone(),
                    why: f.why.clone(),
                    fix: f.fix.clone(),
                    location: f.place(),
                    places: g
                        .places
                        .iter()
                        .take(MAX_PLACES)
                        .map(|p| p.place())
                        .collect(),
                    count: g.count() as u32,
                    blocker: g.places.iter().any(|p| is_blocker(p)),
                    live_secret_outside_env: g.places.iter().any(live),
                }
            })
            .collect();
        risks.sort_by(|a, b| {
            b.blocker
                .cmp(&a.blocker)
                .then(b.severity.cmp(&a.severity))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.location.cmp(&b.location))
        });
        Evidence { risks }
    }

    pub fn blockers(&self) -> impl Iterator<Item = &FindingRisk> {
        self.risks.iter().filter(|r| r.blocker)
    }

    pub fn has_blocker(&self) -> bool {
        self.risks.iter().any(|r| r.blocker)
    }

    /// Distinct live secrets found (each one is a rotation).
    pub fn live_secrets(&self) -> impl Iterator<Item = &FindingRisk> {
        self.risks.iter().filter(|r| r.scanner == Category::Secret)
    }

    pub fn cors(&self) -> impl Iterator<Item = &FindingRisk> {
        self.risks.iter().filter(|r| r.scanner == Category::Cors)
    }
}

#[cfg(test)]
pub(crate) mod test_findings {
    //! Hand-made findings for the assessment's tests. Other helpers may add fields
    //! to `SecretDetail` / `CorsDetail`: adjust them here, in one place.
    use crate::finding::{Category, Context, Finding, Severity, Verdict};
    use crate::scan::cors::CorsDetail;
    use crate::scan::secrets::SecretDetail;

    pub fn secret(rule: &str, verdict: Verdict, context: Context, severity: Severity) -> Finding {
        Finding {
            rule: rule.into(),
            category: Category::Secret,
            severity,
            title: format!("{rule} (test)"),
            why: "Anyone with it can spend your money.".into(),
            fix: "Rotate it and move it to the server env.".into(),
            file: "dist/assets/index.js".into(),
            line: 1,
            column: 10,
            context,
            origin: None,
            secret: Some(SecretDetail {
                verdict,
                masked: "sk_live_****************abcd".into(),
                ..Default::default()
            }),
            cors: None,
            access: None,
        }
    }

    pub fn cors(rule: &str, severity: Severity) -> Finding {
        Finding {
            rule: rule.into(),
            category: Category::Cors,
            severity,
            title: format!("{rule} (test)"),
            why: "Any site can read your users' data.".into(),
            fix: "Allow only your real origins.".into(),
            file: "server.js".into(),
            line: 12,
            column: 1,
            context: Context::SourceCode,
            origin: None,
            secret: None,
            cors: Some(CorsDetail {
                attacker_origin: Some("https://evil.example".into()),
                fixed_snippet: "cors({ origin: ['https://app.example.com'] })".into(),
                ..Default::default()
            }),
            access: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_findings::{cors, secret};
    use super::*;

    #[test]
    fn only_live_secrets_and_real_cors_findings_count() {
        let e = Evidence::from_findings(&[
            secret(
                "stripe-publishable-key",
                Verdict::Public,
                Context::ClientBundle,
                Severity::Info,
            ),
            secret(
                "stripe-test-key",
                Verdict::Test,
                Context::ClientBundle,
                Severity::Low,
            ),
            cors("cors-missing-vary", Severity::Info),
        ]);
        assert!(e.risks.is_empty(), "{e:?}");
    }

    #[test]
    fn blockers_are_live_secrets_outside_env_and_critical_cors() {
        let e = Evidence::from_findings(&[
            secret(
                "aws-secret-key",
                Verdict::Secret,
                Context::ServerEnv,
                Severity::Critical,
            ),
            secret(
                "stripe-secret-key",
                Verdict::Secret,
                Context::ClientBundle,
                Severity::Critical,
            ),
            cors("cors-wildcard-credentials", Severity::Critical),
            cors("cors-http-origin", Severity::Medium),
        ]);
        let blockers: Vec<&str> = e.blockers().map(|r| r.rule.as_str()).collect();
        assert_eq!(blockers, ["cors-wildcard-credentials", "stripe-secret-key"]);
        let aws = e.risks.iter().find(|r| r.rule == "aws-secret-key").unwrap();
        assert!(!aws.blocker && !aws.live_secret_outside_env);
        // In server source code a live key is as much a blocker as in the bundle: it
        // fails the secrets gate either way.
        let src = Evidence::from_findings(&[secret(
            "aws-secret-key",
            Verdict::Secret,
            Context::SourceCode,
            Severity::Critical,
        )]);
        assert!(src.has_blocker());
        assert_eq!(e.live_secrets().count(), 2);
        assert_eq!(e.cors().count(), 2);
    }

    #[test]
    fn one_key_found_thirty_times_is_one_risk_and_two_keys_are_two() {
        let mut fs = Vec::new();
        for line in 1..=30 {
            let mut f = secret(
                "stripe-secret-key",
                Verdict::Secret,
                Context::ClientBundle,
                Severity::Critical,
            );
            f.line = line;
            fs.push(f);
        }
        let e = Evidence::from_findings(&fs);
        assert_eq!(e.risks.len(), 1);
        assert_eq!((e.risks[0].count, e.risks[0].places.len()), (30, 20));
        assert_eq!(
            e.risks[0].line(),
            "stripe-secret-key (test) (dist/assets/index.js:1, found 30 times)"
        );
        let mut other = fs[0].clone();
        other.secret.as_mut().unwrap().masked = "sk_live_****************wxyz".into();
        fs.push(other);
        assert_eq!(Evidence::from_findings(&fs).risks.len(), 2);
    }

    #[test]
    fn a_key_counts_once_at_its_worst() {
        let mut f1 = secret(
            "openai-key",
            Verdict::Secret,
            Context::SourceCode,
            Severity::High,
        );
        f1.line = 3;
        let f2 = secret(
            "openai-key",
            Verdict::Secret,
            Context::ClientBundle,
            Severity::Critical,
        );
        let e = Evidence::from_findings(&[f1, f2]);
        assert_eq!(e.risks.len(), 1);
        let r = &e.risks[0];
        assert_eq!(
            (r.count, r.severity, r.blocker),
            (2, Severity::Critical, true)
        );
        assert_eq!(r.location, "dist/assets/index.js:3");
    }
}
