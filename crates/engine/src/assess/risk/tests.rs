use super::*;
use crate::assess::answers::Answers;
use crate::assess::checklist::{answer_checklist, evaluate_rule};
use crate::assess::evidence::test_findings::{cors, secret};
use crate::finding::{Context, Verdict};
use crate::state::{Answer, State};

/// The score with no question flagged as failing a blocker gate.
fn score(catalog: &Catalog, answered: &[Answered], evidence: &Evidence) -> RiskScore {
    super::score(catalog, answered, evidence, &[])
}

/// Answers giving each question of `profile`'s checklist the given risk level.
fn answered(
    catalog: &Catalog,
    profile: &str,
    uses_ai: bool,
    risks: &[AnswerRisk],
) -> Vec<Answered> {
    let p = catalog.profile(profile).unwrap();
    let checklist = catalog.checklist(p, uses_ai);
    assert_eq!(checklist.len(), risks.len(), "{profile}");
    let mut state = State {
        profile: profile.into(),
        uses_ai,
        ..State::default()
    };
    for (q, r) in checklist.iter().zip(risks) {
        let a = match r {
            AnswerRisk::Unanswered => continue,
            AnswerRisk::Safe => q.risky_answer.flipped(),
            AnswerRisk::Unsure => Answer::Unsure,
            AnswerRisk::Risky => q.risky_answer,
        };
        state.answers.insert(q.id.clone(), a);
    }
    answer_checklist(&checklist, &Answers::of(catalog, &state))
}

fn all(n: usize, r: AnswerRisk) -> Vec<AnswerRisk> {
    vec![r; n]
}

#[test]
fn grade_cases_from_the_data_hold() {
    let catalog = Catalog::built_in();
    for (score, grade) in &catalog.weights().grade_cases {
        assert_eq!(catalog.grade_for(*score), grade, "score {score}");
    }
}

#[test]
fn owasp_overall_severity_table() {
    let c = Catalog::built_in();
    // (likelihood, impact) -> severity, from OWASP's overall risk severity table.
    let cases = [
        (1, 1, Severity::Info),
        (5, 1, Severity::Low),
        (9, 2, Severity::Medium),
        (2, 5, Severity::Low),
        (4, 4, Severity::Medium),
        (7, 4, Severity::High),
        (2, 9, Severity::Medium),
        (5, 8, Severity::High),
        (6, 9, Severity::Critical),
    ];
    for (l, i, want) in cases {
        assert_eq!(c.owasp_severity(l, i), want, "L{l} I{i}");
    }
}

#[test]
fn scores_by_hand() {
    let c = Catalog::built_in();
    let none = Evidence::default();
    // coach-founder's maximum: 56 + 36 + 54 + 20 + 54 + 30 + 40 + 35 + 30 + 28 = 383
    // likelihood × impact, i.e. 38,300 points at 100 %.
    let mut risks = all(10, AnswerRisk::Safe);
    let s = score(c, &answered(c, "coach-founder", false, &risks), &none);
    assert_eq!(
        (s.score, s.max_points, s.grade.as_deref().unwrap()),
        (0, 38_300, "A")
    );
    // Q3 tenant isolation risky: 6 × 9 = 54 → 5,400 / 38,300 = 14.1 % → 14.
    risks[2] = AnswerRisk::Risky;
    let s = score(c, &answered(c, "coach-founder", false, &risks), &none);
    assert_eq!(
        (s.score, s.points, s.grade.as_deref().unwrap()),
        (14, 5400, "B")
    );
    // Not sure scores 70 %: 3,780 / 38,300 = 9.87 → 10.
    risks[2] = AnswerRisk::Unsure;
    let s = score(c, &answered(c, "coach-founder", false, &risks), &none);
    assert_eq!((s.score, s.points), (10, 3780));
    // Data exposure holds Q3 (54), Q5 (54) and Q8 (35): 3,780 / 14,300 = 26.4 → 26.
    let de = &s.categories[&RiskCategory::DataExposure];
    assert_eq!((de.score, de.risks, de.questions), (Some(26), 1, 3));
    // Everything risky is 100; everything unsure is 70.
    let s = score(
        c,
        &answered(c, "coach-founder", false, &all(10, AnswerRisk::Risky)),
        &none,
    );
    assert_eq!((s.score, s.grade.as_deref().unwrap()), (100, "F"));
    let s = score(
        c,
        &answered(c, "coach-founder", false, &all(10, AnswerRisk::Unsure)),
        &none,
    );
    assert_eq!(s.score, 70);
    // `full`: 19 questions, 647 × 100 points. Secrets alone: 5,400 / 64,700 = 8.3 → 8;
    // with tenant isolation and open endpoints: 15,600 / 64,700 = 24.1 → 24.
    let mut risks = all(19, AnswerRisk::Safe);
    risks[0] = AnswerRisk::Risky;
    let s = score(c, &answered(c, "full", false, &risks), &none);
    assert_eq!((s.score, s.max_points), (8, 64_700));
    risks[1] = AnswerRisk::Risky;
    risks[2] = AnswerRisk::Risky;
    assert_eq!(
        score(c, &answered(c, "full", false, &risks), &none).score,
        24
    );
}

