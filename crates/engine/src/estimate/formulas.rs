//! Every cost formula of the estimate, in one place, in integer arithmetic.
//!
//! Money is in whole units of the operator's currency. Each formula multiplies first
//! and divides once at the end, rounding half up ([`div_round`]), so what is shown is
//! exact for the inputs and never drifts the way floats do. Probabilities are in
//! parts per million (ppm) inside, shown as whole percent or per mille.
//!
//! The test at the bottom works each formula through by hand.

use serde::Serialize;

/// `n / d` rounded half up (`d` > 0). The only rounding step in the estimate.
pub fn div_round(n: u128, d: u128) -> u64 {
    debug_assert!(d > 0);
    let q = (n + d / 2) / d.max(1);
    u64::try_from(q).unwrap_or(u64::MAX)
}

/// `n / d` rounded up (`d` > 0).
pub fn div_ceil(n: u128, d: u128) -> u64 {
    u64::try_from(n.div_ceil(d.max(1))).unwrap_or(u64::MAX)
}

/// Low / likely / high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ThreePoint {
    pub low: u64,
    pub likely: u64,
    pub high: u64,
}

/// The three-point range in half-days around the likely length, kept inside
/// `base..=max`: low = max(base, likely − spread), high = min(max, likely + spread).
/// `None` when `likely` is past `max`: more than one sprint.
pub fn sprint_range(likely: u32, base: u32, max: u32, spread: u32) -> Option<ThreePoint> {
    if likely > max {
        return None;
    }
    let likely = likely.max(base);
    Some(ThreePoint {
        low: u64::from(likely.saturating_sub(spread).max(base)),
        likely: u64::from(likely),
        high: u64::from((likely + spread).min(max)),
    })
}

/// Price of a range of half-days at a day rate: each end is its days × the rate,
/// so every price a founder sees is the arithmetic shown beside it (5.5 days ×
/// $1,000 = $5,500; a weighted mean would give $5,583 and look made up).
pub fn sprint_price(half_days: ThreePoint, day_rate: u32) -> ThreePoint {
    let rate = u128::from(day_rate);
    let price = |h: u64| div_round(u128::from(h) * rate, 2);
    ThreePoint {
        low: price(half_days.low),
        likely: price(half_days.likely),
        high: price(half_days.high),
    }
}

/// The chance, in ppm, that at least one of several fixes is incomplete, when each
/// is independently incomplete with the given percent: 1 − Π(1 − pᵢ).
pub fn any_incomplete_ppm(miss_percents: impl IntoIterator<Item = u32>) -> u64 {
    let mut survive: u128 = 1_000_000;
    for p in miss_percents {
        let p = u128::from(p.min(100));
        survive = u128::from(div_round(survive * (100 - p), 100));
    }
    1_000_000 - survive.min(1_000_000) as u64
}

/// Support time: hours per week × days / 7 × hourly value.
pub fn support_cost(hours_per_week: u32, hourly_value: u32, days: u32) -> u64 {
    div_round(
        u128::from(hours_per_week) * u128::from(days) * u128::from(hourly_value),
        7,
    )
}

/// Refunds: per month × days / 30.
pub fn refunds(per_month: u32, days: u32) -> u64 {
    div_round(u128::from(per_month) * u128::from(days), 30)
}

/// Lost leads: leads per month × value of one × days / 30.
pub fn lost_leads(per_month: u32, lead_value: u32, days: u32) -> u64 {
    div_round(
        u128::from(per_month) * u128::from(lead_value) * u128::from(days),
        30,
    )
}

/// Wasted ad spend: spend per month × percent hitting a broken flow / 100 × days / 30.
pub fn wasted_ads(spend_per_month: u32, broken_percent: u32, days: u32) -> u64 {
    div_round(
        u128::from(spend_per_month) * u128::from(broken_percent) * u128::from(days),
        3000,
    )
}

/// Chance, in ppm, of at least one data-exposure incident in `months`, when the
/// monthly chance is the data-exposure category score (0..=100) times
/// `max_monthly_permille` / 100: 1 − (1 − p)^months.
pub fn incident_chance_ppm(
    data_exposure_score: u32,
    max_monthly_permille: u32,
    months: u32,
) -> u64 {
    let monthly_ppm =
        u128::from(data_exposure_score.min(100)) * u128::from(max_monthly_permille) * 10;
    let monthly_ppm = monthly_ppm.min(1_000_000);
    let mut survive: u128 = 1_000_000;
    for _ in 0..months {
        survive = u128::from(div_round(survive * (1_000_000 - monthly_ppm), 1_000_000));
    }
    1_000_000 - survive as u64
}

/// Expected incident cost: cost of one incident × its chance.
pub fn expected_incident_cost(incident_cost: u32, chance_ppm: u64) -> u64 {
    div_round(
        u128::from(incident_cost) * u128::from(chance_ppm),
        1_000_000,
    )
}

/// Days until the sprint's price equals what doing nothing costs: price × 30 /
/// monthly cost, rounded up. `None` when doing nothing costs nothing.
pub fn break_even_days(price: u64, do_nothing_per_30_days: u64) -> Option<u64> {
    (do_nothing_per_30_days > 0)
        .then(|| div_ceil(u128::from(price) * 30, u128::from(do_nothing_per_30_days)))
}

/// Money with thousands separators: `format_money(12400, "$") == "$12,400"`.
pub fn format_money(amount: u64, symbol: &str) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + symbol.len());
    out.push_str(symbol);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number of half-days as days: 11 → "5.5", 12 → "6".
