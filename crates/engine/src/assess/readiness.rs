//! Launch readiness: each gate of `readiness.toml` passes, fails or is unknown, and
//! the app is ready, ready with risks, or not ready — once open questions can no
//! longer change that; until then it is not assessed, with what is known so far.
//!
//! Evidence for a gate: the founder's direct answer, the linked checklist questions
//! (risky fails, safe passes, not sure says nothing), scan findings (which can only
//! fail it: no finding is not proof of no problem), or, for numeric gates, the
//! founder's own figure against the target. Any failing evidence fails the gate;
//! otherwise any passing evidence passes it; otherwise it is unknown.
//!
//! An input the founder has not given yet (the direct answer, a linked question on
//! the current checklist, a figure) is open: it could pass or fail the gate. A gate is
//! `open` when its status with every open input passing differs from its status with
//! every open input failing. The overall result is stated only when no open input can
//! change it:
//! - not ready: a blocker gate fails whatever the open inputs say, a blocker gate is
//!   settled as "not sure", or the scan found a launch blocker;
//! - ready: every gate passes whatever the open inputs say;
//! - ready with risks: every blocker gate passes whatever they say, and some other
//!   gate fails or is settled as unknown;
//! - otherwise not assessed.

use serde::Serialize;

use super::answers::Answers;
use super::checklist::AnswerRisk;
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, ChecklistQuestion, FindingGate, GateDef, GateSource};
use crate::catalog::fields::{Field, Kind};
use crate::finding::Severity;
use crate::state::{Answer, Inputs};

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
    /// Open inputs can still change the result: every page and export says what is
    /// known and what is missing instead of a verdict.
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
            Overall::NotAssessed => "Unanswered gates could still go either way, so there is no result yet. Answer them here or in the checklist, or scan a file.",
            Overall::Ready => "Every gate passes. Keep the regression pass and the rollback notes current.",
            Overall::ReadyWithRisks => "Every blocker passes, but some other gates fail or are unknown: each one is a risk you launch with.",
            Overall::NotReady => "A blocker fails, or you are not sure it holds: settle it before you launch or invite more clients.",
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
    /// On what is known.
    pub status: GateStatus,
    /// Inputs not given yet (the direct answer, a linked question, the figure) could
    /// still change the status.
    pub open: bool,
    /// The founder's figure, formatted with its unit, for numeric gates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What decided the status, one line each.
    pub evidence: Vec<String>,
    /// Whether the founder can answer this gate directly (yes/no gates).
    pub answerable: bool,
}

impl GateResult {
    /// The status in a word, open gates included: "pass", "fail", "not sure",
    /// "not answered".
    pub fn word(&self) -> &'static str {
        match (self.status, self.open) {
            (GateStatus::Pass, _) => "pass",
            (GateStatus::Fail, _) => "fail",
            (GateStatus::Unknown, false) => "not sure",
            (GateStatus::Unknown, true) => "not answered",
        }
    }
}

/// Launch readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub overall: Overall,
    /// What makes the app not ready — failing or unconfirmed blocker gates and the
    /// scan's launch blockers — one line each. The one blocker list every page shows.
    pub blockers: Vec<String>,
    /// Blocker gates first, then the others, each in data order.
    pub gates: Vec<GateResult>,
    pub passed: u32,
    pub failed: u32,
    /// Settled as unknown (the founder is not sure).
    pub unknown: u32,
    /// Not answered yet: open inputs, nothing decided.
    pub open: u32,
}

impl Readiness {
    /// What is known so far, in one line: "2 pass, 1 fails, 11 not answered yet".
    pub fn counts_line(&self) -> String {
        let mut parts = vec![format!("{} pass", self.passed)];
        parts.push(format!(
            "{} fail{}",
            self.failed,
            if self.failed == 1 { "s" } else { "" }
        ));
        if self.unknown > 0 {
            parts.push(format!("{} not sure", self.unknown));
        }
        if self.open > 0 {
            parts.push(format!("{} not answered yet", self.open));
        }
        parts.join(", ")
    }
}

