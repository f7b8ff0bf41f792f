//! Words or random characters? A value such as `failure`, `SIGNED_IN` or
//! `primaryPrevBtnBg` is a word or a name; `Zf3D0LXCM3EIMbgJpUNn` is a key.
//!
//! The value is scored under two models and the scores compared:
//! - *words*: the value is a sequence of parts (split at `-_. `, camel humps
//!   and digits); each letter part is drawn from a letter-bigram model of
//!   English words and programmers' names ([`super::letters`], trained on the
//!   Python standard library), each digit and separator at a fixed cost;
//! - *random*: every character is drawn uniformly from the smallest usual
//!   alphabet that holds the value (hex, lowercase, letters, alphanumerics...).
//!
//! The difference (the *margin*, in hundredths of a nat) is large and positive
//! for words and names and large and negative for random keys, and grows with
//! the length in both directions. Short values are where the two overlap: the
//! thresholds below are set from 20 000 random values per alphabet and length
//! (see the tests), and the checks that use them add structure (few digits,
//! only name characters) that random keys seldom have.

use super::letters::BIGRAM;

/// ln P of a digit, and of a separator, in the words model (hundredths of a nat).
const DIGIT: i32 = -230;
const SEPARATOR: i32 = -139;

/// Margin (hundredths of a nat) from which a value of name characters with at
/// most two digits is taken for words: 2 nats, i.e. the words model explains
/// it e² ≈ 7 times better than random characters.
pub const WORDLIKE: i32 = 200;

/// Margin from which a value of lowercase letters only is taken for a word:
/// the bigram model is weakest on short common words (`yellow`, `bottom`),
/// and lowercase-only values are rarely keys (at -2 nats: 54 of 56 common
/// words; 1–4 % of random lowercase strings of 6–8 letters).
pub const LOWERCASE_WORD: i32 = -200;

/// One part of a value: a run of letters (split at camel humps), a run of
/// digits, or a single other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    Letters(&'a str),
    Digits(usize),
    Other,
}

/// Splits `v` into parts: `primaryPrevBtnBg` → primary, Prev, Btn, Bg;
/// `HTTPServer2` → HTTP, Server, 2; `SIGNED_IN` → SIGNED, _, IN.
fn parts(v: &str) -> Vec<Part<'_>> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(Part::Digits(i - start));
        } else if c.is_ascii_lowercase() {
            let start = i;
            while i < b.len() && b[i].is_ascii_lowercase() {
                i += 1;
            }
            out.push(Part::Letters(&v[start..i]));
        } else if c.is_ascii_uppercase() {
            let start = i;
            let mut j = i;
            while j < b.len() && b[j].is_ascii_uppercase() {
                j += 1;
            }
            if j < b.len() && b[j].is_ascii_lowercase() {
                // `HTTPServer`: the last capital starts the next word.
                if j - start > 1 {
                    out.push(Part::Letters(&v[start..j - 1]));
                }
                i = j;
                while i < b.len() && b[i].is_ascii_lowercase() {
                    i += 1;
                }
                out.push(Part::Letters(&v[j - 1..i]));
            } else {
                i = j;
                out.push(Part::Letters(&v[start..j]));
            }
        } else {
            // One character (a multi-byte one counts once).
            let len = v[i..].chars().next().map_or(1, char::len_utf8);
            i += len;
            out.push(Part::Other);
        }
    }
    out
}

/// ln P(word) under the letter model, in hundredths of a nat.
fn word_score(word: &str) -> i32 {
    let mut prev = 0usize; // `^`
    let mut score = 0i32;
    for c in word.bytes() {
        let next = usize::from(c.to_ascii_lowercase() - b'a');
        score += i32::from(BIGRAM[prev][next]);
        prev = next + 1;
    }
    score + i32::from(BIGRAM[prev][26])
}

/// ln of the number of characters in the smallest usual alphabet holding `v`.
fn random_alphabet(v: &str) -> f64 {
    let hex = v
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        || v.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    let mut size = if hex {
        16
    } else {
        let lower = v.bytes().any(|b| b.is_ascii_lowercase());
        let upper = v.bytes().any(|b| b.is_ascii_uppercase());
        let digit = v.bytes().any(|b| b.is_ascii_digit());
        26 * usize::from(lower) + 26 * usize::from(upper) + 10 * usize::from(digit)
    };
    let mut others: Vec<char> = v.chars().filter(|c| !c.is_ascii_alphanumeric()).collect();
    others.sort_unstable();
    others.dedup();
    if !others.is_empty() {
        size += others.len() + 2;
    }
    (size.max(2) as f64).ln()
}

