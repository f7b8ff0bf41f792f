//! The numeric inputs a founder types: readiness figures and estimate inputs.
//!
//! One [`Field`] per input, each knowing its label, the unit it is typed in, the
//! integer unit it is stored in, and its sensible range. [`Field::parse`] turns what a
//! founder typed ("1.8 s", "$1,200", "0.5%") into that integer or a message the UI
//! shows next to the box. Parsing is exact decimal arithmetic: no floats, so "0.29"
//! stays 29 hundredths and nothing drifts.

use serde::Serialize;

use super::decimal::{decimal, has_fraction, parse_scaled, strip_currency_code, NumberError};
use super::State;

/// One numeric input of the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    CriticalApiP95,
    CoreReadP95,
    DashboardLoad,
    ErrorRate,
    DayRate,
    HourlyValue,
    Roles,
    Integrations,
    SupportHoursPerWeek,
    RefundsPerMonth,
    LeadsLostPerMonth,
    LeadValue,
    AdSpendPerMonth,
    BrokenFlowPercent,
    IncidentCost,
}

/// What kind of quantity a field holds, which decides the units it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Typed in milliseconds (or with an `s` suffix), stored in milliseconds.
    Millis,
    /// Typed in seconds (or with an `ms` suffix), stored in milliseconds.
    Seconds,
    /// Typed in percent with up to two decimals, stored in hundredths of a percent.
    Percent,
    /// A whole percent, 0..=100.
    WholePercent,
    /// Whole units of the operator's currency; cents are rounded half up.
    Money,
    /// A count: whole numbers only.
    Count,
    /// Hours; decimals are rounded half up to whole hours.
    Hours,
}

/// Why a typed value was refused. `message` is written for the founder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.label(), self.message)
    }
}

impl std::error::Error for FieldError {}

impl Field {
    /// The four readiness figures, in the order the readiness page asks for them.
    pub const FIGURES: [Field; 4] = [
        Field::CriticalApiP95,
        Field::CoreReadP95,
        Field::DashboardLoad,
        Field::ErrorRate,
    ];

    /// The numeric estimate inputs, in the order the estimate page asks for them.
    pub const ESTIMATE: [Field; 11] = [
        Field::DayRate,
        Field::HourlyValue,
        Field::Roles,
        Field::Integrations,
        Field::SupportHoursPerWeek,
        Field::RefundsPerMonth,
        Field::LeadsLostPerMonth,
        Field::LeadValue,
        Field::AdSpendPerMonth,
        Field::BrokenFlowPercent,
        Field::IncidentCost,
    ];

    /// Every field: figures then estimate inputs.
    pub fn all() -> impl Iterator<Item = Field> {
        Field::FIGURES.into_iter().chain(Field::ESTIMATE)
    }

