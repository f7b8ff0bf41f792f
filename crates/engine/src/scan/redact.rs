//! Masking: the only form in which a secret ever leaves the scanner.

/// The mask shown in place of the hidden part of a secret.
pub const MASK: &str = "••••••••";

/// Masks a secret for display.
///
/// At most the first 4 characters are kept, and only when they belong to a
/// well-known prefix that identifies the key kind but is not secret
/// (`known_prefix`, e.g. `sk_live_` gives `sk_l`); at most the last 2 are kept,
/// and only for values of 16 characters or more. Together they never exceed a
/// quarter of the value. Everything else becomes [`MASK`], whose fixed length
/// hides the value's length too.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::redact::mask;
/// assert_eq!(mask("sk_live_abcdefghijklmnopqrstuvwx", Some("sk_live_")), "sk_l••••••••wx");
/// assert_eq!(mask("hunter2hunter2hunter2", None), "••••••••r2");
/// assert_eq!(mask("short", None), "••••••••");
/// ```
pub fn mask(secret: &str, known_prefix: Option<&str>) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    let mut lead = match known_prefix {
        Some(p) if !p.is_empty() && starts_with_ignore_case(secret, p) => p.chars().count().min(4),
        _ => 0,
    };
    let mut tail = if n >= 16 { 2 } else { 0 };
    let budget = n / 4;
    if lead + tail > budget {
        tail = tail.min(budget.saturating_sub(lead));
        lead = lead.min(budget);
    }
    let mut out: String = chars[..lead].iter().collect();
    out.push_str(MASK);
    out.extend(chars[n - tail..].iter().map(|&c| printable(c)));
    out
}

fn printable(c: char) -> char {
    if c.is_control() {
        '?'
    } else {
        c
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_reveals_more_than_four_leading_and_two_trailing_characters() {
        let cases = [
            (
                "sk_live_0123456789abcdefghijklmn",
                Some("sk_live_"),
                "sk_l••••••••mn",
            ),
            (
                "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlc2lnbmF0dXJl",
                Some("eyj"),
                "eyJ••••••••Jl",
            ),
            ("0123456789abcdef", None, "••••••••ef"),
            ("0123456789abcdef", Some("01"), "01••••••••ef"),
            ("abcdefgh", Some("abcd"), "ab••••••••"),
            ("abc", Some("abc"), "••••••••"),
            ("", None, "••••••••"),
            ("pässwörd-sehr-geheim", None, "••••••••im"),
        ];
        for (secret, prefix, expected) in cases {
            let m = mask(secret, prefix);
            assert_eq!(m, expected, "{secret}");
            let shown = m.replace(MASK, "");
            assert!(shown.chars().count() * 4 <= secret.chars().count().max(1) || shown.is_empty());
        }
    }

    #[test]
    fn the_unmasked_value_never_appears() {
        for len in 0..80 {
            let secret: String = "Zq7".chars().cycle().take(len).collect();
            let m = mask(&secret, Some("Zq7"));
            assert!(len < 4 || !m.contains(&secret), "{len}: {m}");
        }
    }

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(mask("abcdefghijklmno\x1b\x07", None), "••••••••??");
    }
}
