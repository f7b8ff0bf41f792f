//! The assessment catalog: questions, profiles, screening, readiness gates, weights
//! and estimate parameters, written in TOML under `crates/engine/rules/assess/`, parsed
//! once from the JSON `build.rs` makes of it, and validated (see `load/mod.rs`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

mod answer;
mod load;

use crate::catalog::fields::Field;
use crate::finding::Severity;
pub use answer::{Answer, DEFAULT_PROFILE};

pub use load::CatalogError;

/// The five risk categories (seed 000, Day 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskCategory {
    DataExposure,
    RevenueFlow,
    PerformanceBottleneck,
    LaunchBlocker,
    SupportBurden,
}

impl RiskCategory {
    pub const ALL: [RiskCategory; 5] = [
        RiskCategory::DataExposure,
        RiskCategory::RevenueFlow,
        RiskCategory::PerformanceBottleneck,
        RiskCategory::LaunchBlocker,
        RiskCategory::SupportBurden,
    ];

    /// The kebab-case id used in data and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskCategory::DataExposure => "data-exposure",
            RiskCategory::RevenueFlow => "revenue-flow",
            RiskCategory::PerformanceBottleneck => "performance-bottleneck",
            RiskCategory::LaunchBlocker => "launch-blocker",
            RiskCategory::SupportBurden => "support-burden",
        }
    }

    /// What a founder reads.
    pub fn label(self) -> &'static str {
        match self {
            RiskCategory::DataExposure => "Data exposure",
            RiskCategory::RevenueFlow => "Revenue flow",
            RiskCategory::PerformanceBottleneck => "Performance bottleneck",
            RiskCategory::LaunchBlocker => "Launch blocker",
            RiskCategory::SupportBurden => "Support burden",
        }
    }

    pub fn parse(s: &str) -> Option<RiskCategory> {
        RiskCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A sprint deliverable that fixes one or more risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SprintItem {
    pub id: String,
    pub label: String,
}

/// One canonical question (the `full` checklist's wording).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: String,
    /// Stable one-character code used by the URL fragment.
    #[serde(skip)]
    pub key: char,
    pub text: String,
    pub risky_answer: Answer,
    pub category: RiskCategory,
    pub sprint_items: Vec<String>,
    /// OWASP-style likelihood, 1..=9.
    pub likelihood: u8,
    /// OWASP-style impact, 1..=9.
    pub impact: u8,
    /// Why it matters, in money terms.
    pub money: String,
    pub fix: String,
    pub diy_hours: u32,
    pub diy_miss_percent: u32,
    /// Asked on top of a seed checklist when the app uses AI features.
    pub ai_add_on: bool,
    /// Which seed checklists ask it, and as which question.
    pub asked_by: Vec<SeedQuestion>,
}

/// Where a seed asks a canonical question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedQuestion {
    pub seed: u8,
    pub profile: String,
    /// 1-based number in that seed's checklist.
    pub number: u32,
}

/// A profile's decision rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Rule {
    /// `count` or more risky answers among questions `first..=last` → sprint.
    AtLeast { count: u32, first: u32, last: u32 },
    /// Risk score of `score` or more → sprint.
    ScoreAtLeast { score: u32 },
}

/// A seed's DIY alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiyPlan {
    pub intro: String,
    pub steps: Vec<String>,
    pub note: String,
}

/// One question as a profile asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileQuestion {
    /// The canonical question id.
    pub id: String,
    pub text: String,
    pub risky_answer: Answer,
}

/// A founder profile: one seed's checklist, rule and DIY plan (or `full`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub id: String,
    #[serde(skip)]
    pub code: char,
    /// Seed playbook number (0..=4); `None` for `full`.
    pub seed: Option<u8>,
    pub founder: String,
    /// One line a founder recognises themselves in.
    pub description: String,
    pub rule: Rule,
    /// The seed's own rule, in words.
    pub rule_text: String,
    pub diy: DiyPlan,
    /// The ten seed questions in order (for `full`: every canonical question asked by
    /// a seed, in canonical order).
    pub questions: Vec<ProfileQuestion>,
    #[serde(skip)]
    pub(crate) cases: Vec<RuleCase>,
}

/// A test case carried by a profile's data (`[[profile.case]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleCase {
    pub risky: Vec<u32>,
    pub unsure: Vec<u32>,
    pub expect: String,
}

/// What a screening "yes" leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScreenOutcome {
    NotARescueCase,
    Diy,
}

