//! Whole estimates worked through by hand against the built-in `estimate.toml`.

use super::*;
use crate::catalog::assess::Catalog;

fn operator(day_rate: u32) -> OperatorConfig {
    OperatorConfig {
        brand: "shipcheck".into(),
        operator: "Test Operator".into(),
        booking_url: "https://cal.example/test".into(),
        currency: "USD".into(),
        currency_symbol: "$".into(),
        day_rate,
    }
}

fn params() -> &'static EstimateParams {
    Catalog::built_in().estimate_params()
}

#[test]
fn defaults_only_by_hand() {
    let e = estimate(
        params(),
        &Inputs::default(),
        &Facts::default(),
        &operator(1200),
    );
    // Every input was assumed.
    assert_eq!(e.inputs.assumed.len(), 13, "{:?}", e.inputs.assumed);
    assert_eq!(e.inputs.get(Field::DayRate), 1200);
    // Drivers: only "no tests" (assumed) applies: 10 + 1 = 11 half-days.
    let applied: Vec<(&str, u32)> = e
        .sprint
        .drivers
        .iter()
        .filter(|d| d.half_days > 0)
        .map(|d| (d.id.as_str(), d.half_days))
        .collect();
    assert_eq!(applied, [("no-tests", 1)]);
    assert_eq!(e.sprint.total_half_days, 11);
    // Range 10 / 11 / 13 half-days; price 5 × 1,200 = 6,000; 5.5 × 1,200 = 6,600;
    // 6.5 × 1,200 = 7,800.
    let r = e.sprint.half_days.unwrap();
    assert_eq!((r.low, r.likely, r.high), (10, 11, 13));
    let p = e.sprint.price.unwrap();
    assert_eq!((p.low, p.likely, p.high), (6000, 6600, 7800));
    assert_eq!(
        e.sprint.summary,
        "5–6.5 days (likely 5.5): $6,000 – $7,800, likely $6,600 at $1,200/day."
    );
    assert_eq!(
        e.sprint.arithmetic,
        [
            "Length: 5 days base + 0.5 day from the drivers = 5.5 days likely.",
            "Range: 1 day less and more, within 5–7 days: 5 days to 6.5 days.",
            "Low: 5 days × $1,200/day = $6,000.",
            "Likely: 5.5 days × $1,200/day = $6,600.",
            "High: 6.5 days × $1,200/day = $7,800.",
        ]
    );
    // Doing nothing, 30 days: support 3 × 30 × 75 / 7 = 964; one lost $300 lead.
    let d30 = &e.do_nothing.days_30;
    assert_eq!(
        (d30.support, d30.lost_leads, d30.incident, d30.total),
        (964, 300, 0, 1264)
    );
    let d90 = &e.do_nothing.days_90;
    assert_eq!((d90.support, d90.lost_leads, d90.total), (2893, 900, 3793));
    assert_eq!((e.diy.hours, e.diy.cost), (0, 0));
    assert_eq!(e.recommendation.choice, Choice::Wait);
    // 6,600 × 30 / 1,264 = 156.6 → 157 days; 6,600 / 75 = 88 hours.
    assert_eq!(e.break_even.days, Some(157));
    assert_eq!(e.break_even.hours_of_your_time, Some(88));
    assert_eq!(
        e.break_even.sentence,
        "The sprint ($6,600 likely) pays for itself if it stops the $1,264 a month that doing \
         nothing costs you for 157 days, or if it saves you 88 hours of your own time."
    );
}

fn founder_inputs() -> Inputs {
    Inputs::from([
        (Field::DayRate, 1000),
        (Field::HourlyValue, 100),
        (Field::Roles, 2),
        (Field::Integrations, 2),
        (Field::AppSize, AppSize::Small.code()),
        (Field::HasTests, 0),
        (Field::SupportHoursPerWeek, 10),
        (Field::RefundsPerMonth, 500),
        (Field::LeadsLostPerMonth, 4),
        (Field::LeadValue, 250),
        (Field::AdSpendPerMonth, 3000),
        (Field::BrokenFlowPercent, 20),
        (Field::IncidentCost, 20_000),
    ])
}

