//! Where a problem the founder marked fixed stands after the scans so far.

use serde::Serialize;

use super::Rescan;
use crate::finding::{mark_of, Marks};

/// Where a problem stands for the founder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixStatus {
    /// Not marked fixed.
    Open,
    /// Marked fixed; the last scan did not read its files again.
    Marked,
    /// Marked fixed, yet the last scan read its files again and still found it.
    StillThere,
    /// Found before; the re-scan of its files no longer finds it.
    Gone,
}

impl FixStatus {
    /// The status of a problem the current scan holds (`key` is its
    /// [`Finding::key`](crate::finding::Finding::key)).
    pub fn of(key: &str, marks: &Marks, rescan: Option<&Rescan>) -> FixStatus {
        if !marks.contains(&mark_of(key)) {
            FixStatus::Open
        } else if rescan.is_some_and(|r| r.still_there.contains(key)) {
            FixStatus::StillThere
        } else {
            FixStatus::Marked
        }
    }

    /// The name used in data attributes and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            FixStatus::Open => "open",
            FixStatus::Marked => "marked",
            FixStatus::StillThere => "still-there",
            FixStatus::Gone => "gone",
        }
    }

    /// What the founder reads beside the problem (empty when open).
    pub fn label(self) -> &'static str {
        match self {
            FixStatus::Open => "",
            FixStatus::Marked => {
                "Marked fixed. It still counts until a re-scan of its file no longer finds it."
            }
            FixStatus::StillThere => "Marked fixed, but the re-scan still finds it: still there.",
            FixStatus::Gone => "Gone: the re-scan no longer finds it.",
        }
    }

    /// Whether the founder said it is fixed.
    pub fn is_marked(self) -> bool {
        matches!(self, FixStatus::Marked | FixStatus::StillThere)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{ScanInput, Scanner};

    const KEY: &str = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";

    #[test]
    fn a_mark_is_a_hash_of_the_key_never_the_value() {
        let r = Scanner::built_in().scan(vec![ScanInput::new(
            "bundle.js",
            format!("const k = \"{KEY}\";\n"),
        )]);
        let f = &r.findings[0];
        let mark = f.mark();
        assert!(crate::finding::fix::is_mark(&mark), "{mark}");
        assert_eq!(mark, mark_of(&f.key()));
        let masked = &f.secret.as_ref().unwrap().masked;
        for part in [&KEY[8..], masked.as_str(), &f.key()] {
            assert!(!mark.contains(part), "{part} in {mark}");
        }
        // The same key elsewhere is the same mark; another key is another.
        let moved = Scanner::built_in().scan(vec![ScanInput::new(
            "other.js",
            format!("\n\nx = '{KEY}'\n"),
        )]);
        assert_eq!(moved.findings[0].mark(), mark);
        for (text, ok) in [
            (mark.as_str(), true),
            ("0123456789abcdef", true),
            ("0123456789ABCDEF", false),
            ("0123456789abcde", false),
            ("0123456789abcdefg", false),
            ("", false),
        ] {
            assert_eq!(crate::finding::fix::is_mark(text), ok, "{text:?}");
        }
    }

    #[test]
    fn a_mark_is_the_founders_word_until_a_rescan_says_otherwise() {
        let s = Scanner::built_in();
        let env = |v: &str| ScanInput::new("server.js", format!("const k = \"{v}\";\n"));
        let mut r = s.scan(vec![env(KEY)]);
        let key = r.findings[0].key();
        let mut marks = Marks::new();
        assert_eq!(FixStatus::of(&key, &marks, None), FixStatus::Open);
        marks.insert(mark_of(&key));
        assert_eq!(FixStatus::of(&key, &marks, None), FixStatus::Marked);
        // Scanned again unchanged: still there.
        let rescan = r.merge(s.scan(vec![env(KEY)]));
        assert_eq!(
            FixStatus::of(&key, &marks, Some(&rescan)),
            FixStatus::StillThere
        );
        // Scanning another file says nothing about this one.
        let other = r.merge(s.scan(vec![ScanInput::new("a.env", "PORT=1\n")]));
        assert_eq!(FixStatus::of(&key, &marks, Some(&other)), FixStatus::Marked);
        // Fixed for real: the re-scan lists it as gone.
        let fixed = r.merge(s.scan(vec![env("process.env.STRIPE_KEY")]));
        assert!(r.findings.is_empty());
        assert_eq!(fixed.gone.len(), 1);
        assert_eq!(fixed.gone[0].finding.key(), key);
        for status in [
            FixStatus::Open,
            FixStatus::Marked,
            FixStatus::StillThere,
            FixStatus::Gone,
        ] {
            assert_eq!(status.label().is_empty(), status == FixStatus::Open);
            assert_eq!(
                status.is_marked(),
                matches!(status, FixStatus::Marked | FixStatus::StillThere)
            );
        }
    }
}
