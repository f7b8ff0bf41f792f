//! The founder's "rotated / fixed" marks ([`FixStatus`](crate::scan::fix::FixStatus)
//! says what a re-scan makes of them).
//!
//! A mark is kept in the founder's saved state under a hash of the finding's key
//! ([`mark_of`]): the key holds a fingerprint or a masked value, and saved state holds
//! neither. A mark is the founder's word, not evidence: the finding keeps counting in
//! the risk score, readiness and the report until a scan no longer finds it. Only a
//! re-scan of its files can say it is gone.

use std::collections::BTreeSet;

use super::fingerprint::fingerprint;

/// The marks a founder set, each a [`mark_of`] a finding's key.
pub type Marks = BTreeSet<String>;

/// The most marks kept: far more problems than one app's scans give.
pub const MAX_MARKS: usize = 1000;

/// What a mark is kept under: 16 hex digits of SHA-256 of the finding's key
/// ([`Finding::key`](crate::finding::Finding::key)), so that even the masked value
/// never reaches saved state.
pub fn mark_of(key: &str) -> String {
    fingerprint("shipcheck-fixed-mark", key.as_bytes())
}

/// Whether `text` is a mark as [`mark_of`] writes it (16 lowercase hex digits).
pub fn is_mark(text: &str) -> bool {
    text.len() == 16
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_sixteen_hex_digits_of_the_key() {
        let mark = mark_of("stripe-secret-key|0123456789abcdef");
        assert_ne!(mark, mark_of("stripe-secret-key|0123456789abcdee"));
        for (text, ok) in [
            (mark.as_str(), true),
            ("0123456789abcdef", true),
            ("0123456789ABCDEF", false),
            ("0123456789abcde", false),
            ("0123456789abcdefg", false),
            ("", false),
        ] {
            assert_eq!(is_mark(text), ok, "{text:?}");
        }
    }
}
