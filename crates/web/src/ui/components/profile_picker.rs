//! "Which of these sounds like you?": the six profiles as radio cards, each with the
//! line a founder recognises themselves in and how its checklist decides.

use yew::prelude::*;

use super::choice_group::{Choice, ChoiceGroup};
use shipcheck_engine::catalog::assess::{Catalog, Profile, Rule};

/// How a profile's checklist decides, in a few words.
pub fn rule_summary(profile: &Profile) -> String {
    let questions = profile.questions.len();
    let rule = match profile.rule {
        Rule::AtLeast { count, first, last } if first > 1 || (last as usize) < questions => {
            format!("sprint at {count}+ risky answers to questions {first}–{last}")
        }
        Rule::AtLeast { count, .. } => format!(
            "sprint at {count}+ risky answer{}",
            if count == 1 { "" } else { "s" }
        ),
        Rule::ScoreAtLeast { score } => format!("sprint at a risk score of {score}+"),
    };
    format!("{questions} questions · {rule}")
}

#[derive(Properties, PartialEq)]
pub struct ProfilePickerProps {
    pub selected: AttrValue,
    pub on_select: Callback<String>,
}

#[component]
pub fn ProfilePicker(props: &ProfilePickerProps) -> Html {
    let choices: Vec<Choice> = Catalog::built_in()
        .profiles()
        .iter()
        .map(|p| Choice {
            key: p.id.clone().into(),
            label: p.description.clone().into(),
            hint: Some(rule_summary(p).into()),
        })
        .collect();
    let legend = html! { "Which of these sounds most like you?" };
    html! {
        <ChoiceGroup name="profile" {legend} {choices} selected={Some(props.selected.clone())}
                     on_select={props.on_select.reform(|k: AttrValue| k.to_string())}
                     class="profile-picker cards-choice" />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_reads_as_the_seed_wrote_it() {
        let c = Catalog::built_in();
        let summary = |id: &str| rule_summary(c.profile(id).unwrap());
        assert_eq!(
            summary("coach-founder"),
            "10 questions · sprint at 1+ risky answer"
        );
        assert_eq!(
            summary("coach-agency"),
            "10 questions · sprint at 1+ risky answers to questions 1–9"
        );
        assert_eq!(
            summary("b2b-agency"),
            "10 questions · sprint at 3+ risky answers"
        );
        assert!(
            summary("full").contains("risk score of 20+"),
            "{}",
            summary("full")
        );
    }
}