fn founder_facts() -> Facts {
    Facts {
        serious_issues: 7,
        uses_ai: false,
        no_staging: true,
        diy_items: vec![
            DiyItem {
                id: "secrets-exposed".into(),
                label: "Are any keys in client code?".into(),
                hours: 4,
                miss_percent: 25,
            },
            DiyItem {
                id: "cross-tenant-access".into(),
                label: "Can one customer see another's data?".into(),
                hours: 12,
                miss_percent: 45,
            },
        ],
        data_exposure_score: 60,
        has_risks: true,
        open_questions: 0,
        has_blocker: false,
        not_a_rescue_case: false,
    }
}

#[test]
fn founder_numbers_by_hand() {
    let e = estimate(
        params(),
        &founder_inputs(),
        &founder_facts(),
        &operator(1200),
    );
    assert!(e.inputs.assumed.is_empty());
    // Drivers: 7 serious / 8 = 0, no staging 1, no tests 1: 10 + 2 = 12 half-days.
    assert_eq!(e.sprint.total_half_days, 12);
    let r = e.sprint.half_days.unwrap();
    assert_eq!((r.low, r.likely, r.high), (10, 12, 14));
    // At $1,000/day: 5,000 / (10 + 48 + 14) × 1000 / 12 = 6,000 / 7,000.
    let p = e.sprint.price.unwrap();
    assert_eq!((p.low, p.likely, p.high), (5000, 6000, 7000));
    // 30 days: support 10 × 30 × 100 / 7 = 4,285.7 → 4,286; refunds 500; leads
    // 4 × 250 = 1,000; ads 3,000 × 20 % = 600; incident: data exposure 60 → 6 % a
    // month × 20,000 = 1,200. Total 7,586.
    let d30 = &e.do_nothing.days_30;
    assert_eq!(
        (
            d30.support,
            d30.refunds,
            d30.lost_leads,
            d30.wasted_ads,
            d30.incident,
            d30.total
        ),
        (4286, 500, 1000, 600, 1200, 7586)
    );
    assert_eq!(d30.incident_chance_permille, 60);
    // 90 days: 90,000 / 7 = 12,857.1 → 12,857; 1,500; 3,000; 1,800; incident chance
    // 1 − 0.94³ = 16.9416 % × 20,000 = 3,388.3 → 3,388. Total 22,545.
    let d90 = &e.do_nothing.days_90;
    assert_eq!(
        (
            d90.support,
            d90.refunds,
            d90.lost_leads,
            d90.wasted_ads,
            d90.incident,
            d90.total
        ),
        (12857, 1500, 3000, 1800, 3388, 22545)
    );
    assert_eq!(d90.incident_chance_permille, 169);
    // DIY: 16 h × 100 = 1,600; incomplete 1 − 0.75 × 0.55 = 58.75 % → 59 %;
    // expected 1,600 + 0.5875 × 22,545 (13,245.2 → 13,245) = 14,845.
    assert_eq!(
        (e.diy.hours, e.diy.cost, e.diy.incomplete_chance_percent),
        (16, 1600, 59)
    );
    assert_eq!(e.diy.expected_cost_90_days, 14_845);
    // Sprint 6,000 < DIY 14,845 < nothing 22,545.
    assert_eq!(e.recommendation.choice, Choice::Sprint);
    assert!(
        e.recommendation
            .text
            .contains("sprint $6,000, doing it yourself $14,845"),
        "{}",
        e.recommendation.text
    );
    // 6,000 × 30 / 7,586 = 23.7 → 24 days; 6,000 / 100 = 60 hours.
    assert_eq!(e.break_even.days, Some(24));
    assert_eq!(e.break_even.hours_of_your_time, Some(60));
}