/// A "when you should not buy this" condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Screen {
    pub id: String,
    #[serde(skip)]
    pub key: char,
    /// The group whose question asks it.
    pub group: String,
    /// The condition, as a statement ticked when true.
    pub text: String,
    pub seeds: Vec<u8>,
    pub outcome: ScreenOutcome,
    /// What to do instead.
    pub instead: String,
}

/// One plain question covering a few screening conditions: "no" answers all of them,
/// "yes" asks which apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreenGroup {
    pub id: String,
    #[serde(skip)]
    pub key: char,
    pub text: String,
    /// The ids of the conditions it covers, in data order.
    pub screens: Vec<String>,
}

/// Where a readiness gate gets its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum GateSource {
    /// Direct answers, linked checklist questions and scan findings.
    Answers {
        questions: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        findings: Option<FindingGate>,
    },
    /// The founder's figure, which must be strictly below `below`.
    Figure { figure: Field, below: u32 },
}

/// Which scan findings fail a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingGate {
    /// A live secret anywhere but a server env file.
    LiveSecret,
    /// A CORS finding of high or critical severity.
    Cors,
}

/// A launch-readiness gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateDef {
    pub id: String,
    #[serde(skip)]
    pub key: char,
    pub label: String,
    pub target: String,
    pub blocker: bool,
    pub source: GateSource,
    #[serde(skip)]
    pub(crate) cases: Vec<GateCase>,
}

/// A test case carried by a gate's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GateCase {
    pub risk: Option<String>,
    pub value: Option<u32>,
    pub expect: String,
}

/// The risk-score weights (`weights.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    pub risky_percent: u32,
    pub unsure_percent: u32,
    pub level_low_below: u8,
    pub level_medium_below: u8,
    pub finding_likelihood: u8,
    /// Impact of a finding by severity, indexed by `Severity as usize` (info first).
    pub finding_impact: [u8; 5],
    /// Grade bands, best first: (grade, highest score in the band).
    pub grades: Vec<(String, u32)>,
    pub blocker_cap: String,
    pub top_risks: usize,
    pub(crate) grade_cases: Vec<(u32, String)>,
}

impl Weights {
    /// The impact a finding of this severity scores.
    pub fn finding_impact(&self, severity: Severity) -> u8 {
        self.finding_impact[severity as usize]
    }
}

/// Defaults and driver sizes for the estimate (`estimate.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateParams {
    /// The value assumed for each estimate field the founder leaves empty (all but
    /// the day rate, whose default is the operator's).
    pub defaults: BTreeMap<Field, u32>,
    /// Monthly data-exposure incident chance, per mille, at a category score of 100.
    pub incident_max_monthly_permille: u32,
    pub base_half_days: u32,
    pub max_half_days: u32,
    pub spread_half_days: u32,
    pub serious_per_half_day: u32,
    pub serious_max_half_days: u32,
    pub roles_step1: u32,
    pub roles_step2: u32,
    pub integrations_step1: u32,
    pub integrations_step2: u32,
    pub ai_features_half_days: u32,
    pub no_staging_half_days: u32,
    pub no_tests_half_days: u32,
    pub app_medium_half_days: u32,
    pub app_large_half_days: u32,
    pub secret_hours: u32,
    pub secret_miss_percent: u32,
    pub cors_hours: u32,
    pub cors_miss_percent: u32,
    pub access_hours: u32,
    pub access_miss_percent: u32,
}

impl EstimateParams {
    /// The default of an estimate field (0 for one without: the day rate comes from
    /// the operator config).
    pub fn default(&self, field: Field) -> u32 {
        self.defaults.get(&field).copied().unwrap_or(0)
    }
}

/// A question as one checklist asks it, with everything the UI shows beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistQuestion {
    pub id: String,
    /// 1-based position in this checklist (seed numbering; add-ons follow).
    pub number: u32,
    pub text: String,
    pub risky_answer: Answer,
    pub category: RiskCategory,
    pub sprint_items: Vec<String>,
    pub money: String,
    pub fix: String,
    pub likelihood: u8,
    pub impact: u8,
    /// OWASP severity from likelihood and impact levels.
    pub severity: Severity,
    /// Seeds that ask this question.
    pub seeds: Vec<u8>,
    /// Added because the app uses AI features (not one of the seed's ten).
    pub ai_add_on: bool,
}

/// Everything the assessment needs to know, parsed and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub(crate) questions: Vec<Question>,
    pub(crate) profiles: Vec<Profile>,
    pub(crate) screening: Vec<Screen>,
    pub(crate) screen_groups: Vec<ScreenGroup>,
    pub(crate) gates: Vec<GateDef>,
    pub(crate) sprint_items: Vec<SprintItem>,
    pub(crate) weights: Weights,
    pub(crate) estimate: EstimateParams,
}

