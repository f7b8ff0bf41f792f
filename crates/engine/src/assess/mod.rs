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
//! // Nothing answered: no verdict, and a score range from 0 to 100.
//! let a = assess(catalog, &state, &[]);
//! assert_eq!(a.verdict, Decision::NotDecided);
//! assert_eq!((a.risk.score, a.risk.score_max, a.risk.grade), (0, 100, None));
//!
//! for q in catalog.questions_for(&state.profile, state.uses_ai) {
//!     state.answers.insert(q.id, q.risky_answer.flipped());
//! }
//! for g in catalog.screen_groups() {
//!     state.screening.insert(g.id.clone(), Answer::No); // "Still at the idea stage?" no...
//! }
//! let a = assess(catalog, &state, &[]);
//! assert_eq!(a.verdict, Decision::Diy);
//! assert_eq!((a.risk.score, a.risk.grade.as_deref()), (0, Some("A")));
//!
//! state.answers.insert("cross-tenant-access".into(), Answer::No); // "Are database rules enforcing tenant isolation?"
//! state.answers.insert("env-separation".into(), Answer::Unsure);
//! state.answers.insert("deploy-blast-radius".into(), Answer::Yes);
//! let a = assess(catalog, &state, &[]);
//! assert_eq!(a.verdict, Decision::Sprint); // three risks: the rule fires
//! ```

mod answers;
mod checklist;
mod evidence;
#[cfg(test)]
mod measure;
mod readiness;
pub mod render;
mod risk;
#[cfg(test)]
mod unknowns;
mod verdict;

use serde::Serialize;

pub use answers::{Answers, Given, Source};
pub use checklist::{AnswerRisk, ChecklistResult};
pub use evidence::FindingRisk;
pub use readiness::{GateResult, GateStatus, Overall, Readiness};
pub use risk::{CategoryScore, Level, RiskScore, RiskSource, TopRisk};
pub use verdict::{Decision, Reason, ReasonKind};

use crate::catalog::assess::{Catalog, DiyPlan, GateSource, RiskCategory};
use crate::catalog::operator::OperatorConfig;
use crate::estimate::{self, DiyItem, Estimate, Facts};
use crate::finding::{Category, Finding, Severity};
use crate::state::{Field, State, DEFAULT_PROFILE};
use evidence::Evidence;

/// Everything derived from a state and the scan's findings. Serialisable: this is the
/// `--format json` output of `shipcheck assess`.
///
/// Unknown is its own state: `verdict`, `risk.grade` and `readiness.overall` are
/// stated only when no open question can change them (`not-decided`, `null` and
/// `not-assessed` until then), and the risk score is a range
/// (`risk.score`..`risk.score_max`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The profile actually used.
    pub profile: String,
    /// The app's name as the founder typed it (may be empty).
    pub app_name: String,
    pub verdict: Decision,
    /// The verdicts open questions could still lead to (one when decided).
    pub possible: Vec<Decision>,
    /// What is known and what is missing, in a sentence or two.
    pub outlook: String,
    /// Why: screening answers, the rule, risky answers, scan findings.
    pub reasons: Vec<Reason>,
    /// For `not-a-rescue-case` (and a DIY screening answer): what to do instead.
    pub instead: Vec<String>,
    /// For `diy`: the profile's DIY plan from its seed, as numbered steps.
    pub diy_plan: Option<DiyPlan>,
    pub checklist: ChecklistResult,
    /// Screening groups ("questions about your situation") still open.
    pub screening_open: u32,
    pub risk: RiskScore,
    pub readiness: Readiness,
    /// What the scan found, one entry per problem (the same key found thirty times is
    /// one entry with a count), blockers first.
    pub findings: Vec<FindingRisk>,
    pub estimate: Estimate,
    /// Problems with the state that were worked around (unknown ids, values out of
    /// range), in words a founder can read.
    pub notices: Vec<String>,
}

