use super::evidence::test_findings::{cors, secret};
use super::*;
use crate::catalog::assess::{Rule, ScreenOutcome};
use crate::finding::{Context, Verdict};
use crate::state::{Answer, State};

fn catalog() -> &'static Catalog {
    Catalog::built_in()
}

/// A state on `profile` with every checklist question answered safely except the
/// question numbers in `risky` (answered the risky way) and `unsure`, and "no" to
/// the three questions about the founder's situation.
fn state_with(profile: &str, risky: &[u32], unsure: &[u32]) -> State {
    let mut s = State {
        profile: profile.into(),
        ..State::default()
    };
    for g in catalog().screen_groups() {
        s.screening.insert(g.id.clone(), Answer::No);
    }
    for q in catalog().questions_for(&s.profile, s.uses_ai) {
        let a = if risky.contains(&q.number) {
            q.risky_answer
        } else if unsure.contains(&q.number) {
            Answer::Unsure
        } else {
            q.risky_answer.flipped()
        };
        s.answers.insert(q.id, a);
    }
    s
}

fn verdict(s: &State) -> Decision {
    assess(catalog(), s, &[]).verdict
}

#[test]
fn rule_cases_from_the_data_hold() {
    let mut failures = Vec::new();
    let mut n = 0;
    for p in catalog().profiles() {
        for case in &p.cases {
            n += 1;
            let got = verdict(&state_with(&p.id, &case.risky, &case.unsure));
            if got.as_str() != case.expect {
                failures.push(format!("{}: {case:?} gave {}", p.id, got.as_str()));
            }
        }
        assert!(p.cases.len() >= 3, "{} needs rule cases", p.id);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 20);
}

#[test]
fn the_seed_rules_are_the_issue_table() {
    let rules: Vec<(&str, Option<u8>, Rule)> = catalog()
        .profiles()
        .iter()
        .map(|p| (p.id.as_str(), p.seed, p.rule))
        .collect();
    let at_least = |count, last| Rule::AtLeast {
        count,
        first: 1,
        last,
    };
    assert_eq!(
        rules,
        [
            ("coach-founder", Some(0), at_least(1, 10)),
            ("coach-agency", Some(1), at_least(1, 9)),
            ("b2b-agency", Some(2), at_least(3, 10)),
            ("creator-founder", Some(3), at_least(2, 10)),
            ("cursor-b2b", Some(4), at_least(2, 10)),
            ("full", None, Rule::ScoreAtLeast { score: 20 }),
        ]
    );
    for p in catalog().profiles().iter().filter(|p| p.seed.is_some()) {
        assert_eq!(p.questions.len(), 10, "{}", p.id);
    }
}

/// For each seed rule "k or more risks": k − 1 risks is DIY and k is a sprint, with
/// risky answers and with "not sure" answers alike.
#[test]
fn every_threshold_k_minus_one_versus_k() {
    for p in catalog().profiles() {
        let Rule::AtLeast { count, first, .. } = p.rule else {
            continue;
        };
        let below: Vec<u32> = (first..first + count - 1).collect();
        let at: Vec<u32> = (first..first + count).collect();
        assert_eq!(
            verdict(&state_with(&p.id, &below, &[])),
            Decision::Diy,
            "{} k-1",
            p.id
        );
        assert_eq!(
            verdict(&state_with(&p.id, &at, &[])),
            Decision::Sprint,
            "{} k",
            p.id
        );
        assert_eq!(
            verdict(&state_with(&p.id, &[], &below)),
            Decision::Diy,
            "{} k-1 unsure",
            p.id
        );
        assert_eq!(
            verdict(&state_with(&p.id, &[], &at)),
            Decision::Sprint,
            "{} k unsure",
            p.id
        );
    }
}