/// How much better the words model explains `v` than random characters, in
/// hundredths of a nat (positive: words).
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::words::margin;
/// assert!(margin("flushToCaptureTimeoutMs") > 1000);
/// assert!(margin("Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB") < -1000);
/// ```
pub fn margin(v: &str) -> i32 {
    let mut words = 0i32;
    for part in parts(v) {
        words += match part {
            Part::Letters(w) => word_score(w),
            Part::Digits(n) => DIGIT * (n as i32 + 1),
            Part::Other => SEPARATOR,
        };
    }
    let random = -(v.chars().count() as f64) * random_alphabet(v) * 100.0;
    words - random.round() as i32
}

/// Words or a name: only letters, digits (at most two) and `-_. `, and a
/// margin of at least [`WORDLIKE`] ([`LOWERCASE_WORD`] for lowercase letters
/// only). `failure`, `opaque`, `SIGNED_IN`, `primaryPrevBtnBg`,
/// `forgot-password-link`, `RawKeyboardImpl3`.
pub fn is_wordlike(v: &str) -> bool {
    if !v.is_empty() && v.len() <= 24 && v.bytes().all(|b| b.is_ascii_lowercase()) {
        return margin(v) >= LOWERCASE_WORD;
    }
    v.bytes().any(|b| b.is_ascii_alphabetic())
        && v.bytes().filter(u8::is_ascii_digit).count() <= 2
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b' '))
        && margin(v) >= WORDLIKE
}

/// Random characters rather than words: at least 16 of them, a negative
/// margin, and not [`is_wordlike`]. What a key assigned to an unusual name
/// must look like to be reported.
pub fn looks_random(v: &str) -> bool {
    v.len() >= 16 && margin(v) < 0 && !is_wordlike(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::secrets::fake::FakeRng;

    #[test]
    fn values_split_into_words() {
        let words = |v| {
            parts(v)
                .into_iter()
                .filter_map(|p| match p {
                    Part::Letters(w) => Some(w),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(words("primaryPrevBtnBg"), ["primary", "Prev", "Btn", "Bg"]);
        assert_eq!(words("HTTPServer2x"), ["HTTP", "Server", "x"]);
        assert_eq!(words("SIGNED_IN"), ["SIGNED", "IN"]);
        assert_eq!(
            parts("a1-"),
            [Part::Letters("a"), Part::Digits(1), Part::Other]
        );
    }

    #[test]
    fn words_and_names_are_wordlike() {
        for v in [
            "failure",
            "opaque",
            "shadow",
            "translucent",
            "different",
            "enabled",
            "SIGNED_IN",
            "PASSWORD_RECOVERY",
            "primaryPrevBtnBg",
            "primaryNextBtnHoverBg",
            "flushToCaptureTimeoutMs",
            "forgot-password-link",
            "needs_new_password",
            "RawKeyboardImpl3",
        ] {
            assert!(is_wordlike(v), "{v}: margin {}", margin(v));
        }
        for v in [
            "Tr0ub4dor&3",
            "s3cr3t-Pa55w0rd!",
            "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB",
            "0afae57f3ccfd9d7f5767067bc48b30f",
            "dHBFnsRLqTvD5spsCiVTd3WkQ1eSHU",
        ] {
            assert!(!is_wordlike(v), "{v}: margin {}", margin(v));
        }
    }

    /// Random values of each usual alphabet and of every length from 6 to 63
    /// are rarely taken for words (the rate is highest for short values), and
    /// from 16 characters on almost always taken for random.
    #[test]
    fn random_values_are_rarely_wordlike() {
        let mut rng = FakeRng::seeded("words-model");
        let alphabets: [&[u8]; 5] = [
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            b"0123456789abcdef",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            b"abcdefghijklmnopqrstuvwxyz",
        ];
        let mut counts = [[0usize; 3]; 2]; // [short, long] × [values, wordlike, not random]
        for i in 0..50_000 {
            let len = 6 + i % 58;
            let v = rng.string(alphabets[i % alphabets.len()], len);
            let c = &mut counts[usize::from(len >= 16)];
            c[0] += 1;
            c[1] += usize::from(is_wordlike(&v));
            c[2] += usize::from(!looks_random(&v));
        }
        // Measured: 26 of 8 624 short values wordlike; 2 of 41 376 long ones
        // wordlike, 79 not taken for random (mostly 16-19 characters).
        let [[short, short_words, _], [long, long_words, long_not_random]] = counts;
        assert!(
            short_words * 100 <= short * 2,
            "{short_words} of {short} short values"
        );
        assert!(
            long_words * 10_000 <= long,
            "{long_words} of {long} long values"
        );
        assert!(long_not_random * 500 <= long, "{long_not_random} of {long}");
    }
}