    /// The kebab-case id ("critical-api-p95"), as in `readiness.toml`.
    pub fn id(self) -> &'static str {
        match self {
            Field::CriticalApiP95 => "critical-api-p95",
            Field::CoreReadP95 => "core-read-p95",
            Field::DashboardLoad => "dashboard-load",
            Field::ErrorRate => "error-rate",
            Field::DayRate => "day-rate",
            Field::HourlyValue => "hourly-value",
            Field::Roles => "roles",
            Field::Integrations => "integrations",
            Field::SupportHoursPerWeek => "support-hours-per-week",
            Field::RefundsPerMonth => "refunds-per-month",
            Field::LeadsLostPerMonth => "leads-lost-per-month",
            Field::LeadValue => "lead-value",
            Field::AdSpendPerMonth => "ad-spend-per-month",
            Field::BrokenFlowPercent => "broken-flow-percent",
            Field::IncidentCost => "incident-cost",
        }
    }

    /// The field whose id is `id`.
    pub fn from_id(id: &str) -> Option<Field> {
        Field::all().find(|f| f.id() == id)
    }

    /// The key in the storage and answers-file JSON (`figures` or `estimate` object);
    /// its suffix names the unit a bare JSON number is read in.
    pub fn json_key(self) -> &'static str {
        match self {
            Field::CriticalApiP95 => "critical_api_p95_ms",
            Field::CoreReadP95 => "core_read_p95_ms",
            Field::DashboardLoad => "dashboard_load_s",
            Field::ErrorRate => "error_rate_percent",
            Field::DayRate => "day_rate",
            Field::HourlyValue => "hourly_value",
            Field::Roles => "roles",
            Field::Integrations => "integrations",
            Field::SupportHoursPerWeek => "support_hours_per_week",
            Field::RefundsPerMonth => "refunds_per_month",
            Field::LeadsLostPerMonth => "leads_lost_per_month",
            Field::LeadValue => "lead_value",
            Field::AdSpendPerMonth => "ad_spend_per_month",
            Field::BrokenFlowPercent => "broken_flow_percent",
            Field::IncidentCost => "incident_cost",
        }
    }

    /// The field whose JSON key is `key`.
    pub fn from_json_key(key: &str) -> Option<Field> {
        Field::all().find(|f| f.json_key() == key)
    }

    /// The label shown next to the input.
    pub fn label(self) -> &'static str {
        match self {
            Field::CriticalApiP95 => "Critical API p95 (ms)",
            Field::CoreReadP95 => "Core read p95 (ms)",
            Field::DashboardLoad => "Dashboard load (seconds)",
            Field::ErrorRate => "Error rate on core flows (%)",
            Field::DayRate => "Day rate",
            Field::HourlyValue => "Your time, per hour",
            Field::Roles => "User roles",
            Field::Integrations => "Third-party integrations",
            Field::SupportHoursPerWeek => "Support hours per week caused by bugs",
            Field::RefundsPerMonth => "Refunds per month caused by bugs",
            Field::LeadsLostPerMonth => "Leads or bookings lost per month",
            Field::LeadValue => "Value of one lead or booking",
            Field::AdSpendPerMonth => "Ad spend per month",
            Field::BrokenFlowPercent => "Share of paid traffic hitting a broken or slow flow (%)",
            Field::IncidentCost => "Cost of one data-exposure incident",
        }
    }

    /// The kind of quantity, which decides units and rounding.
    pub fn kind(self) -> Kind {
        match self {
            Field::CriticalApiP95 | Field::CoreReadP95 => Kind::Millis,
            Field::DashboardLoad => Kind::Seconds,
            Field::ErrorRate => Kind::Percent,
            Field::BrokenFlowPercent => Kind::WholePercent,
            Field::DayRate
            | Field::HourlyValue
            | Field::RefundsPerMonth
            | Field::LeadValue
            | Field::AdSpendPerMonth
            | Field::IncidentCost => Kind::Money,
            Field::Roles | Field::Integrations | Field::LeadsLostPerMonth => Kind::Count,
            Field::SupportHoursPerWeek => Kind::Hours,
        }
    }

    /// The accepted range, inclusive, in stored units. Anything outside is a typo or
    /// a wrong unit far more often than a real figure.
    pub fn range(self) -> (u32, u32) {
        match self {
            // One millisecond to ten minutes.
            Field::CriticalApiP95 | Field::CoreReadP95 | Field::DashboardLoad => (1, 600_000),
            Field::ErrorRate => (0, 10_000),
            Field::BrokenFlowPercent => (0, 100),
            // Same bounds as operator.toml's day_rate.
            Field::DayRate => (1, 100_000),
            Field::HourlyValue => (0, 10_000),
            Field::Roles => (1, 100),
            Field::Integrations => (0, 200),
            Field::SupportHoursPerWeek => (0, 168),
            Field::LeadsLostPerMonth => (0, 1_000_000),
            Field::RefundsPerMonth | Field::AdSpendPerMonth => (0, 100_000_000),
            Field::LeadValue => (0, 10_000_000),
            Field::IncidentCost => (0, 1_000_000_000),
        }
    }

    /// One character naming the field inside its URL-fragment section.
    pub(crate) fn fragment_letter(self) -> char {
        match self {
            Field::CriticalApiP95 => 'c',
            Field::CoreReadP95 => 'r',
            Field::DashboardLoad => 'd',
            Field::ErrorRate => 'e',
            Field::DayRate => 'd',
            Field::HourlyValue => 'h',
            Field::Roles => 'r',
            Field::Integrations => 'i',
            Field::SupportHoursPerWeek => 's',
            Field::RefundsPerMonth => 'f',
            Field::LeadsLostPerMonth => 'l',
            Field::LeadValue => 'v',
            Field::AdSpendPerMonth => 'a',
            Field::BrokenFlowPercent => 'b',
            Field::IncidentCost => 'x',
        }
    }

    /// Reads the field from a state.
    pub fn get(self, state: &State) -> Option<u32> {
        let (f, e) = (&state.figures, &state.estimate);
        match self {
            Field::CriticalApiP95 => f.critical_api_p95_ms,
            Field::CoreReadP95 => f.core_read_p95_ms,
            Field::DashboardLoad => f.dashboard_load_ms,
            Field::ErrorRate => f.error_rate_bp,
            Field::DayRate => e.day_rate,
            Field::HourlyValue => e.hourly_value,
            Field::Roles => e.roles,
            Field::Integrations => e.integrations,
            Field::SupportHoursPerWeek => e.support_hours_per_week,
            Field::RefundsPerMonth => e.refunds_per_month,
            Field::LeadsLostPerMonth => e.leads_lost_per_month,
            Field::LeadValue => e.lead_value,
            Field::AdSpendPerMonth => e.ad_spend_per_month,
            Field::BrokenFlowPercent => e.broken_flow_percent,
            Field::IncidentCost => e.incident_cost,
        }
    }

    /// Writes the field into a state (`None` clears it).
    pub fn set(self, state: &mut State, value: Option<u32>) {
        let (f, e) = (&mut state.figures, &mut state.estimate);
        let slot = match self {
            Field::CriticalApiP95 => &mut f.critical_api_p95_ms,
            Field::CoreReadP95 => &mut f.core_read_p95_ms,
            Field::DashboardLoad => &mut f.dashboard_load_ms,
            Field::ErrorRate => &mut f.error_rate_bp,
            Field::DayRate => &mut e.day_rate,
            Field::HourlyValue => &mut e.hourly_value,
            Field::Roles => &mut e.roles,
            Field::Integrations => &mut e.integrations,
            Field::SupportHoursPerWeek => &mut e.support_hours_per_week,
            Field::RefundsPerMonth => &mut e.refunds_per_month,
            Field::LeadsLostPerMonth => &mut e.leads_lost_per_month,
            Field::LeadValue => &mut e.lead_value,
            Field::AdSpendPerMonth => &mut e.ad_spend_per_month,
            Field::BrokenFlowPercent => &mut e.broken_flow_percent,
            Field::IncidentCost => &mut e.incident_cost,
        };
        *slot = value;
    }

    /// Checks a stored value against the field's range.
    pub fn check(self, value: u32) -> Result<u32, FieldError> {
        let (min, max) = self.range();
        if value < min {
            return Err(self.error(format!("must be at least {}", self.format_typed(min))));
        }
        if value > max {
            return Err(self.error(format!(
                "{} is more than {}: check the number and its unit",
                self.format_typed(value),
                self.format_typed(max)
            )));
        }
        Ok(value)
    }

    /// Parses what a founder typed. Empty text clears the field (`Ok(None)`).
    ///
    /// Accepts thousands separators (`1,200`), a currency symbol or code for money,
    /// `ms`/`s` suffixes for times and `%` for percentages.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::state::Field;
    /// assert_eq!(Field::DashboardLoad.parse("1.8"), Ok(Some(1800)));
    /// assert_eq!(Field::DashboardLoad.parse("950 ms"), Ok(Some(950)));
    /// assert_eq!(Field::ErrorRate.parse("0.5%"), Ok(Some(50)));
    /// assert_eq!(Field::DayRate.parse("$1,200"), Ok(Some(1200)));
    /// assert!(Field::CriticalApiP95.parse("-5").is_err());
    /// ```
    pub fn parse(self, text: &str) -> Result<Option<u32>, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.len() > 40 {
            return Err(self.error("is too long to be a number".into()));
        }
        let (number, scale) = self.split_unit(text)?;
        let value = parse_scaled(number, scale).map_err(|e| self.error(e.message(self)))?;
        if self.kind() == Kind::Count && has_fraction(number) {
            return Err(self.error("must be a whole number".into()));
        }
        let value = u32::try_from(value).map_err(|_| {
            self.error(format!(
                "is more than {}: check the number and its unit",
                self.format_typed(self.range().1)
            ))
        })?;
        self.check(value).map(Some)
    }

    /// Splits a unit suffix or currency off `text`; returns the number and how many
    /// stored units one typed unit is.
    fn split_unit(self, text: &str) -> Result<(&str, u64), FieldError> {
        let lower = text.to_ascii_lowercase();
        let cut = |suffixes: &[&str]| {
            suffixes
                .iter()
                .find(|s| lower.ends_with(*s))
                .map(|s| text[..text.len() - s.len()].trim_end())
        };
        match self.kind() {
            Kind::Millis | Kind::Seconds => {
                if let Some(n) = cut(&["milliseconds", "millisecond", "ms"]) {
                    return Ok((n, 1));
                }
                if let Some(n) = cut(&["seconds", "second", "secs", "sec", "s"]) {
                    return Ok((n, 1000));
                }
                Ok((
                    text,
                    if self.kind() == Kind::Seconds {
                        1000
                    } else {
                        1
                    },
                ))
            }
            Kind::Percent => Ok((cut(&["%"]).unwrap_or(text), 100)),
            Kind::WholePercent => Ok((cut(&["%"]).unwrap_or(text), 1)),
            Kind::Money => {
                let t = text.trim_start_matches(['$', '€', '£', '¥']).trim();
                let t = strip_currency_code(t);
                Ok((t, 1))
            }
            Kind::Hours => Ok((cut(&["hours", "hour", "hrs", "hr", "h"]).unwrap_or(text), 1)),
            Kind::Count => Ok((text, 1)),
        }
    }

    /// A stored value written back in the unit the founder types it in ("1.8" for a
    /// dashboard load of 1800 ms; "0.5" for an error rate of 50 hundredths).
    pub fn format_typed(self, value: u32) -> String {
        match self.kind() {
            Kind::Seconds => decimal(value, 1000),
            Kind::Percent => decimal(value, 100),
            _ => value.to_string(),
        }
    }

    fn error(self, message: String) -> FieldError {
        FieldError {
            field: self,
            message,
        }
    }
}