/// The six texts a catalog is parsed from, one per data file.
#[derive(Debug, Clone, Copy)]
pub struct CatalogSources<'a> {
    pub questions: &'a str,
    pub profiles: &'a str,
    pub screening: &'a str,
    pub readiness: &'a str,
    pub weights: &'a str,
    pub estimate: &'a str,
}

impl CatalogSources<'static> {
    /// The TOML compiled into this build, as written in `crates/engine/rules/assess/`.
    pub const BUILT_IN: CatalogSources<'static> = CatalogSources {
        questions: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/questions.toml"
        )),
        profiles: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/profiles.toml"
        )),
        screening: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/screening.toml"
        )),
        readiness: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/readiness.toml"
        )),
        weights: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/weights.toml"
        )),
        estimate: include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/assess/estimate.toml"
        )),
    };

    /// The same data as JSON, which `build.rs` converts from the TOML: what
    /// [`Catalog::built_in`] reads, so the web app links no TOML parser.
    pub const BUILT_IN_JSON: CatalogSources<'static> = CatalogSources {
        questions: include_str!(concat!(env!("OUT_DIR"), "/assess/questions.json")),
        profiles: include_str!(concat!(env!("OUT_DIR"), "/assess/profiles.json")),
        screening: include_str!(concat!(env!("OUT_DIR"), "/assess/screening.json")),
        readiness: include_str!(concat!(env!("OUT_DIR"), "/assess/readiness.json")),
        weights: include_str!(concat!(env!("OUT_DIR"), "/assess/weights.json")),
        estimate: include_str!(concat!(env!("OUT_DIR"), "/assess/estimate.json")),
    };
}