#[test]
fn coach_agency_question_10_alone_never_fires() {
    for (risky, unsure) in [(vec![10], vec![]), (vec![], vec![10])] {
        let s = state_with("coach-agency", &risky, &unsure);
        let a = assess(catalog(), &s, &[]);
        assert_eq!(a.verdict, Decision::Diy);
        assert_eq!(a.checklist.counted_risks, 0);
        assert_eq!(a.checklist.risky, ["handover-notes"]);
        // It still counts for the score, and the reasons say why it did not fire.
        assert!(a.risk.score > 0);
        assert!(a.reasons.iter().any(|r| r.kind == ReasonKind::Note
            && r.text.contains("Q10")
            && r.text.contains("outside your checklist's rule")));
    }
    for q in 1..=9 {
        assert_eq!(
            verdict(&state_with("coach-agency", &[q, 10], &[])),
            Decision::Sprint,
            "Q{q}"
        );
    }
}

#[test]
fn polarity_of_the_tricky_questions() {
    let c = catalog();
    let risky = |profile: &str, n: usize| c.profile(profile).unwrap().questions[n - 1].risky_answer;
    // Seed 001 Q3 "Do login ... routes have rate limits?": no is the risk.
    assert_eq!(risky("coach-agency", 3), Answer::No);
    // Seed 001 Q10 "Could you hand over deployment notes ...?": no is the risk.
    assert_eq!(risky("coach-agency", 10), Answer::No);
    // Seed 002 Q1 "Does your portal handle client data behind login?": yes, the stake.
    assert_eq!(risky("b2b-agency", 1), Answer::Yes);
    // The PRODUCT.md examples.
    assert_eq!(risky("coach-founder", 7), Answer::No);
    assert_eq!(risky("coach-founder", 3), Answer::Yes);
    // A control answered "yes" is never a risk.
    let s = state_with("coach-founder", &[], &[]);
    assert_eq!(s.answers["env-separation"], Answer::Yes);
    assert!(assess(c, &s, &[]).checklist.risky.is_empty());
}

#[test]
fn full_asks_every_distinct_question_once_and_remembers_its_seeds() {
    let c = catalog();
    let full = c.profile("full").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for p in c.profiles().iter().filter(|p| p.seed.is_some()) {
        for q in &p.questions {
            seen.insert(q.id.clone());
        }
    }
    let full_ids: std::collections::BTreeSet<_> =
        full.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(full_ids, seen);
    assert_eq!(full.questions.len(), 19);
    let secrets = c.question("secrets-exposed").unwrap();
    let seeds: Vec<(u8, u32)> = secrets
        .asked_by
        .iter()
        .map(|s| (s.seed, s.number))
        .collect();
    assert_eq!(seeds, [(0, 5), (1, 2), (2, 2), (3, 2), (4, 2)]);
    let full_q = c.questions_for(crate::state::DEFAULT_PROFILE, false);
    assert_eq!(full_q[0].seeds, [0, 1, 2, 3, 4]);
    assert_eq!(
        full_q.iter().find(|q| q.id == "rate-limits").unwrap().seeds,
        [1]
    );
}

#[test]
fn uses_ai_adds_the_red_team_questions_it_does_not_already_ask() {
    let c = catalog();
    let ids = |profile: &str| {
        let s = State {
            profile: profile.into(),
            uses_ai: true,
            ..State::default()
        };
        c.questions_for(&s.profile, s.uses_ai)
            .into_iter()
            .filter(|q| q.ai_add_on)
            .map(|q| (q.number, q.id))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids("coach-founder"),
        [
            (11, "ai-data-exfiltration".to_string()),
            (12, "ai-prompt-injection".to_string()),
            (13, "ai-unsafe-tool-use".to_string())
        ]
    );
    // Seed 003 already asks about AI data exfiltration (its Q10).
    assert_eq!(ids("creator-founder").len(), 2);
    assert_eq!(ids("full").len(), 2);
    // Without AI features, nothing is added.
    assert_eq!(c.questions_for("coach-founder", false).len(), 10);
}

#[test]
fn ai_risks_raise_the_score_but_not_the_seed_rule() {
    let mut s = state_with("creator-founder", &[1], &[]);
    s.uses_ai = true;
    s.answers.insert("ai-prompt-injection".into(), Answer::Yes);
    let a = assess(catalog(), &s, &[]);
    assert_eq!(a.verdict, Decision::Diy);
    assert_eq!(a.checklist.counted_risks, 1);
    assert_eq!(
        a.checklist.risky,
        ["core-flow-errors", "ai-prompt-injection"]
    );
    let ai = a
        .estimate
        .sprint
        .drivers
        .iter()
        .find(|d| d.id == "ai-features")
        .unwrap();
    assert_eq!(ai.half_days, 1);
}

