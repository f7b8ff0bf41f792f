//! What an operator config is and which values it allows. Kept apart from the loading
//! (`mod.rs`) because `build.rs` includes this file to refuse a bad `operator.toml`
//! when the app is built, not when a visitor opens the page: it may use serde only.

use serde::{Deserialize, Serialize};

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
    /// The config itself if every value is usable, else what to change.
    pub fn checked(self) -> Result<OperatorConfig, ConfigError> {
        if !self.booking_url.starts_with("https://") {
            return Err(ConfigError(format!(
                "booking_url must start with https:// (got {:?})",
                self.booking_url
            )));
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(ConfigError(format!(
                "currency must be a 3-letter ISO 4217 code such as USD (got {:?})",
                self.currency
            )));
        }
        if self.day_rate == 0 || self.day_rate > 100_000 {
            return Err(ConfigError(format!(
                "day_rate must be between 1 and 100000 (got {})",
                self.day_rate
            )));
        }
        Ok(self)
    }
}