#[test]
fn coach_agency_has_no_revenue_question() {
    let c = Catalog::built_in();
    let s = score(
        c,
        &answered(c, "coach-agency", false, &all(10, AnswerRisk::Risky)),
        &Evidence::default(),
    );
    assert_eq!(s.categories[&RiskCategory::RevenueFlow].score, None);
    assert_eq!(s.categories[&RiskCategory::SupportBurden].score, Some(100));
}

#[test]
fn findings_raise_data_exposure_and_blockers_cap_the_grade() {
    let c = Catalog::built_in();
    let safe = answered(c, "coach-founder", false, &all(10, AnswerRisk::Safe));
    let e = Evidence::from_findings(&[secret(
        "stripe-secret-key",
        Verdict::Secret,
        Context::ClientBundle,
        Severity::Critical,
    )]);
    // A confirmed critical finding: 9 × 9 = 81 → 8,100 points added to both sides:
    // 8,100 / 46,400 = 17.5 → 17 overall; data exposure 8,100 / 22,400 = 36.2 → 36.
    let s = score(c, &safe, &e);
    assert_eq!(s.score, 17);
    assert_eq!(s.categories[&RiskCategory::DataExposure].score, Some(36));
    assert_eq!(
        (
            s.score_grade.as_str(),
            s.grade.as_deref().unwrap(),
            s.capped
        ),
        ("B", "F", true)
    );
    // It counts in the launch-blocker category too (the total counts it once).
    assert_eq!(s.categories[&RiskCategory::LaunchBlocker].risks, 1);
    assert!(s.categories[&RiskCategory::LaunchBlocker].score.unwrap() > 0);
    assert_eq!(
        s.level,
        Level::Critical,
        "the colour follows the capped grade"
    );
    assert_eq!(s.top_risks[0].source, RiskSource::Finding);
    assert!(s.top_risks[0].blocker);
    // A high CORS finding raises the score but does not cap the grade.
    let e = Evidence::from_findings(&[cors("cors-null-origin", Severity::High)]);
    let s = score(c, &safe, &e);
    assert_eq!((s.score, s.capped), (14, false)); // 6,300 / 44,600 = 14.1
}

#[test]
fn top_risks_are_ranked_by_points_and_cut_at_five() {
    let c = Catalog::built_in();
    let s = score(
        c,
        &answered(c, "coach-founder", false, &all(10, AnswerRisk::Risky)),
        &Evidence::default(),
    );
    let ids: Vec<&str> = s.top_risks.iter().map(|t| t.id.as_str()).collect();
    // 56 core flows, 54 tenant isolation, 54 secrets (impact tie, checklist order),
    // 40 staging, 36 input validation.
    assert_eq!(
        ids,
        [
            "core-flow-errors",
            "cross-tenant-access",
            "secrets-exposed",
            "env-separation",
            "input-validation"
        ]
    );
    assert!(s
        .top_risks
        .iter()
        .all(|t| !t.why.is_empty() && !t.fix.is_empty() && !t.sprint_items.is_empty()));
}

