//! Calendar dates of Unix times, for the dates findings quote (a token's expiry,
//! a Firebase test-mode rule's end). No clock and no time-zone data: UTC only.

/// `YYYY-MM-DD` (UTC) of a Unix time in seconds: days-from-civil inverted
/// (proleptic Gregorian), so any `i64` of seconds gives a date.
///
/// # Example
/// ```
/// assert_eq!(shipcheck_engine::scan::date::iso_date(951_782_400), "2000-02-29");
/// ```
pub fn iso_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_unix_times() {
        for (secs, date) in [
            (0, "1970-01-01"),
            (951_782_400, "2000-02-29"),
            (2_000_000_000, "2033-05-18"),
            (-86_400, "1969-12-31"),
            (1_767_139_200, "2025-12-31"),
        ] {
            assert_eq!(iso_date(secs), date, "{secs}");
        }
    }
}