#[test]
fn screening_gives_not_a_rescue_case_with_what_to_do_instead() {
    let c = catalog();
    let ids: Vec<&str> = c.screening().iter().map(|s| s.id.as_str()).collect();
    for want in [
        "idea-changing",
        "no-working-product",
        "no-users-no-date",
        "wants-rebuild",
        "architecture-uncertain",
        "cannot-give-access",
        "wants-cosmetics",
        "wont-rotate-secrets",
    ] {
        assert!(ids.contains(&want), "missing screening {want}");
    }
    for screen in c
        .screening()
        .iter()
        .filter(|s| s.outcome == ScreenOutcome::NotARescueCase)
    {
        // Even with every checklist answer risky.
        let mut s = state_with("coach-founder", &(1..=10).collect::<Vec<_>>(), &[]);
        s.screening.insert(screen.id.clone(), Answer::Yes);
        s.screening.insert("budget-tight".into(), Answer::Yes);
        let a = assess(c, &s, &[]);
        assert_eq!(a.verdict, Decision::NotARescueCase, "{}", screen.id);
        assert_eq!(a.instead, std::slice::from_ref(&screen.instead));
        assert_eq!(a.reasons[0].kind, ReasonKind::Screening);
        assert_eq!(a.reasons[0].id.as_deref(), Some(screen.id.as_str()));
        assert!(a.diy_plan.is_none());
        assert_eq!(
            a.estimate.recommendation.choice,
            crate::estimate::Choice::NotARescueCase
        );
    }
    // "No" or "not sure" to a screening question changes nothing.
    let mut s = state_with("coach-founder", &[1], &[]);
    s.screening.insert("idea-changing".into(), Answer::No);
    s.screening.insert("wants-rebuild".into(), Answer::Unsure);
    assert_eq!(verdict(&s), Decision::Sprint);
}

#[test]
fn diy_screening_and_diy_verdicts_carry_the_seed_plan() {
    let c = catalog();
    let mut s = state_with("creator-founder", &[1, 2, 3], &[]);
    s.screening.insert("budget-tight".into(), Answer::Yes);
    let a = assess(c, &s, &[]);
    assert_eq!(a.verdict, Decision::Diy);
    let plan = a.diy_plan.unwrap();
    assert_eq!(
        plan.steps,
        [
            "Rotate all secrets.",
            "Lock down auth on every sensitive route.",
            "Add logging plus Sentry on your top three user journeys."
        ]
    );
    assert_eq!(a.instead.len(), 1);
    for p in c.profiles() {
        let a = assess(c, &state_with(&p.id, &[], &[]), &[]);
        assert_eq!(a.verdict, Decision::Diy, "{}", p.id);
        assert_eq!(a.diy_plan.as_ref(), Some(&p.diy), "{}", p.id);
        assert!(p.diy.steps.len() >= 3);
    }
    let a = assess(c, &state_with("coach-founder", &[1], &[]), &[]);
    assert_eq!((a.verdict, a.diy_plan), (Decision::Sprint, None));
}

