//! Answers against a checklist: which are risks, and whether the profile's rule
//! fires.

use serde::Serialize;

use super::answers::{Answers, Source};
use crate::catalog::assess::{ChecklistQuestion, Profile, Rule};
use crate::state::Answer;

/// How risky one answer is. Ordered: each step is riskier than the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerRisk {
    /// Not answered yet: open. It adds nothing to what is known, and the verdict, the
    /// grade and readiness are stated only once it can no longer change them.
    Unanswered,
    /// The safe answer.
    Safe,
    /// "Not sure": counts as a risk.
    Unsure,
    /// The risky answer.
    Risky,
}

impl AnswerRisk {
    /// Classifies `answer` to a question whose risky answer is `risky_answer`.
    pub fn of(answer: Option<Answer>, risky_answer: Answer) -> AnswerRisk {
        match answer {
            None => AnswerRisk::Unanswered,
            Some(Answer::Unsure) => AnswerRisk::Unsure,
            Some(a) if a == risky_answer => AnswerRisk::Risky,
            Some(_) => AnswerRisk::Safe,
        }
    }

    /// Risky or not sure: what the seeds' rules count.
    pub fn is_risk(self) -> bool {
        matches!(self, AnswerRisk::Unsure | AnswerRisk::Risky)
    }
}

/// One checklist question with the founder's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answered {
    pub question: ChecklistQuestion,
    pub answer: Option<Answer>,
    /// Where the answer comes from (`None` while open).
    pub source: Option<Source>,
    pub risk: AnswerRisk,
}

/// Pairs each checklist question with its effective answer.
pub(crate) fn answer_checklist(
    checklist: &[ChecklistQuestion],
    answers: &Answers,
) -> Vec<Answered> {
    checklist
        .iter()
        .cloned()
        .map(|q| {
            let given = answers.question_given(&q.id);
            let answer = given.map(|g| g.answer);
            Answered {
                risk: AnswerRisk::of(answer, q.risky_answer),
                answer,
                source: given.map(|g| g.source),
                question: q,
            }
        })
        .collect()
}

/// The checklist as a whole, against the profile's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistResult {
    pub profile: String,
    /// The seed's rule in words.
    pub rule_text: String,
    pub rule: Rule,
    /// Questions on the checklist (seed questions plus any AI add-on).
    pub questions: u32,
    pub answered: u32,
    /// Risky or not-sure answers the rule counts (within its question range; AI
    /// add-on questions are outside every seed's rule).
    pub counted_risks: u32,
    /// Open questions the rule would count if they were answered the risky way.
    pub counted_open: u32,
    /// All risky or not-sure answers, in checklist order.
    pub risky: Vec<String>,
    /// Whether the rule says sprint on what is known.
    pub fired: bool,
    /// Whether it says sprint with every open question answered the risky way: when
    /// `fired == can_fire`, no open answer can change it.
    pub can_fire: bool,
}

/// What the profile's rule says: on what is known, and at worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuleOutcome {
    pub counted_risks: u32,
    pub counted_open: u32,
    pub fired: bool,
    pub can_fire: bool,
}

/// Measures the answers against the profile's rule. `items` are the checklist's
/// questions with how risky each answer is; `score` is the risk score on what is known
/// and `score_max` with every open question answered the risky way (score rules).
pub(crate) fn rule_outcome<'q, I>(
    profile: &Profile,
    items: I,
    score: u32,
    score_max: u32,
) -> RuleOutcome
where
    I: Iterator<Item = (&'q ChecklistQuestion, AnswerRisk)> + Clone,
{
    let counted = |first: u32, last: u32, risk: fn(AnswerRisk) -> bool| {
        items
            .clone()
            .filter(|(q, _)| !q.ai_add_on)
            .filter(|(q, _)| (first..=last).contains(&q.number))
            .filter(|(_, r)| risk(*r))
            .count() as u32
    };
    let open = |r: AnswerRisk| r == AnswerRisk::Unanswered;
    let (counted_risks, counted_open, fired, can_fire) = match profile.rule {
        Rule::AtLeast { count, first, last } => {
            let n = counted(first, last, AnswerRisk::is_risk);
            let o = counted(first, last, open);
            (n, o, n >= count, n + o >= count)
        }
        Rule::ScoreAtLeast { score: bar } => (
            counted(1, u32::MAX, AnswerRisk::is_risk),
            counted(1, u32::MAX, open),
            score >= bar,
            score_max >= bar,
        ),
    };
    RuleOutcome {
        counted_risks,
        counted_open,
        fired,
        can_fire,
    }
}

/// Evaluates the profile's rule (see [`rule_outcome`]).
pub(crate) fn evaluate_rule(
    profile: &Profile,
    answered: &[Answered],
    score: u32,
    score_max: u32,
) -> ChecklistResult {
    let RuleOutcome {
        counted_risks,
        counted_open,
        fired,
        can_fire,
    } = rule_outcome(
        profile,
        answered.iter().map(|a| (&a.question, a.risk)),
        score,
        score_max,
    );
    ChecklistResult {
        profile: profile.id.clone(),
        rule_text: profile.rule_text.clone(),
        rule: profile.rule,
        questions: answered.len() as u32,
        answered: answered.iter().filter(|a| a.answer.is_some()).count() as u32,
        counted_risks,
        counted_open,
        risky: answered
            .iter()
            .filter(|a| a.risk.is_risk())
            .map(|a| a.question.id.clone())
            .collect(),
        fired,
        can_fire,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_polarity_and_not_sure_is_a_risk() {
        use AnswerRisk::*;
        let cases = [
            (None, Answer::Yes, Unanswered),
            (Some(Answer::Yes), Answer::Yes, Risky),
            (Some(Answer::No), Answer::Yes, Safe),
            (Some(Answer::No), Answer::No, Risky),
            (Some(Answer::Yes), Answer::No, Safe),
            (Some(Answer::Unsure), Answer::Yes, Unsure),
            (Some(Answer::Unsure), Answer::No, Unsure),
        ];
        for (answer, risky, want) in cases {
            assert_eq!(
                AnswerRisk::of(answer, risky),
                want,
                "{answer:?} vs {risky:?}"
            );
        }
        assert!(Risky > Unsure && Unsure > Safe && Safe > Unanswered);
        assert!(Unsure.is_risk() && Risky.is_risk() && !Safe.is_risk() && !Unanswered.is_risk());
    }
}
