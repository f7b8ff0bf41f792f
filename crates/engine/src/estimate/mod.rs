//! Sprint vs DIY vs doing nothing: what fixing costs, three ways, from the founder's
//! own numbers.
//!
//! - **Sprint**: 5–7 days from visible drivers, priced low / likely / high at the day
//!   rate (each end: its days × the rate), or "more than one sprint: scope first".
//! - **DIY**: the founder's hours for each risk × their hourly value, with the chance
//!   that at least one fix is left incomplete.
//! - **Doing nothing** for 30 and 90 days: support time, refunds, lost leads, wasted
//!   ad spend and the expected cost of a data-exposure incident.
//!
//! The formulas are in [`formulas`], each worked through by hand in its tests; this
//! file gathers the inputs and writes the sentences, including each figure's
//! arithmetic ("5.5 days × $1,000/day = $5,500") for a founder who asks how.

pub mod formulas;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::assess::EstimateParams;
use crate::catalog::fields::{AppSize, Field};
use crate::catalog::operator::OperatorConfig;
use crate::state::Inputs;
use formulas::{days as days_label, format_money, half_days_label, ThreePoint};

/// What the assessment knows that the estimate depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Critical or high severity issues: risky/unsure answers and scan findings.
    pub serious_issues: u32,
    pub uses_ai: bool,
    /// The environment-separation question was answered risky or not sure.
    pub no_staging: bool,
    /// What a founder would fix themselves.
    pub diy_items: Vec<DiyItem>,
    /// The data-exposure category score, 0..=100.
    pub data_exposure_score: u32,
    /// Any risk at all (answers or findings).
    pub has_risks: bool,
    /// Checklist questions not answered yet: risks the estimate cannot see.
    pub open_questions: u32,
    /// The scan found a launch blocker: waiting is not an option.
    pub has_blocker: bool,
    /// The verdict is "not a rescue case".
    pub not_a_rescue_case: bool,
}

/// One thing a founder would fix themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiyItem {
    pub id: String,
    /// The question or finding, as the founder read it.
    pub label: String,
    pub hours: u32,
    pub miss_percent: u32,
}

/// The inputs actually used: every estimate field, typed or taken from its default,
/// with the defaulted ones named. Serialised as `{"day_rate": 1200, …, "assumed":
/// ["roles", …]}`, keys and values as in the saved state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedInputs {
    values: BTreeMap<Field, u32>,
    /// The inputs the founder left empty (defaults were used), in table order.
    pub assumed: Vec<Field>,
}

impl ResolvedInputs {
    /// The value used for an estimate field; 0 for a field that is not one.
    pub fn get(&self, field: Field) -> u32 {
        self.values.get(&field).copied().unwrap_or(0)
    }

    pub fn app_size(&self) -> AppSize {
        AppSize::from_code(self.get(Field::AppSize)).unwrap_or(AppSize::Small)
    }

    pub fn has_tests(&self) -> bool {
        self.get(Field::HasTests) != 0
    }

    /// Whether the value of `field` is a default rather than the founder's.
    pub fn is_assumed(&self, field: Field) -> bool {
        self.assumed.contains(&field)
    }
}

impl Serialize for ResolvedInputs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.values.len() + 1))?;
        for (field, v) in &self.values {
            map.serialize_entry(field.json_key(), &field.to_json(*v))?;
        }
        let assumed: Vec<&str> = self.assumed.iter().map(|f| f.json_key()).collect();
        map.serialize_entry("assumed", &assumed)?;
        map.end()
    }
}

/// One driver of the sprint's length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Driver {
    pub id: String,
    pub label: String,
    /// Half-days it adds (0 when it does not apply).
    pub half_days: u32,
    pub detail: String,
}

