//! Launch readiness: each gate of `readiness.toml` passes, fails or is unknown, and
//! the app is ready, ready with risks, or not ready.
//!
//! Evidence for a gate: the founder's direct answer, the linked checklist questions
//! (risky fails, safe passes, not sure or unanswered says nothing), scan findings
//! (which can only fail it: no finding is not proof of no problem), or, for numeric
//! gates, the founder's own figure against the target. Any failing evidence fails the
//! gate; otherwise any passing evidence passes it; otherwise it is unknown.

use serde::Serialize;

use super::checklist::AnswerRisk;
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, FindingGate, GateDef, GateSource};
use crate::catalog::fields::{Field, Kind};
use crate::finding::Severity;
use crate::state::{Answer, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateStatus {
    Pass,
    Fail,
    Unknown,
}

impl GateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GateStatus::Pass => "pass",
            GateStatus::Fail => "fail",
            GateStatus::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overall {
    /// Nothing is known yet: no gate passes or fails and no blocker was found.
    /// Every page and export says so instead of a verdict.
    NotAssessed,
    Ready,
    ReadyWithRisks,
    NotReady,
}

impl Overall {
    /// The id used in JSON and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Overall::NotAssessed => "not-assessed",
            Overall::Ready => "ready",
            Overall::ReadyWithRisks => "ready-with-risks",
            Overall::NotReady => "not-ready",
        }
    }

    /// The result in words, inside a sentence ("Launch readiness: not ready").
    pub fn label(self) -> &'static str {
        match self {
            Overall::NotAssessed => "not assessed yet",
            Overall::Ready => "ready",
            Overall::ReadyWithRisks => "ready, with risks",
            Overall::NotReady => "not ready",
        }
    }

    /// The result as a headline.
    pub fn headline(self) -> &'static str {
        match self {
            Overall::NotAssessed => "Not assessed yet",
            Overall::Ready => "Ready to launch",
            Overall::ReadyWithRisks => "Ready, with risks",
            Overall::NotReady => "Not ready",
        }
    }

    /// A symbol beside the headline (decorative: the headline says it in words).
    pub fn icon(self) -> &'static str {
        match self {
            Overall::NotAssessed => "?",
            Overall::Ready => "✓",
            Overall::ReadyWithRisks => "◐",
            Overall::NotReady => "✗",
        }
    }

    /// One sentence on what the result means and what to do.
    pub fn sentence(self) -> &'static str {
        match self {
            Overall::NotAssessed => "Every gate is unknown. Answer the gates or the checklist, or scan a file, and the result appears here.",
            Overall::Ready => "Every gate passes. Keep the regression pass and the rollback notes current.",
            Overall::ReadyWithRisks => "No blocker fails, but some gates fail or are unknown: each one is a risk you launch with.",
            Overall::NotReady => "A blocker fails: fix it before you launch or invite more clients.",
        }
    }
}

/// One gate's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateResult {
    pub id: String,
    pub label: String,
    pub target: String,
    pub blocker: bool,
    pub status: GateStatus,
    /// The founder's figure, formatted with its unit, for numeric gates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What decided the status, one line each.
    pub evidence: Vec<String>,
    /// Whether the founder can answer this gate directly (yes/no gates).
    pub answerable: bool,
}

/// Launch readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub overall: Overall,
    /// What makes the app not ready: failing blocker gates and scan blockers.
    pub blockers: Vec<String>,
    /// Blocker gates first, then the others, each in data order.
    pub gates: Vec<GateResult>,
    pub passed: u32,
    pub failed: u32,
    pub unknown: u32,
}