impl NumberError {
    fn message(self, field: Field) -> String {
        match self {
            NumberError::Negative => "can't be negative".into(),
            NumberError::NotANumber => format!(
                "enter a number, like {}",
                field.format_typed(example(field))
            ),
            NumberError::TooBig => format!(
                "is more than {}: check the number and its unit",
                field.format_typed(field.range().1)
            ),
            NumberError::CommaDecimal => {
                "use a dot for decimals (1.5); commas separate thousands (1,200)".into()
            }
        }
    }
}

fn example(field: Field) -> u32 {
    match field.kind() {
        Kind::Millis => 420,
        Kind::Seconds => 1800,
        Kind::Percent => 50,
        Kind::WholePercent => 10,
        Kind::Money => 1200,
        Kind::Count => 3,
        Kind::Hours => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_founders_type() {
        let ok = [
            (Field::CriticalApiP95, "420", 420),
            (Field::CriticalApiP95, " 420 ms ", 420),
            (Field::CriticalApiP95, "0.42s", 420),
            (Field::CriticalApiP95, "420.5", 421),
            (Field::CriticalApiP95, "1,200", 1200),
            (Field::DashboardLoad, "1.8", 1800),
            (Field::DashboardLoad, "1.8 seconds", 1800),
            (Field::DashboardLoad, "950ms", 950),
            (Field::DashboardLoad, ".5", 500),
            (Field::ErrorRate, "0.5", 50),
            (Field::ErrorRate, "0.5 %", 50),
            (Field::ErrorRate, "0.005", 1),
            (Field::ErrorRate, "0", 0),
            (Field::ErrorRate, "100", 10_000),
            (Field::DayRate, "$1,200", 1200),
            (Field::DayRate, "1200.49", 1200),
            (Field::DayRate, "1200.50", 1201),
            (Field::DayRate, "EUR 900", 900),
            (Field::DayRate, "900 usd", 900),
            (Field::DayRate, "+900", 900),
            (Field::IncidentCost, "25 000", 25_000),
            (Field::Roles, "3", 3),
            (Field::Roles, "3.0", 3),
            (Field::SupportHoursPerWeek, "2.5h", 3),
            (Field::BrokenFlowPercent, "15%", 15),
        ];
        for (field, text, want) in ok {
            assert_eq!(field.parse(text), Ok(Some(want)), "{field:?} {text:?}");
        }
        assert_eq!(Field::Roles.parse("   "), Ok(None));
    }

    #[test]
    fn refuses_with_a_message_per_field() {
        let bad = [
            (Field::CriticalApiP95, "-5", "can't be negative"),
            (Field::CriticalApiP95, "fast", "enter a number, like 420"),
            (Field::CriticalApiP95, "0", "must be at least 1"),
            (
                Field::CriticalApiP95,
                "3600s",
                "3600000 is more than 600000",
            ),
            (Field::DashboardLoad, "abc", "enter a number, like 1.8"),
            (Field::ErrorRate, "150%", "150 is more than 100"),
            (Field::ErrorRate, "1,5", "use a dot for decimals"),
            (Field::DayRate, "0", "must be at least 1"),
            (
                Field::DayRate,
                "99999999999999999999",
                "is more than 100000",
            ),
            (Field::Roles, "2.5", "must be a whole number"),
            (Field::Roles, "1e3", "enter a number"),
            (Field::SupportHoursPerWeek, "200", "200 is more than 168"),
            (Field::LeadValue, "12.34.56", "enter a number"),
            (Field::LeadValue, "--", "can't be negative"),
            (Field::LeadValue, ".", "enter a number"),
            (Field::LeadValue, ",100", "enter a number"),
        ];
        for (field, text, want) in bad {
            let err = field.parse(text).unwrap_err();
            assert!(
                err.message.contains(want),
                "{field:?} {text:?}: {:?}",
                err.message
            );
            assert!(err.to_string().starts_with(field.label()), "{err}");
        }
        let long = "9".repeat(100);
        assert!(Field::LeadValue.parse(&long).is_err());
    }

    #[test]
    fn typed_format_parses_back_to_the_same_value() {
        for field in Field::all() {
            let (min, max) = field.range();
            for v in [min, min + 1, max / 3, max - 1, max, 1234.clamp(min, max)] {
                let text = field.format_typed(v);
                assert_eq!(field.parse(&text), Ok(Some(v)), "{field:?} {text}");
            }
        }
    }

    #[test]
    fn ids_match_the_serde_names() {
        for field in Field::all() {
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.id()));
            assert_eq!(Field::from_id(field.id()), Some(field));
            assert_eq!(Field::from_json_key(field.json_key()), Some(field));
        }
    }

    #[test]
    fn json_keys_and_fragment_letters_are_unique_where_they_meet() {
        let keys: std::collections::BTreeSet<_> = Field::all().map(Field::json_key).collect();
        assert_eq!(keys.len(), Field::all().count());
        for group in [&Field::FIGURES[..], &Field::ESTIMATE[..]] {
            let letters: std::collections::BTreeSet<_> =
                group.iter().map(|f| f.fragment_letter()).collect();
            assert_eq!(letters.len(), group.len());
            // 'z' and 't' are the estimate's app size and has-tests entries.
            assert!(!letters.contains(&'z') && !letters.contains(&'t'));
        }
    }
}
