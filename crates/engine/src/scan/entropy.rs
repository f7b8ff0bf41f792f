//! Shannon entropy of a candidate secret, the gate that separates random keys
//! from words, identifiers and placeholders.

/// Shannon entropy in bits per byte: 0 for `aaaa`, at most 8; about 4 for a
/// random hex string, about 5.2–5.9 for random alphanumerics of 24–64 bytes.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::entropy::shannon;
/// assert_eq!(shannon(b"aaaa"), 0.0);
/// assert!((shannon(b"abcd") - 2.0).abs() < 1e-9);
/// ```
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"zzzzzzzz"), 0.0);
        assert!((shannon(b"ab") - 1.0).abs() < 1e-9);
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
        let all: Vec<u8> = (0..=255).collect();
        assert!((shannon(&all) - 8.0).abs() < 1e-9);
    }

    #[test]
    fn words_score_below_random_keys() {
        assert!(shannon(b"password") < 3.0);
        assert!(shannon(b"q8Wz3Lk9Xv2Rt7Yp4Nm6Bc1") > 4.0);
    }
}
