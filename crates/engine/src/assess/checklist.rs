//! Answers against a checklist: which are risks, and whether the profile's rule
//! fires.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::assess::{ChecklistQuestion, Profile, Rule};
use crate::state::Answer;

/// How risky one answer is. Ordered: each step is riskier than the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerRisk {
    /// Not answered yet: counts as no risk until answered.
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
    pub risk: AnswerRisk,
}

/// Pairs each checklist question with its answer.
pub(crate) fn answer_checklist(
    checklist: Vec<ChecklistQuestion>,
    answers: &BTreeMap<String, Answer>,
) -> Vec<Answered> {
    checklist
        .into_iter()
        .map(|q| {
            let answer = answers.get(&q.id).copied();
            Answered {
                risk: AnswerRisk::of(answer, q.risky_answer),
                answer,
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
    /// All risky or not-sure answers, in checklist order.
    pub risky: Vec<String>,
    /// Whether the rule says sprint.
    pub fired: bool,
}

/// Evaluates the profile's rule. `score` is the risk score, used by score rules.
pub(crate) fn evaluate_rule(
    profile: &Profile,
    answered: &[Answered],
    score: u32,
) -> ChecklistResult {
    let counted = |first: u32, last: u32| {
        answered
            .iter()
            .filter(|a| !a.question.ai_add_on)
            .filter(|a| (first..=last).contains(&a.question.number))
            .filter(|a| a.risk.is_risk())
            .count() as u32
    };
    let (counted_risks, fired) = match profile.rule {
        Rule::AtLeast { count, first, last } => {
            let n = counted(first, last);
            (n, n >= count)
        }
        Rule::ScoreAtLeast { score: bar } => (counted(1, u32::MAX), score >= bar),
    };
    ChecklistResult {
        profile: profile.id.clone(),
        rule_text: profile.rule_text.clone(),
        rule: profile.rule,
        questions: answered.len() as u32,
        answered: answered.iter().filter(|a| a.answer.is_some()).count() as u32,
        counted_risks,
        risky: answered
            .iter()
            .filter(|a| a.risk.is_risk())
            .map(|a| a.question.id.clone())
            .collect(),
        fired,
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
