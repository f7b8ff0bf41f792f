//! The analyzer's built-in regular expressions, compiled once, on first use.
//!
//! A module declares its patterns with [`builtin_patterns!`], which writes one
//! accessor per pattern and a test that compiles every one of them: a broken built-in
//! pattern fails `cargo test` (and panics in any debug build) instead of silently
//! matching nothing, as `Regex::new(..).ok()` caches used to.

use regex::Regex;

/// Matches nothing: what a release build falls back to should a built-in pattern
/// ever ship broken (the tests make that a build that was never tested).
const NEVER: &str = r"[^\s\S]";

/// Compiles a built-in pattern; see the module documentation.
pub fn compile(name: &str, source: &str) -> Regex {
    match Regex::new(source) {
        Ok(re) => re,
        Err(e) => {
            debug_assert!(false, "built-in pattern `{name}` does not compile: {e}");
            Regex::new(NEVER).unwrap_or_else(|_| unreachable!("`{NEVER}` compiles"))
        }
    }
}

/// The check the generated tests run on every pattern of a module.
#[cfg(test)]
pub fn check(name: &str, source: &str) {
    if let Err(e) = Regex::new(source) {
        panic!("built-in pattern `{name}` does not compile: {e}");
    }
    assert!(!source.is_empty(), "built-in pattern `{name}` is empty");
}

/// Declares a module's built-in patterns: `name = source_expression;` each (a `&str`
/// or a `String`, with doc comments), giving `fn name() -> &'static Regex` per
/// pattern and a `builtin_patterns_compile` test for all of them.
macro_rules! builtin_patterns {
    ($( $(#[doc = $doc:literal])* $name:ident = $source:expr; )+) => {
        $(
            $(#[doc = $doc])*
            fn $name() -> &'static ::regex::Regex {
                static RE: ::std::sync::OnceLock<::regex::Regex> = ::std::sync::OnceLock::new();
                RE.get_or_init(|| {
                    $crate::scan::cors::patterns::compile(stringify!($name), &$source)
                })
            }
        )+

        #[cfg(test)]
        #[test]
        fn builtin_patterns_compile() {
            $( $crate::scan::cors::patterns::check(stringify!($name), &$source); )+
        }
    };
}

pub(crate) use builtin_patterns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_matches_nothing() {
        let never = Regex::new(NEVER).unwrap();
        for s in ["", "a", "\n", "https://evil.example", " "] {
            assert!(!never.is_match(s), "{s:?}");
        }
    }

    #[test]
    #[should_panic(expected = "does not compile")]
    fn a_broken_pattern_fails_the_check() {
        check("broken", "(unclosed");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "built-in pattern `broken` does not compile")]
    fn a_broken_pattern_panics_in_debug_builds() {
        let _ = compile("broken", "[z-a]");
    }
}