/// The sprint quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SprintEstimate {
    pub day_rate: u32,
    pub drivers: Vec<Driver>,
    /// Base plus drivers, in half-days.
    pub total_half_days: u32,
    /// More than one sprint: no price is quoted.
    pub scope_first: bool,
    /// Low / likely / high length in half-days (`None` when scoping first).
    pub half_days: Option<ThreePoint>,
    /// Low / likely / high price: each length × the day rate (`None` when scoping
    /// first).
    pub price: Option<ThreePoint>,
    pub summary: String,
    /// How the price is worked out, one line each.
    pub arithmetic: Vec<String>,
}

/// Doing it yourself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiyEstimate {
    pub hours: u32,
    pub hourly_value: u32,
    pub cost: u64,
    /// Chance at least one fix is left incomplete, in whole percent.
    pub incomplete_chance_percent: u32,
    /// Cost plus the chance of an incomplete fix × 90 days of doing nothing.
    pub expected_cost_90_days: u64,
    pub items: Vec<DiyItem>,
    pub summary: String,
    /// How the figures are worked out, one line each.
    pub arithmetic: Vec<String>,
}

/// The cost of doing nothing over a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostWindow {
    pub days: u32,
    pub support: u64,
    pub refunds: u64,
    pub lost_leads: u64,
    pub wasted_ads: u64,
    pub incident: u64,
    /// Chance of a data-exposure incident in the window, per mille.
    pub incident_chance_permille: u32,
    pub total: u64,
}

/// Doing nothing for 30 and 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoNothing {
    pub days_30: CostWindow,
    pub days_90: CostWindow,
    /// How the 30-day figure is worked out, one line per cost.
    pub arithmetic: Vec<String>,
}

/// Which option the numbers favour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Choice {
    /// Nothing is known yet: no option can be compared.
    NotAssessed,
    Sprint,
    Diy,
    Wait,
    ScopeFirst,
    NotARescueCase,
}

impl Choice {
    /// The kebab-case id (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::NotAssessed => "not-assessed",
            Choice::Sprint => "sprint",
            Choice::Diy => "diy",
            Choice::Wait => "wait",
            Choice::ScopeFirst => "scope-first",
            Choice::NotARescueCase => "not-a-rescue-case",
        }
    }

    /// The headline a page shows for the recommendation. `has_risks`: any risky
    /// answer or finding (waiting is recommended both when nothing is known to need
    /// fixing and when it is cheapest).
    pub fn headline(self, has_risks: bool) -> &'static str {
        match self {
            Choice::NotAssessed => "Not assessed yet: no option can be compared",
            Choice::Sprint => "A rescue sprint is the cheapest fix",
            Choice::Diy => "Doing it yourself is the cheapest fix",
            Choice::Wait if !has_risks => "Nothing known to fix yet",
            Choice::Wait => "Waiting costs least on your numbers",
            Choice::ScopeFirst => "More than one sprint: scope first",
            Choice::NotARescueCase => "Not a rescue case yet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub choice: Choice,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakEven {
    /// Days of doing-nothing cost the likely price equals.
    pub days: Option<u64>,
    /// Hours of the founder's own time the likely price equals.
    pub hours_of_your_time: Option<u64>,
    pub sentence: String,
}

/// The whole estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub currency: String,
    pub currency_symbol: String,
    pub inputs: ResolvedInputs,
    pub sprint: SprintEstimate,
    pub diy: DiyEstimate,
    pub do_nothing: DoNothing,
    pub recommendation: Recommendation,
    pub break_even: BreakEven,
}

/// Fills each empty input from the operator config (day rate) or `estimate.toml`.
pub fn resolve_inputs(
    params: &EstimateParams,
    inputs: &Inputs,
    operator: &OperatorConfig,
) -> ResolvedInputs {
    let mut values = BTreeMap::new();
    let mut assumed = Vec::new();
    for field in Field::estimate() {
        let default = match field {
            Field::DayRate => operator.day_rate,
            _ => params.default(field),
        };
        let value = inputs.get(field).unwrap_or_else(|| {
            assumed.push(field);
            default
        });
        values.insert(field, value);
    }
    ResolvedInputs { values, assumed }
}