#[test]
fn open_questions_make_the_score_a_range_and_withhold_the_grade() {
    let c = Catalog::built_in();
    for p in c.profiles() {
        let n = p.questions.len();
        let open = score(
            c,
            &answered(c, &p.id, false, &all(n, AnswerRisk::Unanswered)),
            &Evidence::default(),
        );
        let safe = score(
            c,
            &answered(c, &p.id, false, &all(n, AnswerRisk::Safe)),
            &Evidence::default(),
        );
        let risky = score(
            c,
            &answered(c, &p.id, false, &all(n, AnswerRisk::Risky)),
            &Evidence::default(),
        );
        // Known risks: none. Every open question risky: the whole checklist.
        assert_eq!(
            (open.score, open.points),
            (safe.score, safe.points),
            "{}",
            p.id
        );
        assert_eq!(open.score_max, risky.score, "{}", p.id);
        assert_eq!((open.grade.as_deref(), open.level), (None, Level::Open));
        assert_eq!(open.grade_range, ("A".to_string(), "F".to_string()));
        assert_eq!(open.score_text(), "0–100");
        assert_eq!(open.open as usize, n);
        assert_eq!(safe.grade.as_deref(), Some("A"));
        assert_eq!(safe.score_max, safe.score);
    }
    // With one question open, the grade is stated once both ends agree.
    let mut risks = all(10, AnswerRisk::Risky);
    risks[9] = AnswerRisk::Unanswered; // coach-founder Q10, 4 × 7 = 28 of 383
    let s = score(
        c,
        &answered(c, "coach-founder", false, &risks),
        &Evidence::default(),
    );
    assert_eq!((s.score, s.score_max), (93, 100));
    assert_eq!(s.grade.as_deref(), Some("F"));
    assert_eq!(s.grade_text(), "Grade F");
}

#[test]
fn a_blocker_decides_the_grade_whatever_is_open() {
    let c = Catalog::built_in();
    let e = Evidence::from_findings(&[cors("cors-wildcard-credentials", Severity::Critical)]);
    let s = score(
        c,
        &answered(c, "coach-founder", false, &all(10, AnswerRisk::Unanswered)),
        &e,
    );
    assert_eq!(s.grade.as_deref(), Some("F"));
    assert!(s.capped);
    assert!(
        s.grade_text()
            .starts_with("Grade F (the score alone gives "),
        "{}",
        s.grade_text()
    );
}

const LEVELS: [AnswerRisk; 3] = [AnswerRisk::Safe, AnswerRisk::Unsure, AnswerRisk::Risky];

fn risks_of(mut index: usize, n: usize) -> Vec<AnswerRisk> {
    (0..n)
        .map(|_| {
            let r = LEVELS[index % 3];
            index /= 3;
            r
        })
        .collect()
}

