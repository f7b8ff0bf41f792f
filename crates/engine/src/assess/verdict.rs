//! The verdict, sprint / DIY / not a rescue case, with the reasons that drove it.
//!
//! In order of precedence:
//! 1. a "yes" to a screening condition with outcome not-a-rescue-case → not a rescue
//!    case, with what to do instead;
//! 2. a "yes" to a screening condition with outcome diy (one small fix, tight budget)
//!    → DIY;
//! 3. the profile's rule fires, or the scan found a launch blocker → sprint;
//! 4. otherwise → DIY, with the profile's DIY plan.
//!
//! Open questions (checklist questions, screening conditions not yet answered) could
//! go either way. The verdicts still possible are worked out from what each open
//! answer could do: an open not-a-rescue-case or DIY condition could hold or not; the
//! rule could fire or not when it fires on what is known (`fired`) but not on the
//! worst case (`can_fire`), or the other way round. A verdict is stated only when
//! one is possible; otherwise it is [`Decision::NotDecided`], with what is known.

use serde::Serialize;

use super::answers::Answers;
use super::checklist::{Answered, ChecklistResult};
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, DiyPlan, Profile, Rule, ScreenOutcome};
use crate::state::Answer;

/// The three verdicts, and "not decided yet" while open questions could change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Sprint,
    Diy,
    NotARescueCase,
    NotDecided,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Sprint => "sprint",
            Decision::Diy => "diy",
            Decision::NotARescueCase => "not-a-rescue-case",
            Decision::NotDecided => "not-decided",
        }
    }

    /// What a founder reads.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Sprint => "Rescue sprint",
            Decision::Diy => "DIY first",
            Decision::NotARescueCase => "Not a rescue case yet",
            Decision::NotDecided => "Not decided yet",
        }
    }

    /// A symbol beside the label (decorative: the label says it in words).
    pub fn icon(self) -> &'static str {
        match self {
            Decision::Sprint => "⚠",
            Decision::Diy => "✎",
            Decision::NotARescueCase => "○",
            Decision::NotDecided => "?",
        }
    }

    /// One sentence under the verdict.
    pub fn summary(self) -> &'static str {
        match self {
            Decision::Sprint => "Your answers point to real risk: a 5–7 day rescue sprint is likely worth more than it costs.",
            Decision::Diy => "Nothing here needs an outside sprint yet: fix the basics yourself first, with the plan below.",
            Decision::NotARescueCase => "A rescue sprint would not help yet: do this first, then check again.",
            Decision::NotDecided => "Your open answers could still change the verdict, so there is none yet.",
        }
    }

    /// The call to action's text.
    pub fn call_to_action(self) -> &'static str {
        match self {
            Decision::Sprint => "Book a rescue sprint call",
            Decision::Diy => "Stuck on a step? Book a call",
            Decision::NotARescueCase => "Talk it through: book a scoping call",
            Decision::NotDecided => "Not sure how to answer? Book a call",
        }
    }
}

/// What kind of thing a reason points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// A screening answer.
    Screening,
    /// The profile's rule and how the answers measure against it.
    Rule,
    /// One risky or not-sure checklist answer.
    Answer,
    /// A launch blocker found by the scan.
    Blocker,
    /// Another scan finding.
    Finding,
    /// Context: open questions, AI add-on risks outside the rule.
    Note,
}

impl ReasonKind {
    /// The short tag shown before a reason.
    pub fn label(self) -> &'static str {
        match self {
            ReasonKind::Screening => "Screening",
            ReasonKind::Rule => "Rule",
            ReasonKind::Answer => "Your answer",
            ReasonKind::Blocker => "Scan blocker",
            ReasonKind::Finding => "Scan finding",
            ReasonKind::Note => "Note",
        }
    }
}

/// One reason behind the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub text: String,
    /// Question, screening or finding-rule id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Checklist number, for answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

impl Reason {
    fn new(kind: ReasonKind, text: String) -> Reason {
        Reason {
            kind,
            text,
            id: None,
            number: None,
            answer: None,
        }
    }
}

pub(crate) struct VerdictResult {
    pub verdict: Decision,
    /// The verdicts still possible (one when decided), in enum order.
    pub possible: Vec<Decision>,
    /// What is known and what is missing, in one or two sentences.
    pub outlook: String,
    pub reasons: Vec<Reason>,
    pub diy_plan: Option<DiyPlan>,
    pub instead: Vec<String>,
}

