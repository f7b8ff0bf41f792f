//! Unknown is its own state: a verdict, a grade or a readiness result, once stated,
//! never changes when the open questions are answered, whichever way.
//!
//! For every profile, every combination of open checklist questions (every subset of
//! the checklist left unanswered, 2^10 for a seed's checklist and 2^19 for the full
//! one) is walked with the other questions answered in a few patterns, the situation
//! questions and the readiness gates in a few set-ups, and with and without a scan
//! blocker. Wherever [`Statement::of`] states something, each open question is then
//! answered yes, no and not sure in turn (for the seed checklists), or the open
//! questions all together the safe way, the risky way, "not sure" and two mixed ways
//! (for the full checklist, whose 2^19 subsets make single steps too many): what was
//! stated must still be stated, the same. Answering one open question at a time
//! reaches every complete set of answers, so for the seed checklists this is a proof
//! over every completion, not a sample. Separate walks do the same for the
//! situation questions and the readiness gates, and a last check makes sure the
//! pages' [`assess`] states exactly what [`Statement::of`] does.

use super::evidence::test_findings::cors;
use super::*;
use crate::catalog::assess::ChecklistQuestion;
use crate::state::Answer;

fn catalog() -> &'static Catalog {
    Catalog::built_in()
}

/// How the answered questions are answered: by question index.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    Safe,
    Risky,
    /// Safe, not sure and risky in turn, shifted by `n`.
    Mixed(usize),
}

impl Pattern {
    fn answer(self, q: &ChecklistQuestion, i: usize) -> Answer {
        let level = match self {
            Pattern::Safe => 0,
            Pattern::Risky => 2,
            Pattern::Mixed(n) => (i * 7 + n) % 3,
        };
        match level {
            0 => q.risky_answer.flipped(),
            1 => Answer::Unsure,
            _ => q.risky_answer,
        }
    }
}

/// The situation questions: (group id, its answer, a ticked condition).
type Screening = &'static [(&'static str, Answer, Option<&'static str>)];

const SCREENINGS: [Screening; 4] = [
    // None holds.
    &[
        ("stage", Answer::No, None),
        ("goal", Answer::No, None),
        ("limits", Answer::No, None),
    ],
    // Doing it yourself first (tight budget).
    &[
        ("stage", Answer::No, None),
        ("goal", Answer::No, None),
        ("limits", Answer::Yes, Some("budget-tight")),
    ],
    // Not a rescue case, the rest open.
    &[("stage", Answer::Yes, Some("idea-changing"))],
    // One group open.
    &[("goal", Answer::No, None), ("limits", Answer::No, None)],
];

/// The readiness gates: none answered, all in place with passing figures, or mixed.
#[derive(Debug, Clone, Copy)]
enum Gates {
    None,
    AllPass,
    Mixed,
}

fn base_state(profile: &str, uses_ai: bool, screening: Screening, gates: Gates) -> State {
    let mut s = State {
        profile: profile.into(),
        uses_ai,
        ..State::default()
    };
    for (group, answer, ticked) in screening {
        s.screening.insert(group.to_string(), *answer);
        if let Some(t) = ticked {
            s.screening.insert(t.to_string(), Answer::Yes);
        }
    }
    let answerable = catalog()
        .gates()
        .iter()
        .filter(|g| matches!(g.source, GateSource::Answers { .. }));
    match gates {
        Gates::None => {}
        Gates::AllPass | Gates::Mixed => {
            for (i, g) in answerable.enumerate() {
                let a = match (gates, i % 3) {
                    (Gates::Mixed, 1) => Answer::Unsure,
                    (Gates::Mixed, 2) => Answer::No,
                    _ => Answer::Yes,
                };
                s.gates.insert(g.id.clone(), a);
            }
            for f in Field::figures() {
                s.inputs.set(f, Some(1));
            }
            if let Gates::Mixed = gates {
                s.inputs.set(Field::CriticalApiP95, Some(5_000));
                s.inputs.set(Field::ErrorRate, None);
            }
        }
    }
    s
}