/// The sprint's length drivers, each with the half-days it adds.
pub fn drivers(params: &EstimateParams, inputs: &ResolvedInputs, facts: &Facts) -> Vec<Driver> {
    let p = params;
    let step = |v: u32, s1: u32, s2: u32| u32::from(v >= s1) + u32::from(v >= s2);
    let serious = (facts.serious_issues / p.serious_per_half_day).min(p.serious_max_half_days);
    let app = match inputs.app_size() {
        AppSize::Small => 0,
        AppSize::Medium => p.app_medium_half_days,
        AppSize::Large => p.app_large_half_days,
    };
    let driver = |id: &str, label: &str, half_days: u32, detail: String| Driver {
        id: id.into(),
        label: label.into(),
        half_days,
        detail,
    };
    vec![
        driver(
            "serious-issues",
            "Critical and high issues",
            serious,
            format!(
                "{} critical or high issues (answers and scan findings); half a day per {}, at most {}",
                facts.serious_issues,
                p.serious_per_half_day,
                days_label(u64::from(p.serious_max_half_days))
            ),
        ),
        driver(
            "roles",
            "User roles",
            step(inputs.get(Field::Roles), p.roles_step1, p.roles_step2),
            format!(
                "{} roles; each role's access is checked (half a day from {}, a day from {})",
                inputs.get(Field::Roles), p.roles_step1, p.roles_step2
            ),
        ),
        driver(
            "integrations",
            "Integrations",
            step(inputs.get(Field::Integrations), p.integrations_step1, p.integrations_step2),
            format!(
                "{} integrations; each one's keys, webhooks and failures are checked (half a day from {}, a day from {})",
                inputs.get(Field::Integrations), p.integrations_step1, p.integrations_step2
            ),
        ),
        driver(
            "ai-features",
            "AI features",
            if facts.uses_ai { p.ai_features_half_days } else { 0 },
            if facts.uses_ai {
                "AI red-team pass: prompt injection, unsafe tool use, data exfiltration".into()
            } else {
                "no AI features".into()
            },
        ),
        driver(
            "no-staging",
            "No staging",
            if facts.no_staging { p.no_staging_half_days } else { 0 },
            if facts.no_staging {
                "a staging environment is set up before touching production".into()
            } else {
                "staging is separate from production".into()
            },
        ),
        driver(
            "no-tests",
            "No tests",
            if inputs.has_tests() { 0 } else { p.no_tests_half_days },
            if inputs.has_tests() {
                "tests exist to build on".into()
            } else {
                "a first safety net of targeted tests around the risky flows".into()
            },
        ),
        driver(
            "app-size",
            "App size",
            app,
            format!("{} app", inputs.app_size().as_str()),
        ),
    ]
}

/// The whole estimate.
pub fn estimate(
    params: &EstimateParams,
    inputs: &Inputs,
    facts: &Facts,
    operator: &OperatorConfig,
) -> Estimate {
    let inputs = resolve_inputs(params, inputs, operator);
    let sym = operator.currency_symbol.as_str();
    let sprint = sprint(params, &inputs, facts, sym);
    let days_30 = window(params, &inputs, facts, 30);
    let do_nothing = DoNothing {
        arithmetic: nothing_arithmetic(&inputs, &days_30, sym),
        days_30,
        days_90: window(params, &inputs, facts, 90),
    };
    let diy = diy(facts, &inputs, &do_nothing, sym);
    let recommendation = recommend(facts, &sprint, &diy, &do_nothing, sym);
    let break_even = break_even(&sprint, &do_nothing, &inputs, facts, sym);
    Estimate {
        currency: operator.currency.clone(),
        currency_symbol: operator.currency_symbol.clone(),
        inputs,
        sprint,
        diy,
        do_nothing,
        recommendation,
        break_even,
    }
}

