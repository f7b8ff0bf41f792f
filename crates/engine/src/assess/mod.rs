//! The assessment: the founder decision checklist and its verdict, the risk score,
//! launch readiness and the sprint / DIY / doing-nothing estimate, all derived in one
//! call from a [`State`] (answers and inputs) and the scan's findings.
//!
//! The questions, rules, gates and weights are data (`crates/engine/rules/assess/*.toml`),
//! loaded into a [`Catalog`] and checked by tests; `docs/assessment.md`
//! explains the method.
//!
//! # Example
//! ```
//! use shipcheck_engine::assess::{assess, Decision};
//! use shipcheck_engine::catalog::assess::Catalog;
//! use shipcheck_engine::state::{Answer, State};
//!
//! let catalog = Catalog::built_in();
//! let mut state = State::default();
//! state.profile = "b2b-agency".into();
//! for q in catalog.questions_for(&state.profile, state.uses_ai) {
//!     state.answers.insert(q.id, q.risky_answer.flipped());
//! }
//! let a = assess(catalog, &state, &[]);
//! assert_eq!(a.verdict, Decision::Diy);
//! assert_eq!(a.risk.score, 0);
//!
//! state.answers.insert("cross-tenant-access".into(), Answer::No); // "Are database rules enforcing tenant isolation?"
//! state.answers.insert("env-separation".into(), Answer::Unsure);
//! state.answers.insert("deploy-blast-radius".into(), Answer::Yes);
//! let a = assess(catalog, &state, &[]);
//! assert_eq!(a.verdict, Decision::Sprint); // three risks: seed 002's rule fires
//! ```

mod checklist;
mod evidence;
#[cfg(test)]
mod measure;
mod readiness;
pub mod render;
mod risk;
mod verdict;

use serde::Serialize;

pub use checklist::{AnswerRisk, ChecklistResult};
pub use evidence::FindingRisk;
pub use readiness::{GateResult, GateStatus, Overall, Readiness};
pub use risk::{CategoryScore, RiskScore, RiskSource, TopRisk};
pub use verdict::{Decision, Reason, ReasonKind};

use crate::catalog::assess::{Catalog, DiyPlan, GateSource, RiskCategory};
use crate::catalog::operator::OperatorConfig;
use crate::estimate::{self, DiyItem, Estimate, Facts};
use crate::finding::{Category, Finding, Severity};
use crate::state::{Field, State, DEFAULT_PROFILE};
use evidence::Evidence;

/// Everything derived from a state and the scan's findings. Serialisable: this is the
/// `--format json` output of `shipcheck assess`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The profile actually used.
    pub profile: String,
    pub verdict: Decision,
    /// Why: screening answers, the rule, risky answers, scan findings.
    pub reasons: Vec<Reason>,
    /// For `not-a-rescue-case` (and a DIY screening answer): what to do instead.
    pub instead: Vec<String>,
    /// For `diy`: the profile's DIY plan from its seed, as numbered steps.
    pub diy_plan: Option<DiyPlan>,
    pub checklist: ChecklistResult,
    pub risk: RiskScore,
    pub readiness: Readiness,
    pub estimate: Estimate,
    /// Problems with the state that were worked around (unknown ids, values out of
    /// range), in words a founder can read.
    pub notices: Vec<String>,
}

/// Assesses a state with the operator settings compiled into this build.
pub fn assess(catalog: &Catalog, state: &State, findings: &[Finding]) -> Assessment {
    assess_with(catalog, state, findings, &OperatorConfig::built_in())
}

