//! Parsing and validating the assessment TOML. Every error names the file and the
//! entry, and says what is wrong, so a data edit that breaks something fails loudly
//! in `cargo test` with a message pointing at the line to fix.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::catalog::{
    Catalog, CatalogSources, DiyPlan, EstimateParams, FindingGate, GateCase, GateDef, GateSource,
    Profile, ProfileQuestion, Question, RiskCategory, Rule, RuleCase, Screen, ScreenOutcome,
    SeedQuestion, SprintItem, Weights,
};
use crate::engine::state::{Answer, AppSize, Field, DEFAULT_PROFILE};

/// Why catalog data was refused: which file, and what is wrong with which entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: &'static str,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CatalogError {}

type Result<T> = std::result::Result<T, CatalogError>;

fn err<T>(file: &'static str, message: impl Into<String>) -> Result<T> {
    Err(CatalogError {
        file,
        message: message.into(),
    })
}

fn ensure(cond: bool, file: &'static str, message: impl FnOnce() -> String) -> Result<()> {
    if cond {
        Ok(())
    } else {
        err(file, message())
    }
}

fn toml_parse<'de, T: Deserialize<'de>>(file: &'static str, text: &'de str) -> Result<T> {
    toml::from_str(text).map_err(|e| CatalogError {
        file,
        message: e.to_string().trim_end().to_string(),
    })
}

const QUESTIONS: &str = "questions.toml";
const PROFILES: &str = "profiles.toml";
const SCREENING: &str = "screening.toml";
const READINESS: &str = "readiness.toml";
const WEIGHTS: &str = "weights.toml";
const ESTIMATE: &str = "estimate.toml";

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn key_char(file: &'static str, what: &str, key: &str) -> Result<char> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Ok(c),
        _ => err(
            file,
            format!("{what}: key must be one letter or digit (got {key:?})"),
        ),
    }
}

fn yes_no(file: &'static str, what: &str, s: &str) -> Result<Answer> {
    match s {
        "yes" => Ok(Answer::Yes),
        "no" => Ok(Answer::No),
        _ => err(
            file,
            format!("{what}: risky_answer must be \"yes\" or \"no\" (got {s:?})"),
        ),
    }
}

