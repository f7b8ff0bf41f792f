use super::*;

/// The error parsing the built-in data with one edit gives (`Ok(())` if it parses).
fn with(file: &str, from: &str, to: &str) -> std::result::Result<(), CatalogError> {
    let b = CatalogSources::BUILT_IN;
    let replace = |name: &str, text: &str| {
        if name == file {
            assert!(text.contains(from), "{file} lacks {from:?}");
            text.replacen(from, to, 1)
        } else {
            text.to_string()
        }
    };
    let (q, p, s, r, w, e) = (
        replace(QUESTIONS, b.questions),
        replace(PROFILES, b.profiles),
        replace(SCREENING, b.screening),
        replace(READINESS, b.readiness),
        replace(WEIGHTS, b.weights),
        replace(ESTIMATE, b.estimate),
    );
    Catalog::parse(CatalogSources {
        questions: &q,
        profiles: &p,
        screening: &s,
        readiness: &r,
        weights: &w,
        estimate: &e,
    })
    .map(|_| ())
}

#[test]
fn built_in_data_loads() {
    Catalog::parse(CatalogSources::BUILT_IN).unwrap();
}

#[test]
fn broken_data_is_refused_with_a_message_naming_the_entry() {
    let cases = [
        (QUESTIONS, "key = \"b\"", "key = \"a\"", "questions.toml: duplicate question key \"a\""),
        (QUESTIONS, "likelihood = 6\nimpact = 9", "likelihood = 0\nimpact = 9",
         "questions.toml: question \"secrets-exposed\": likelihood must be 1..=9 (got 0)"),
        (QUESTIONS, "category = \"data-exposure\"", "category = \"data\"",
         "questions.toml: question \"secrets-exposed\": unknown category \"data\""),
        (QUESTIONS, "\"exposed-key-audit\", \"environment", "\"key-audit\", \"environment",
         "questions.toml: question \"secrets-exposed\": unknown sprint item \"key-audit\""),
        (PROFILES, "id = \"core-flow-errors\"", "id = \"core-flow-error\"",
         "profiles.toml: profile \"coach-founder\" question 1: unknown question id \"core-flow-error\""),
        (PROFILES, "rule = { at_least = 1, among = [1, 9] }", "rule = { at_least = 1, among = [1, 11] }",
         "profiles.toml: profile \"coach-agency\": rule among [1, 11] is outside questions 1..=10"),
        (PROFILES, "rule = { at_least = 3 }", "rule = { at_least = 11 }",
         "profiles.toml: profile \"b2b-agency\": rule at_least 11 can never or always fire"),
        (PROFILES, "risky_answer = \"yes\"", "risky_answer = \"maybe\"",
         "profiles.toml: profile \"coach-founder\" question 1: risky_answer must be \"yes\" or \"no\" (got \"maybe\")"),
        (PROFILES, "seed = 1\n", "seed = 0\n", "profiles.toml: profile \"coach-agency\": seed 0 is used twice"),
        (PROFILES, "risky = [7]", "risky = [17]",
         "profiles.toml: profile \"coach-founder\": case names question 17, which it does not have"),
        (SCREENING, "outcome = \"diy\"", "outcome = \"maybe\"",
         "screening.toml: screen \"one-small-fix\": unknown outcome \"maybe\""),
        (SCREENING, "seeds = [0, 1, 3]", "seeds = [0, 1, 7]",
         "screening.toml: screen \"idea-changing\": unknown seed 7"),
        (READINESS, "questions = [\"open-endpoints\"]", "questions = [\"open-endpoint\"]",
         "readiness.toml: gate \"auth-private-routes\": unknown question \"open-endpoint\""),
        (READINESS, "figure = \"core-read-p95\"", "figure = \"core-read\"",
         "readiness.toml: gate \"core-read-p95\": unknown figure \"core-read\""),
        (WEIGHTS, "unsure_percent = 70", "unsure_percent = 120",
         "weights.toml: answers.unsure_percent must not exceed risky_percent"),
        (WEIGHTS, "blocker_cap = \"F\"", "blocker_cap = \"Z\"",
         "weights.toml: grading.blocker_cap \"Z\" is not a grade"),
        (WEIGHTS, "impact_high = 7", "impact_high = 10",
         "weights.toml: findings: impacts must rise with severity and stay within 0..=9"),
        (ESTIMATE, "app_size = \"small\"", "app_size = \"huge\"",
         "estimate.toml: defaults.app_size: must be \"small\", \"medium\" or \"large\" (got \"huge\")"),
        (ESTIMATE, "support_hours_per_week = 3", "support_hours_per_week = 300",
         "estimate.toml: defaults.support_hours_per_week: 300 is more than 168: check the number and its unit"),
    ];
    for (file, from, to, want) in cases {
        let got = with(file, from, to).unwrap_err().to_string();
        assert_eq!(got, want, "{file}: {from} -> {to}");
    }
}