/// Assesses a state with given operator settings (day rate, currency).
pub fn assess_with(
    catalog: &Catalog,
    state: &State,
    findings: &[Finding],
    operator: &OperatorConfig,
) -> Assessment {
    let (state, notices) = sanitise(catalog, state);
    let profile = catalog
        .profile(&state.profile)
        .or_else(|| catalog.profile(DEFAULT_PROFILE))
        .unwrap_or(&catalog.profiles()[0]);
    let answered =
        checklist::answer_checklist(catalog.checklist(profile, state.uses_ai), &state.answers);
    let evidence = Evidence::from_findings(findings);
    let risk = risk::score(catalog, &answered, &evidence);
    let checklist = checklist::evaluate_rule(profile, &answered, risk.score);
    let verdict = verdict::decide(
        catalog, profile, &state, &answered, &checklist, risk.score, &evidence,
    );
    let readiness = readiness::evaluate(catalog, &state, &evidence);

    let facts = Facts {
        serious_issues: answered
            .iter()
            .filter(|a| a.risk.is_risk() && a.question.severity >= Severity::High)
            .count() as u32
            + evidence
                .risks
                .iter()
                .filter(|r| r.severity >= Severity::High)
                .count() as u32,
        uses_ai: state.uses_ai,
        no_staging: readiness
            .gates
            .iter()
            .any(|g| g.id == "staging-separate" && g.status == GateStatus::Fail),
        diy_items: diy_items(catalog, &answered, &evidence),
        data_exposure_score: risk
            .categories
            .get(&RiskCategory::DataExposure)
            .and_then(|c| c.score)
            .unwrap_or(0),
        has_risks: !checklist.risky.is_empty() || !evidence.risks.is_empty(),
        has_blocker: evidence.has_blocker(),
        not_a_rescue_case: verdict.verdict == Decision::NotARescueCase,
    };
    let estimate = estimate::estimate(catalog.estimate_params(), &state.inputs, &facts, operator);
    Assessment {
        profile: profile.id.clone(),
        verdict: verdict.verdict,
        reasons: verdict.reasons,
        instead: verdict.instead,
        diy_plan: verdict.diy_plan,
        checklist,
        risk,
        readiness,
        estimate,
        notices,
    }
}

fn diy_items(
    catalog: &Catalog,
    answered: &[checklist::Answered],
    evidence: &Evidence,
) -> Vec<DiyItem> {
    let p = catalog.estimate_params();
    let mut items: Vec<DiyItem> = answered
        .iter()
        .filter(|a| a.risk.is_risk())
        .filter_map(|a| catalog.question(&a.question.id))
        .map(|q| DiyItem {
            id: q.id.clone(),
            hours: q.diy_hours,
            miss_percent: q.diy_miss_percent,
        })
        .collect();
    items.extend(evidence.risks.iter().map(|r| {
        let (hours, miss) = match r.scanner {
            Category::Secret => (p.secret_hours, p.secret_miss_percent),
            Category::Cors => (p.cors_hours, p.cors_miss_percent),
            Category::Access => (p.access_hours, p.access_miss_percent),
        };
        DiyItem {
            id: r.rule.clone(),
            hours,
            miss_percent: miss,
        }
    }));
    items
}

/// A copy of the state with what the catalog does not know, or what is out of range,
/// removed, and a notice for each removal. States decoded by `state::` are already
/// clean; this guards states built by hand or by serde.
fn sanitise(catalog: &Catalog, state: &State) -> (State, Vec<String>) {
    let mut s = state.clone();
    let mut notices = Vec::new();
    if catalog.profile(&s.profile).is_none() {
        notices.push(format!(
            "Unknown profile {:?}; using the full checklist.",
            clip(&s.profile)
        ));
        s.profile = DEFAULT_PROFILE.into();
    }
    s.answers.retain(|id, _| {
        let known = catalog.question(id).is_some();
        if !known {
            notices.push(format!(
                "Ignored an answer to an unknown question {:?}.",
                clip(id)
            ));
        }
        known
    });
    s.screening.retain(|id, _| {
        let known = catalog.screening().iter().any(|x| &x.id == id);
        if !known {
            notices.push(format!(
                "Ignored an unknown screening question {:?}.",
                clip(id)
            ));
        }
        known
    });
    s.gates.retain(|id, _| {
        let known = catalog
            .gates()
            .iter()
            .any(|g| &g.id == id && matches!(g.source, GateSource::Answers { .. }));
        if !known {
            notices.push(format!(
                "Ignored an answer to an unknown readiness gate {:?}.",
                clip(id)
            ));
        }
        known
    });
    let given: Vec<(Field, u32)> = s.inputs.iter().collect();
    for (field, v) in given {
        if let Err(e) = field.check(v) {
            notices.push(format!("Ignored {e}."));
            s.inputs.set(field, None);
        }
    }
    (s, notices)
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests;