/// Fails with the state when `child` does not state what `parent` stated.
fn keeps(parent: &Stated, child: &Stated, what: &dyn Fn() -> String) {
    if parent.verdict != Decision::NotDecided {
        assert_eq!(parent.verdict, child.verdict, "verdict changed: {}", what());
    }
    if parent.grade.is_some() {
        assert_eq!(parent.grade, child.grade, "grade changed: {}", what());
    }
    if parent.readiness != Overall::NotAssessed {
        assert_eq!(
            parent.readiness,
            child.readiness,
            "readiness changed: {}",
            what()
        );
    }
}

fn stated_anything(s: &Stated) -> bool {
    s.verdict != Decision::NotDecided || s.grade.is_some() || s.readiness != Overall::NotAssessed
}

/// What the walks saw, to show they are not vacuous.
#[derive(Debug, Default)]
struct Seen {
    states: u64,
    verdicts: u64,
    grades: u64,
    readiness: u64,
    checks: u64,
}

/// One walk: a profile, the scan's findings, the situation questions, the gates, how
/// the answered questions are answered, and whether to check single steps (else the
/// whole fill at once, three ways).
struct Walk<'a> {
    profile: &'a str,
    uses_ai: bool,
    findings: &'a [Finding],
    screening: Screening,
    gates: Gates,
    pattern: Pattern,
    steps: bool,
}

/// Walks every subset of the checklist left open, in Gray-code order (one question
/// changes between two subsets), and checks every statement made.
fn walk(w: Walk, seen: &mut Seen) {
    let c = catalog();
    let questions = c.questions_for(w.profile, w.uses_ai);
    let n = questions.len();
    assert!(n <= 21);
    let statement = Statement::new(c, w.profile, w.uses_ai, w.findings);
    let mut s = base_state(w.profile, w.uses_ai, w.screening, w.gates);
    let answer = |i: usize| w.pattern.answer(&questions[i], i);
    for (i, q) in questions.iter().enumerate() {
        s.answers.insert(q.id.clone(), answer(i));
    }
    let mut open = 0u32;
    for step in 0u32..(1 << n) {
        if step > 0 {
            let bit = step.trailing_zeros() as usize;
            open ^= 1 << bit;
            let id = &questions[bit].id;
            if open & (1 << bit) != 0 {
                s.answers.remove(id);
            } else {
                s.answers.insert(id.clone(), answer(bit));
            }
        }
        let stated = statement.of(&s);
        seen.states += 1;
        if !stated_anything(&stated) {
            continue;
        }
        seen.verdicts += u64::from(stated.verdict != Decision::NotDecided);
        seen.grades += u64::from(stated.grade.is_some());
        seen.readiness += u64::from(stated.readiness != Overall::NotAssessed);
        let open_qs: Vec<&ChecklistQuestion> = questions
            .iter()
            .enumerate()
            .filter(|(i, _)| open & (1 << i) != 0)
            .map(|(_, q)| q)
            .collect();
        let what = |child: &State| {
            format!(
                "{} {:?} {:?} open {open:#b}: {:?} → {:?}",
                w.profile, w.pattern, w.gates, s.answers, child.answers
            )
        };
        if w.steps {
            for q in &open_qs {
                for a in Answer::ALL {
                    let mut child = s.clone();
                    child.answers.insert(q.id.clone(), a);
                    keeps(&stated, &statement.of(&child), &|| what(&child));
                    seen.checks += 1;
                }
            }
        } else {
            let fills: [&dyn Fn(&ChecklistQuestion) -> Answer; 3] =
                [&|q| q.risky_answer.flipped(), &|q| q.risky_answer, &|_| {
                    Answer::Unsure
                }];
            for fill in fills {
                let mut child = s.clone();
                for q in &open_qs {
                    child.answers.insert(q.id.clone(), fill(q));
                }
                keeps(&stated, &statement.of(&child), &|| what(&child));
                seen.checks += 1;
            }
        }
    }
}