impl Catalog {
    /// The catalog compiled into this build, parsed on first use from the JSON that
    /// `build.rs` wrote. Its data is checked by the unit tests, so this cannot fail in
    /// a build that passed them.
    pub fn built_in() -> &'static Catalog {
        static BUILT_IN: OnceLock<Catalog> = OnceLock::new();
        BUILT_IN.get_or_init(|| {
            Catalog::parse_json(CatalogSources::BUILT_IN_JSON)
                .expect("assessment data is checked by tests")
        })
    }

    /// Parses and validates catalog data written in TOML; the error names the file
    /// and entry. Not in the wasm build, which must not link a TOML parser: use
    /// [`Catalog::parse_json`] there.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(sources: CatalogSources<'_>) -> Result<Catalog, CatalogError> {
        load::parse(load::Format::Toml, sources)
    }

    /// Parses and validates catalog data in JSON (the form `build.rs` writes), with the
    /// same checks as [`Catalog::parse`].
    pub fn parse_json(sources: CatalogSources<'_>) -> Result<Catalog, CatalogError> {
        load::parse(load::Format::Json, sources)
    }

    /// The profiles: the five seeds in seed order, then `full`.
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    pub(crate) fn profile_by_code(&self, code: char) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.code == code)
    }

    /// The canonical questions, in `full` order (AI add-ons last).
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub(crate) fn question_by_key(&self, key: char) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// The screening conditions (the seeds' "when you should not buy this"), deduplicated.
    pub fn screening(&self) -> &[Screen] {
        &self.screening
    }

    /// The three plain questions the screening conditions are asked in.
    pub fn screen_groups(&self) -> &[ScreenGroup] {
        &self.screen_groups
    }

    pub fn screen_group(&self, id: &str) -> Option<&ScreenGroup> {
        self.screen_groups.iter().find(|g| g.id == id)
    }

    /// Every id a state's `screening` map may hold, with its fragment key: the groups,
    /// then the conditions.
    pub(crate) fn screening_keys(&self) -> impl Iterator<Item = (&str, char)> {
        let groups = self.screen_groups.iter().map(|g| (g.id.as_str(), g.key));
        groups.chain(self.screening.iter().map(|s| (s.id.as_str(), s.key)))
    }

    /// Whether `id` is a screening group or condition.
    pub fn knows_screening(&self, id: &str) -> bool {
        self.screening_keys().any(|(x, _)| x == id)
    }

    pub(crate) fn screening_id_by_key(&self, key: char) -> Option<&str> {
        self.screening_keys()
            .find(|(_, k)| *k == key)
            .map(|(id, _)| id)
    }

    /// The launch-readiness gates, in data order.
    pub fn gates(&self) -> &[GateDef] {
        &self.gates
    }

    pub(crate) fn gate_by_key(&self, key: char) -> Option<&GateDef> {
        self.gates.iter().find(|g| g.key == key)
    }

    pub fn sprint_items(&self) -> &[SprintItem] {
        &self.sprint_items
    }

    /// The label of a sprint item id (the id itself if unknown).
    pub fn sprint_item_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.sprint_items
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.label.as_str())
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    pub fn estimate_params(&self) -> &EstimateParams {
        &self.estimate
    }

    /// The checklist a founder on `profile` answers: its questions in order, plus the
    /// AI red-team questions it does not already ask when the app uses AI features.
    /// An unknown profile gives the `full` checklist.
    pub fn questions_for(&self, profile: &str, uses_ai: bool) -> Vec<ChecklistQuestion> {
        let profile = self
            .profile(profile)
            .or_else(|| self.profile(DEFAULT_PROFILE))
            .unwrap_or(&self.profiles[0]);
        self.checklist(profile, uses_ai)
    }

    /// The fewest and the most checklist questions a founder is asked, over every
    /// profile, without the AI add-on: what the landing page may promise.
    pub fn question_counts(&self) -> (usize, usize) {
        let counts = self.profiles.iter().map(|p| self.checklist(p, false).len());
        let min = counts.clone().min().unwrap_or(0);
        (min, counts.max().unwrap_or(0))
    }

    /// The checklist of one profile, with or without the AI add-on.
    pub fn checklist(&self, profile: &Profile, uses_ai: bool) -> Vec<ChecklistQuestion> {
        let mut out: Vec<ChecklistQuestion> = Vec::new();
        for (i, pq) in profile.questions.iter().enumerate() {
            if let Some(q) = self.question(&pq.id) {
                out.push(self.checklist_question(q, i as u32 + 1, &pq.text, pq.risky_answer));
            }
        }
        if uses_ai {
            for q in self.questions.iter().filter(|q| q.ai_add_on) {
                if !out.iter().any(|c| c.id == q.id) {
                    let number = out.len() as u32 + 1;
                    let mut c = self.checklist_question(q, number, &q.text, q.risky_answer);
                    c.ai_add_on = true;
                    out.push(c);
                }
            }
        }
        out
    }

    fn checklist_question(
        &self,
        q: &Question,
        number: u32,
        text: &str,
        risky_answer: Answer,
    ) -> ChecklistQuestion {
        let mut seeds: Vec<u8> = q.asked_by.iter().map(|s| s.seed).collect();
        seeds.dedup();
        ChecklistQuestion {
            id: q.id.clone(),
            number,
            text: text.to_string(),
            risky_answer,
            category: q.category,
            sprint_items: q.sprint_items.clone(),
            money: q.money.clone(),
            fix: q.fix.clone(),
            likelihood: q.likelihood,
            impact: q.impact,
            severity: self.owasp_severity(q.likelihood, q.impact),
            seeds,
            ai_add_on: false,
        }
    }

    /// Which answer is the risk for question `id` as profile `profile` asks it: the
    /// profile's wording if it asks it, else the canonical wording. `None` when the
    /// question or profile is unknown.
    pub fn risky_answer(&self, profile: &str, id: &str) -> Option<Answer> {
        let q = self.question(id)?;
        let p = self.profile(profile)?;
        Some(
            p.questions
                .iter()
                .find(|pq| pq.id == id)
                .map_or(q.risky_answer, |pq| pq.risky_answer),
        )
    }

    /// OWASP Risk Rating overall severity from a 1..=9 likelihood and impact.
    pub fn owasp_severity(&self, likelihood: u8, impact: u8) -> Severity {
        let level = |v: u8| {
            if v < self.weights.level_low_below {
                0
            } else if v < self.weights.level_medium_below {
                1
            } else {
                2
            }
        };
        // OWASP's table: rows impact LOW/MEDIUM/HIGH, columns likelihood LOW/MEDIUM/HIGH.
        const TABLE: [[Severity; 3]; 3] = [
            [Severity::Info, Severity::Low, Severity::Medium],
            [Severity::Low, Severity::Medium, Severity::High],
            [Severity::Medium, Severity::High, Severity::Critical],
        ];
        TABLE[level(impact)][level(likelihood)]
    }

    /// The grade of a 0..=100 score.
    pub fn grade_for(&self, score: u32) -> &str {
        self.weights
            .grades
            .iter()
            .find(|(_, max)| score <= *max)
            .or(self.weights.grades.last())
            .map_or("F", |(g, _)| g.as_str())
    }
}