pub(crate) fn evaluate(catalog: &Catalog, state: &State, evidence: &Evidence) -> Readiness {
    let mut gates: Vec<GateResult> = catalog
        .gates()
        .iter()
        .map(|g| gate(catalog, g, state, evidence))
        .collect();
    // Stable: blocker gates first, data order within each group.
    gates.sort_by_key(|g| !g.blocker);
    let mut blockers: Vec<String> = gates
        .iter()
        .filter(|g| g.blocker && g.status == GateStatus::Fail)
        .map(|g| format!("{}: {}", g.label, g.target))
        .collect();
    blockers.extend(
        evidence
            .blockers()
            .map(|b| format!("Scan: {} ({})", b.title, b.location)),
    );
    let count = |s: GateStatus| gates.iter().filter(|g| g.status == s).count() as u32;
    let (passed, failed, unknown) = (
        count(GateStatus::Pass),
        count(GateStatus::Fail),
        count(GateStatus::Unknown),
    );
    let overall = if !blockers.is_empty() {
        Overall::NotReady
    } else if passed + failed == 0 {
        Overall::NotAssessed
    } else if failed == 0 && unknown == 0 {
        Overall::Ready
    } else {
        Overall::ReadyWithRisks
    };
    Readiness {
        overall,
        blockers,
        gates,
        passed,
        failed,
        unknown,
    }
}

fn gate(catalog: &Catalog, def: &GateDef, state: &State, evidence: &Evidence) -> GateResult {
    let mut fails = Vec::new();
    let mut passes = Vec::new();
    let mut value = None;
    let mut answerable = false;
    match &def.source {
        GateSource::Figure { figure, below } => {
            if let Some(v) = state
                .inputs
                .get(*figure)
                .filter(|v| figure.check(*v).is_ok())
            {
                let shown = format!("{} {}", figure.format_typed(v), unit(*figure));
                let target = format!("{} {}", figure.format_typed(*below), unit(*figure));
                if v < *below {
                    passes.push(format!("{shown} is under {target}"));
                } else {
                    fails.push(format!("{shown} is not under {target}"));
                }
                value = Some(shown);
            }
        }
        GateSource::Answers {
            questions,
            findings,
        } => {
            answerable = true;
            match state.gates.get(&def.id) {
                Some(Answer::Yes) => passes.push("you said it is in place".into()),
                Some(Answer::No) => fails.push("you said it is not in place".into()),
                Some(Answer::Unsure) | None => {}
            }
            for id in questions {
                let Some(risky) = catalog.risky_answer(&state.profile, id) else {
                    continue;
                };
                let answer = state.answers.get(id).copied();
                let text = question_text(catalog, &state.profile, id);
                let line =
                    |a: Answer| format!("you answered {} to \u{201c}{text}\u{201d}", a.label());
                match (AnswerRisk::of(answer, risky), answer) {
                    (AnswerRisk::Risky, Some(a)) => fails.push(line(a)),
                    (AnswerRisk::Safe, Some(a)) => passes.push(line(a)),
                    _ => {}
                }
            }
            match findings {
                Some(FindingGate::LiveSecret) => fails.extend(
                    evidence
                        .live_secrets()
                        .filter(|r| r.live_secret_outside_env)
                        .map(|r| format!("scan: {} ({})", r.title, r.location)),
                ),
                Some(FindingGate::Cors) => fails.extend(
                    evidence
                        .cors()
                        .filter(|r| r.severity >= Severity::High)
                        .map(|r| format!("scan: {} ({})", r.title, r.location)),
                ),
                None => {}
            }
        }
    }
    let status = if !fails.is_empty() {
        GateStatus::Fail
    } else if !passes.is_empty() {
        GateStatus::Pass
    } else {
        GateStatus::Unknown
    };
    let mut evidence_lines = fails;
    evidence_lines.extend(passes);
    GateResult {
        id: def.id.clone(),
        label: def.label.clone(),
        target: def.target.clone(),
        blocker: def.blocker,
        status,
        value,
        evidence: evidence_lines,
        answerable,
    }
}

fn unit(field: Field) -> &'static str {
    match field.kind() {
        Kind::Millis => "ms",
        Kind::Seconds => "s",
        Kind::Percent | Kind::WholePercent => "%",
        _ => "",
    }
}