#[test]
fn reasons_name_the_rule_the_answers_and_the_findings() {
    let c = catalog();
    let s = state_with("b2b-agency", &[1, 5], &[9]);
    let findings = [
        cors("cors-http-origin", Severity::Medium),
        secret(
            "stripe-secret-key",
            Verdict::Secret,
            Context::ClientBundle,
            Severity::Critical,
        ),
    ];
    let a = assess(c, &s, &findings);
    assert_eq!(a.verdict, Decision::Sprint);
    let texts: Vec<(ReasonKind, &str)> = a
        .reasons
        .iter()
        .map(|r| (r.kind, r.text.as_str()))
        .collect();
    assert_eq!(texts[0].0, ReasonKind::Rule);
    assert!(
        texts[0]
            .1
            .starts_with("Your checklist's rule: \u{201c}If you answered three or more"),
        "{}",
        texts[0].1
    );
    assert!(
        texts[0]
            .1
            .ends_with("Here you have 3 risky or not-sure answers; the rule needs 3: it fires."),
        "{}",
        texts[0].1
    );
    assert_eq!(
        texts[1],
        (
            ReasonKind::Answer,
            "Q1 \u{201c}Does your portal handle client data behind login?\u{201d}: yes."
        )
    );
    assert_eq!(texts[3], (ReasonKind::Answer, "Q9 \u{201c}Are dev, staging and prod environments clearly separated?\u{201d}: not sure."));
    assert_eq!(
        texts[4],
        (
            ReasonKind::Blocker,
            "Launch blocker found by the scan: stripe-secret-key (test) (dist/assets/index.js:1)."
        )
    );
    assert_eq!(
        texts[5],
        (
            ReasonKind::Finding,
            "Scan finding (medium): cors-http-origin (test) (server.js:12)."
        )
    );
    assert_eq!(a.reasons[1].number, Some(1));
    assert_eq!(a.reasons[1].answer, Some(Answer::Yes));
    // Never a secret value in the output.
    let json = serde_json::to_string(&a).unwrap();
    assert!(
        !json.contains("sk_live_"),
        "masked values stay out of the assessment"
    );
}

#[test]
fn a_scan_blocker_calls_for_a_sprint_even_when_the_rule_does_not() {
    let s = state_with("b2b-agency", &[], &[]);
    let blocker = [secret(
        "openai-key",
        Verdict::Secret,
        Context::ClientBundle,
        Severity::Critical,
    )];
    let a = assess(catalog(), &s, &blocker);
    assert!(!a.checklist.fired);
    assert_eq!(a.verdict, Decision::Sprint);
    assert_eq!(a.risk.grade.as_deref(), Some("F"));
    assert_eq!(a.readiness.overall, Overall::NotReady);
    assert!(a.reasons.iter().any(|r| r
        .text
        .contains("The checklist rule alone would not call for a sprint")));
    // A public key is not a blocker.
    let public = [secret(
        "stripe-publishable-key",
        Verdict::Public,
        Context::ClientBundle,
        Severity::Info,
    )];
    assert_eq!(assess(catalog(), &s, &public).verdict, Decision::Diy);
}

#[test]
fn the_full_rule_follows_the_score() {
    let a = assess(catalog(), &state_with("full", &[1, 2], &[]), &[]);
    assert_eq!((a.risk.score, a.verdict), (17, Decision::Diy));
    assert!(
        a.reasons[0]
            .text
            .contains("your risk score is 17; the rule needs 20: it does not fire"),
        "{}",
        a.reasons[0].text
    );
    let a = assess(catalog(), &state_with("full", &[1, 2, 3], &[]), &[]);
    assert_eq!((a.risk.score, a.verdict), (24, Decision::Sprint));
}

#[test]
fn unanswered_questions_are_noted_and_not_counted() {
    let mut s = State {
        profile: "coach-founder".into(),
        ..State::default()
    };
    let a = assess(catalog(), &s, &[]);
    assert_eq!(
        (
            a.verdict,
            a.checklist.answered,
            a.risk.score,
            a.risk.score_max
        ),
        (Decision::NotDecided, 0, 0, 100)
    );
    assert_eq!(
        a.possible,
        [Decision::Sprint, Decision::Diy, Decision::NotARescueCase]
    );
    assert_eq!(
        a.outlook,
        "Not assessed yet: answer the 10 checklist questions and 3 questions about your situation, or scan a file."
    );
    assert!(a.reasons.iter().any(|r| {
        r.text
        == "10 of 10 questions are not answered yet: they count for nothing until you answer them."
    }));
    // One "not sure" fires seed 000's rule ("any risk"): a sprint is likely, but the
    // situation questions could still make it another verdict.
    s.answers
        .insert("cross-tenant-access".into(), Answer::Unsure);
    let a = assess(catalog(), &s, &[]);
    assert_eq!(a.verdict, Decision::NotDecided);
    assert_eq!(
        a.outlook,
        "A rescue sprint is already likely: 1 risk, the rule needs 1. Answer the 9 checklist questions and 3 questions about your situation to settle it."
    );
    for g in catalog().screen_groups() {
        s.screening.insert(g.id.clone(), Answer::No);
    }
    assert_eq!(
        verdict(&s),
        Decision::Sprint,
        "the open questions cannot undo a fired rule"
    );
}

