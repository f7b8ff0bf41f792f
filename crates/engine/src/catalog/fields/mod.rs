//! Every input a founder types or picks, in one table: the readiness figures and the
//! estimate's inputs.
//!
//! [`FIELDS`] holds, for each [`Field`], everything that is spelled out about it: its
//! id, its key in the saved JSON, its letter in a share link, the group the page asks
//! it in, its label, the kind of quantity (which decides the units it accepts and how
//! it is stored) and its sensible range. The state type, the share-link codec, the
//! saved-state reader (which also reads `shipcheck assess --answers` files), the
//! estimate's defaults in `estimate.toml` and the page's field list are all derived
//! from it; nothing else names a field's key or letter.
//!
//! Every value is stored as a whole number in the field's storage unit
//! (milliseconds, hundredths of a percent, whole currency units, a choice's position,
//! 0/1 for yes/no), so that it round-trips exactly. [`Field::parse`] turns what a
//! founder typed ("1.8 s", "$1,200", "0.5%") into that number or a message the page
//! shows next to the box. Parsing is exact decimal arithmetic: no floats, so "0.29"
//! stays 29 hundredths and nothing drifts.

mod decimal;

use serde::Serialize;
use serde_json::Value;

pub(crate) use decimal::decimal;
use decimal::{has_fraction, parse_scaled, strip_currency_code, NumberError};

/// One input of the state. The order is the order of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    CriticalApiP95,
    CoreReadP95,
    DashboardLoad,
    ErrorRate,
    DayRate,
    Roles,
    Integrations,
    AppSize,
    HasTests,
    HourlyValue,
    SupportHoursPerWeek,
    RefundsPerMonth,
    LeadsLostPerMonth,
    LeadValue,
    AdSpendPerMonth,
    BrokenFlowPercent,
    IncidentCost,
}

/// Where a field is asked, and saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// The founder's own measurements for the numeric readiness gates.
    Figures,
    /// The estimate's picture of the app (what sizes the sprint).
    App,
    /// What the problems cost the founder today (what doing nothing costs).
    Costs,
}

impl Group {
    /// The object the group's values are saved in (`figures` or `estimate`).
    pub fn json_section(self) -> &'static str {
        match self {
            Group::Figures => "figures",
            Group::App | Group::Costs => "estimate",
        }
    }

    /// The share-link section the group's values are written in.
    pub(crate) fn fragment_section(self) -> char {
        match self {
            Group::Figures => 'f',
            Group::App | Group::Costs => 'e',
        }
    }
}

/// One option of a [`Kind::Choice`] field; its stored value is its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Saved in JSON, accepted when typed.
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
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
    /// One of a few options, stored as its position.
    Choice(&'static [Choice]),
    /// Yes or no, stored as 1 or 0.
    YesNo,
}

/// Everything about one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    /// The kebab-case id ("critical-api-p95"), as in `readiness.toml`.
    pub id: &'static str,
    /// The key in the saved JSON's `figures` or `estimate` object; for numbers, its
    /// suffix names the unit a bare JSON number is read in.
    pub json_key: &'static str,
    /// The character naming the field inside its share-link section.
    pub letter: char,
    pub group: Group,
    /// The label shown next to the input.
    pub label: &'static str,
    pub kind: Kind,
    /// The accepted range, inclusive, in stored units. Anything outside is a typo or
    /// a wrong unit far more often than a real figure.
    pub range: (u32, u32),
    /// What the page shows after the box ("ms", "per month"); money also shows the
    /// operator's currency symbol before it.
    pub unit: &'static str,
    /// What the figure is and where to read it, in plain words (figures only).
    pub help: &'static str,
}

