//! Loading `weights.toml` and `estimate.toml`: the numbers behind the score and the
//! estimate, checked so that no edit can break monotonicity or the field ranges.

use super::super::{EstimateParams, Weights};
use super::raw::*;
use super::{ensure, unique, CatalogError, Result, ESTIMATE, WEIGHTS};
use crate::catalog::fields::Field;

pub(super) fn load_weights(raw: WeightsFile) -> Result<Weights> {
    let f = WEIGHTS;
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

pub(super) fn load_estimate(raw: EstimateFile) -> Result<EstimateParams> {
    let f = ESTIMATE;
    let mut defaults = std::collections::BTreeMap::new();
    for (key, raw_value) in &raw.defaults {
        let field = Field::from_json_key("estimate", key)
            .filter(|f| *f != Field::DayRate)
            .ok_or_else(|| CatalogError {
                file: f,
                message: format!(
                    "defaults.{key}: not an estimate input (the day rate's default is operator.toml's)"
                ),
            })?;
        let json = match raw_value {
            RawValue::Bool(b) => serde_json::Value::from(*b),
            RawValue::Number(n) => serde_json::Value::from(*n),
            RawValue::Text(t) => serde_json::Value::from(t.as_str()),
        };
        let value = field
            .from_json(&json)
            .and_then(|v| v.ok_or_else(|| "must not be empty".to_string()))
            .map_err(|message| CatalogError {
                file: f,
                message: format!("defaults.{key}: {message}"),
            })?;
        defaults.insert(field, value);
    }
    if let Some(missing) =
        Field::estimate().find(|fl| *fl != Field::DayRate && !defaults.contains_key(fl))
    {
        return Err(CatalogError {
            file: f,
            message: format!("defaults.{} is missing", missing.json_key()),
        });
    }
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
        x.secret_miss_percent <= 95 && x.cors_miss_percent <= 95 && x.access_miss_percent <= 95,
        f,
        || "diy: miss percents must be 0..=95".into(),
    )?;
    Ok(EstimateParams {
        defaults,
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
        access_hours: x.access_hours,
        access_miss_percent: x.access_miss_percent,
    })
}
