//! Exact decimal parsing for typed numbers: "1,200.50" × a scale, rounded half up,
//! with no floats anywhere, so what a founder types is what is stored.

/// `value / scale` as the shortest exact decimal ("1.8", "0.05", "12").
pub(crate) fn decimal(value: u32, scale: u32) -> String {
    let whole = value / scale;
    let frac = value % scale;
    if frac == 0 {
        return whole.to_string();
    }
    let width = scale.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Drops a leading or trailing three-letter currency code ("EUR 900", "900 usd").
pub(crate) fn strip_currency_code(t: &str) -> &str {
    let bytes = t.as_bytes();
    let is_code = |s: &[u8]| s.len() == 3 && s.iter().all(u8::is_ascii_alphabetic);
    if bytes.len() > 3 && is_code(&bytes[..3]) {
        return t[3..].trim_start();
    }
    if bytes.len() > 3 && is_code(&bytes[bytes.len() - 3..]) {
        return t[..t.len() - 3].trim_end();
    }
    t
}

/// Whether a decimal has a non-zero fractional part ("2.5" yes, "3.0" no).
pub(crate) fn has_fraction(number: &str) -> bool {
    number
        .split_once('.')
        .is_some_and(|(_, f)| f.bytes().any(|b| b != b'0'))
}

/// Why a number did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberError {
    Negative,
    NotANumber,
    TooBig,
    CommaDecimal,
}

/// Parses a plain decimal ("1,200.5") and multiplies it by `scale`, rounding half up.
pub(crate) fn parse_scaled(number: &str, scale: u64) -> Result<u64, NumberError> {
    let number = number.trim();
    let number = number.strip_prefix('+').unwrap_or(number);
    if number.starts_with('-') || number.starts_with('\u{2212}') {
        return Err(NumberError::Negative);
    }
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    let int_digits = strip_thousands(int_part)?;
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if frac_part.contains(',') {
            NumberError::CommaDecimal
        } else {
            NumberError::NotANumber
        });
    }
    if int_digits.len() > 12 {
        return Err(NumberError::TooBig);
    }
    // Keep at most 9 fractional digits: beyond that nothing changes after rounding
    // to the stored unit (scale <= 1000).
    let frac = &frac_part[..frac_part.len().min(9)];
    let int: u128 = if int_digits.is_empty() {
        0
    } else {
        int_digits.parse().map_err(|_| NumberError::NotANumber)?
    };
    let denom = 10u128.pow(frac.len() as u32);
    let frac_val: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| NumberError::NotANumber)?
    };
    let numerator = (int * denom + frac_val) * scale as u128;
    let value = (numerator + denom / 2) / denom;
    u64::try_from(value).map_err(|_| NumberError::TooBig)
}

/// The digits of an integer part with `1,200` / `1 200` / `1_200` separators removed;
/// a comma not followed by exactly three digits is a decimal comma, refused.
pub(crate) fn strip_thousands(int_part: &str) -> Result<String, NumberError> {
    let mut out = String::with_capacity(int_part.len());
    let groups: Vec<&str> = int_part.split([',', ' ', '_']).collect();
    for (i, g) in groups.iter().enumerate() {
        if !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
        if i > 0 && g.len() != 3 {
            return Err(if int_part.contains(',') {
                NumberError::CommaDecimal
            } else {
                NumberError::NotANumber
            });
        }
        if i == 0 && groups.len() > 1 && g.is_empty() {
            return Err(NumberError::NotANumber);
        }
        out.push_str(g);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_by_hand() {
        assert_eq!(decimal(1800, 1000), "1.8");
        assert_eq!(decimal(5, 100), "0.05");
        assert_eq!(decimal(1200, 100), "12");
        assert_eq!(parse_scaled("1,234.5", 100), Ok(123_450));
        assert_eq!(parse_scaled("0.0005", 1000), Ok(1)); // 0.5 rounds up
        assert_eq!(parse_scaled("0.0004", 1000), Ok(0));
        assert_eq!(parse_scaled("1,23", 1), Err(NumberError::CommaDecimal));
        assert_eq!(parse_scaled("-1", 1), Err(NumberError::Negative));
        assert_eq!(parse_scaled("1234567890123", 1), Err(NumberError::TooBig));
        assert_eq!(strip_thousands("1 200"), Ok("1200".to_string()));
        assert!(has_fraction("2.5") && !has_fraction("3.000") && !has_fraction("7"));
        assert_eq!(strip_currency_code("EUR 900"), "900");
    }
}
