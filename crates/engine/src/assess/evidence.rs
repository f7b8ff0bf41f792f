//! What scan findings mean for the assessment: confirmed data-exposure risks, and
//! launch blockers.
//!
//! - A secret finding counts only when its verdict is `secret` (a live credential);
//!   public-by-design and test values are not risks by themselves.
//! - A CORS or database-access finding counts from `low` severity up.
//! - Each rule counts once, at its worst severity: the same leaked key in three
//!   files is one key to rotate.
//! - Blockers: a live secret in a client bundle (every visitor has it), or a
//!   critical CORS or database-access finding.

use serde::Serialize;

use crate::finding::{Category, Context, Finding, Severity, Verdict};

/// One distinct finding rule, as a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRisk {
    /// The scanner's rule id.
    pub rule: String,
    pub scanner: Category,
    pub severity: Severity,
    pub title: String,
    pub why: String,
    pub fix: String,
    /// Where it was first seen (file:line), for the reasons list.
    pub location: String,
    /// How many findings of this rule there were.
    pub count: u32,
    /// A launch blocker (caps the grade, fails readiness).
    pub blocker: bool,
    /// A live secret outside a server env file (fails the secrets gate).
    pub live_secret_outside_env: bool,
}

/// Everything the assessment takes from the scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Distinct counted rules, worst first.
    pub risks: Vec<FindingRisk>,
}

impl Evidence {
    pub fn from_findings(findings: &[Finding]) -> Evidence {
        let mut risks: Vec<FindingRisk> = Vec::new();
        for f in findings {
            let counts = match f.category {
                Category::Secret => f.verdict() == Some(Verdict::Secret),
                Category::Cors | Category::Access => f.severity >= Severity::Low,
            };
            if !counts {
                continue;
            }
            let blocker = match f.category {
                Category::Secret => f.context == Context::ClientBundle,
                Category::Cors | Category::Access => f.severity == Severity::Critical,
            };
            let outside_env = f.category == Category::Secret && f.context != Context::ServerEnv;
            if let Some(r) = risks.iter_mut().find(|r| r.rule == f.rule) {
                r.count += 1;
                r.blocker |= blocker;
                r.live_secret_outside_env |= outside_env;
                if f.severity > r.severity {
                    r.severity = f.severity;
                }
                continue;
            }
            risks.push(FindingRisk {
                rule: f.rule.clone(),
                scanner: f.category,
                severity: f.severity,
                title: f.title.clone(),
                why: f.why.clone(),
                fix: f.fix.clone(),
                location: format!("{}:{}", f.file, f.line),
                count: 1,
                blocker,
                live_secret_outside_env: outside_env,
            });
        }
        risks.sort_by(|a, b| {
            b.blocker
                .cmp(&a.blocker)
                .then(b.severity.cmp(&a.severity))
                .then_with(|| a.rule.cmp(&b.rule))
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
    fn blockers_are_live_bundle_secrets_and_critical_cors() {
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
        assert_eq!(e.live_secrets().count(), 2);
        assert_eq!(e.cors().count(), 2);
    }

    #[test]
    fn a_rule_counts_once_at_its_worst() {
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