/// Where the linked questions and inputs come from.
pub(crate) struct GateInputs<'a> {
    pub catalog: &'a Catalog,
    pub profile: &'a str,
    /// The current checklist: its open questions are open inputs of their gates.
    pub checklist: &'a [ChecklistQuestion],
    pub answers: &'a Answers<'a>,
    pub inputs: &'a Inputs,
    pub evidence: &'a Evidence,
}

/// One gate, worked out: its status on what is known, in the best and the worst case
/// (every open input passing it, every open input failing it), whether a founder's
/// answer or figure (not only the scan) fails it, and, when asked for, the evidence.
struct GateOutcome {
    status: GateStatus,
    best: GateStatus,
    worst: GateStatus,
    failed_by_answer: bool,
    /// Evidence lines (fails first) and the figure shown, when lines were asked for.
    lines: Vec<String>,
    value: Option<String>,
    answerable: bool,
}

impl GateOutcome {
    fn open(&self) -> bool {
        self.best != self.worst
    }
}

/// The overall result from every gate (in any order) and whether the scan found a
/// launch blocker: see the module documentation.
fn overall_of<'g>(
    gates: impl Iterator<Item = (&'g GateDef, &'g GateOutcome)> + Clone,
    scan_blocker: bool,
) -> Overall {
    let blocked = scan_blocker
        || gates.clone().any(|(d, g)| {
            d.blocker && (g.failed_by_answer || (!g.open() && g.status == GateStatus::Unknown))
        });
    if blocked {
        Overall::NotReady
    } else if gates.clone().all(|(_, g)| g.worst == GateStatus::Pass) {
        Overall::Ready
    } else if gates
        .clone()
        .all(|(d, g)| !d.blocker || g.worst == GateStatus::Pass)
        && gates
            .clone()
            .any(|(d, g)| !d.blocker && g.best != GateStatus::Pass)
    {
        Overall::ReadyWithRisks
    } else {
        Overall::NotAssessed
    }
}

/// Only the overall result, without the evidence lines (for the exhaustive checks).
pub(crate) fn overall(x: &GateInputs) -> Overall {
    let outcomes: Vec<GateOutcome> = x
        .catalog
        .gates()
        .iter()
        .map(|g| gate(x, g, false))
        .collect();
    overall_of(
        x.catalog.gates().iter().zip(&outcomes),
        x.evidence.has_blocker(),
    )
}

pub(crate) fn evaluate(x: &GateInputs) -> Readiness {
    let defs = x.catalog.gates();
    let outcomes: Vec<GateOutcome> = defs.iter().map(|g| gate(x, g, true)).collect();
    let overall = overall_of(defs.iter().zip(&outcomes), x.evidence.has_blocker());
    // Stable: blocker gates first, data order within each group.
    let mut order: Vec<(&GateDef, GateOutcome)> = defs.iter().zip(outcomes).collect();
    order.sort_by_key(|(d, _)| !d.blocker);
    let mut blockers: Vec<String> = Vec::new();
    for (d, g) in &order {
        if !d.blocker {
            continue;
        }
        // A gate failed only by the scan is listed by its findings below.
        if g.failed_by_answer {
            blockers.push(format!("{}: {}", d.label, d.target));
        } else if !g.open() && g.status == GateStatus::Unknown {
            blockers.push(format!(
                "{}: not confirmed (you answered not sure)",
                d.label
            ));
        }
    }
    blockers.extend(x.evidence.blockers().map(|b| format!("Scan: {}", b.line())));
    let gates: Vec<GateResult> = order
        .into_iter()
        .map(|(d, g)| GateResult {
            id: d.id.clone(),
            label: d.label.clone(),
            target: d.target.clone(),
            blocker: d.blocker,
            status: g.status,
            open: g.open(),
            value: g.value,
            evidence: g.lines,
            answerable: g.answerable,
        })
        .collect();
    let count = |f: &dyn Fn(&GateResult) -> bool| gates.iter().filter(|g| f(g)).count() as u32;
    Readiness {
        overall,
        blockers,
        passed: count(&|g| g.status == GateStatus::Pass),
        failed: count(&|g| g.status == GateStatus::Fail),
        unknown: count(&|g| g.status == GateStatus::Unknown && !g.open),
        open: count(&|g| g.status == GateStatus::Unknown && g.open),
        gates,
    }
}

