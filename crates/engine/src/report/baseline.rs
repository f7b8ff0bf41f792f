//! Baselines: a previous scan's JSON export (`shipcheck scan --format json`),
//! whose findings are not reported again, so a project adopting shipcheck sees
//! only what is new.
//!
//! A finding is in the baseline when a baseline finding has the same
//! [`identity`]: its file and its [`Finding::key`] — for a secret the rule and
//! the salted value fingerprint ([`crate::scan::fingerprint`]), for a CORS
//! finding the rule, policy and attacker origin, for an access finding the rule,
//! object, who and operations. No line number: a finding that moves when lines
//! are added above it stays suppressed; a different value on the same line does
//! not (gitleaks' `file:rule:line` fingerprint hides it, gitleaks issue #2239).
//! The baseline holds no secret: only what the export holds (masked values and
//! fingerprints).
//!
//! The baseline is read by the one reader of the export, [`json::read`], which
//! refuses anything else (a gitleaks report, another schema) naming why.
//!
//! # Example
//! ```
//! use shipcheck_engine::report::{baseline::Baseline, json};
//! use shipcheck_engine::scan::{ScanInput, Scanner};
//! let key = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
//! let scan = |text: &str| Scanner::built_in().scan(vec![ScanInput::new(".env", text)]);
//! let old = scan(&format!("STRIPE_SECRET_KEY={key}\n"));
//! let baseline = Baseline::read(&json::render(&old)).unwrap();
//! let mut now = scan(&format!("# moved down\nSTRIPE_SECRET_KEY={key}\n"));
//! assert_eq!(baseline.apply(&mut now), 1);
//! assert!(now.findings.is_empty());
//! assert_eq!(now.stats.baselined, 1);
//! assert!(Baseline::read(r#"[{"RuleID": "x"}]"#).is_err());
//! ```

use std::collections::BTreeSet;

use crate::finding::{Finding, WireError};
use crate::report::json::{self, ScanDocument};
use crate::scan::ScanReport;

/// The identities of a previous scan's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    identities: BTreeSet<String>,
    findings: usize,
}

/// What makes a finding the same one in a later scan: its file (with `./` and
/// Windows separators normalised) and its [`Finding::key`].
pub fn identity(f: &Finding) -> String {
    format!("{}|{}", normalise(&f.file), f.key())
}