fn sprint(
    params: &EstimateParams,
    inputs: &ResolvedInputs,
    facts: &Facts,
    sym: &str,
) -> SprintEstimate {
    let drivers = drivers(params, inputs, facts);
    let total = params.base_half_days + drivers.iter().map(|d| d.half_days).sum::<u32>();
    let range = formulas::sprint_range(
        total,
        params.base_half_days,
        params.max_half_days,
        params.spread_half_days,
    );
    let price = range.map(|r| formulas::sprint_price(r, inputs.get(Field::DayRate)));
    let summary = match (range, price) {
        (Some(r), Some(p)) => format!(
            "{}–{} days (likely {}): {} – {}, likely {} at {}/day.",
            half_days_label(r.low),
            half_days_label(r.high),
            half_days_label(r.likely),
            format_money(p.low, sym),
            format_money(p.high, sym),
            format_money(p.likely, sym),
            format_money(u64::from(inputs.get(Field::DayRate)), sym)
        ),
        _ => format!(
            "More than one sprint: scope first. The drivers add up to {} days, past the {}-day sprint.",
            half_days_label(u64::from(total)),
            half_days_label(u64::from(params.max_half_days))
        ),
    };
    let rate = format_money(u64::from(inputs.get(Field::DayRate)), sym);
    let mut arithmetic = vec![format!(
        "Length: {} base + {} from the drivers = {} likely.",
        days_label(u64::from(params.base_half_days)),
        days_label(u64::from(total - params.base_half_days)),
        days_label(u64::from(total))
    )];
    if let (Some(r), Some(p)) = (range, price) {
        arithmetic.push(format!(
            "Range: {} less and more, within {}–{}: {} to {}.",
            days_label(u64::from(params.spread_half_days)),
            half_days_label(u64::from(params.base_half_days)),
            days_label(u64::from(params.max_half_days)),
            days_label(r.low),
            days_label(r.high)
        ));
        for (what, h, v) in [
            ("Low", r.low, p.low),
            ("Likely", r.likely, p.likely),
            ("High", r.high, p.high),
        ] {
            arithmetic.push(format!(
                "{what}: {} × {rate}/day = {}.",
                days_label(h),
                format_money(v, sym)
            ));
        }
    }
    SprintEstimate {
        day_rate: inputs.get(Field::DayRate),
        drivers,
        total_half_days: total,
        scope_first: range.is_none(),
        half_days: range,
        price,
        summary,
        arithmetic,
    }
}

/// How the 30-day cost of doing nothing adds up, one line per cost.
fn nothing_arithmetic(inputs: &ResolvedInputs, w: &CostWindow, sym: &str) -> Vec<String> {
    let m = |v: u64| format_money(v, sym);
    let get = |f: Field| u64::from(inputs.get(f));
    vec![
        format!(
            "Support: {} hours a week × 30 / 7 days × {}/hour = {}.",
            get(Field::SupportHoursPerWeek),
            m(get(Field::HourlyValue)),
            m(w.support)
        ),
        format!("Refunds: {} a month = {}.", m(get(Field::RefundsPerMonth)), m(w.refunds)),
        format!(
            "Lost leads: {} a month × {} each = {}.",
            get(Field::LeadsLostPerMonth),
            m(get(Field::LeadValue)),
            m(w.lost_leads)
        ),
        format!(
            "Wasted ads: {} a month × {} % on a broken flow = {}.",
            m(get(Field::AdSpendPerMonth)),
            get(Field::BrokenFlowPercent),
            m(w.wasted_ads)
        ),
        format!(
            "Incident risk: a {}.{} % chance of a data-exposure incident this month (it grows with your data-exposure score) × {} = {}.",
            w.incident_chance_permille / 10,
            w.incident_chance_permille % 10,
            m(get(Field::IncidentCost)),
            m(w.incident)
        ),
        format!("Total: {}.", m(w.total)),
    ]
}

