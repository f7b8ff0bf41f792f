//! The risk score: 0..=100, higher is riskier, in the style of the OWASP Risk Rating
//! Methodology.
//!
//! Each checklist question carries a likelihood and an impact from 1 to 9. An answer
//! scores `likelihood × impact × answer weight` "points" (the weight is 100 % for the
//! risky answer, `unsure_percent` for not sure, 0 for the safe answer or none); the
//! checklist's maximum is every question answered risky. Each distinct scan finding
//! that counts (see `evidence.rs`) adds a confirmed data-exposure risk: likelihood 9,
//! impact by severity, to both the points and the maximum. Then
//!
//! ```text
//! score = round_half_up(100 × points / maximum)
//! ```
//!
//! and the same per category. Because every term only grows as an answer gets
//! riskier, and a finding adds as much to the points as to the maximum (and points
//! never exceed the maximum), answering more riskily or finding more never lowers the
//! score. The grade comes from the bands in `weights.toml`; a launch blocker found by
//! the scan caps it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::checklist::{AnswerRisk, Answered};
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, RiskCategory};
use crate::estimate::formulas::div_round;
use crate::finding::Severity;
use crate::state::Answer;

/// The score, its grade, per-category subscores and the top risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskScore {
    /// 0..=100, higher is riskier.
    pub score: u32,
    /// Letter grade (A best), after any blocker cap.
    pub grade: String,
    /// The grade the score alone gives.
    pub score_grade: String,
    /// A scan blocker made the grade worse than the score alone.
    pub capped: bool,
    /// Sum of points scored, in hundredths (likelihood × impact × percent).
    pub points: u32,
    pub max_points: u32,
    pub categories: BTreeMap<RiskCategory, CategoryScore>,
    pub top_risks: Vec<TopRisk>,
    /// Launch blockers from the scan, one line each.
    pub blockers: Vec<String>,
}

impl RiskScore {
    /// The sprint items that fix the top risks, once each, most urgent first.
    pub fn sprint_items(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for item in self.top_risks.iter().flat_map(|t| &t.sprint_items) {
            if !out.contains(&item.as_str()) {
                out.push(item);
            }
        }
        out
    }
}

/// One category's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryScore {
    pub label: String,
    /// 0..=100; `None` when this checklist asks nothing in the category and the scan
    /// found nothing for it.
    pub score: Option<u32>,
    /// Risky or not-sure answers, plus findings, in the category.
    pub risks: u32,
    pub questions: u32,
}

/// Where a top risk comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskSource {
    Answer,
    Finding,
}

/// One risk in the ranked list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopRisk {
    pub source: RiskSource,
    /// Question id or finding rule id.
    pub id: String,
    /// The question as asked, or the finding's title.
    pub title: String,
    /// Checklist number, for answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    pub category: RiskCategory,
    pub severity: Severity,
    pub likelihood: u8,
    pub impact: u8,
    /// Points this risk scored (likelihood × impact × answer weight, in hundredths).
    pub points: u32,
    /// Why it matters in money terms.
    pub why: String,
    pub fix: String,
    /// Labels of the sprint items that fix it.
    pub sprint_items: Vec<String>,
    pub blocker: bool,
}

/// Points one answer scores, in hundredths.
pub(crate) fn answer_points(
    catalog: &Catalog,
    likelihood: u8,
    impact: u8,
    risk: AnswerRisk,
) -> u32 {
    let w = catalog.weights();
    let percent = match risk {
        AnswerRisk::Unanswered | AnswerRisk::Safe => 0,
        AnswerRisk::Unsure => w.unsure_percent,
        AnswerRisk::Risky => w.risky_percent,
    };
    u32::from(likelihood) * u32::from(impact) * percent
}