/// The question's wording as the profile asks it (canonical wording otherwise).
fn question_text<'a>(catalog: &'a Catalog, profile: &str, id: &'a str) -> &'a str {
    catalog
        .profile(profile)
        .and_then(|p| p.questions.iter().find(|q| q.id == id))
        .map(|q| q.text.as_str())
        .or_else(|| catalog.question(id).map(|q| q.text.as_str()))
        .unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::evidence::test_findings::{cors, secret};
    use crate::finding::{Context, Verdict};
    use crate::state::Field;

    fn status(r: &Readiness, id: &str) -> GateStatus {
        r.gates.iter().find(|g| g.id == id).unwrap().status
    }

    /// Each gate's own cases from readiness.toml.
    #[test]
    fn gate_cases_from_the_data_hold() {
        let catalog = Catalog::built_in();
        let mut failures = Vec::new();
        for def in catalog.gates() {
            for case in &def.cases {
                let mut state = State::default(); // `full`: canonical polarity
                match &def.source {
                    GateSource::Figure { figure, .. } => state.inputs.set(*figure, case.value),
                    GateSource::Answers { questions, .. } => {
                        for id in questions {
                            let risky = catalog.risky_answer(&state.profile, id).unwrap();
                            let answer = match case.risk.as_deref() {
                                Some("risky") => Some(risky),
                                Some("safe") => Some(risky.flipped()),
                                Some("unsure") => Some(Answer::Unsure),
                                _ => None,
                            };
                            if let Some(a) = answer {
                                state.answers.insert(id.clone(), a);
                            }
                        }
                    }
                }
                let r = evaluate(catalog, &state, &Evidence::default());
                let got = status(&r, &def.id).as_str();
                if got != case.expect {
                    failures.push(format!("{}: {case:?} gave {got}", def.id));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_gate_of_product_md_is_there() {
        let ids: Vec<&str> = Catalog::built_in()
            .gates()
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        for want in [
            "auth-private-routes",
            "tenant-isolation",
            "secrets-server-only",
            "rate-limits",
            "input-validation",
            "cors-locked",
            "error-alerting",
            "staging-separate",
            "regression-pass",
            "rollback-notes",
            "critical-api-p95",
            "core-read-p95",
            "dashboard-load",
            "error-rate",
        ] {
            assert!(ids.contains(&want), "missing gate {want}");
        }
    }

    #[test]
    fn blank_state_is_not_assessed_and_all_unknown() {
        let catalog = Catalog::built_in();
        let r = evaluate(catalog, &State::default(), &Evidence::default());
        assert_eq!(r.overall, Overall::NotAssessed);
        assert_eq!((r.passed, r.failed), (0, 0));
        assert_eq!(r.unknown as usize, catalog.gates().len());
        // Blockers first.
        let first_non_blocker = r.gates.iter().position(|g| !g.blocker).unwrap();
        assert!(r.gates[..first_non_blocker].iter().all(|g| g.blocker));
        assert!(r.gates[first_non_blocker..].iter().all(|g| !g.blocker));
    }

    fn all_pass() -> State {
        let catalog = Catalog::built_in();
        let mut s = State::default();
        for g in catalog.gates() {
            if matches!(g.source, GateSource::Answers { .. }) {
                s.gates.insert(g.id.clone(), Answer::Yes);
            }
        }
        s.inputs.set(Field::CriticalApiP95, Some(250));
        s.inputs.set(Field::CoreReadP95, Some(400));
        s.inputs.set(Field::DashboardLoad, Some(1500));
        s.inputs.set(Field::ErrorRate, Some(20));
        s
    }

    #[test]
    fn all_passing_is_ready_and_one_fail_is_not() {
        let catalog = Catalog::built_in();
        let s = all_pass();
        let r = evaluate(catalog, &s, &Evidence::default());
        assert_eq!(r.overall, Overall::Ready, "{r:#?}");
        // A slow API is a risk, not a blocker.
        let mut slow = s.clone();
        slow.inputs.set(Field::CriticalApiP95, Some(300));
        let r = evaluate(catalog, &slow, &Evidence::default());
        assert_eq!(r.overall, Overall::ReadyWithRisks);
        let g = r.gates.iter().find(|g| g.id == "critical-api-p95").unwrap();
        assert_eq!(g.value.as_deref(), Some("300 ms"));
        assert_eq!(g.evidence, ["300 ms is not under 300 ms"]);
        // A risky checklist answer fails a blocker gate even against a direct "yes".
        let mut leaky = s.clone();
        leaky
            .answers
            .insert("cross-tenant-access".into(), Answer::Yes);
        let r = evaluate(catalog, &leaky, &Evidence::default());
        assert_eq!(r.overall, Overall::NotReady);
        assert_eq!(
            r.blockers,
            ["Tenant isolation: No customer can read or change another customer's data."]
        );
        assert_eq!(status(&r, "tenant-isolation"), GateStatus::Fail);
    }

    #[test]
    fn scan_findings_fail_their_gates() {
        let catalog = Catalog::built_in();
        let s = all_pass();
        // A live key in a server env file is where it belongs.
        let env = Evidence::from_findings(&[secret(
            "aws-secret-key",
            Verdict::Secret,
            Context::ServerEnv,
            Severity::Critical,
        )]);
        assert_eq!(evaluate(catalog, &s, &env).overall, Overall::Ready);
        // In source code: the gate fails, but it is not a scan blocker.
        let src = Evidence::from_findings(&[secret(
            "aws-secret-key",
            Verdict::Secret,
            Context::SourceCode,
            Severity::Critical,
        )]);
        let r = evaluate(catalog, &s, &src);
        assert_eq!(status(&r, "secrets-server-only"), GateStatus::Fail);
        assert_eq!(
            r.overall,
            Overall::NotReady,
            "the secrets gate is a blocker gate"
        );
        // In the bundle: also a scan blocker, listed.
        let bundle = Evidence::from_findings(&[secret(
            "stripe-secret-key",
            Verdict::Secret,
            Context::ClientBundle,
            Severity::Critical,
        )]);
        let r = evaluate(catalog, &s, &bundle);
        assert_eq!(r.blockers.len(), 2, "{:?}", r.blockers);
        assert!(
            r.blockers[1].starts_with("Scan: stripe-secret-key (test) (dist/assets/index.js:1)")
        );
        // CORS: medium findings leave the gate alone, high fails it, critical blocks.
        let medium = Evidence::from_findings(&[cors("cors-missing-vary", Severity::Medium)]);
        assert_eq!(
            status(&evaluate(catalog, &s, &medium), "cors-locked"),
            GateStatus::Pass
        );
        let high = Evidence::from_findings(&[cors("cors-null-origin", Severity::High)]);
        let r = evaluate(catalog, &s, &high);
        assert_eq!(
            (status(&r, "cors-locked"), r.overall),
            (GateStatus::Fail, Overall::ReadyWithRisks)
        );
        let critical =
            Evidence::from_findings(&[cors("cors-wildcard-credentials", Severity::Critical)]);
        assert_eq!(evaluate(catalog, &s, &critical).overall, Overall::NotReady);
    }

    #[test]
    fn linked_questions_follow_the_profile_wording() {
        let catalog = Catalog::built_in();
        let mut s = State {
            profile: "coach-founder".into(),
            ..State::default()
        };
        // "Is staging separate from production?" no → the staging gate fails.
        s.answers.insert("env-separation".into(), Answer::No);
        let r = evaluate(catalog, &s, &Evidence::default());
        let g = r.gates.iter().find(|g| g.id == "staging-separate").unwrap();
        assert_eq!(g.status, GateStatus::Fail);
        assert_eq!(
            g.evidence,
            ["you answered no to \u{201c}Is staging separate from production?\u{201d}"]
        );
        s.answers.insert("env-separation".into(), Answer::Unsure);
        assert_eq!(
            status(
                &evaluate(catalog, &s, &Evidence::default()),
                "staging-separate"
            ),
            GateStatus::Unknown
        );
    }
}