fn window(
    params: &EstimateParams,
    inputs: &ResolvedInputs,
    facts: &Facts,
    days: u32,
) -> CostWindow {
    let support = formulas::support_cost(
        inputs.get(Field::SupportHoursPerWeek),
        inputs.get(Field::HourlyValue),
        days,
    );
    let refunds = formulas::refunds(inputs.get(Field::RefundsPerMonth), days);
    let lost_leads = formulas::lost_leads(
        inputs.get(Field::LeadsLostPerMonth),
        inputs.get(Field::LeadValue),
        days,
    );
    let wasted_ads = formulas::wasted_ads(
        inputs.get(Field::AdSpendPerMonth),
        inputs.get(Field::BrokenFlowPercent),
        days,
    );
    let chance = formulas::incident_chance_ppm(
        facts.data_exposure_score,
        params.incident_max_monthly_permille,
        days / 30,
    );
    let incident = formulas::expected_incident_cost(inputs.get(Field::IncidentCost), chance);
    CostWindow {
        days,
        support,
        refunds,
        lost_leads,
        wasted_ads,
        incident,
        incident_chance_permille: formulas::div_round(u128::from(chance), 1000) as u32,
        total: support + refunds + lost_leads + wasted_ads + incident,
    }
}

fn diy(facts: &Facts, inputs: &ResolvedInputs, nothing: &DoNothing, sym: &str) -> DiyEstimate {
    let hours: u32 = facts.diy_items.iter().map(|i| i.hours).sum();
    let cost = u64::from(hours) * u64::from(inputs.get(Field::HourlyValue));
    let chance_ppm = formulas::any_incomplete_ppm(facts.diy_items.iter().map(|i| i.miss_percent));
    let rework = formulas::div_round(
        u128::from(chance_ppm) * u128::from(nothing.days_90.total),
        1_000_000,
    );
    let percent = formulas::div_round(u128::from(chance_ppm), 10_000) as u32;
    let summary = match (hours, facts.open_questions) {
        (0, 0) => "Nothing in your answers needs a fix.".to_string(),
        (0, n) => format!("No fix known yet: {n} checklist question{} still open.", if n == 1 { " is" } else { "s are" }),
        _ => format!(
            "About {hours} hours of your time × {}/hour = {}; the chance that at least one fix is left incomplete is {percent} %.",
            format_money(u64::from(inputs.get(Field::HourlyValue)), sym),
            format_money(cost, sym)
        ),
    };
    let mut arithmetic: Vec<String> = facts
        .diy_items
        .iter()
        .map(|i| {
            format!(
                "\u{201c}{}\u{201d}: about {} hours; {} % of founders' own fixes like it are left incomplete.",
                i.label, i.hours, i.miss_percent
            )
        })
        .collect();
    if hours > 0 {
        let survive: Vec<String> = facts
            .diy_items
            .iter()
            .map(|i| format!("{}", 100 - i.miss_percent.min(100)))
            .collect();
        arithmetic.push(format!(
            "At least one fix incomplete: 100 % − ({}) % = {percent} %, counting each fix as done or not on its own.",
            survive.join(" % × ")
        ));
        arithmetic.push(format!(
            "After 90 days: {} + {percent} % × {} (90 days of doing nothing) = {}.",
            format_money(cost, sym),
            format_money(nothing.days_90.total, sym),
            format_money(cost + rework, sym)
        ));
    }
    DiyEstimate {
        hours,
        hourly_value: inputs.get(Field::HourlyValue),
        cost,
        incomplete_chance_percent: percent,
        expected_cost_90_days: cost + rework,
        items: facts.diy_items.clone(),
        summary,
        arithmetic,
    }
}