#[test]
fn a_stated_verdict_grade_or_readiness_survives_every_answer_to_the_open_questions() {
    let mut seen = Seen::default();
    let seed = |profile, screening, pattern| Walk {
        profile,
        uses_ai: false,
        findings: &[],
        screening,
        gates: Gates::None,
        pattern,
        steps: true,
    };
    for p in catalog().profiles().iter().filter(|p| p.seed.is_some()) {
        for screening in [SCREENINGS[0], SCREENINGS[3]] {
            for pattern in [Pattern::Risky, Pattern::Mixed(0)] {
                walk(seed(&p.id, screening, pattern), &mut seen);
            }
        }
        walk(seed(&p.id, SCREENINGS[0], Pattern::Safe), &mut seen);
    }
    // With a launch blocker from the scan, the gates in place and doing it yourself
    // first; and a seed checklist with the AI questions (13 questions).
    let blocker = [cors("cors-wildcard-credentials", Severity::Critical)];
    walk(
        Walk {
            findings: &blocker,
            gates: Gates::AllPass,
            ..seed("b2b-agency", SCREENINGS[1], Pattern::Mixed(1))
        },
        &mut seen,
    );
    walk(
        Walk {
            uses_ai: true,
            gates: Gates::AllPass,
            ..seed("coach-founder", SCREENINGS[0], Pattern::Mixed(2))
        },
        &mut seen,
    );
    // The full checklist: 2^19 subsets, the whole fill at once.
    walk(
        Walk {
            steps: false,
            ..seed("full", SCREENINGS[0], Pattern::Mixed(0))
        },
        &mut seen,
    );
    // Not vacuous: each kind of statement was made, and checked, many times.
    assert!(
        seen.verdicts > 100_000 && seen.grades > 1_000 && seen.readiness > 10_000,
        "{seen:?}"
    );
    assert!(seen.checks > 500_000, "{seen:?}");
}

