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
//!
//! An open question adds nothing to the points (the score counts known risks), so the
//! score is a range: from `score` (what is known) to `score_max` (every open question
//! answered the risky way). The grade is stated only when both ends give the same
//! one. Launch blockers from the scan count in the launch-blocker category as well as
//! in data exposure (the total counts each once).

use std::collections::BTreeMap;

use serde::Serialize;

use super::checklist::{AnswerRisk, Answered};
use super::evidence::Evidence;
use crate::catalog::assess::{Catalog, ChecklistQuestion, RiskCategory};
use crate::estimate::formulas::div_round;
use crate::finding::Severity;
use crate::state::Answer;

/// How bad a score or grade is, for its colour: the same bands everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// No grade yet: open questions could still move it.
    Open,
    /// Nothing found.
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Open => "open",
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    /// The level of a grade: A and B low, C and D medium, E high, F critical.
    pub fn of_grade(catalog: &Catalog, grade: &str) -> Level {
        let rank = catalog
            .weights()
            .grades
            .iter()
            .position(|(g, _)| g == grade);
        match rank {
            Some(0 | 1) => Level::Low,
            Some(2 | 3) => Level::Medium,
            Some(4) => Level::High,
            _ => Level::Critical,
        }
    }

    /// The level of a 0..=100 score, by its grade (0 is none).
    pub fn of_score(catalog: &Catalog, score: u32) -> Level {
        if score == 0 {
            return Level::None;
        }
        Level::of_grade(catalog, catalog.grade_for(score))
    }
}

/// The score, its grade, per-category subscores and the top risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskScore {
    /// 0..=100, higher is riskier: the known risks (open questions count for nothing).
    pub score: u32,
    /// The score with every open question answered the risky way.
    pub score_max: u32,
    /// Open checklist questions.
    pub open: u32,
    /// The letter grade (A best), after any blocker cap, when no open question can
    /// change it; `None` until then.
    pub grade: Option<String>,
    /// The best and worst grade still possible (after any cap); equal when decided.
    pub grade_range: (String, String),
    /// The grade the known score alone gives, before any cap.
    pub score_grade: String,
    /// A scan blocker made the grade worse than the score alone.
    pub capped: bool,
    /// For colour: the stated grade's level, or open.
    pub level: Level,
    /// Sum of points scored, in hundredths (likelihood × impact × percent).
    pub points: u32,
    pub max_points: u32,
    pub categories: BTreeMap<RiskCategory, CategoryScore>,
    pub top_risks: Vec<TopRisk>,
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

    /// The score as a founder reads it: "32", or "12–64" while open questions could
    /// move it.
    pub fn score_text(&self) -> String {
        if self.score_max > self.score {
            format!("{}–{}", self.score, self.score_max)
        } else {
            self.score.to_string()
        }
    }

    /// One line on the grade: "Grade F", "Grade F (the score alone gives C; a launch
    /// blocker caps it)", or "No grade yet: between B and E until 7 questions are
    /// answered".
    pub fn grade_text(&self) -> String {
        match &self.grade {
            Some(g) if self.capped => format!(
                "Grade {g} (the score alone gives {}; a launch blocker caps it at {g})",
                self.score_grade
            ),
            Some(g) => format!("Grade {g}"),
            None => format!(
                "No grade yet: between {} and {} until {} open question{} {} answered",
                self.grade_range.0,
                self.grade_range.1,
                self.open,
                plural(self.open),
                if self.open == 1 { "is" } else { "are" }
            ),
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One category's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryScore {
    pub label: String,
    /// 0..=100 on what is known; `None` when this checklist asks nothing in the
    /// category and the scan found nothing for it.
    pub score: Option<u32>,
    /// The same with every open question in it answered the risky way.
    pub score_max: Option<u32>,
    /// Risky or not-sure answers, plus findings, in the category.
    pub risks: u32,
    pub questions: u32,
    /// Open questions in the category.
    pub open: u32,
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
    /// On the launch-blocker list (a scan blocker, or an answer that fails a blocker
    /// gate of readiness).
    pub blocker: bool,
    /// Times the scan found it (1 for answers).
    pub count: u32,
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

/// Points, worst-case points, maximum, risks, questions and open questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    points: u32,
    worst: u32,
    max: u32,
    risks: u32,
    questions: u32,
    open: u32,
}

impl Tally {
    /// Adds one answer: its points, its worst case (the maximum when open) and maximum.
    fn answer(&mut self, catalog: &Catalog, q: &ChecklistQuestion, risk: AnswerRisk) {
        let points = answer_points(catalog, q.likelihood, q.impact, risk);
        let max = answer_points(catalog, q.likelihood, q.impact, AnswerRisk::Risky);
        let open = risk == AnswerRisk::Unanswered;
        self.points += points;
        self.worst += if open { max } else { points };
        self.max += max;
        self.risks += u32::from(risk.is_risk());
        self.questions += 1;
        self.open += u32::from(open);
    }

    /// Adds one confirmed finding: as much to the points as to the maximum.
    fn finding(&mut self, points: u32) {
        self.points += points;
        self.worst += points;
        self.max += points;
        self.risks += 1;
    }

    /// The score on what is known and at worst.
    pub fn scores(&self) -> (u32, u32) {
        (share(self.points, self.max), share(self.worst, self.max))
    }
}

/// Points a finding adds (0 when its severity has no impact).
fn finding_points(catalog: &Catalog, severity: Severity) -> u32 {
    let w = catalog.weights();
    u32::from(w.finding_likelihood) * u32::from(w.finding_impact(severity)) * w.risky_percent
}

/// The whole checklist's tally: `items` are its questions with how risky each answer
/// is. The risk score and the verdict's worst case are both read from this.
pub(crate) fn totals<'q>(
    catalog: &Catalog,
    items: impl Iterator<Item = (&'q ChecklistQuestion, AnswerRisk)>,
    evidence: &Evidence,
) -> Tally {
    let mut t = Tally::default();
    for (q, risk) in items {
        t.answer(catalog, q, risk);
    }
    for f in &evidence.risks {
        let points = finding_points(catalog, f.severity);
        if points > 0 {
            t.finding(points);
        }
    }
    t
}

/// The best and the worst grade still possible for a score range, after any blocker
/// cap (equal when the grade is decided).
pub(crate) fn grade_range<'c>(
    catalog: &'c Catalog,
    (score, score_max): (u32, u32),
    blocked: bool,
) -> (&'c str, &'c str) {
    let graded = |s: u32| -> &'c str {
        let g = catalog.grade_for(s);
        if blocked {
            worse_grade(catalog, g, &catalog.weights().blocker_cap)
        } else {
            g
        }
    };
    (graded(score), graded(score_max))
}

