//! The TOML shapes, exactly as written in the files (`deny_unknown_fields`: a typo in
//! a key is an error, not a silently ignored setting).

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuestionsFile {
    pub(super) sprint_item: Vec<RawSprintItem>,
    pub(super) question: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSprintItem {
    pub(super) id: String,
    pub(super) label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: String,
    pub(super) key: String,
    pub(super) text: String,
    pub(super) risky_answer: String,
    pub(super) category: String,
    pub(super) sprint_items: Vec<String>,
    pub(super) likelihood: u8,
    pub(super) impact: u8,
    pub(super) money: String,
    pub(super) fix: String,
    pub(super) diy_hours: u32,
    pub(super) diy_miss_percent: u32,
    #[serde(default)]
    pub(super) ai_add_on: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfilesFile {
    pub(super) profile: Vec<RawProfile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    pub(super) id: String,
    pub(super) code: String,
    pub(super) seed: Option<u8>,
    pub(super) founder: String,
    pub(super) description: String,
    pub(super) rule: RawRule,
    pub(super) rule_text: String,
    pub(super) diy_intro: String,
    pub(super) diy_plan: Vec<String>,
    pub(super) diy_note: String,
    #[serde(default)]
    pub(super) question: Vec<RawProfileQuestion>,
    #[serde(default)]
    pub(super) case: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) at_least: Option<u32>,
    pub(super) among: Option<[u32; 2]>,
    pub(super) score_at_least: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfileQuestion {
    pub(super) id: String,
    pub(super) text: String,
    pub(super) risky_answer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    #[serde(default)]
    pub(super) risky: Vec<u32>,
    #[serde(default)]
    pub(super) unsure: Vec<u32>,
    pub(super) expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScreeningFile {
    pub(super) group: Vec<RawScreenGroup>,
    pub(super) screen: Vec<RawScreen>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScreenGroup {
    pub(super) id: String,
    pub(super) key: String,
    pub(super) text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScreen {
    pub(super) id: String,
    pub(super) group: String,
    pub(super) key: String,
    pub(super) text: String,
    pub(super) seeds: Vec<u8>,
    pub(super) outcome: String,
    pub(super) instead: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReadinessFile {
    pub(super) gate: Vec<RawGate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGate {
    pub(super) id: String,
    pub(super) key: String,
    pub(super) label: String,
    pub(super) target: String,
    #[serde(default)]
    pub(super) blocker: bool,
    #[serde(default)]
    pub(super) questions: Vec<String>,
    pub(super) findings: Option<String>,
    pub(super) figure: Option<String>,
    pub(super) below: Option<u32>,
    #[serde(default)]
    pub(super) cases: Vec<RawGateCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGateCase {
    pub(super) risk: Option<String>,
    pub(super) value: Option<u32>,
    pub(super) expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeightsFile {
    pub(super) answers: RawAnswerWeights,
    pub(super) levels: RawLevels,
    pub(super) findings: RawFindingWeights,
    pub(super) grade: Vec<RawGrade>,
    pub(super) grading: RawGrading,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswerWeights {
    pub(super) risky_percent: u32,
    pub(super) unsure_percent: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLevels {
    pub(super) low_below: u8,
    pub(super) medium_below: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFindingWeights {
    pub(super) likelihood: u8,
    pub(super) impact_critical: u8,
    pub(super) impact_high: u8,
    pub(super) impact_medium: u8,
    pub(super) impact_low: u8,
    pub(super) impact_info: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrade {
    pub(super) grade: String,
    pub(super) max_score: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrading {
    pub(super) blocker_cap: String,
    pub(super) top_risks: usize,
    #[serde(default)]
    pub(super) cases: Vec<RawGradeCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGradeCase {
    pub(super) score: u32,
    pub(super) grade: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIncident {
    pub(super) max_monthly_permille: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EstimateFile {
    pub(super) defaults: RawDefaults,
    pub(super) sprint: RawSprint,
    pub(super) drivers: RawDrivers,
    pub(super) diy: RawDiy,
    pub(super) incident: RawIncident,
}

/// A default as written in `estimate.toml`: a number, a choice's key or a boolean,
/// read by its field's own reader.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawValue {
    Bool(bool),
    Number(u32),
    Text(String),
}

/// `[defaults]`: estimate field JSON key → value; checked against the field table.
pub(super) type RawDefaults = std::collections::BTreeMap<String, RawValue>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSprint {
    pub(super) base_half_days: u32,
    pub(super) max_half_days: u32,
    pub(super) spread_half_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDrivers {
    pub(super) serious_per_half_day: u32,
    pub(super) serious_max_half_days: u32,
    pub(super) roles_step1: u32,
    pub(super) roles_step2: u32,
    pub(super) integrations_step1: u32,
    pub(super) integrations_step2: u32,
    pub(super) ai_features_half_days: u32,
    pub(super) no_staging_half_days: u32,
    pub(super) no_tests_half_days: u32,
    pub(super) app_medium_half_days: u32,
    pub(super) app_large_half_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDiy {
    pub(super) secret_hours: u32,
    pub(super) secret_miss_percent: u32,
    pub(super) cors_hours: u32,
    pub(super) cors_miss_percent: u32,
    pub(super) access_hours: u32,
    pub(super) access_miss_percent: u32,
}