#[test]
fn unknown_keys_and_bad_toml_name_the_file() {
    let e = with(ESTIMATE, "[incident]", "[incident]\ncolour = 1").unwrap_err();
    assert_eq!(e.file, ESTIMATE);
    assert!(e.message.contains("colour"), "{e}");
    let e = with(QUESTIONS, "[[question]]", "[[question]\n").unwrap_err();
    assert_eq!(e.file, QUESTIONS);
}

#[test]
fn a_question_no_seed_asks_must_be_an_ai_add_on() {
    // ai-prompt-injection is asked by no seed: without ai_add_on it would be lost.
    let e = with(
        QUESTIONS,
        "ai_add_on = true\n\n[[question]]\nid = \"ai-unsafe",
        "\n[[question]]\nid = \"ai-unsafe",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "questions.toml: question \"ai-prompt-injection\" is asked by no seed and is not an ai_add_on"
    );
}

#[test]
fn the_built_in_json_is_the_toml() {
    // build.rs converts the TOML to JSON; both must give the very same catalog.
    let from_toml = Catalog::parse(CatalogSources::BUILT_IN).unwrap();
    assert_eq!(*Catalog::built_in(), from_toml);
}

#[test]
fn json_gets_the_same_validation_as_toml() {
    let b = CatalogSources::BUILT_IN_JSON;
    let mut questions: serde_json::Value = serde_json::from_str(b.questions).unwrap();
    questions["question"][0]["likelihood"] = 0.into();
    let questions = questions.to_string();
    let e = Catalog::parse_json(CatalogSources {
        questions: &questions,
        ..b
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "questions.toml: question \"secrets-exposed\": likelihood must be 1..=9 (got 0)"
    );
    let e = Catalog::parse_json(CatalogSources {
        estimate: "{\"defaults\": ",
        ..b
    })
    .unwrap_err();
    assert_eq!(e.file, ESTIMATE);
    let mut weights: serde_json::Value = serde_json::from_str(b.weights).unwrap();
    weights["levels"]["colour"] = 1.into();
    let weights = weights.to_string();
    let e = Catalog::parse_json(CatalogSources {
        weights: &weights,
        ..b
    })
    .unwrap_err();
    assert_eq!(e.file, WEIGHTS);
    assert!(e.message.contains("colour"), "{e}");
}

#[test]
fn question_counts_span_every_profile_without_the_ai_add_on() {
    let c = Catalog::built_in();
    let lens: Vec<usize> = c
        .profiles()
        .iter()
        .map(|p| c.checklist(p, false).len())
        .collect();
    let (min, max) = c.question_counts();
    assert_eq!(min, *lens.iter().min().unwrap());
    assert_eq!(max, *lens.iter().max().unwrap());
    assert!(min > 0 && min <= max, "{min}..{max}");
    assert!(
        c.profiles()
            .iter()
            .any(|p| c.checklist(p, true).len() > max),
        "the AI add-on adds questions beyond the count"
    );
}