impl Assessment {
    /// Whether anything at all is known: an answer, a screening answer, a figure or
    /// a scan finding.
    pub fn started(&self) -> bool {
        self.checklist.answered > 0
            || !self.findings.is_empty()
            || self.readiness.passed + self.readiness.failed + self.readiness.unknown > 0
            || self.verdict != Decision::NotDecided
    }
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
    // The one place each question's effective answer comes from.
    let answers = Answers::of(catalog, &state);
    let questions = catalog.checklist(profile, state.uses_ai);
    let answered = checklist::answer_checklist(&questions, &answers);
    let evidence = Evidence::from_findings(findings);
    let readiness = readiness::evaluate(&readiness::GateInputs {
        catalog,
        profile: &profile.id,
        checklist: &questions,
        answers: &answers,
        inputs: &state.inputs,
        evidence: &evidence,
    });
    let risk = risk::score(catalog, &answered, &evidence, &blocking_questions(catalog));
    let checklist = checklist::evaluate_rule(profile, &answered, risk.score, risk.score_max);
    let verdict = verdict::decide(
        catalog, profile, &answers, &answered, &checklist, risk.score, &evidence,
    );

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
        open_questions: checklist.questions - checklist.answered,
        has_blocker: evidence.has_blocker(),
        not_a_rescue_case: verdict.verdict == Decision::NotARescueCase,
    };
    let estimate = estimate::estimate(catalog.estimate_params(), &state.inputs, &facts, operator);
    Assessment {
        profile: profile.id.clone(),
        app_name: state.app_name.clone(),
        verdict: verdict.verdict,
        possible: verdict.possible,
        outlook: verdict.outlook,
        reasons: verdict.reasons,
        instead: verdict.instead,
        diy_plan: verdict.diy_plan,
        screening_open: catalog
            .screen_groups()
            .iter()
            .filter(|g| g.screens.iter().any(|s| answers.screen(s).is_none()))
            .count() as u32,
        checklist,
        risk,
        readiness,
        findings: evidence.risks,
        estimate,
        notices,
    }
}

/// What is stated about a state: the verdict, the grade and launch readiness, each
/// `NotDecided` / `None` / `NotAssessed` while open questions could change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stated<'c> {
    pub verdict: Decision,
    pub grade: Option<&'c str>,
    pub readiness: Overall,
}

/// What [`assess`] states about the verdict, the grade and readiness, worked out the
/// same way but without writing a word of it: the exhaustive checks call this
/// hundreds of thousands of times (a test checks it agrees with [`assess`]).
pub struct Statement<'c> {
    catalog: &'c Catalog,
    profile: &'c crate::catalog::assess::Profile,
    questions: Vec<crate::catalog::assess::ChecklistQuestion>,
    evidence: Evidence,
}

impl<'c> Statement<'c> {
    /// For states on `profile` (with or without the AI questions) and these findings.
    pub fn new(catalog: &'c Catalog, profile: &str, uses_ai: bool, findings: &[Finding]) -> Self {
        let profile = catalog
            .profile(profile)
            .or_else(|| catalog.profile(DEFAULT_PROFILE))
            .unwrap_or(&catalog.profiles()[0]);
        Statement {
            catalog,
            profile,
            questions: catalog.checklist(profile, uses_ai),
            evidence: Evidence::from_findings(findings),
        }
    }

    /// What is stated about `state` (its profile and AI flag must be the ones given to
    /// [`Statement::new`]; states are taken as clean, as the state readers give them).
    pub fn of(&self, state: &State) -> Stated<'c> {
        let catalog = self.catalog;
        let answers = Answers::of(catalog, state);
        let items = || {
            self.questions.iter().map(|q| {
                let risk = AnswerRisk::of(answers.question(&q.id), q.risky_answer);
                (q, risk)
            })
        };
        let totals = risk::totals(catalog, items(), &self.evidence);
        let (score, score_max) = totals.scores();
        let rule = checklist::rule_outcome(self.profile, items(), score, score_max);
        let blocked = self.evidence.has_blocker();
        let possible = verdict::possible(catalog, &answers, (rule.fired, rule.can_fire), blocked);
        let (best, worst) = risk::grade_range(catalog, (score, score_max), blocked);
        let readiness = readiness::overall(&readiness::GateInputs {
            catalog,
            profile: &self.profile.id,
            checklist: &self.questions,
            answers: &answers,
            inputs: &state.inputs,
            evidence: &self.evidence,
        });
        Stated {
            verdict: match possible.as_slice() {
                [one] => *one,
                _ => Decision::NotDecided,
            },
            grade: (best == worst).then_some(best),
            readiness,
        }
    }
}

/// The questions whose risky answer fails a blocker gate of readiness.
fn blocking_questions(catalog: &Catalog) -> Vec<String> {
    catalog
        .gates()
        .iter()
        .filter(|g| g.blocker)
        .flat_map(|g| match &g.source {
            GateSource::Answers { questions, .. } => questions.clone(),
            GateSource::Figure { .. } => Vec::new(),
        })
        .collect()
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
            label: q.text.clone(),
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
            label: r.title.clone(),
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
        let known = catalog.knows_screening(id);
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
