//! Where evidence meets the founder's answers: **the one integration point** between
//! the project model and the assessment.
//!
//! [`state_with_evidence`] is interim: it builds the [`State`] the current
//! `assess::assess` reads, with the founder's own answer first and the code's answer
//! where the founder gave none. The honest-verdict work designs one entry point in
//! `assess` where each question's effective answer comes from (founder, evidence,
//! "unknown"); when it lands, this function is what moves into it — the rules below
//! are the contract to keep:
//!
//! 1. the founder's answer is never silently replaced: where it disagrees with the
//!    code, both stay visible (a [`Disagreement`]) and the founder's counts;
//! 2. an evidence answer is given in the question's canonical wording and turned
//!    into the profile's wording (a seed may ask the reverse question);
//! 3. measured facts (AI SDKs in the stack; tests, integrations and app size) fill
//!    only what the founder left empty;
//! 4. items that are not checklist questions (`regression-tests`,
//!    `stripe-webhook-unverified`) feed no answer here: `regression-tests` reaches the
//!    estimate through "has tests"; the unverified Stripe webhook is shown, and fails
//!    `shipcheck check`, but has no question to answer.

use serde::Serialize;

use super::evidence::Evidence;
use super::Measured;
use crate::catalog::assess::{Answer, Catalog};
use crate::state::{Field, State};

/// A question where the founder's answer and the code's differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub question: String,
    /// The founder's answer, in the profile's wording.
    pub founder: Answer,
    /// The code's answer, in the profile's wording.
    pub evidence: Answer,
}

/// Which answers came from where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Questions answered from the code (the founder gave no answer).
    pub from_evidence: Vec<String>,
    /// Questions where the founder's answer stands against the code's.
    pub disagreements: Vec<Disagreement>,
    /// Estimate inputs filled from measurement (`has-tests`, `integrations`,
    /// `app-size`), and whether AI features were detected.
    pub measured_inputs: Vec<String>,
}

/// The founder's state with evidence answers and measurements added under the rules
/// above.
///
/// # Example
/// ```
/// use shipcheck_engine::catalog::assess::{Answer, Catalog};
/// use shipcheck_engine::project::answers::state_with_evidence;
/// use shipcheck_engine::project::evidence::{Confidence, Evidence};
/// use shipcheck_engine::state::State;
/// let e = Evidence::new("d", "error-tracking", Answer::No, Confidence::High, "none", vec![]);
/// let (state, provenance) = state_with_evidence(Catalog::built_in(), &State::default(), &[e], None);
/// assert_eq!(state.answers["error-tracking"], Answer::No);
/// assert_eq!(provenance.from_evidence, ["error-tracking"]);
/// ```
pub fn state_with_evidence(
    catalog: &Catalog,
    founder: &State,
    evidence: &[Evidence],
    measured: Option<&Measured>,
) -> (State, Provenance) {
    let mut state = founder.clone();
    let mut provenance = Provenance::default();
    for item in evidence {
        let Some(question) = catalog.question(&item.question) else {
            continue;
        };
        let profile_risky = catalog
            .risky_answer(&state.profile, &question.id)
            .unwrap_or(question.risky_answer);
        let answer = if profile_risky == question.risky_answer {
            item.answer
        } else {
            item.answer.flipped()
        };
        match founder.answers.get(&question.id) {
            Some(&given) if given != answer => provenance.disagreements.push(Disagreement {
                question: question.id.clone(),
                founder: given,
                evidence: answer,
            }),
            Some(_) => {}
            None => {
                state.answers.insert(question.id.clone(), answer);
                provenance.from_evidence.push(question.id.clone());
            }
        }
    }
    if let Some(m) = measured {
        if m.uses_ai && !state.uses_ai {
            state.uses_ai = true;
            provenance.measured_inputs.push("uses-ai".into());
        }
        let fills = [
            (Field::HasTests, u32::from(m.has_tests)),
            (Field::Integrations, m.integrations.min(200) as u32),
            (Field::AppSize, m.app_size),
        ];
        for (field, value) in fills {
            if state.inputs.get(field).is_none() {
                state.inputs.set(field, Some(value));
                provenance.measured_inputs.push(field.spec().id.to_owned());
            }
        }
    }
    (state, provenance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::evidence::Confidence;

    fn item(q: &str, a: Answer) -> Evidence {
        Evidence::new("d", q, a, Confidence::High, "s", vec![])
    }

    #[test]
    fn the_founder_keeps_the_word_and_disagreements_show() {
        let mut founder = State::default();
        founder.answers.insert("open-endpoints".into(), Answer::No);
        founder.answers.insert("rate-limits".into(), Answer::No);
        let (state, p) = state_with_evidence(
            Catalog::built_in(),
            &founder,
            &[
                item("open-endpoints", Answer::Yes),
                item("rate-limits", Answer::No),
                item("secrets-exposed", Answer::Yes),
                item("regression-tests", Answer::No),
            ],
            None,
        );
        assert_eq!(state.answers["open-endpoints"], Answer::No);
        assert_eq!(state.answers["secrets-exposed"], Answer::Yes);
        assert!(!state.answers.contains_key("regression-tests"));
        assert_eq!(p.from_evidence, ["secrets-exposed"]);
        assert_eq!(
            p.disagreements,
            [Disagreement {
                question: "open-endpoints".into(),
                founder: Answer::No,
                evidence: Answer::Yes
            }]
        );
    }

    #[test]
    fn answers_turn_into_the_profiles_wording() {
        let catalog = Catalog::built_in();
        // Find a profile that asks some question the reverse way round.
        let (profile, id) = catalog
            .profiles()
            .iter()
            .find_map(|p| {
                p.questions.iter().find_map(|pq| {
                    let q = catalog.question(&pq.id)?;
                    (pq.risky_answer != q.risky_answer).then(|| (p.id.clone(), q.id.clone()))
                })
            })
            .expect("a seed asks a question the reverse way");
        let canonical_risky = catalog.question(&id).unwrap().risky_answer;
        let founder = State {
            profile: profile.clone(),
            ..State::default()
        };
        let (state, _) =
            state_with_evidence(catalog, &founder, &[item(&id, canonical_risky)], None);
        let stored = state.answers[&id];
        assert_eq!(
            Some(stored),
            catalog.risky_answer(&profile, &id),
            "still the risky answer"
        );
        assert_ne!(stored, canonical_risky);
    }

    #[test]
    fn measurements_fill_only_the_empty_inputs() {
        let m = Measured {
            code_files: 10,
            code_lines: 9_000,
            endpoints: 2,
            integrations: 3,
            uses_ai: true,
            has_tests: false,
            app_size: 1,
        };
        let mut founder = State::default();
        founder.inputs.set(Field::Integrations, Some(7));
        let (state, p) = state_with_evidence(Catalog::built_in(), &founder, &[], Some(&m));
        assert!(state.uses_ai);
        assert_eq!(state.inputs.get(Field::Integrations), Some(7));
        assert_eq!(state.inputs.get(Field::HasTests), Some(0));
        assert_eq!(state.inputs.get(Field::AppSize), Some(1));
        assert_eq!(p.measured_inputs, ["uses-ai", "has-tests", "app-size"]);
    }
}
