//! The verdict, sprint / DIY / not a rescue case, with the reasons that drove it.
//!
//! In order of precedence:
//! 1. a "yes" to a screening question with outcome not-a-rescue-case → not a rescue
//!    case, with what to do instead;
//! 2. a "yes" to a screening question with outcome diy (one small fix, tight budget)
//!    → DIY;
//! 3. the profile's rule fires, or the scan found a launch blocker → sprint;
//! 4. otherwise → DIY, with the profile's DIY plan.

use serde::Serialize;

use super::checklist::{Answered, ChecklistResult};
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, DiyPlan, Profile, Rule, ScreenOutcome};
use crate::state::{Answer, State};

/// The three verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Sprint,
    Diy,
    NotARescueCase,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Sprint => "sprint",
            Decision::Diy => "diy",
            Decision::NotARescueCase => "not-a-rescue-case",
        }
    }

    /// What a founder reads.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Sprint => "Rescue sprint",
            Decision::Diy => "DIY first",
            Decision::NotARescueCase => "Not a rescue case yet",
        }
    }

    /// A symbol beside the label (decorative: the label says it in words).
    pub fn icon(self) -> &'static str {
        match self {
            Decision::Sprint => "⚠",
            Decision::Diy => "✎",
            Decision::NotARescueCase => "○",
        }
    }

    /// One sentence under the verdict.
    pub fn summary(self) -> &'static str {
        match self {
            Decision::Sprint => "Your answers point to real risk: a 5–7 day rescue sprint is likely worth more than it costs.",
            Decision::Diy => "Nothing here needs an outside sprint yet: fix the basics yourself first, with the plan below.",
            Decision::NotARescueCase => "A rescue sprint would not help yet: do this first, then check again.",
        }
    }

    /// The call to action's text.
    pub fn call_to_action(self) -> &'static str {
        match self {
            Decision::Sprint => "Book a rescue sprint call",
            Decision::Diy => "Stuck on a step? Book a call",
            Decision::NotARescueCase => "Talk it through: book a scoping call",
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
    /// Context: unanswered questions, AI add-on risks outside the rule.
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
    pub reasons: Vec<Reason>,
    pub diy_plan: Option<DiyPlan>,
    pub instead: Vec<String>,
}

pub(crate) fn decide(
    catalog: &Catalog,
    profile: &Profile,
    state: &State,
    answered: &[Answered],
    checklist: &ChecklistResult,
    score: u32,
    evidence: &Evidence,
) -> VerdictResult {
    let mut reasons = Vec::new();
    let mut instead = Vec::new();
    let mut screen_outcome = None;
    for s in catalog.screening() {
        if state.screening.get(&s.id) != Some(&Answer::Yes) {
            continue;
        }
        instead.push(s.instead.clone());
        reasons.push(Reason {
            id: Some(s.id.clone()),
            answer: Some(Answer::Yes),
            ..Reason::new(
                ReasonKind::Screening,
                format!("You said yes to \u{201c}{}\u{201d} {}", s.text, s.instead),
            )
        });
        screen_outcome = match (screen_outcome, s.outcome) {
            (_, ScreenOutcome::NotARescueCase) => Some(ScreenOutcome::NotARescueCase),
            (Some(ScreenOutcome::NotARescueCase), _) => Some(ScreenOutcome::NotARescueCase),
            _ => Some(ScreenOutcome::Diy),
        };
    }
    if screen_outcome == Some(ScreenOutcome::NotARescueCase) {
        // Only the not-a-rescue-case conditions explain this verdict.
        let narc: Vec<&str> = catalog
            .screening()
            .iter()
            .filter(|s| s.outcome == ScreenOutcome::NotARescueCase)
            .map(|s| s.id.as_str())
            .collect();
        let keep = |r: &Reason| r.id.as_deref().is_some_and(|id| narc.contains(&id));
        let instead_kept: Vec<String> = catalog
            .screening()
            .iter()
            .filter(|s| s.outcome == ScreenOutcome::NotARescueCase)
            .filter(|s| state.screening.get(&s.id) == Some(&Answer::Yes))
            .map(|s| s.instead.clone())
            .collect();
        reasons.retain(keep);
        reasons.push(Reason::new(
            ReasonKind::Note,
            format!(
                "Your checklist has {} risk{} so far; it matters once the product is ready for rescue work.",
                checklist.risky.len(),
                plural(checklist.risky.len())
            ),
        ));
        return VerdictResult {
            verdict: Decision::NotARescueCase,
            reasons,
            diy_plan: None,
            instead: instead_kept,
        };
    }

    let fired = checklist.fired;
    let blocked = evidence.has_blocker();
    reasons.push(Reason::new(
        ReasonKind::Rule,
        rule_reason(profile, checklist, score),
    ));
    for a in answered.iter().filter(|a| a.risk.is_risk()) {
        let q = &a.question;
        let outside = match profile.rule {
            _ if q.ai_add_on => Some("an AI red-team question, outside the seed's rule"),
            Rule::AtLeast { first, last, .. } if !(first..=last).contains(&q.number) => {
                Some("outside the seed's rule")
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
                format!(
                    "Launch blocker found by the scan: {} ({}).",
                    f.title, f.location
                ),
            )
        } else {
            (
                ReasonKind::Finding,
                format!(
                    "Scan finding: {} ({}, {}).",
                    f.title,
                    f.location,
                    f.severity.as_str()
                ),
            )
        };
        reasons.push(Reason {
            id: Some(f.rule.clone()),
            ..Reason::new(kind, text)
        });
    }
    let unanswered = checklist.questions - checklist.answered;
    if unanswered > 0 {
        reasons.push(Reason::new(
            ReasonKind::Note,
            format!(
                "{unanswered} of {} questions are unanswered; they count as no risk until you answer them.",
                checklist.questions
            ),
        ));
    }

    let verdict = if screen_outcome == Some(ScreenOutcome::Diy) {
        Decision::Diy
    } else if fired || blocked {
        if blocked && !fired {
            reasons.push(Reason::new(
                ReasonKind::Note,
                "The checklist rule alone would not call for a sprint, but a launch blocker found by the scan does."
                    .into(),
            ));
        }
        Decision::Sprint
    } else {
        Decision::Diy
    };
    VerdictResult {
        verdict,
        reasons,
        diy_plan: (verdict == Decision::Diy).then(|| profile.diy.clone()),
        instead,
    }
}

fn rule_reason(profile: &Profile, c: &ChecklistResult, score: u32) -> String {
    let source = match profile.seed {
        Some(seed) => format!("Seed {seed:03}'s rule"),
        None => "The full checklist's rule".into(),
    };
    let measured = match profile.rule {
        Rule::AtLeast { count, first, last } => {
            let range = if first == 1 && last as usize == profile.questions.len() {
                String::new()
            } else {
                format!(" among questions {first}–{last}")
            };
            format!(
                "you have {} risky or not-sure answer{}{range}; the rule needs {count}",
                c.counted_risks,
                plural(c.counted_risks as usize)
            )
        }
        Rule::ScoreAtLeast { score: bar } => {
            format!("your risk score is {score}; the rule needs {bar}")
        }
    };
    let outcome = if c.fired {
        "it fires"
    } else {
        "it does not fire"
    };
    format!(
        "{source}: \u{201c}{}\u{201d} Here {measured}: {outcome}.",
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