/// What one piece of evidence says about a gate.
#[derive(Default)]
struct Tally {
    fails: u32,
    passes: u32,
    open: u32,
    /// Fails from a founder's answer or figure (the scan's are counted apart).
    by_answer: u32,
    lines: Option<(Vec<String>, Vec<String>)>,
}

impl Tally {
    fn fail(&mut self, by_answer: bool, line: impl FnOnce() -> String) {
        self.fails += 1;
        self.by_answer += u32::from(by_answer);
        if let Some((fails, _)) = &mut self.lines {
            fails.push(line());
        }
    }

    fn pass(&mut self, line: impl FnOnce() -> String) {
        self.passes += 1;
        if let Some((_, passes)) = &mut self.lines {
            passes.push(line());
        }
    }
}

/// One gate (see [`GateOutcome`]); `lines`: also write the evidence.
fn gate(x: &GateInputs, def: &GateDef, lines: bool) -> GateOutcome {
    let mut t = Tally {
        lines: lines.then(Default::default),
        ..Tally::default()
    };
    let mut value = None;
    let mut answerable = false;
    match &def.source {
        GateSource::Figure { figure, below } => {
            match x.inputs.get(*figure).filter(|v| figure.check(*v).is_ok()) {
                Some(v) => {
                    let shown = || format!("{} {}", figure.format_typed(v), unit(*figure));
                    let target = || format!("{} {}", figure.format_typed(*below), unit(*figure));
                    if v < *below {
                        t.pass(|| format!("{} is under {}", shown(), target()));
                    } else {
                        t.fail(true, || format!("{} is not under {}", shown(), target()));
                    }
                    if lines {
                        value = Some(shown());
                    }
                }
                None => t.open += 1,
            }
        }
        GateSource::Answers {
            questions,
            findings,
        } => {
            answerable = true;
            match x.answers.gate(&def.id) {
                Some(Answer::Yes) => t.pass(|| "you said it is in place".into()),
                Some(Answer::No) => t.fail(true, || "you said it is not in place".into()),
                Some(Answer::Unsure) => {}
                None => t.open += 1,
            }
            for id in questions {
                let Some(risky) = x.catalog.risky_answer(x.profile, id) else {
                    continue;
                };
                let answer = x.answers.question(id);
                let line = |a: Answer| {
                    let text = question_text(x.catalog, x.profile, id);
                    format!("you answered {} to \u{201c}{text}\u{201d}", a.label())
                };
                match (AnswerRisk::of(answer, risky), answer) {
                    (AnswerRisk::Risky, Some(a)) => t.fail(true, || line(a)),
                    (AnswerRisk::Safe, Some(a)) => t.pass(|| line(a)),
                    (AnswerRisk::Unanswered, _) if x.checklist.iter().any(|q| &q.id == id) => {
                        t.open += 1
                    }
                    _ => {}
                }
            }
            let scan = |r: &super::evidence::FindingRisk| format!("scan: {}", r.line());
            let failing: Vec<&super::evidence::FindingRisk> = match findings {
                Some(FindingGate::LiveSecret) => x
                    .evidence
                    .live_secrets()
                    .filter(|r| r.live_secret_outside_env)
                    .collect(),
                Some(FindingGate::Cors) => x
                    .evidence
                    .cors()
                    .filter(|r| r.severity >= Severity::High)
                    .collect(),
                None => Vec::new(),
            };
            for r in failing {
                t.fail(false, || scan(r));
            }
        }
    }
    let status = |fail: bool, pass: bool| {
        if fail {
            GateStatus::Fail
        } else if pass {
            GateStatus::Pass
        } else {
            GateStatus::Unknown
        }
    };
    let (f, p, o) = (t.fails > 0, t.passes > 0, t.open > 0);
    let lines = t
        .lines
        .map(|(mut fails, passes)| {
            fails.extend(passes);
            fails
        })
        .unwrap_or_default();
    GateOutcome {
        status: status(f, p),
        best: status(f, p || o),
        worst: status(f || o, p),
        failed_by_answer: t.by_answer > 0,
        lines,
        value,
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
    use crate::state::{Field, State};

    fn evaluate(catalog: &Catalog, state: &State, evidence: &Evidence) -> Readiness {
        let answers = Answers::of(catalog, state);
        let checklist = catalog.questions_for(&state.profile, state.uses_ai);
        let x = GateInputs {
            catalog,
            profile: &state.profile,
            checklist: &checklist,
            answers: &answers,
            inputs: &state.inputs,
            evidence,
        };
        let r = super::evaluate(&x);
        assert_eq!(super::overall(&x), r.overall, "the lean path agrees");
        r
    }

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
        assert_eq!((r.passed, r.failed, r.unknown), (0, 0, 0));
        assert_eq!(r.open as usize, catalog.gates().len());
        assert!(r.gates.iter().all(|g| g.open && g.word() == "not answered"));
        // Blockers first.
        let first_non_blocker = r.gates.iter().position(|g| !g.blocker).unwrap();
        assert!(r.gates[..first_non_blocker].iter().all(|g| g.blocker));
        assert!(r.gates[first_non_blocker..].iter().all(|g| !g.blocker));
    }

    fn all_pass() -> State {
        let catalog = Catalog::built_in();
        let mut s = State::default();
        for q in catalog.questions_for(&s.profile, s.uses_ai) {
            s.answers.insert(q.id, q.risky_answer.flipped());
        }
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
        // In source code: the gate fails, and the finding is on the blocker list.
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
        // One line for it, not the gate it fails as well.
        assert_eq!(r.blockers.len(), 1, "{:?}", r.blockers);
        assert_eq!(
            r.blockers[0],
            "Scan: stripe-secret-key (test) (dist/assets/index.js:1)"
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
    fn a_result_is_stated_only_when_open_inputs_cannot_change_it() {
        let catalog = Catalog::built_in();
        // Every gate in place by direct answer, but the checklist open: its questions
        // could still fail the blocker gates.
        let mut s = all_pass();
        s.answers.clear();
        let r = evaluate(catalog, &s, &Evidence::default());
        assert_eq!(r.overall, Overall::NotAssessed);
        let tenant = r.gates.iter().find(|g| g.id == "tenant-isolation").unwrap();
        assert_eq!((tenant.status, tenant.open), (GateStatus::Pass, true));
        // A failing blocker decides it whatever else is open.
        s.gates.insert("tenant-isolation".into(), Answer::No);
        assert_eq!(
            evaluate(catalog, &s, &Evidence::default()).overall,
            Overall::NotReady
        );
        // Every blocker settled as passing and a slow API: ready with risks, though
        // other gates are still open.
        let mut s = all_pass();
        s.inputs.set(Field::CriticalApiP95, Some(900));
        s.inputs.set(Field::DashboardLoad, None);
        s.gates.remove("regression-pass");
        let r = evaluate(catalog, &s, &Evidence::default());
        assert_eq!(r.overall, Overall::ReadyWithRisks, "{:?}", r.counts_line());
        assert_eq!(r.counts_line(), "11 pass, 1 fails, 2 not answered yet");
        // Not sure about a blocker: not ready, and said so.
        let mut s = all_pass();
        s.gates.insert("auth-private-routes".into(), Answer::Unsure);
        s.answers.insert("open-endpoints".into(), Answer::Unsure);
        let r = evaluate(catalog, &s, &Evidence::default());
        assert_eq!(r.overall, Overall::NotReady);
        assert_eq!(
            r.blockers,
            ["Auth on every private route: not confirmed (you answered not sure)"]
        );
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