/// Scores a checklist's answers and the scan's evidence. `blocking` says which
/// question ids fail a blocker gate of readiness when answered risky (for the flag on
/// top risks).
pub(crate) fn score(
    catalog: &Catalog,
    answered: &[Answered],
    evidence: &Evidence,
    blocking: &[String],
) -> RiskScore {
    let w = catalog.weights();
    let mut per: BTreeMap<RiskCategory, Tally> = BTreeMap::new();
    let total = totals(
        catalog,
        answered.iter().map(|a| (&a.question, a.risk)),
        evidence,
    );
    let mut risks: Vec<TopRisk> = Vec::new();
    for a in answered {
        let q = &a.question;
        per.entry(q.category)
            .or_default()
            .answer(catalog, q, a.risk);
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
                points: answer_points(catalog, q.likelihood, q.impact, a.risk),
                why: q.money.clone(),
                fix: q.fix.clone(),
                sprint_items: q
                    .sprint_items
                    .iter()
                    .map(|s| catalog.sprint_item_label(s).to_string())
                    .collect(),
                blocker: a.risk == AnswerRisk::Risky && blocking.contains(&q.id),
                count: 1,
            });
        }
    }
    for f in &evidence.risks {
        let points = finding_points(catalog, f.severity);
        if points == 0 {
            continue;
        }
        per.entry(RiskCategory::DataExposure)
            .or_default()
            .finding(points);
        if f.blocker {
            per.entry(RiskCategory::LaunchBlocker)
                .or_default()
                .finding(points);
        }
        risks.push(TopRisk {
            source: RiskSource::Finding,
            id: f.rule.clone(),
            title: f.title.clone(),
            number: None,
            answer: None,
            category: if f.blocker {
                RiskCategory::LaunchBlocker
            } else {
                RiskCategory::DataExposure
            },
            severity: f.severity,
            likelihood: w.finding_likelihood,
            impact: w.finding_impact(f.severity),
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
            count: f.count,
        });
    }
    let (score, score_max) = total.scores();
    let categories = RiskCategory::ALL
        .into_iter()
        .map(|c| {
            let t = per.get(&c).copied().unwrap_or_default();
            let has = t.max > 0;
            let (known, worst) = t.scores();
            (
                c,
                CategoryScore {
                    label: c.label().to_string(),
                    score: has.then_some(known),
                    score_max: has.then_some(worst),
                    risks: t.risks,
                    questions: t.questions,
                    open: t.open,
                },
            )
        })
        .collect();
    // Blockers first, then by impact on the score, then higher impact, then order.
    risks.sort_by(|a, b| {
        b.blocker
            .cmp(&a.blocker)
            .then(b.points.cmp(&a.points))
            .then(b.impact.cmp(&a.impact))
    });
    risks.truncate(w.top_risks);
    let blocked = evidence.has_blocker();
    let (best, worst) = grade_range(catalog, (score, score_max), blocked);
    let score_grade = catalog.grade_for(score).to_string();
    let grade = (best == worst).then(|| best.to_string());
    let level = match &grade {
        None => Level::Open,
        Some(_) if score == 0 && !blocked => Level::None,
        Some(g) => Level::of_grade(catalog, g),
    };
    RiskScore {
        score,
        score_max,
        open: total.open,
        capped: best != score_grade,
        grade,
        grade_range: (best.to_string(), worst.to_string()),
        score_grade,
        level,
        points: total.points,
        max_points: total.max,
        categories,
        top_risks: risks,
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