#[test]
fn past_seven_days_is_scope_first() {
    let mut inputs = founder_inputs();
    inputs.set(Field::Roles, Some(5)); // +1
    inputs.set(Field::Integrations, Some(7)); // +2
    inputs.set(Field::AppSize, Some(AppSize::Large.code())); // +3
    let mut facts = founder_facts();
    facts.uses_ai = true; // +1
    facts.serious_issues = 16; // +2
    let e = estimate(params(), &inputs, &facts, &operator(1200));
    // 10 + 2 + 1 + 2 + 1 + 1 (no staging) + 1 (no tests) + 3 = 21 half-days = 10.5 days.
    assert_eq!(e.sprint.total_half_days, 21);
    assert!(e.sprint.scope_first);
    assert_eq!((e.sprint.half_days, e.sprint.price), (None, None));
    assert_eq!(
        e.sprint.summary,
        "More than one sprint: scope first. The drivers add up to 10.5 days, past the 7-day sprint."
    );
    assert_eq!(e.recommendation.choice, Choice::ScopeFirst);
    assert_eq!(e.break_even.days, None);
}

#[test]
fn cheaper_options_win_and_zero_costs_say_so() {
    // A founder whose own time is cheap and whose problems are small: DIY wins.
    let mut inputs = founder_inputs();
    inputs.set(Field::HourlyValue, Some(10));
    inputs.set(Field::SupportHoursPerWeek, Some(0));
    inputs.set(Field::RefundsPerMonth, Some(0));
    inputs.set(Field::LeadsLostPerMonth, Some(0));
    inputs.set(Field::AdSpendPerMonth, Some(0));
    let mut facts = founder_facts();
    facts.data_exposure_score = 0;
    let e = estimate(params(), &inputs, &facts, &operator(1200));
    assert_eq!(e.do_nothing.days_90.total, 0);
    // Nothing costs 0 and wins the comparison; the break-even says it plainly.
    assert_eq!(e.recommendation.choice, Choice::Wait);
    assert_eq!(e.break_even.days, None);
    assert!(e
        .break_even
        .sentence
        .starts_with("At your numbers doing nothing costs nothing measurable"));
    // With a launch blocker, waiting is off the list even when it costs nothing.
    facts.has_blocker = true;
    let e = estimate(params(), &inputs, &facts, &operator(1200));
    assert_eq!(e.recommendation.choice, Choice::Diy);
    assert!(e
        .recommendation
        .text
        .starts_with("The scan found a launch blocker: fix it now"));
    facts.has_blocker = false;
    // With a small incident risk, DIY (160 + rework) beats the sprint.
    facts.data_exposure_score = 10;
    let e = estimate(params(), &inputs, &facts, &operator(1200));
    assert_eq!(
        e.recommendation.choice,
        Choice::Diy,
        "{}",
        e.recommendation.text
    );
    facts.not_a_rescue_case = true;
    let e = estimate(params(), &inputs, &facts, &operator(1200));
    assert_eq!(e.recommendation.choice, Choice::NotARescueCase);
}

/// The calibration estimate.toml promises: a small clean app is 5 days, the seeds'
/// typical case 6.5, a heavy one more than one sprint.
#[test]
fn driver_calibration() {
    let base = Inputs::from([
        (Field::HasTests, 1),
        (Field::AppSize, AppSize::Small.code()),
    ]);
    let clean = Facts {
        serious_issues: 2,
        has_risks: true,
        ..Facts::default()
    };
    let days = |inputs: &Inputs, facts: &Facts| {
        estimate(params(), inputs, facts, &operator(1200))
            .sprint
            .total_half_days
    };
    assert_eq!(days(&base, &clean), 10);
    let typical_inputs = Inputs::from([
        (Field::HasTests, 0),
        (Field::AppSize, AppSize::Medium.code()),
    ]);
    let typical = Facts {
        serious_issues: 6,
        no_staging: true,
        has_risks: true,
        ..Facts::default()
    };
    assert_eq!(days(&typical_inputs, &typical), 13);
    let mut heavy_inputs = typical_inputs.clone();
    heavy_inputs.set(Field::AppSize, Some(AppSize::Large.code()));
    heavy_inputs.set(Field::Roles, Some(7));
    let e = estimate(params(), &heavy_inputs, &typical, &operator(1200));
    assert!(e.sprint.scope_first, "{}", e.sprint.summary);
}