#[test]
fn bad_state_values_become_notices_not_panics() {
    let mut s = State {
        profile: "nobody".into(),
        ..State::default()
    };
    s.answers.insert("made-up".into(), Answer::Yes);
    s.screening.insert("made-up-screen".into(), Answer::Yes);
    s.gates.insert("critical-api-p95".into(), Answer::Yes);
    s.inputs.set(Field::CriticalApiP95, Some(0));
    s.inputs.set(Field::DayRate, Some(5_000_000));
    let a = assess(catalog(), &s, &[]);
    assert_eq!(a.profile, "full");
    let all = a.notices.join("\n");
    for want in [
        "Unknown profile \"nobody\"; using the full checklist.",
        "Ignored an answer to an unknown question \"made-up\".",
        "Ignored an unknown screening question \"made-up-screen\".",
        "Ignored an answer to an unknown readiness gate \"critical-api-p95\".",
        "Ignored Critical API p95 (ms): must be at least 1.",
        "Ignored Day rate: 5000000 is more than 100000",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    assert_eq!(
        a.estimate.inputs.get(Field::DayRate),
        crate::catalog::operator::OperatorConfig::built_in().day_rate
    );
}

#[test]
fn json_has_the_shape_the_issue_names() {
    let a = assess(catalog(), &state_with("cursor-b2b", &[2, 3], &[4]), &[]);
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["verdict"], "sprint");
    assert!(v["reasons"].is_array());
    assert!(v["risk"]["score"].is_u64());
    assert!(v["risk"]["grade"].is_string());
    for cat in [
        "data-exposure",
        "revenue-flow",
        "performance-bottleneck",
        "launch-blocker",
        "support-burden",
    ] {
        assert!(v["risk"]["categories"][cat].is_object(), "{cat}");
    }
    assert!(["ready", "ready-with-risks", "not-ready"]
        .contains(&v["readiness"]["overall"].as_str().unwrap()));
    assert!(v["readiness"]["gates"].is_array());
    for key in [
        "sprint",
        "diy",
        "do_nothing",
        "recommendation",
        "break_even",
    ] {
        assert!(v["estimate"].get(key).is_some(), "estimate.{key}");
    }
}

#[test]
fn renderers_show_every_part() {
    let c = catalog();
    let mut s = state_with("coach-founder", &[3], &[]);
    s.inputs.set(Field::CriticalApiP95, Some(420));
    let a = assess(c, &s, &[cors("cors-null|origin", Severity::High)]);
    let text = render::to_text(c, &a);
    for want in [
        "VERDICT: Rescue sprint (sprint)",
        "RISK SCORE: ",
        "LAUNCH READINESS: ",
        "ESTIMATE (USD)",
        "Break-even: ",
        "[FAIL        ] Critical API p95",
    ] {
        assert!(text.contains(want), "text lacks {want:?}:\n{text}");
    }
    let md = render::to_markdown(c, &a);
    for want in [
        "# Launch assessment: Coach or consultant business",
        "## Verdict: Rescue sprint",
        "| Category | Score |",
        "## Launch readiness: ",
        "## Estimate (USD)",
        "cors-null\\|origin",
    ] {
        assert!(md.contains(want), "markdown lacks {want:?}:\n{md}");
    }
    let a = assess(c, &state_with("cursor-b2b", &[], &[]), &[]);
    let text = render::to_text(c, &a);
    assert!(
        text.contains(
            "DIY plan: An honest alternative:\n  1. Stop shipping new features for 48 hours."
        ),
        "{text}"
    );
}