/// What a founder measures, and where to read it, for each readiness figure.
const HELP_CRITICAL_P95: &str = "How long your most important API calls (login, checkout, saving a record) take, for 95 of every 100 requests: the slowest 5 in 100 are left out. Where to read it: Vercel, Observability → Functions (p95 duration); Supabase, Reports → API (response time); Sentry, Insights → Backend (p95).";
const HELP_CORE_P95: &str = "The same, for the reads behind your main screens (the dashboard, a client list). Where to read it: the same places, for those routes or queries; Supabase also shows slow queries under Reports → Query performance.";
const HELP_DASHBOARD: &str = "How long your dashboard takes to appear on a normal connection. Where to read it: Vercel, Speed Insights; or your browser's developer tools, Network tab (the Load time); or a stopwatch on a fresh load.";
const HELP_ERROR_RATE: &str = "The share of requests to signup, login, checkout and other core flows that fail. Where to read it: Sentry, Insights (failure rate); Vercel, Observability (errors against requests); Supabase, Logs (4xx and 5xx against all).";

/// The app sizes, smallest first (a [`Kind::Choice`]).
pub const APP_SIZES: [Choice; 3] = [
    Choice {
        key: "small",
        label: "Small",
        hint: "A handful of screens and one main flow",
    },
    Choice {
        key: "medium",
        label: "Medium",
        hint: "A dashboard, a few roles, a dozen screens",
    },
    Choice {
        key: "large",
        label: "Large",
        hint: "Many screens, several apps or services",
    },
];

#[allow(clippy::too_many_arguments)] // one row of a table
const fn spec(
    field: Field,
    id: &'static str,
    json_key: &'static str,
    letter: char,
    group: Group,
    label: &'static str,
    kind: Kind,
    range: (u32, u32),
    unit: &'static str,
    help: &'static str,
) -> FieldSpec {
    FieldSpec {
        field,
        id,
        json_key,
        letter,
        group,
        label,
        kind,
        range,
        unit,
        help,
    }
}

/// The table. Letters are unique within a share-link section; a test checks every
/// column that must be unique, and that the order matches [`Field`].
#[rustfmt::skip]
pub const FIELDS: [FieldSpec; 17] = {
    use Field as F;
    use Group::{App, Costs, Figures};
    use Kind::*;
    // One millisecond to ten minutes.
    const TIME: (u32, u32) = (1, 600_000);
    // The day rate has operator.toml's bounds.
    [
        // field                  id                        JSON key                  letter group  label                                                       kind                 range              unit   help
        spec(F::CriticalApiP95,      "critical-api-p95",       "critical_api_p95_ms",    'c', Figures, "Critical API p95 (ms)",                                   Millis,             TIME,               "ms", HELP_CRITICAL_P95),
        spec(F::CoreReadP95,         "core-read-p95",          "core_read_p95_ms",       'r', Figures, "Core read p95 (ms)",                                      Millis,             TIME,               "ms", HELP_CORE_P95),
        spec(F::DashboardLoad,       "dashboard-load",         "dashboard_load_s",       'd', Figures, "Dashboard load (seconds)",                                Seconds,            TIME,               "s", HELP_DASHBOARD),
        spec(F::ErrorRate,           "error-rate",             "error_rate_percent",     'e', Figures, "Error rate on core flows (%)",                            Percent,            (0, 10_000),        "%", HELP_ERROR_RATE),
        spec(F::DayRate,             "day-rate",               "day_rate",               'd', App,     "Day rate",                                                Money,              (1, 100_000),       "per day", ""),
        spec(F::Roles,               "roles",                  "roles",                  'r', App,     "User roles",                                              Count,              (1, 100),           "", ""),
        spec(F::Integrations,        "integrations",           "integrations",           'i', App,     "Third-party integrations",                                Count,              (0, 200),           "", ""),
        spec(F::AppSize,             "app-size",               "app_size",               'z', App,     "App size",                                                Choice(&APP_SIZES), (0, 2),             "", ""),
        spec(F::HasTests,            "has-tests",              "has_tests",              't', App,     "Automated tests",                                         YesNo,              (0, 1),             "", ""),
        spec(F::HourlyValue,         "hourly-value",           "hourly_value",           'h', Costs,   "Your time, per hour",                                     Money,              (0, 10_000),        "per hour", ""),
        spec(F::SupportHoursPerWeek, "support-hours-per-week", "support_hours_per_week", 's', Costs,   "Support hours per week caused by bugs",                   Hours,              (0, 168),           "hours / week", ""),
        spec(F::RefundsPerMonth,     "refunds-per-month",      "refunds_per_month",      'f', Costs,   "Refunds per month caused by bugs",                        Money,              (0, 100_000_000),   "per month", ""),
        spec(F::LeadsLostPerMonth,   "leads-lost-per-month",   "leads_lost_per_month",   'l', Costs,   "Leads or bookings lost per month",                        Count,              (0, 1_000_000),     "per month", ""),
        spec(F::LeadValue,           "lead-value",             "lead_value",             'v', Costs,   "Value of one lead or booking",                            Money,              (0, 10_000_000),    "", ""),
        spec(F::AdSpendPerMonth,     "ad-spend-per-month",     "ad_spend_per_month",     'a', Costs,   "Ad spend per month",                                      Money,              (0, 100_000_000),   "per month", ""),
        spec(F::BrokenFlowPercent,   "broken-flow-percent",    "broken_flow_percent",    'b', Costs,   "Share of paid traffic hitting a broken or slow flow (%)", WholePercent,       (0, 100),           "%", ""),
        spec(F::IncidentCost,        "incident-cost",          "incident_cost",          'x', Costs,   "Cost of one data-exposure incident",                      Money,              (0, 1_000_000_000), "", ""),
    ]
};