/// Whether any condition with `outcome` holds, and whether one is still open.
fn screened(catalog: &Catalog, answers: &Answers, outcome: ScreenOutcome) -> (bool, u32) {
    let of = || {
        catalog
            .screening()
            .iter()
            .filter(move |s| s.outcome == outcome)
    };
    let yes = of().any(|s| answers.screen(&s.id) == Some(Answer::Yes));
    let open = of().filter(|s| answers.screen(&s.id).is_none()).count() as u32;
    (yes, open)
}

/// The screening groups still open (a condition of theirs has no answer).
fn open_groups(catalog: &Catalog, answers: &Answers) -> u32 {
    catalog
        .screen_groups()
        .iter()
        .filter(|g| g.screens.iter().any(|s| answers.screen(s).is_none()))
        .count() as u32
}

/// The verdicts still possible: see the module documentation.
pub(crate) fn possible(
    catalog: &Catalog,
    answers: &Answers,
    (fired, can_fire): (bool, bool),
    blocked: bool,
) -> Vec<Decision> {
    let (narc, narc_open) = screened(catalog, answers, ScreenOutcome::NotARescueCase);
    let (diy, diy_open) = screened(catalog, answers, ScreenOutcome::Diy);
    let mut out = Vec::new();
    if narc {
        return vec![Decision::NotARescueCase];
    }
    if narc_open > 0 {
        out.push(Decision::NotARescueCase);
    }
    if diy || diy_open > 0 {
        out.push(Decision::Diy);
    }
    if !diy {
        for fired in [fired, can_fire] {
            out.push(if fired || blocked {
                Decision::Sprint
            } else {
                Decision::Diy
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

pub(crate) fn decide(
    catalog: &Catalog,
    profile: &Profile,
    answers: &Answers,
    answered: &[Answered],
    checklist: &ChecklistResult,
    score: u32,
    evidence: &Evidence,
) -> VerdictResult {
    let rule = (checklist.fired, checklist.can_fire);
    let possible = possible(catalog, answers, rule, evidence.has_blocker());
    let verdict = match possible.as_slice() {
        [one] => *one,
        _ => Decision::NotDecided,
    };
    let outlook = outlook(
        catalog, profile, answers, checklist, &possible, score, evidence,
    );
    let mut reasons = Vec::new();
    let mut instead = Vec::new();
    for s in catalog.screening() {
        if answers.screen(&s.id) != Some(Answer::Yes) {
            continue;
        }
        // Only the not-a-rescue-case conditions explain that verdict.
        if verdict == Decision::NotARescueCase && s.outcome != ScreenOutcome::NotARescueCase {
            continue;
        }
        instead.push(s.instead.clone());
        reasons.push(Reason {
            id: Some(s.id.clone()),
            answer: Some(Answer::Yes),
            ..Reason::new(
                ReasonKind::Screening,
                format!(
                    "You said this is true: \u{201c}{}\u{201d} {}",
                    s.text, s.instead
                ),
            )
        });
    }
    if verdict == Decision::NotARescueCase {
        reasons.push(Reason::new(
            ReasonKind::Note,
            format!(
                "Your checklist has {} risk{} so far; it matters once the product is ready for rescue work.",
                checklist.risky.len(),
                plural(checklist.risky.len())
            ),
        ));
        return VerdictResult {
            verdict,
            possible,
            outlook,
            reasons,
            diy_plan: None,
            instead,
        };
    }

    reasons.push(Reason::new(
        ReasonKind::Rule,
        rule_reason(profile, checklist, score),
    ));
    for a in answered.iter().filter(|a| a.risk.is_risk()) {
        let q = &a.question;
        let outside = match profile.rule {
            _ if q.ai_add_on => Some("an AI question, outside your checklist's rule"),
            Rule::AtLeast { first, last, .. } if !(first..=last).contains(&q.number) => {
                Some("outside your checklist's rule")
            }
            _ => None,
        };
        let answer = a.answer.map_or("", |x| x.label());
        let text = match outside {
            Some(why) => format!(
                "Q{} \u{201c}{}\u{201d}: {answer} ({why}).",
                q.number, q.text
            ),
            None => format!("Q{} \u{201c}{}\u{201d}: {answer}.", q.number, q.text),
        };
        reasons.push(Reason {
            id: Some(q.id.clone()),
            number: Some(q.number),
            answer: a.answer,
            ..Reason::new(
                if outside.is_some() {
                    ReasonKind::Note
                } else {
                    ReasonKind::Answer
                },
                text,
            )
        });
    }
    for f in &evidence.risks {
        let (kind, text) = if f.blocker {
            (
                ReasonKind::Blocker,
                format!("Launch blocker found by the scan: {}.", f.line()),
            )
        } else {
            (
                ReasonKind::Finding,
                format!("Scan finding ({}): {}.", f.severity.as_str(), f.line()),
            )
        };
        reasons.push(Reason {
            id: Some(f.rule.clone()),
            ..Reason::new(kind, text)
        });
    }
    let open = checklist.questions - checklist.answered;
    if open > 0 {
        reasons.push(Reason::new(
            ReasonKind::Note,
            format!(
                "{open} of {} questions are not answered yet: they count for nothing until you answer them.",
                checklist.questions
            ),
        ));
    }
    if verdict == Decision::Sprint && evidence.has_blocker() && !checklist.fired {
        reasons.push(Reason::new(
            ReasonKind::Note,
            "The checklist rule alone would not call for a sprint, but a launch blocker found by the scan does."
                .into(),
        ));
    }
    VerdictResult {
        verdict,
        possible,
        outlook,
        reasons,
        diy_plan: (verdict == Decision::Diy).then(|| profile.diy.clone()),
        instead,
    }
}

/// What is known and what is missing: "A rescue sprint is already likely: 3 risks,
/// the rule needs 1. Answer the 3 questions about your situation to confirm it."
fn outlook(
    catalog: &Catalog,
    profile: &Profile,
    answers: &Answers,
    c: &ChecklistResult,
    possible: &[Decision],
    score: u32,
    evidence: &Evidence,
) -> String {
    let open_q = c.questions - c.answered;
    let groups = open_groups(catalog, answers);
    let mut missing = Vec::new();
    if open_q > 0 {
        missing.push(format!(
            "{open_q} checklist question{}",
            plural(open_q as usize)
        ));
    }
    if groups > 0 {
        missing.push(format!(
            "{groups} question{} about your situation",
            plural(groups as usize)
        ));
    }
    let missing = missing.join(" and ");
    let known = match profile.rule {
        Rule::AtLeast { count, .. } => format!(
            "{} risk{}, the rule needs {count}",
            c.counted_risks,
            plural(c.counted_risks as usize)
        ),
        Rule::ScoreAtLeast { score: bar } => {
            format!("a risk score of {score}, the rule needs {bar}")
        }
    };
    if let [one] = possible {
        return match one {
            Decision::Sprint if !c.fired => {
                "Decided: a launch blocker found by the scan calls for a sprint.".into()
            }
            Decision::Sprint => format!("Decided: {known}."),
            Decision::Diy if c.fired || evidence.has_blocker() => {
                "Decided: you said doing it yourself comes first.".into()
            }
            Decision::Diy if open_q > 0 => {
                format!("Decided: {known}, and the open questions cannot reach it.")
            }
            Decision::Diy => format!("Decided: {known}."),
            Decision::NotARescueCase => "Decided by what you said about your situation.".into(),
            Decision::NotDecided => String::new(),
        };
    }
    if c.answered == 0
        && evidence.risks.is_empty()
        && groups == catalog.screen_groups().len() as u32
    {
        return format!("Not assessed yet: answer the {missing}, or scan a file.");
    }
    let lead = if c.fired || evidence.has_blocker() {
        if evidence.has_blocker() && !c.fired {
            "A rescue sprint is already likely: the scan found a launch blocker".to_string()
        } else {
            format!("A rescue sprint is already likely: {known}")
        }
    } else if !c.can_fire && !evidence.has_blocker() {
        format!("Doing it yourself is likely: {known}")
    } else {
        format!("Not decided yet: {known} so far")
    };
    format!("{lead}. Answer the {missing} to settle it.")
}

fn rule_reason(profile: &Profile, c: &ChecklistResult, score: u32) -> String {
    let so_far = if c.answered < c.questions {
        " so far"
    } else {
        ""
    };
    let measured = match profile.rule {
        Rule::AtLeast { count, first, last } => {
            let range = if first == 1 && last as usize == profile.questions.len() {
                String::new()
            } else {
                format!(" among questions {first}–{last}")
            };
            format!(
                "you have {} risky or not-sure answer{}{range}{so_far}; the rule needs {count}",
                c.counted_risks,
                plural(c.counted_risks as usize)
            )
        }
        Rule::ScoreAtLeast { score: bar } => {
            format!("your risk score is {score}{so_far}; the rule needs {bar}")
        }
    };
    let outcome = match (c.fired, c.can_fire) {
        (true, _) => "it fires",
        (false, false) => "it does not fire",
        (false, true) => "it does not fire yet",
    };
    format!(
        "Your checklist's rule: \u{201c}{}\u{201d} Here {measured}: {outcome}.",
        profile.rule_text
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