#[test]
fn a_stated_verdict_survives_every_answer_to_the_situation_questions() {
    let c = catalog();
    // Each group: open, "no", or "yes" with one of its conditions ticked.
    let options = |g: &crate::catalog::assess::ScreenGroup| -> Vec<Vec<(String, Answer)>> {
        let mut out = vec![vec![], vec![(g.id.clone(), Answer::No)]];
        for s in &g.screens {
            out.push(vec![(g.id.clone(), Answer::Yes), (s.clone(), Answer::Yes)]);
        }
        // "Yes" without saying which: still open.
        out.push(vec![(g.id.clone(), Answer::Yes)]);
        out
    };
    let groups = c.screen_groups();
    let all: Vec<Vec<Vec<(String, Answer)>>> = groups.iter().map(options).collect();
    let mut stated_count = 0;
    for profile in ["coach-founder", "b2b-agency", "full"] {
        let questions = c.questions_for(profile, false);
        let statement = Statement::new(c, profile, false, &[]);
        for pattern in [Pattern::Safe, Pattern::Risky, Pattern::Mixed(0)] {
            let mut base = State {
                profile: profile.into(),
                ..State::default()
            };
            for (i, q) in questions.iter().enumerate() {
                base.answers.insert(q.id.clone(), pattern.answer(q, i));
            }
            for a in &all[0] {
                for b in &all[1] {
                    for d in &all[2] {
                        let mut s = base.clone();
                        for (id, ans) in a.iter().chain(b).chain(d) {
                            s.screening.insert(id.clone(), *ans);
                        }
                        let stated = statement.of(&s);
                        if stated.verdict == Decision::NotDecided {
                            continue;
                        }
                        stated_count += 1;
                        // Answer each open group every way.
                        for (gi, g) in groups.iter().enumerate() {
                            let chosen = [a, b, d][gi];
                            let open = chosen.is_empty()
                                || chosen.len() == 1 && chosen[0].1 == Answer::Yes;
                            if !open {
                                continue;
                            }
                            for option in &all[gi][1..] {
                                let mut child = s.clone();
                                child
                                    .screening
                                    .retain(|k, _| k != &g.id && !g.screens.contains(k));
                                for (id, ans) in option {
                                    child.screening.insert(id.clone(), *ans);
                                }
                                keeps(&stated, &statement.of(&child), &|| {
                                    format!(
                                        "{profile} {pattern:?}: {:?} → {:?}",
                                        s.screening, child.screening
                                    )
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(stated_count > 100, "{stated_count}");
}

#[test]
fn a_stated_readiness_survives_every_answer_to_the_open_gates() {
    let c = catalog();
    let gates = c.gates();
    assert!(gates.len() <= 16);
    let mut stated_count = 0;
    for (profile, pattern) in [
        ("full", Pattern::Safe),
        ("coach-founder", Pattern::Mixed(1)),
    ] {
        let questions = c.questions_for(profile, false);
        let statement = Statement::new(c, profile, false, &[]);
        let mut base = base_state(profile, false, SCREENINGS[0], Gates::None);
        for (i, q) in questions.iter().enumerate() {
            base.answers.insert(q.id.clone(), pattern.answer(q, i));
        }
        // Given values: in place, and figures passing, except every third.
        let give = |s: &mut State, i: usize, g: &GateDef, how: usize| match &g.source {
            GateSource::Figure { figure, below } => s
                .inputs
                .set(*figure, Some(if how % 3 == 2 { *below } else { below / 2 })),
            GateSource::Answers { .. } => {
                let a = [Answer::Yes, Answer::Unsure, Answer::No][(how + i) % 3];
                s.gates.insert(g.id.clone(), a);
            }
        };
        for open in 0u32..(1 << gates.len()) {
            let mut s = base.clone();
            for (i, g) in gates.iter().enumerate() {
                if open & (1 << i) == 0 {
                    give(&mut s, i, g, i);
                }
            }
            let stated = statement.of(&s);
            if stated.readiness == Overall::NotAssessed {
                continue;
            }
            stated_count += 1;
            for (i, g) in gates.iter().enumerate() {
                if open & (1 << i) == 0 {
                    continue;
                }
                for how in 0..3 {
                    let mut child = s.clone();
                    give(&mut child, i, g, how);
                    keeps(&stated, &statement.of(&child), &|| {
                        format!("{profile} gates open {open:#b}, {} answered", g.id)
                    });
                }
            }
        }
    }
    assert!(stated_count > 1_000, "{stated_count}");
}

use crate::catalog::assess::{GateDef, GateSource};
use crate::catalog::fields::Field;

#[test]
fn the_pages_state_what_the_walk_checked() {
    // Every state of a small walk: assess() and Statement::of agree exactly.
    let c = catalog();
    let blocker = [cors("cors-wildcard-credentials", Severity::Critical)];
    for profile in ["coach-agency", "full"] {
        for findings in [&[][..], &blocker[..]] {
            let questions = c.questions_for(profile, false);
            let statement = Statement::new(c, profile, false, findings);
            for (k, screening) in SCREENINGS.iter().enumerate() {
                for gates in [Gates::None, Gates::AllPass, Gates::Mixed] {
                    for open in (0u32..(1 << questions.len())).step_by(if questions.len() > 12 {
                        4099
                    } else {
                        41
                    }) {
                        let mut s = base_state(profile, false, screening, gates);
                        for (i, q) in questions.iter().enumerate() {
                            if open & (1 << i) == 0 {
                                s.answers
                                    .insert(q.id.clone(), Pattern::Mixed(k).answer(q, i));
                            }
                        }
                        let a = assess(c, &s, findings);
                        let st = statement.of(&s);
                        assert_eq!(
                            (a.verdict, a.risk.grade.as_deref(), a.readiness.overall),
                            (st.verdict, st.grade, st.readiness),
                            "{profile} {open:#b}"
                        );
                        // Nothing stated is said as such.
                        if a.verdict == Decision::NotDecided {
                            assert!(a.possible.len() > 1);
                            assert!(!a.outlook.starts_with("Decided"), "{}", a.outlook);
                        } else {
                            assert_eq!(a.possible, [a.verdict]);
                        }
                    }
                }
            }
        }
    }
}