/// A valid value that is implausible for its unit: the question to ask, and the value
/// the founder probably meant, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub message: String,
    pub suggestion: Option<u32>,
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
    /// Every field, in table order.
    pub fn all() -> impl Iterator<Item = Field> {
        FIELDS.iter().map(|s| s.field)
    }

    /// The fields of one group, in the order the page asks them.
    pub fn in_group(group: Group) -> impl Iterator<Item = Field> {
        Field::all().filter(move |f| f.group() == group)
    }

    /// The four readiness figures.
    pub fn figures() -> impl Iterator<Item = Field> {
        Field::in_group(Group::Figures)
    }

    /// The estimate's inputs: the app's picture, then what the problems cost.
    pub fn estimate() -> impl Iterator<Item = Field> {
        Field::all().filter(|f| f.group() != Group::Figures)
    }

    /// This field's row of [`FIELDS`].
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.spec().id
    }

    pub fn json_key(self) -> &'static str {
        self.spec().json_key
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// What the figure is and where to read it (empty for estimate inputs).
    pub fn help(self) -> &'static str {
        self.spec().help
    }

    pub fn kind(self) -> Kind {
        self.spec().kind
    }

    pub fn group(self) -> Group {
        self.spec().group
    }

    pub fn range(self) -> (u32, u32) {
        self.spec().range
    }

    pub(crate) fn fragment_letter(self) -> char {
        self.spec().letter
    }

    /// The field whose id is `id`.
    pub fn from_id(id: &str) -> Option<Field> {
        Field::all().find(|f| f.id() == id)
    }

    /// The field saved under `key` in `section` (`figures` or `estimate`).
    pub fn from_json_key(section: &str, key: &str) -> Option<Field> {
        Field::all().find(|f| f.group().json_section() == section && f.json_key() == key)
    }

    /// The field written with `letter` in share-link section `section`.
    pub(crate) fn from_fragment(section: char, letter: char) -> Option<Field> {
        Field::all()
            .find(|f| f.group().fragment_section() == section && f.fragment_letter() == letter)
    }

    /// The options of a choice field (empty for any other kind).
    pub fn choices(self) -> &'static [Choice] {
        match self.kind() {
            Kind::Choice(c) => c,
            _ => &[],
        }
    }

    /// Checks a stored value against the field's range.
    pub fn check(self, value: u32) -> Result<u32, FieldError> {
        let (min, max) = self.range();
        if value < min {
            return Err(self.error(format!("must be at least {}", self.format_typed(min))));
        }
        if value > max {
            return Err(self.error(match self.kind() {
                Kind::Choice(c) => format!("must be one of {}", choice_keys(c)),
                Kind::YesNo => "must be yes or no".into(),
                _ => format!(
                    "{} is more than {}: check the number and its unit",
                    self.format_typed(value),
                    self.format_typed(max)
                ),
            }));
        }
        Ok(value)
    }

    /// Whether what a founder typed, though valid, is implausible for its unit, with
    /// the question to ask: "0.5" in a box in milliseconds is far more likely half a
    /// second than half a millisecond. The page counts such a value only once the
    /// founder confirms it or takes the suggested one. `None` for anything plausible,
    /// empty or invalid (invalid text has its own message from [`Field::parse`]).
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::catalog::fields::Field;
    /// let d = Field::CriticalApiP95.doubt("0.5").unwrap();
    /// assert_eq!(d.suggestion, Some(500));
    /// assert!(Field::CriticalApiP95.doubt("250").is_none());
    /// ```
    pub fn doubt(self, text: &str) -> Option<Doubt> {
        let value = self.parse(text).ok()??;
        let (low, high) = match self {
            Field::CriticalApiP95 | Field::CoreReadP95 => (10, 60_000),
            Field::DashboardLoad => (100, 60_000),
            Field::ErrorRate => (0, 5_000),
            Field::DayRate => (100, 10_000),
            Field::HourlyValue => (0, 1_000),
            _ => return None,
        };
        let typed = text.trim();
        let unit = match self.kind() {
            Kind::Millis => " ms",
            Kind::Seconds => " s",
            Kind::Percent => "%",
            _ => "",
        };
        let shown = format!("{}{unit}", self.format_typed(value));
        if value < low {
            let (message, suggestion) = match self.kind() {
                Kind::Millis => {
                    let meant = self.parse(&format!("{typed} s")).ok().flatten();
                    let message = match meant {
                        Some(ms) => format!(
                            "{typed} ms is faster than any real p95. If you meant {typed} seconds, that is {ms} ms."
                        ),
                        None => format!("{shown} is faster than any real p95: check the number and its unit."),
                    };
                    (message, meant)
                }
                Kind::Seconds => (
                    format!(
                        "{shown} is faster than a page can load: check the number and its unit."
                    ),
                    None,
                ),
                _ => (
                    format!(
                        "{shown} looks low for {}: is it right?",
                        self.label().to_lowercase()
                    ),
                    None,
                ),
            };
            return Some(Doubt {
                message,
                suggestion,
            });
        }
        (value > high).then(|| Doubt {
            message: format!(
                "{shown} is unusually high for {}: check the number and its unit.",
                self.label().to_lowercase()
            ),
            suggestion: None,
        })
    }

    /// Parses what a founder typed. Empty text clears the field (`Ok(None)`).
    ///
    /// Accepts thousands separators (`1,200`), a currency symbol or code for money,
    /// `ms`/`s` suffixes for times and `%` for percentages; a choice's key; `yes`,
    /// `no`, `true` or `false` (and "not sure", which clears the field) for yes/no.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::catalog::fields::Field;
    /// assert_eq!(Field::DashboardLoad.parse("1.8"), Ok(Some(1800)));
    /// assert_eq!(Field::DashboardLoad.parse("950 ms"), Ok(Some(950)));
    /// assert_eq!(Field::ErrorRate.parse("0.5%"), Ok(Some(50)));
    /// assert_eq!(Field::DayRate.parse("$1,200"), Ok(Some(1200)));
    /// assert_eq!(Field::AppSize.parse("medium"), Ok(Some(1)));
    /// assert_eq!(Field::HasTests.parse("no"), Ok(Some(0)));
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
        match self.kind() {
            Kind::Choice(choices) => {
                return choices
                    .iter()
                    .position(|c| c.key.eq_ignore_ascii_case(text))
                    .map(|i| Some(i as u32))
                    .ok_or_else(|| self.error(format!("must be one of {}", choice_keys(choices))))
            }
            Kind::YesNo => {
                return match text.to_ascii_lowercase().as_str() {
                    "yes" | "true" => Ok(Some(1)),
                    "no" | "false" => Ok(Some(0)),
                    "unsure" | "not sure" | "not-sure" => Ok(None),
                    _ => Err(self.error("must be yes or no".into())),
                }
            }
            _ => {}
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

    /// Reads the field's value from saved JSON: a number in the key's unit, text as a
    /// founder would type it, `true`/`false` for yes/no, or `null` (empty). The one
    /// reader of saved values: the saved state, answers files and `estimate.toml`'s
    /// defaults all come through here.
    pub fn from_json(self, v: &Value) -> Result<Option<u32>, String> {
        let text = match (v, self.kind()) {
            (Value::Null, _) => return Ok(None),
            (Value::Bool(b), Kind::YesNo) => return Ok(Some(u32::from(*b))),
            (Value::Number(n), Kind::Choice(_) | Kind::YesNo) => {
                return Err(format!("{} (got {n})", self.expected()))
            }
            (Value::Number(n), _) => n.to_string(),
            (Value::String(s), _) => s.clone(),
            (other, _) => {
                return Err(format!(
                    "{} (got {})",
                    self.expected(),
                    clip(&other.to_string())
                ))
            }
        };
        self.parse(&text).map_err(|e| match self.kind() {
            Kind::Choice(_) | Kind::YesNo => format!("{} (got {:?})", self.expected(), clip(&text)),
            _ => e.message,
        })
    }

    /// The value as saved JSON, the inverse of [`Field::from_json`]: whole numbers
    /// stay integers; seconds and percents with a fraction are written as the
    /// shortest decimal ("1.834"), which reads back to the exact stored value.
    pub fn to_json(self, value: u32) -> Value {
        match self.kind() {
            Kind::Choice(c) => c
                .get(value as usize)
                .map_or(Value::Null, |c| Value::String(c.key.into())),
            Kind::YesNo => Value::Bool(value != 0),
            Kind::Seconds | Kind::Percent => {
                let text = self.format_typed(value);
                text.parse::<serde_json::Number>()
                    .map_or(Value::Null, Value::Number)
            }
            _ => Value::from(value),
        }
    }

    /// What a saved value must look like, for messages.
    fn expected(self) -> String {
        match self.kind() {
            Kind::Choice(c) => format!("must be {}", choice_keys(c)),
            Kind::YesNo => "must be true or false".into(),
            _ => "expected a number".into(),
        }
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
            Kind::Count | Kind::Choice(_) | Kind::YesNo => Ok((text, 1)),
        }
    }

    /// A stored value written back in the unit the founder types it in ("1.8" for a
    /// dashboard load of 1800 ms; "0.5" for an error rate of 50 hundredths; a choice's
    /// key; "yes"/"no").
    pub fn format_typed(self, value: u32) -> String {
        match self.kind() {
            Kind::Seconds => decimal(value, 1000),
            Kind::Percent => decimal(value, 100),
            Kind::Choice(c) => c
                .get(value as usize)
                .map_or_else(|| value.to_string(), |c| c.key.to_string()),
            Kind::YesNo => if value != 0 { "yes" } else { "no" }.into(),
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

/// `"small", "medium" or "large"`.
fn choice_keys(choices: &[Choice]) -> String {
    let keys: Vec<String> = choices.iter().map(|c| format!("{:?}", c.key)).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => keys.join(""),
    }
}

/// At most 24 characters of user text, for messages: enough to find the typo, not
/// enough to echo a value pasted by mistake.
pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(24).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Rough size of the app, one of the sprint-length drivers: the typed view of
/// [`Field::AppSize`]'s stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppSize {
    Small,
    Medium,
    Large,
}