/// `./src/a.js`, `src\a.js` and `src/a.js` are one file.
fn normalise(file: &str) -> String {
    let file = file.replace('\\', "/");
    let mut rest = file.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

impl Baseline {
    /// Reads a scan export; anything else is refused with the reader's message.
    pub fn read(text: &str) -> Result<Baseline, WireError> {
        Ok(Baseline::of(&json::read(text)?))
    }

    /// The baseline of an export already read.
    pub fn of(doc: &ScanDocument) -> Baseline {
        Baseline {
            identities: doc.findings.iter().map(identity).collect(),
            findings: doc.findings.len(),
        }
    }

    /// How many findings the export held.
    pub fn findings(&self) -> usize {
        self.findings
    }

    pub fn contains(&self, f: &Finding) -> bool {
        self.identities.contains(&identity(f))
    }

    /// What a page says once the baseline is applied and `removed` findings were
    /// held back.
    ///
    /// ```
    /// # use shipcheck_engine::report::baseline::Baseline;
    /// assert_eq!(
    ///     Baseline::default().said(0),
    ///     "Baseline of 0 findings loaded: none of this scan's findings is in it."
    /// );
    /// ```
    pub fn said(&self, removed: usize) -> String {
        let of = format!(
            "Baseline of {} finding{} loaded",
            self.findings,
            if self.findings == 1 { "" } else { "s" }
        );
        match removed {
            0 => format!("{of}: none of this scan's findings is in it."),
            1 => format!("{of}: 1 finding of this scan is in it and not shown."),
            n => format!("{of}: {n} findings of this scan are in it and not shown."),
        }
    }

    /// A copy of `report` without the findings the baseline holds, and how many
    /// those were (for a page that keeps the whole report).
    pub fn applied(&self, report: &ScanReport) -> (ScanReport, usize) {
        let mut copy = report.clone();
        let removed = self.apply(&mut copy);
        (copy, removed)
    }

    /// Removes the findings the baseline holds from `report`, counting them per
    /// file ([`FileReport::baselined`](crate::scan::FileReport::baselined)) and in
    /// the stats; returns how many were removed.
    pub fn apply(&self, report: &mut ScanReport) -> usize {
        let mut removed = 0;
        let ScanReport {
            findings, files, ..
        } = report;
        findings.retain(|f| {
            if !self.contains(f) {
                return true;
            }
            removed += 1;
            if let Some(file) = files.iter_mut().find(|r| r.name == f.file) {
                file.findings = file.findings.saturating_sub(1);
                file.baselined += 1;
            }
            false
        });
        report.recount();
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{ScanInput, Scanner};

    const KEY: &str = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
    const OTHER: &str = "sk_live_51Hx7Qm2LpW9vKcR4tYbN8jD3fGs6ZaE1uXo5iVqT0wCyMe";
    const CORS: &str = "app.use(cors({ origin: true, credentials: true }));\n";

    fn scan(files: &[(&str, &str)]) -> ScanReport {
        Scanner::built_in().scan(
            files
                .iter()
                .map(|(name, text)| ScanInput::new(*name, *text))
                .collect(),
        )
    }

    fn baseline(files: &[(&str, &str)]) -> Baseline {
        Baseline::read(&json::render(&scan(files))).expect("own export")
    }

    #[test]
    fn only_new_findings_remain_whatever_moved() {
        let env = format!("STRIPE_SECRET_KEY={KEY}\n");
        let old = baseline(&[(".env", &env), ("server.js", CORS)]);
        assert_eq!(old.findings(), 2);
        // (later scan, findings left, suppressed)
        let moved_env = format!("# comment\n\nSTRIPE_SECRET_KEY={KEY}\n");
        let new_key = format!("STRIPE_SECRET_KEY={OTHER}\n");
        let moved_cors = format!("// app\n\n{CORS}");
        type Files<'a> = Vec<(&'a str, &'a str)>;
        let cases: [(Files, usize, usize); 5] = [
            (vec![(".env", &env), ("server.js", CORS)], 0, 2),
            (vec![(".env", &moved_env), ("server.js", &moved_cors)], 0, 2),
            // A different key where the old one was is new.
            (vec![(".env", &new_key), ("server.js", CORS)], 1, 1),
            // The same key in another file is a new place it leaked to.
            (vec![("config/.env", &env)], 1, 0),
            (vec![("./.env", &env), (".\\server.js", CORS)], 0, 2),
        ];
        for (files, left, suppressed) in cases {
            let mut r = scan(&files);
            assert_eq!(old.apply(&mut r), suppressed, "{files:?}");
            assert_eq!(r.findings.len(), left, "{files:?}");
            assert_eq!(
                (r.stats.findings, r.stats.baselined),
                (left, suppressed),
                "{files:?}"
            );
            let per_file: usize = r.files.iter().map(|f| f.baselined).sum();
            assert_eq!(per_file, suppressed);
        }
    }

    #[test]
    fn the_summary_says_what_the_baseline_suppressed() {
        let env = format!("STRIPE_SECRET_KEY={KEY}\n");
        let mut r = scan(&[(".env", &env)]);
        baseline(&[(".env", &env)]).apply(&mut r);
        let c = r.coverage();
        assert!(
            c.detail
                .contains("1 finding suppressed: 1 by the baseline."),
            "{}",
            c.detail
        );
        assert!(
            c.headline.starts_with("Nothing new found"),
            "{}",
            c.headline
        );
        // The count survives a later merge (it is kept per file).
        r.merge(scan(&[("server.js", CORS)]));
        assert_eq!(r.stats.baselined, 1);
    }

    #[test]
    fn anything_but_a_scan_export_is_refused() {
        for (text, says) in [
            ("", "EOF"),
            (
                r#"[{"RuleID": "generic-api-key", "Secret": "x"}]"#,
                "not a shipcheck scan report",
            ),
            (
                r#"{"schema": "shipcheck-scan/0", "findings": []}"#,
                "shipcheck-scan/0",
            ),
            (
                r#"{"$schema": "https://json.schemastore.org/sarif-2.1.0.json"}"#,
                "no \"schema\"",
            ),
        ] {
            let e = Baseline::read(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_baseline_holds_no_secret() {
        let env = format!("STRIPE_SECRET_KEY={KEY}\n");
        let export = json::render(&scan(&[(".env", &env)]));
        assert!(!export.contains(&KEY[8..]), "{export}");
        assert!(!baseline(&[(".env", &env)])
            .identities
            .iter()
            .any(|i| i.contains(&KEY[8..])));
    }
}