pub fn half_days_label(half_days: u64) -> String {
    if half_days.is_multiple_of(2) {
        (half_days / 2).to_string()
    } else {
        format!("{}.5", half_days / 2)
    }
}

/// Half-days as days with the word: 2 → "1 day", 1 → "0.5 day", 11 → "5.5 days".
pub fn days(half_days: u64) -> String {
    let unit = if half_days <= 2 { "day" } else { "days" };
    format!("{} {unit}", half_days_label(half_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(4, 3), 1);
        assert_eq!(div_round(5, 3), 2);
        assert_eq!(div_round(0, 7), 0);
        assert_eq!(div_ceil(7, 7), 1);
        assert_eq!(div_ceil(8, 7), 2);
    }

    #[test]
    fn sprint_range_and_price_by_hand() {
        // 12 half-days likely, spread 2, inside 10..=14: 10 / 12 / 14.
        let r = sprint_range(12, 10, 14, 2).unwrap();
        assert_eq!((r.low, r.likely, r.high), (10, 12, 14));
        // At $1,200/day: 5 days = 6,000; 6 days = 7,200; 7 days = 8,400.
        let p = sprint_price(r, 1200);
        assert_eq!((p.low, p.likely, p.high), (6000, 7200, 8400));
        // The minimum sprint: 10 / 10 / 12 half-days at $1,000: 5,000 / 5,000 / 6,000.
        let r = sprint_range(10, 10, 14, 2).unwrap();
        assert_eq!((r.low, r.likely, r.high), (10, 10, 12));
        let p = sprint_price(r, 1000);
        assert_eq!((p.low, p.likely, p.high), (5000, 5000, 6000));
        // 5.5 days at $1,000 is $5,500, never $5,583.
        assert_eq!(
            sprint_price(sprint_range(11, 10, 14, 2).unwrap(), 1000).likely,
            5500
        );
        // At the ceiling: 12 / 14 / 14.
        let r = sprint_range(14, 10, 14, 2).unwrap();
        assert_eq!((r.low, r.likely, r.high), (12, 14, 14));
        assert_eq!(sprint_range(15, 10, 14, 2), None);
    }

    #[test]
    fn incomplete_fix_chance_by_hand() {
        assert_eq!(any_incomplete_ppm([]), 0);
        assert_eq!(any_incomplete_ppm([25]), 250_000);
        // 1 − 0.75 × 0.55 = 1 − 0.4125 = 0.5875.
        assert_eq!(any_incomplete_ppm([25, 45]), 587_500);
        // 1 − 0.85 × 0.7 × 0.6 = 1 − 0.357 = 0.643.
        assert_eq!(any_incomplete_ppm([15, 30, 40]), 643_000);
        assert_eq!(any_incomplete_ppm([100, 10]), 1_000_000);
    }

    #[test]
    fn doing_nothing_by_hand() {
        // 3 h/week × 30 days / 7 × $75 = 6,750 / 7 = 964.29 → 964.
        assert_eq!(support_cost(3, 75, 30), 964);
        // 90 days: 20,250 / 7 = 2,892.86 → 2,893 (not 3 × 964: one rounding only).
        assert_eq!(support_cost(3, 75, 90), 2893);
        assert_eq!(refunds(400, 30), 400);
        assert_eq!(refunds(400, 90), 1200);
        // 1 lead × $300 × 30 / 30.
        assert_eq!(lost_leads(1, 300, 30), 300);
        // $2,000 × 10 % × 30 / 30 = 200; 90 days: 600.
        assert_eq!(wasted_ads(2000, 10, 30), 200);
        assert_eq!(wasted_ads(2000, 10, 90), 600);
        assert_eq!(wasted_ads(999, 1, 30), 10); // 9.99 → 10
    }

    #[test]
    fn incident_expectation_by_hand() {
        // Data exposure 50 of 100, max 100 ‰ a month: 5 % a month.
        assert_eq!(incident_chance_ppm(50, 100, 1), 50_000);
        // Three months: 1 − 0.95³ = 1 − 0.857375 = 0.142625.
        assert_eq!(incident_chance_ppm(50, 100, 3), 142_625);
        // $10,000 × 5 % = 500; × 14.2625 % = 1,426.25 → 1,426.
        assert_eq!(expected_incident_cost(10_000, 50_000), 500);
        assert_eq!(expected_incident_cost(10_000, 142_625), 1426);
        assert_eq!(incident_chance_ppm(0, 100, 3), 0);
        assert_eq!(incident_chance_ppm(100, 1000, 1), 1_000_000);
    }

    #[test]
    fn break_even_by_hand() {
        // $7,200 against $1,464 a month: 7,200 × 30 / 1,464 = 147.5 → 148 days.
        assert_eq!(break_even_days(7200, 1464), Some(148));
        assert_eq!(break_even_days(7200, 7200), Some(30));
        assert_eq!(break_even_days(7200, 0), None);
    }

    #[test]
    fn labels() {
        assert_eq!(format_money(0, "$"), "$0");
        assert_eq!(format_money(999, "$"), "$999");
        assert_eq!(format_money(1000, "€"), "€1,000");
        assert_eq!(format_money(12_345_678, "£"), "£12,345,678");
        assert_eq!(half_days_label(11), "5.5");
        assert_eq!(half_days_label(14), "7");
        assert_eq!(days(2), "1 day");
        assert_eq!(days(1), "0.5 day");
        assert_eq!(days(11), "5.5 days");
    }
}