impl AppSize {
    pub const ALL: [AppSize; 3] = [AppSize::Small, AppSize::Medium, AppSize::Large];

    /// The size stored as `code` (its position in [`APP_SIZES`]).
    pub fn from_code(code: u32) -> Option<AppSize> {
        AppSize::ALL.get(code as usize).copied()
    }

    pub fn code(self) -> u32 {
        self as u32
    }

    pub fn as_str(self) -> &'static str {
        APP_SIZES[self as usize].key
    }

    pub fn parse(s: &str) -> Option<AppSize> {
        AppSize::ALL.into_iter().find(|a| a.as_str() == s)
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
        Kind::Choice(_) | Kind::YesNo => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implausible_values_are_questioned_with_the_likely_meaning() {
        // Typed "0.5" in the milliseconds box, meaning seconds.
        let d = Field::CriticalApiP95.doubt("0.5").unwrap();
        assert_eq!(
            d.message,
            "0.5 ms is faster than any real p95. If you meant 0.5 seconds, that is 500 ms."
        );
        assert_eq!(d.suggestion, Some(500));
        assert!(Field::CoreReadP95.doubt("480").is_none());
        assert!(
            Field::CoreReadP95.doubt("0.48 s").is_none(),
            "a unit typed is a unit meant"
        );
        assert!(Field::DashboardLoad
            .doubt("0.05")
            .unwrap()
            .message
            .starts_with("0.05 s is faster"));
        assert!(Field::ErrorRate
            .doubt("60")
            .unwrap()
            .message
            .contains("unusually high"));
        assert!(Field::DayRate.doubt("5").is_some() && Field::DayRate.doubt("900").is_none());
        assert!(Field::Roles.doubt("1").is_none(), "no bounds: no question");
        assert!(
            Field::CriticalApiP95.doubt("fast").is_none(),
            "invalid has its own message"
        );
        // Every figure says what it is and where to read it; nothing else does.
        for f in Field::all() {
            assert_eq!(f.group() == Group::Figures, !f.help().is_empty(), "{f:?}");
        }
        assert!(Field::CriticalApiP95.help().contains("Vercel"));
    }

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
    fn the_table_is_in_enum_order_and_its_keys_are_unique_where_they_meet() {
        use std::collections::BTreeSet;
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{:?} is out of place", spec.field);
            let json = serde_json::to_string(&spec.field).unwrap();
            assert_eq!(json, format!("\"{}\"", spec.id), "the id is the serde name");
            assert_eq!(Field::from_id(spec.id), Some(spec.field));
            let section = spec.group.json_section();
            assert_eq!(
                Field::from_json_key(section, spec.json_key),
                Some(spec.field)
            );
            let fragment = spec.group.fragment_section();
            assert_eq!(
                Field::from_fragment(fragment, spec.letter),
                Some(spec.field)
            );
            let (min, max) = spec.range;
            assert!(min <= max, "{:?}", spec.field);
            if let Kind::Choice(c) = spec.kind {
                assert_eq!((min, max), (0, c.len() as u32 - 1), "{:?}", spec.field);
            }
        }
        let ids: BTreeSet<_> = FIELDS.iter().map(|s| s.id).collect();
        let keys: BTreeSet<_> = FIELDS
            .iter()
            .map(|s| (s.group.json_section(), s.json_key))
            .collect();
        let letters: BTreeSet<_> = FIELDS
            .iter()
            .map(|s| (s.group.fragment_section(), s.letter))
            .collect();
        assert_eq!(
            (ids.len(), keys.len(), letters.len()),
            (FIELDS.len(), FIELDS.len(), FIELDS.len())
        );
    }

    #[test]
    fn saved_json_reads_back_to_the_same_value() {
        for field in Field::all() {
            let (min, max) = field.range();
            for v in [
                min,
                max,
                (min + max) / 3,
                1834.clamp(min, max),
                33.clamp(min, max),
            ] {
                let json = field.to_json(v);
                assert_eq!(field.from_json(&json), Ok(Some(v)), "{field:?} {json}");
            }
        }
        assert_eq!(Field::DashboardLoad.to_json(1834).to_string(), "1.834");
        assert_eq!(Field::ErrorRate.to_json(33).to_string(), "0.33");
        assert_eq!(Field::AppSize.to_json(1).to_string(), "\"medium\"");
        assert_eq!(Field::HasTests.to_json(0).to_string(), "false");
        assert_eq!(Field::HasTests.from_json(&Value::from("unsure")), Ok(None));
        assert_eq!(
            Field::AppSize.from_json(&Value::from("huge")),
            Err("must be \"small\", \"medium\" or \"large\" (got \"huge\")".into())
        );
        assert_eq!(
            Field::HasTests.from_json(&Value::from(2)),
            Err("must be true or false (got 2)".into())
        );
    }
}
