//! Not pass/fail tests: helpers that print numbers for docs/assessment.md. Run with
//! `cargo test -p shipcheck-engine --release --lib measure_assessment_speed -- --ignored --nocapture`
//! and `cargo test -p shipcheck-engine --lib print_readme_question_table -- --ignored --nocapture`.

use super::evidence::test_findings::{cors, secret};
use super::*;
use crate::catalog::assess::CatalogSources;
use crate::finding::{Context, Verdict};
use crate::state::{Answer, State};

fn catalog() -> &'static Catalog {
    Catalog::built_in()
}

/// Not a pass/fail test: prints how long the engine takes, for docs/assessment.md.
/// `cargo test -p shipcheck-engine --release --lib measure_assessment_speed -- --ignored --nocapture`
#[test]
#[ignore]
fn measure_assessment_speed() {
    use std::time::Instant;
    let runs = 200;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(Catalog::parse_json(CatalogSources::BUILT_IN_JSON).unwrap());
    }
    let parse = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(Catalog::parse(CatalogSources::BUILT_IN).unwrap());
    }
    let parse_toml = t.elapsed() / runs;
    let mut s = full_state();
    s.uses_ai = true;
    s.inputs.set(Field::CriticalApiP95, Some(420));
    let findings = [
        secret(
            "stripe-secret-key",
            Verdict::Secret,
            Context::ClientBundle,
            Severity::Critical,
        ),
        cors("cors-reflected-origin", Severity::High),
    ];
    let runs = 20_000;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(assess(catalog(), std::hint::black_box(&s), &findings));
    }
    let one = t.elapsed() / runs;
    let operator = crate::catalog::operator::OperatorConfig::built_in();
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(assess_with(
            catalog(),
            std::hint::black_box(&s),
            &findings,
            &operator,
        ));
    }
    let with_operator = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        let f = crate::state::encode_fragment(std::hint::black_box(&s));
        std::hint::black_box(crate::state::decode_fragment(&f).unwrap());
    }
    let codec = t.elapsed() / runs;
    let fragment = crate::state::encode_fragment(&s);
    println!(
        "catalog parse {parse:?} from the built-in JSON ({parse_toml:?} from the TOML); assess (full + AI, 21 questions, 2 findings) {one:?} \
         ({with_operator:?} with the operator config already parsed); \
         fragment encode+decode {codec:?} ({} chars)",
        fragment.len()
    );
}

/// Prints the question table of docs/assessment.md (`-- --ignored --nocapture`).
#[test]
#[ignore]
fn print_readme_question_table() {
    let c = catalog();
    for q in c.questions() {
        let seeds: Vec<String> = q
            .asked_by
            .iter()
            .map(|s| format!("{:03} Q{}", s.seed, s.number))
            .collect();
        println!(
            "| `{}` | {} | {} | {} × {} = {} | {:?} | {} |",
            q.id,
            q.category.label(),
            q.risky_answer.as_str(),
            q.likelihood,
            q.impact,
            u32::from(q.likelihood) * u32::from(q.impact),
            c.owasp_severity(q.likelihood, q.impact),
            if seeds.is_empty() {
                "AI add-on".to_string()
            } else {
                seeds.join(", ")
            }
        );
    }
}

/// `full` with risky answers to Q1–3, 7 and 12, not sure to Q5 and Q9, safe otherwise.
fn full_state() -> State {
    let mut s = State::default();
    for q in catalog().questions_for(&s.profile, s.uses_ai) {
        let a = match q.number {
            1 | 2 | 3 | 7 | 12 => q.risky_answer,
            5 | 9 => Answer::Unsure,
            _ => q.risky_answer.flipped(),
        };
        s.answers.insert(q.id, a);
    }
    s
}