/// Scores a checklist's answers and the scan's evidence.
pub(crate) fn score(catalog: &Catalog, answered: &[Answered], evidence: &Evidence) -> RiskScore {
    let w = catalog.weights();
    // (points, max, risks, questions) per category.
    let mut per: BTreeMap<RiskCategory, (u32, u32, u32, u32)> = BTreeMap::new();
    let mut risks: Vec<TopRisk> = Vec::new();
    for a in answered {
        let q = &a.question;
        let points = answer_points(catalog, q.likelihood, q.impact, a.risk);
        let max = answer_points(catalog, q.likelihood, q.impact, AnswerRisk::Risky);
        let e = per.entry(q.category).or_default();
        e.0 += points;
        e.1 += max;
        e.2 += u32::from(a.risk.is_risk());
        e.3 += 1;
        if a.risk.is_risk() {
            risks.push(TopRisk {
                source: RiskSource::Answer,
                id: q.id.clone(),
                title: q.text.clone(),
                number: Some(q.number),
                answer: a.answer,
                category: q.category,
                severity: q.severity,
                likelihood: q.likelihood,
                impact: q.impact,
                points,
                why: q.money.clone(),
                fix: q.fix.clone(),
                sprint_items: q
                    .sprint_items
                    .iter()
                    .map(|s| catalog.sprint_item_label(s).to_string())
                    .collect(),
                blocker: false,
            });
        }
    }
    for f in &evidence.risks {
        let impact = w.finding_impact(f.severity);
        if impact == 0 {
            continue;
        }
        let points = u32::from(w.finding_likelihood) * u32::from(impact) * w.risky_percent;
        let e = per.entry(RiskCategory::DataExposure).or_default();
        e.0 += points;
        e.1 += points;
        e.2 += 1;
        risks.push(TopRisk {
            source: RiskSource::Finding,
            id: f.rule.clone(),
            title: f.title.clone(),
            number: None,
            answer: None,
            category: RiskCategory::DataExposure,
            severity: f.severity,
            likelihood: w.finding_likelihood,
            impact,
            points,
            why: f.why.clone(),
            fix: f.fix.clone(),
            sprint_items: vec![catalog
                .sprint_item_label(match f.scanner {
                    crate::finding::Category::Secret => "exposed-key-audit",
                    crate::finding::Category::Cors => "cors",
                    crate::finding::Category::Access => "database-rules",
                })
                .to_string()],
            blocker: f.blocker,
        });
    }
    let (points, max) = per.values().fold((0, 0), |(p, m), e| (p + e.0, m + e.1));
    let score = share(points, max);
    let categories = RiskCategory::ALL
        .into_iter()
        .map(|c| {
            let e = per.get(&c).copied().unwrap_or_default();
            let score = (e.1 > 0).then(|| share(e.0, e.1));
            (
                c,
                CategoryScore {
                    label: c.label().to_string(),
                    score,
                    risks: e.2,
                    questions: e.3,
                },
            )
        })
        .collect();
    // Ranked by impact on the score; ties: blockers, then higher impact, then order.
    risks.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.blocker.cmp(&a.blocker))
            .then(b.impact.cmp(&a.impact))
    });
    risks.truncate(w.top_risks);
    let score_grade = catalog.grade_for(score).to_string();
    let blockers: Vec<String> = evidence
        .blockers()
        .map(|b| format!("{} ({})", b.title, b.location))
        .collect();
    let grade = if blockers.is_empty() {
        score_grade.clone()
    } else {
        worse_grade(catalog, &score_grade, &w.blocker_cap).to_string()
    };
    RiskScore {
        score,
        capped: grade != score_grade,
        grade,
        score_grade,
        points,
        max_points: max,
        categories,
        top_risks: risks,
        blockers,
    }
}

/// 100 × points / max, rounded half up; 0 for an empty checklist.
fn share(points: u32, max: u32) -> u32 {
    if max == 0 {
        return 0;
    }
    div_round(100 * u128::from(points), u128::from(max)) as u32
}

/// The worse of two grades (later in the band list is worse).
fn worse_grade<'a>(catalog: &'a Catalog, a: &'a str, b: &'a str) -> &'a str {
    let rank = |g: &str| catalog.weights().grades.iter().position(|(x, _)| x == g);
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests;