fn recommend(
    facts: &Facts,
    sprint: &SprintEstimate,
    diy: &DiyEstimate,
    nothing: &DoNothing,
    sym: &str,
) -> Recommendation {
    let money = |v: u64| format_money(v, sym);
    let (choice, text) = if facts.not_a_rescue_case {
        (
            Choice::NotARescueCase,
            "Not a rescue case yet: start with what the verdict suggests instead.".to_string(),
        )
    } else if !facts.has_risks && facts.open_questions > 0 {
        (
            Choice::NotAssessed,
            "Not assessed yet: answer the checklist or scan a file first, so the estimate knows what needs fixing.".to_string(),
        )
    } else if sprint.scope_first {
        (
            Choice::ScopeFirst,
            "More than one sprint's work: scope it first, then fix it in stages.".to_string(),
        )
    } else if !facts.has_risks {
        (
            Choice::Wait,
            "Nothing in your answers needs fixing now: re-check before your next launch or big release."
                .to_string(),
        )
    } else {
        let sprint_cost = sprint.price.map_or(u64::MAX, |p| p.likely);
        let options = [
            (Choice::Wait, nothing.days_90.total),
            (Choice::Diy, diy.expected_cost_90_days),
            (Choice::Sprint, sprint_cost),
        ];
        // A launch blocker (a live key every visitor has) is fixed now, whatever the
        // money says: waiting is not on the list.
        let best = options
            .iter()
            .filter(|(c, _)| !(facts.has_blocker && *c == Choice::Wait))
            .min_by_key(|(_, cost)| *cost)
            .map_or(Choice::Sprint, |(c, _)| *c);
        let compare = format!(
            "Over 90 days: sprint {}, doing it yourself {} (counting the chance of an incomplete fix), doing nothing {}.",
            money(sprint_cost),
            money(diy.expected_cost_90_days),
            money(nothing.days_90.total)
        );
        let lead = match best {
            Choice::Sprint => "The sprint is the cheapest option on your numbers.",
            Choice::Diy => "Doing it yourself is the cheapest option on your numbers; book a sprint if a fix turns out bigger than it looks.",
            _ => "On your numbers, waiting costs least for now; re-run this when your numbers change.",
        };
        let blocker = if facts.has_blocker {
            "The scan found a launch blocker: fix it now, whatever the numbers. "
        } else {
            ""
        };
        let open = match facts.open_questions {
            0 => String::new(),
            n => format!(
                " So far: {n} open question{} may add risks.",
                if n == 1 { "" } else { "s" }
            ),
        };
        (best, format!("{blocker}{lead} {compare}{open}"))
    };
    Recommendation { choice, text }
}

fn break_even(
    sprint: &SprintEstimate,
    nothing: &DoNothing,
    inputs: &ResolvedInputs,
    facts: &Facts,
    sym: &str,
) -> BreakEven {
    let money = |v: u64| format_money(v, sym);
    if !facts.has_risks && facts.open_questions > 0 {
        return BreakEven {
            days: None,
            hours_of_your_time: None,
            sentence: "No break-even yet: nothing is known to need fixing so far.".into(),
        };
    }
    let Some(price) = sprint.price.filter(|_| !facts.not_a_rescue_case) else {
        return BreakEven {
            days: None,
            hours_of_your_time: None,
            sentence: "No sprint price to compare yet: scope the work first.".into(),
        };
    };
    let hours = (inputs.get(Field::HourlyValue) > 0).then(|| {
        formulas::div_ceil(
            u128::from(price.likely),
            u128::from(inputs.get(Field::HourlyValue)),
        )
    });
    let hours_clause = hours.map_or(String::new(), |h| {
        format!(", or if it saves you {h} hours of your own time")
    });
    let days = formulas::break_even_days(price.likely, nothing.days_30.total);
    let sentence = match days {
        Some(d) if d <= 365 => format!(
            "The sprint ({} likely) pays for itself if it stops the {} a month that doing nothing costs you for {d} days{hours_clause}.",
            money(price.likely),
            money(nothing.days_30.total)
        ),
        Some(_) => format!(
            "At {} a month, doing nothing would take more than a year to cost the sprint's {}: it pays for itself only if it prevents an incident you valued at {}{hours_clause}.",
            money(nothing.days_30.total),
            money(price.likely),
            money(u64::from(inputs.get(Field::IncidentCost)))
        ),
        None => format!(
            "At your numbers doing nothing costs nothing measurable: the sprint ({} likely) pays for itself only if it prevents an incident you valued at {}{hours_clause}.",
            money(price.likely),
            money(u64::from(inputs.get(Field::IncidentCost)))
        ),
    };
    BreakEven {
        days,
        hours_of_your_time: hours,
        sentence,
    }
}

#[cfg(test)]
mod tests;
