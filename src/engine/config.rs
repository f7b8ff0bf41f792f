//! The operator's settings (`operator.toml` at the repository root, compiled in).

use serde::{Deserialize, Serialize};

/// The text of `operator.toml` as it was at build time.
pub const OPERATOR_TOML: &str = include_str!("../../operator.toml");

/// What the consultant deploying shipcheck sets: brand, booking link, prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorConfig {
    pub brand: String,
    pub operator: String,
    pub booking_url: String,
    pub currency: String,
    pub currency_symbol: String,
    pub day_rate: u32,
}

/// Why an operator config was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "operator.toml: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

impl OperatorConfig {
    /// Parses and checks an operator config.
    ///
    /// # Example
    /// ```
    /// use shipcheck::engine::config::OperatorConfig;
    /// let c = OperatorConfig::parse(
    ///     "brand = 'x'\noperator = 'Ann'\nbooking_url = 'https://cal.com/ann'\n\
    ///      currency = 'EUR'\ncurrency_symbol = '€'\nday_rate = 900\n",
    /// ).unwrap();
    /// assert_eq!(c.day_rate, 900);
    /// ```
    pub fn parse(text: &str) -> Result<OperatorConfig, ConfigError> {
        let c: OperatorConfig = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        if !c.booking_url.starts_with("https://") {
            return Err(ConfigError(format!(
                "booking_url must start with https:// (got {:?})",
                c.booking_url
            )));
        }
        if c.currency.len() != 3 || !c.currency.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(ConfigError(format!(
                "currency must be a 3-letter ISO 4217 code such as USD (got {:?})",
                c.currency
            )));
        }
        if c.day_rate == 0 || c.day_rate > 100_000 {
            return Err(ConfigError(format!(
                "day_rate must be between 1 and 100000 (got {})",
                c.day_rate
            )));
        }
        Ok(c)
    }

    /// The config compiled into this build. `operator.toml` is checked by a test, so
    /// this cannot fail in a build that passed its tests.
    pub fn built_in() -> OperatorConfig {
        OperatorConfig::parse(OPERATOR_TOML).expect("operator.toml is checked by a unit test")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_config_is_valid() {
        let c = OperatorConfig::parse(OPERATOR_TOML).unwrap();
        assert!(c.booking_url.starts_with("https://"));
        assert!(c.day_rate > 0);
    }

    #[test]
    fn refuses_bad_values_with_a_message_naming_the_field() {
        let base = OPERATOR_TOML.to_string();
        let cases = [
            (
                "booking_url = \"https://cal.com/cyprian-aarons/discovery\"",
                "booking_url = \"http://x\"",
                "booking_url",
            ),
            ("currency = \"USD\"", "currency = \"dollars\"", "currency"),
            ("day_rate = 1200", "day_rate = 0", "day_rate"),
        ];
        for (from, to, field) in cases {
            assert!(base.contains(from), "fixture line {from:?} missing");
            let err = OperatorConfig::parse(&base.replace(from, to)).unwrap_err();
            assert!(err.to_string().contains(field), "{err} should name {field}");
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = OperatorConfig::parse(&format!("{OPERATOR_TOML}\ncolour = 'red'\n")).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