fn unique<'a>(file: &'static str, kind: &str, items: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for id in items {
        if !seen.insert(id) {
            return err(file, format!("duplicate {kind} {id:?}"));
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ raw shapes

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsFile {
    sprint_item: Vec<RawSprintItem>,
    question: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSprintItem {
    id: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    key: String,
    text: String,
    risky_answer: String,
    category: String,
    sprint_items: Vec<String>,
    likelihood: u8,
    impact: u8,
    money: String,
    fix: String,
    diy_hours: u32,
    diy_miss_percent: u32,
    #[serde(default)]
    ai_add_on: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    profile: Vec<RawProfile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    id: String,
    code: String,
    seed: Option<u8>,
    founder: String,
    description: String,
    rule: RawRule,
    rule_text: String,
    diy_intro: String,
    diy_plan: Vec<String>,
    diy_note: String,
    #[serde(default)]
    question: Vec<RawProfileQuestion>,
    #[serde(default)]
    case: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    at_least: Option<u32>,
    among: Option<[u32; 2]>,
    score_at_least: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfileQuestion {
    id: String,
    text: String,
    risky_answer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    #[serde(default)]
    risky: Vec<u32>,
    #[serde(default)]
    unsure: Vec<u32>,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreeningFile {
    screen: Vec<RawScreen>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreen {
    id: String,
    key: String,
    text: String,
    seeds: Vec<u8>,
    outcome: String,
    instead: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadinessFile {
    gate: Vec<RawGate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGate {
    id: String,
    key: String,
    label: String,
    target: String,
    #[serde(default)]
    blocker: bool,
    #[serde(default)]
    questions: Vec<String>,
    findings: Option<String>,
    figure: Option<String>,
    below: Option<u32>,
    #[serde(default)]
    cases: Vec<RawGateCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGateCase {
    risk: Option<String>,
    value: Option<u32>,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    answers: RawAnswerWeights,
    levels: RawLevels,
    findings: RawFindingWeights,
    grade: Vec<RawGrade>,
    grading: RawGrading,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswerWeights {
    risky_percent: u32,
    unsure_percent: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    low_below: u8,
    medium_below: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFindingWeights {
    likelihood: u8,
    impact_critical: u8,
    impact_high: u8,
    impact_medium: u8,
    impact_low: u8,
    impact_info: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: String,
    max_score: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrading {
    blocker_cap: String,
    top_risks: usize,
    #[serde(default)]
    cases: Vec<RawGradeCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGradeCase {
    score: u32,
    grade: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncident {
    max_monthly_permille: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateFile {
    defaults: RawDefaults,
    sprint: RawSprint,
    drivers: RawDrivers,
    diy: RawDiy,
    incident: RawIncident,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    hourly_value: u32,
    roles: u32,
    integrations: u32,
    app_size: String,
    support_hours_per_week: u32,
    refunds_per_month: u32,
    leads_lost_per_month: u32,
    lead_value: u32,
    ad_spend_per_month: u32,
    broken_flow_percent: u32,
    incident_cost: u32,
    has_tests: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSprint {
    base_half_days: u32,
    max_half_days: u32,
    spread_half_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDrivers {
    serious_per_half_day: u32,
    serious_max_half_days: u32,
    roles_step1: u32,
    roles_step2: u32,
    integrations_step1: u32,
    integrations_step2: u32,
    ai_features_half_days: u32,
    no_staging_half_days: u32,
    no_tests_half_days: u32,
    app_medium_half_days: u32,
    app_large_half_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiy {
    secret_hours: u32,
    secret_miss_percent: u32,
    cors_hours: u32,
    cors_miss_percent: u32,
}

// ------------------------------------------------------------------ loading

pub(super) fn parse(src: CatalogSources<'_>) -> Result<Catalog> {
    let (sprint_items, mut questions) = load_questions(src.questions)?;
    let profiles = load_profiles(src.profiles, &mut questions)?;
    let seeds: BTreeSet<u8> = profiles.iter().filter_map(|p| p.seed).collect();
    let screening = load_screening(src.screening, &seeds)?;
    let gates = load_gates(src.readiness, &questions)?;
    let weights = load_weights(src.weights)?;
    let estimate = load_estimate(src.estimate)?;
    Ok(Catalog {
        questions,
        profiles,
        screening,
        gates,
        sprint_items,
        weights,
        estimate,
    })
}

fn load_questions(text: &str) -> Result<(Vec<SprintItem>, Vec<Question>)> {
    let f = QUESTIONS;
    let raw: QuestionsFile = toml_parse(f, text)?;
    unique(
        f,
        "sprint item",
        raw.sprint_item.iter().map(|s| s.id.as_str()),
    )?;
    let mut items = Vec::new();
    for s in raw.sprint_item {
        ensure(is_kebab(&s.id), f, || {
            format!("sprint item {:?}: id must be kebab-case", s.id)
        })?;
        ensure(!s.label.trim().is_empty(), f, || {
            format!("sprint item {:?}: empty label", s.id)
        })?;
        items.push(SprintItem {
            id: s.id,
            label: s.label,
        });
    }
    ensure(!raw.question.is_empty(), f, || "no [[question]]".into())?;
    unique(f, "question id", raw.question.iter().map(|q| q.id.as_str()))?;
    unique(
        f,
        "question key",
        raw.question.iter().map(|q| q.key.as_str()),
    )?;
    let mut out = Vec::new();
    for q in raw.question {
        let what = format!("question {:?}", q.id);
        ensure(is_kebab(&q.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let key = key_char(f, &what, &q.key)?;
        let risky_answer = yes_no(f, &what, &q.risky_answer)?;
        let category = RiskCategory::parse(&q.category).ok_or_else(|| CatalogError {
            file: f,
            message: format!("{what}: unknown category {:?}", q.category),
        })?;
        ensure(!q.sprint_items.is_empty(), f, || {
            format!("{what}: needs at least one sprint item")
        })?;
        for s in &q.sprint_items {
            ensure(items.iter().any(|i| &i.id == s), f, || {
                format!("{what}: unknown sprint item {s:?}")
            })?;
        }
        for (name, v) in [("likelihood", q.likelihood), ("impact", q.impact)] {
            ensure((1..=9).contains(&v), f, || {
                format!("{what}: {name} must be 1..=9 (got {v})")
            })?;
        }
        ensure(q.diy_miss_percent <= 95, f, || {
            format!("{what}: diy_miss_percent must be 0..=95")
        })?;
        ensure(q.diy_hours <= 200, f, || {
            format!("{what}: diy_hours must be 0..=200")
        })?;
        for (name, v) in [("text", &q.text), ("money", &q.money), ("fix", &q.fix)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(Question {
            id: q.id,
            key,
            text: q.text,
            risky_answer,
            category,
            sprint_items: q.sprint_items,
            likelihood: q.likelihood,
            impact: q.impact,
            money: q.money,
            fix: q.fix,
            diy_hours: q.diy_hours,
            diy_miss_percent: q.diy_miss_percent,
            ai_add_on: q.ai_add_on,
            asked_by: Vec::new(),
        });
    }
    Ok((items, out))
}

fn load_profiles(text: &str, questions: &mut [Question]) -> Result<Vec<Profile>> {
    let f = PROFILES;
    let raw: ProfilesFile = toml_parse(f, text)?;
    unique(f, "profile id", raw.profile.iter().map(|p| p.id.as_str()))?;
    unique(
        f,
        "profile code",
        raw.profile.iter().map(|p| p.code.as_str()),
    )?;
    let mut seeds = BTreeSet::new();
    let mut out = Vec::new();
    for p in raw.profile {
        let what = format!("profile {:?}", p.id);
        ensure(is_kebab(&p.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let code = key_char(f, &what, &p.code)?;
        let is_full = p.id == DEFAULT_PROFILE;
        match (p.seed, is_full) {
            (Some(_), true) => return err(f, format!("{what}: `full` has no seed")),
            (None, false) => return err(f, format!("{what}: needs a seed number")),
            (Some(s), false) => ensure(seeds.insert(s), f, || {
                format!("{what}: seed {s} is used twice")
            })?,
            (None, true) => {}
        }
        ensure(is_full == p.question.is_empty(), f, || {
            if is_full {
                format!("{what}: `full` asks every canonical question; list none")
            } else {
                format!("{what}: needs its seed's [[profile.question]] entries")
            }
        })?;
        let mut pqs = Vec::new();
        unique(
            f,
            &format!("question in {what}"),
            p.question.iter().map(|q| q.id.as_str()),
        )?;
        for (i, q) in p.question.into_iter().enumerate() {
            let number = i as u32 + 1;
            let qwhat = format!("{what} question {number}");
            let risky_answer = yes_no(f, &qwhat, &q.risky_answer)?;
            ensure(!q.text.trim().is_empty(), f, || {
                format!("{qwhat}: empty text")
            })?;
            let Some(canon) = questions.iter_mut().find(|c| c.id == q.id) else {
                return err(f, format!("{qwhat}: unknown question id {:?}", q.id));
            };
            canon.asked_by.push(SeedQuestion {
                seed: p.seed.unwrap_or_default(),
                profile: p.id.clone(),
                number,
            });
            pqs.push(ProfileQuestion {
                id: q.id,
                text: q.text,
                risky_answer,
            });
        }
        let rule = load_rule(&what, &p.rule, pqs.len() as u32, is_full)?;
        ensure(!p.diy_plan.is_empty(), f, || {
            format!("{what}: empty diy_plan")
        })?;
        for (name, v) in [
            ("founder", &p.founder),
            ("description", &p.description),
            ("rule_text", &p.rule_text),
        ] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        let mut cases = Vec::new();
        for c in p.case {
            ensure(c.expect == "sprint" || c.expect == "diy", f, || {
                format!(
                    "{what}: case expect must be \"sprint\" or \"diy\" (got {:?})",
                    c.expect
                )
            })?;
            cases.push(RuleCase {
                risky: c.risky,
                unsure: c.unsure,
                expect: c.expect,
            });
        }
        out.push(Profile {
            id: p.id,
            code,
            seed: p.seed,
            founder: p.founder,
            description: p.description,
            rule,
            rule_text: p.rule_text,
            diy: DiyPlan {
                intro: p.diy_intro,
                steps: p.diy_plan,
                note: p.diy_note,
            },
            questions: pqs,
            cases,
        });
    }
    ensure(out.iter().any(|p| p.id == DEFAULT_PROFILE), f, || {
        format!("missing the {DEFAULT_PROFILE:?} profile")
    })?;
    // Every question is asked by a seed, or is an AI add-on.
    for q in questions.iter() {
        ensure(!q.asked_by.is_empty() || q.ai_add_on, QUESTIONS, || {
            format!(
                "question {:?} is asked by no seed and is not an ai_add_on",
                q.id
            )
        })?;
    }
    // `full` asks every question a seed asks, in canonical order and wording.
    let full_questions: Vec<ProfileQuestion> = questions
        .iter()
        .filter(|q| !q.asked_by.is_empty())
        .map(|q| ProfileQuestion {
            id: q.id.clone(),
            text: q.text.clone(),
            risky_answer: q.risky_answer,
        })
        .collect();
    for p in out.iter_mut().filter(|p| p.id == DEFAULT_PROFILE) {
        p.questions = full_questions.clone();
    }
    for p in &out {
        let n = p.questions.len() as u32;
        for c in &p.cases {
            for &num in c.risky.iter().chain(&c.unsure) {
                ensure((1..=n).contains(&num), f, || {
                    format!(
                        "profile {:?}: case names question {num}, which it does not have",
                        p.id
                    )
                })?;
            }
        }
        // Scan findings land in data exposure: every checklist must have that category.
        ensure(
            p.questions.iter().any(|pq| {
                questions
                    .iter()
                    .any(|q| q.id == pq.id && q.category == RiskCategory::DataExposure)
            }),
            f,
            || format!("profile {:?} asks no data-exposure question", p.id),
        )?;
    }
    Ok(out)
}

fn load_rule(what: &str, r: &RawRule, questions: u32, is_full: bool) -> Result<Rule> {
    let f = PROFILES;
    match (r.at_least, r.score_at_least) {
        (Some(count), None) => {
            let [first, last] = r.among.unwrap_or([1, questions.max(1)]);
            ensure(!is_full, f, || {
                format!("{what}: `full` uses score_at_least")
            })?;
            ensure(1 <= first && first <= last && last <= questions, f, || {
                format!("{what}: rule among [{first}, {last}] is outside questions 1..={questions}")
            })?;
            ensure(1 <= count && count <= last - first + 1, f, || {
                format!("{what}: rule at_least {count} can never or always fire")
            })?;
            Ok(Rule::AtLeast { count, first, last })
        }
        (None, Some(score)) => {
            ensure(r.among.is_none(), f, || {
                format!("{what}: among needs at_least")
            })?;
            ensure((1..=100).contains(&score), f, || {
                format!("{what}: score_at_least must be 1..=100")
            })?;
            Ok(Rule::ScoreAtLeast { score })
        }
        _ => err(
            f,
            format!("{what}: rule needs exactly one of at_least or score_at_least"),
        ),
    }
}

fn load_screening(text: &str, seeds: &BTreeSet<u8>) -> Result<Vec<Screen>> {
    let f = SCREENING;
    let raw: ScreeningFile = toml_parse(f, text)?;
    unique(f, "screening id", raw.screen.iter().map(|s| s.id.as_str()))?;
    unique(
        f,
        "screening key",
        raw.screen.iter().map(|s| s.key.as_str()),
    )?;
    let mut out = Vec::new();
    for s in raw.screen {
        let what = format!("screen {:?}", s.id);
        ensure(is_kebab(&s.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let key = key_char(f, &what, &s.key)?;
        let outcome = match s.outcome.as_str() {
            "not-a-rescue-case" => ScreenOutcome::NotARescueCase,
            "diy" => ScreenOutcome::Diy,
            other => return err(f, format!("{what}: unknown outcome {other:?}")),
        };
        ensure(!s.seeds.is_empty(), f, || {
            format!("{what}: name the seeds that ask it")
        })?;
        for seed in &s.seeds {
            ensure(seeds.contains(seed), f, || {
                format!("{what}: unknown seed {seed}")
            })?;
        }
        for (name, v) in [("text", &s.text), ("instead", &s.instead)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(Screen {
            id: s.id,
            key,
            text: s.text,
            seeds: s.seeds,
            outcome,
            instead: s.instead,
        });
    }
    Ok(out)
}

fn load_gates(text: &str, questions: &[Question]) -> Result<Vec<GateDef>> {
    let f = READINESS;
    let raw: ReadinessFile = toml_parse(f, text)?;
    unique(f, "gate id", raw.gate.iter().map(|g| g.id.as_str()))?;
    unique(f, "gate key", raw.gate.iter().map(|g| g.key.as_str()))?;
    let mut out = Vec::new();
    for g in raw.gate {
        let what = format!("gate {:?}", g.id);
        ensure(is_kebab(&g.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let key = key_char(f, &what, &g.key)?;
        let source = match (&g.figure, g.below) {
            (Some(fig), Some(below)) => {
                ensure(g.questions.is_empty() && g.findings.is_none(), f, || {
                    format!("{what}: a figure gate takes no questions or findings")
                })?;
                let figure = Field::from_id(fig)
                    .filter(|fld| Field::FIGURES.contains(fld))
                    .ok_or_else(|| CatalogError {
                        file: f,
                        message: format!("{what}: unknown figure {fig:?}"),
                    })?;
                ensure(below > 0, f, || format!("{what}: below must be positive"))?;
                GateSource::Figure { figure, below }
            }
            (None, None) => {
                for q in &g.questions {
                    ensure(questions.iter().any(|c| &c.id == q), f, || {
                        format!("{what}: unknown question {q:?}")
                    })?;
                }
                let findings = match g.findings.as_deref() {
                    None => None,
                    Some("live-secret") => Some(FindingGate::LiveSecret),
                    Some("cors") => Some(FindingGate::Cors),
                    Some(other) => return err(f, format!("{what}: unknown findings {other:?}")),
                };
                GateSource::Answers {
                    questions: g.questions.clone(),
                    findings,
                }
            }
            _ => return err(f, format!("{what}: figure and below go together")),
        };
        let mut cases = Vec::new();
        for c in g.cases {
            ensure(
                ["pass", "fail", "unknown"].contains(&c.expect.as_str()),
                f,
                || format!("{what}: case expect must be pass, fail or unknown"),
            )?;
            if let Some(r) = &c.risk {
                ensure(
                    ["risky", "safe", "unsure", "unanswered"].contains(&r.as_str()),
                    f,
                    || format!("{what}: case risk must be risky, safe, unsure or unanswered"),
                )?;
            }
            cases.push(GateCase {
                risk: c.risk,
                value: c.value,
                expect: c.expect,
            });
        }
        for (name, v) in [("label", &g.label), ("target", &g.target)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(GateDef {
            id: g.id,
            key,
            label: g.label,
            target: g.target,
            blocker: g.blocker,
            source,
            cases,
        });
    }
    Ok(out)
}

fn load_weights(text: &str) -> Result<Weights> {
    let f = WEIGHTS;
    let raw: WeightsFile = toml_parse(f, text)?;
    let a = &raw.answers;
    // The score must never fall when an answer gets riskier: unsure <= risky.
    ensure(a.risky_percent > 0 && a.risky_percent <= 100, f, || {
        "answers.risky_percent must be 1..=100".into()
    })?;
    ensure(a.unsure_percent <= a.risky_percent, f, || {
        "answers.unsure_percent must not exceed risky_percent".into()
    })?;
    let l = &raw.levels;
    ensure(
        1 <= l.low_below && l.low_below < l.medium_below && l.medium_below <= 9,
        f,
        || "levels: need 1 <= low_below < medium_below <= 9".into(),
    )?;
    let fw = &raw.findings;
    let impacts = [
        fw.impact_info,
        fw.impact_low,
        fw.impact_medium,
        fw.impact_high,
        fw.impact_critical,
    ];
    ensure(
        impacts.windows(2).all(|w| w[0] <= w[1]) && impacts[4] <= 9,
        f,
        || "findings: impacts must rise with severity and stay within 0..=9".into(),
    )?;
    ensure((1..=9).contains(&fw.likelihood), f, || {
        "findings.likelihood must be 1..=9".into()
    })?;
    ensure(!raw.grade.is_empty(), f, || "no [[grade]] bands".into())?;
    unique(f, "grade", raw.grade.iter().map(|g| g.grade.as_str()))?;
    ensure(
        raw.grade
            .windows(2)
            .all(|w| w[0].max_score < w[1].max_score),
        f,
        || "grade bands must be in rising max_score order".into(),
    )?;
    ensure(
        raw.grade.last().is_some_and(|g| g.max_score == 100),
        f,
        || "the last grade band must end at max_score = 100".into(),
    )?;
    let grades: Vec<(String, u32)> = raw
        .grade
        .into_iter()
        .map(|g| (g.grade, g.max_score))
        .collect();
    let cap = raw.grading.blocker_cap;
    ensure(grades.iter().any(|(g, _)| *g == cap), f, || {
        format!("grading.blocker_cap {cap:?} is not a grade")
    })?;
    ensure((1..=20).contains(&raw.grading.top_risks), f, || {
        "grading.top_risks must be 1..=20".into()
    })?;
    let mut grade_cases = Vec::new();
    for c in raw.grading.cases {
        ensure(
            c.score <= 100 && grades.iter().any(|(g, _)| *g == c.grade),
            f,
            || {
                format!(
                    "grading case {} -> {:?} names no grade or a score past 100",
                    c.score, c.grade
                )
            },
        )?;
        grade_cases.push((c.score, c.grade));
    }
    Ok(Weights {
        risky_percent: a.risky_percent,
        unsure_percent: a.unsure_percent,
        level_low_below: l.low_below,
        level_medium_below: l.medium_below,
        finding_likelihood: fw.likelihood,
        finding_impact: impacts,
        grades,
        blocker_cap: cap,
        top_risks: raw.grading.top_risks,
        grade_cases,
    })
}

fn load_estimate(text: &str) -> Result<EstimateParams> {
    let f = ESTIMATE;
    let raw: EstimateFile = toml_parse(f, text)?;
    let d = &raw.defaults;
    for (field, v) in [
        (Field::HourlyValue, d.hourly_value),
        (Field::Roles, d.roles),
        (Field::Integrations, d.integrations),
        (Field::SupportHoursPerWeek, d.support_hours_per_week),
        (Field::RefundsPerMonth, d.refunds_per_month),
        (Field::LeadsLostPerMonth, d.leads_lost_per_month),
        (Field::LeadValue, d.lead_value),
        (Field::AdSpendPerMonth, d.ad_spend_per_month),
        (Field::BrokenFlowPercent, d.broken_flow_percent),
        (Field::IncidentCost, d.incident_cost),
    ] {
        field.check(v).map_err(|e| CatalogError {
            file: f,
            message: format!("defaults.{}: {}", field.json_key(), e.message),
        })?;
    }
    let app_size = AppSize::parse(&d.app_size).ok_or_else(|| CatalogError {
        file: f,
        message: format!(
            "defaults.app_size must be small, medium or large (got {:?})",
            d.app_size
        ),
    })?;
    let s = &raw.sprint;
    ensure(
        1 <= s.base_half_days && s.base_half_days <= s.max_half_days,
        f,
        || "sprint: need 1 <= base_half_days <= max_half_days".into(),
    )?;
    ensure(s.max_half_days <= 60 && s.spread_half_days <= 10, f, || {
        "sprint: max_half_days <= 60 and spread_half_days <= 10".into()
    })?;
    let r = &raw.drivers;
    ensure(r.serious_per_half_day >= 1, f, || {
        "drivers.serious_per_half_day must be >= 1".into()
    })?;
    ensure(
        r.roles_step1 <= r.roles_step2 && r.integrations_step1 <= r.integrations_step2,
        f,
        || "drivers: step1 must not exceed step2".into(),
    )?;
    ensure(raw.incident.max_monthly_permille <= 1000, f, || {
        "incident.max_monthly_permille must be 0..=1000".into()
    })?;
    let x = &raw.diy;
    ensure(
        x.secret_miss_percent <= 95 && x.cors_miss_percent <= 95,
        f,
        || "diy: miss percents must be 0..=95".into(),
    )?;
    Ok(EstimateParams {
        hourly_value: d.hourly_value,
        roles: d.roles,
        integrations: d.integrations,
        app_size,
        support_hours_per_week: d.support_hours_per_week,
        refunds_per_month: d.refunds_per_month,
        leads_lost_per_month: d.leads_lost_per_month,
        lead_value: d.lead_value,
        ad_spend_per_month: d.ad_spend_per_month,
        broken_flow_percent: d.broken_flow_percent,
        incident_cost: d.incident_cost,
        has_tests: d.has_tests,
        incident_max_monthly_permille: raw.incident.max_monthly_permille,
        base_half_days: s.base_half_days,
        max_half_days: s.max_half_days,
        spread_half_days: s.spread_half_days,
        serious_per_half_day: r.serious_per_half_day,
        serious_max_half_days: r.serious_max_half_days,
        roles_step1: r.roles_step1,
        roles_step2: r.roles_step2,
        integrations_step1: r.integrations_step1,
        integrations_step2: r.integrations_step2,
        ai_features_half_days: r.ai_features_half_days,
        no_staging_half_days: r.no_staging_half_days,
        no_tests_half_days: r.no_tests_half_days,
        app_medium_half_days: r.app_medium_half_days,
        app_large_half_days: r.app_large_half_days,
        secret_hours: x.secret_hours,
        secret_miss_percent: x.secret_miss_percent,
        cors_hours: x.cors_hours,
        cors_miss_percent: x.cors_miss_percent,
    })
}

#[cfg(test)]
mod tests {
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
             "estimate.toml: defaults.app_size must be small, medium or large (got \"huge\")"),
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
}