/// Every combination of safe / not sure / risky for each seed checklist (3^10 =
/// 59,049 each): raising any one answer never lowers the score, a category score,
/// or the rule's count, and never turns a firing rule off. With and without a
/// finding.
#[test]
fn monotonic_over_every_answer_combination_of_each_seed() {
    let c = Catalog::built_in();
    let finding = Evidence::from_findings(&[cors("cors-reflected-origin", Severity::High)]);
    for p in c.profiles().iter().filter(|p| p.seed.is_some()) {
        let n = p.questions.len();
        let total = 3usize.pow(n as u32);
        let mut a = answered(c, &p.id, false, &all(n, AnswerRisk::Safe));
        for evidence in [Evidence::default(), finding.clone()] {
            // (score, data-exposure score, counted risks, fired) per combination.
            let results: Vec<(u32, u32, u32, bool)> = (0..total)
                .map(|i| {
                    for (q, r) in a.iter_mut().zip(risks_of(i, n)) {
                        q.risk = r;
                        q.answer = Some(match r {
                            AnswerRisk::Risky => q.question.risky_answer,
                            AnswerRisk::Unsure => Answer::Unsure,
                            _ => q.question.risky_answer.flipped(),
                        });
                    }
                    let s = score(c, &a, &evidence);
                    let r = evaluate_rule(p, &a, s.score, s.score_max);
                    let de = s.categories[&RiskCategory::DataExposure].score.unwrap_or(0);
                    (s.score, de, r.counted_risks, r.fired)
                })
                .collect();
            let mut edges = 0;
            for (i, lower) in results.iter().enumerate() {
                let mut place = 1;
                let mut rest = i;
                for _ in 0..n {
                    if rest % 3 < 2 {
                        let higher = &results[i + place];
                        assert!(
                            higher.0 >= lower.0 && higher.1 >= lower.1 && higher.2 >= lower.2,
                            "{}: raising an answer of combination {i} lowered {lower:?} to {higher:?}",
                            p.id
                        );
                        assert!(!lower.3 || higher.3, "{}: rule stopped firing", p.id);
                        edges += 1;
                    }
                    rest /= 3;
                    place *= 3;
                }
            }
            assert_eq!(edges, n * 2 * total / 3, "every raise was checked");
            assert_eq!(results[0].0 == 0, evidence.risks.is_empty());
            assert_eq!(results[total - 1].0, 100);
        }
    }
}

/// A small deterministic generator (splitmix64) so the random test is repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `full` with the AI add-on has 21 questions (3^21 combinations): random ones, each
/// with every possible single raise.
#[test]
fn monotonic_on_random_full_checklists() {
    let c = Catalog::built_in();
    let mut rng = Rng(0x5eed_0005);
    let n = c.checklist(c.profile("full").unwrap(), true).len();
    assert_eq!(n, 21);
    for _ in 0..1500 {
        let base: Vec<AnswerRisk> = (0..n).map(|_| LEVELS[rng.below(3)]).collect();
        let s0 = score(c, &answered(c, "full", true, &base), &Evidence::default()).score;
        for q in 0..n {
            let mut up = base.clone();
            up[q] = match up[q] {
                AnswerRisk::Safe => AnswerRisk::Unsure,
                _ => AnswerRisk::Risky,
            };
            let s1 = score(c, &answered(c, "full", true, &up), &Evidence::default()).score;
            assert!(
                s1 >= s0,
                "raising question {} of {base:?}: {s0} -> {s1}",
                q + 1
            );
        }
    }
}

#[test]
fn more_findings_never_lower_the_score() {
    let c = Catalog::built_in();
    let mut rng = Rng(42);
    let pool = [
        cors("cors-a", Severity::Low),
        cors("cors-b", Severity::Medium),
        cors("cors-c", Severity::Critical),
        secret(
            "key-a",
            Verdict::Secret,
            Context::SourceCode,
            Severity::High,
        ),
        secret(
            "key-b",
            Verdict::Secret,
            Context::ClientBundle,
            Severity::Critical,
        ),
        secret(
            "key-c",
            Verdict::Public,
            Context::ClientBundle,
            Severity::Info,
        ),
    ];
    for _ in 0..300 {
        let base: Vec<AnswerRisk> = (0..10).map(|_| LEVELS[rng.below(3)]).collect();
        let a = answered(c, "cursor-b2b", false, &base);
        let mut findings = Vec::new();
        let mut last = score(c, &a, &Evidence::default()).score;
        for _ in 0..4 {
            findings.push(pool[rng.below(pool.len())].clone());
            let now = score(c, &a, &Evidence::from_findings(&findings)).score;
            assert!(now >= last, "{findings:?}: {last} -> {now}");
            last = now;
        }
    }
}
