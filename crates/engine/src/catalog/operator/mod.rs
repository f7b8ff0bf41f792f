//! The operator's settings (`operator.toml` at the repository root, compiled in).
//!
//! `operator.toml` is what a deployer edits and reviews. `build.rs` checks it (a syntax
//! error, an unknown key or a bad value fails the build, naming the file) and writes it
//! as JSON, which is what the build embeds: the web app reads JSON with `serde_json`,
//! which it links anyway, instead of linking a TOML parser (~170 KB of wasm).

mod schema;

pub use schema::{ConfigError, OperatorConfig};

/// The text of `operator.toml` as it was at build time.
pub const OPERATOR_TOML: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../operator.toml"));

/// `operator.toml` as JSON, written by `build.rs`.
const OPERATOR_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/operator.json"));

impl OperatorConfig {
    /// Parses and checks an operator config written in TOML. Not in the wasm build:
    /// the web app reads the JSON `build.rs` made, and must not link a TOML parser.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::catalog::operator::OperatorConfig;
    /// let c = OperatorConfig::parse(
    ///     "brand = 'x'\noperator = 'Ann'\nbooking_url = 'https://cal.com/ann'\n\
    ///      currency = 'EUR'\ncurrency_symbol = '€'\nday_rate = 900\n",
    /// ).unwrap();
    /// assert_eq!(c.day_rate, 900);
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<OperatorConfig, ConfigError> {
        let c: OperatorConfig = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        c.checked()
    }

    /// Parses and checks an operator config in JSON (the form `build.rs` writes), with
    /// the same checks as [`OperatorConfig::parse`].
    pub fn from_json(text: &str) -> Result<OperatorConfig, ConfigError> {
        let c: OperatorConfig =
            serde_json::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        c.checked()
    }

    /// The config compiled into this build. `build.rs` refuses a bad `operator.toml`,
    /// so this cannot fail in a build that compiled.
    pub fn built_in() -> OperatorConfig {
        OperatorConfig::from_json(OPERATOR_JSON).expect("operator.toml is checked by build.rs")
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
    fn the_built_in_json_is_the_toml() {
        assert_eq!(
            OperatorConfig::built_in(),
            OperatorConfig::parse(OPERATOR_TOML).unwrap()
        );
    }

    #[test]
    fn json_gets_the_same_checks_as_toml() {
        let mut c = OperatorConfig::built_in();
        c.day_rate = 0;
        let err = OperatorConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "operator.toml: day_rate must be between 1 and 100000 (got 0)"
        );
        let mut json = serde_json::to_value(OperatorConfig::built_in()).unwrap();
        json["colour"] = "red".into();
        let err = OperatorConfig::from_json(&json.to_string()).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = OperatorConfig::parse(&format!("{OPERATOR_TOML}\ncolour = 'red'\n")).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
