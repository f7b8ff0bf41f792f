//! What a scan returns: findings, what happened to each file, the candidates
//! that were dropped (with `explain`), and counts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::finding::{group_by_key, Context, Finding, FindingGroup, Severity, SourceOrigin};
use crate::scan::input::Encoding;

/// The result of a scan job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Secret and CORS findings, sorted with [`sort_findings`](crate::finding::sort_findings).
    pub findings: Vec<Finding>,
    /// One entry per input, in input order.
    pub files: Vec<FileReport>,
    /// Candidates that were not reported, and why (only when
    /// [`ScanOptions::explain`](crate::scan::ScanOptions::explain) is set;
    /// at most [`MAX_DROPPED`] are kept, `stats.dropped` counts them all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedCandidate>,
    pub stats: ScanStats,
    /// What the database access analysis read and who can do what, when any
    /// input was for it (its findings are in `findings`, category `access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<crate::scan::access::AccessSummary>,
}

/// At most this many dropped candidates are kept for `--explain`.
pub const MAX_DROPPED: usize = 10_000;

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub bytes: usize,
    pub context: Context,
    #[serde(flatten)]
    pub status: FileStatus,
    pub findings: usize,
    /// Values ignored because they look like placeholders (`sk_live_XXXX`, `<key>`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub placeholders: usize,
    /// A few of them, masked like findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholder_values: Vec<String>,
    /// Candidates dropped in this file for any reason (placeholders included).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// Findings not reported because a `shipcheck:allow` comment allows their line
    /// ([`crate::scan::allow`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub allowed: usize,
    /// Findings not reported because the baseline holds them
    /// ([`crate::report::baseline`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub baselined: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Whether a file was scanned, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FileStatus {
    Scanned {
        encoding: Encoding,
        /// Anything the reader should know: invalid UTF-8 decoded lossily, a
        /// UTF-16 file, a source map's sources.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Skipped {
        reason: String,
    },
    Empty,
}

impl FileStatus {
    /// The reason a file was not scanned, if it was not.
    pub fn skip_reason(&self) -> Option<&str> {
        match self {
            FileStatus::Skipped { reason } => Some(reason),
            FileStatus::Empty => Some("empty"),
            FileStatus::Scanned { .. } => None,
        }
    }
}

/// A rule match that is not a finding, with the reason (for `--explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedCandidate {
    pub rule: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<SourceOrigin>,
    /// Masked like findings: the value never appears.
    pub masked: String,
    pub reason: String,
}

/// Counts over a whole scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanStats {
    pub files: usize,
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub bytes: u64,
    pub rules: usize,
    pub findings: usize,
    /// Findings per severity name (`critical`...`info`), every severity present.
    pub by_severity: BTreeMap<String, usize>,
    /// Secret findings per verdict (`secret`, `public`, `test`).
    pub by_verdict: BTreeMap<String, usize>,
    /// Candidates dropped (placeholders, noise, allowlists, ignores...).
    pub dropped: usize,
    /// Of those, values that look like placeholders.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub placeholders: usize,
    /// Findings suppressed by `shipcheck:allow` comments.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub allowed: usize,
    /// Findings suppressed because the baseline holds them.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub baselined: usize,
}

impl ScanStats {
    pub(crate) fn count(
        findings: &[Finding],
        files: &[FileReport],
        rules: usize,
        dropped: usize,
    ) -> ScanStats {
        let mut by_severity: BTreeMap<String, usize> = Severity::ALL_DESC
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        let mut by_verdict: BTreeMap<String, usize> = BTreeMap::new();
        for f in findings {
            *by_severity
                .entry(f.severity.as_str().to_string())
                .or_default() += 1;
            if let Some(v) = f.verdict() {
                *by_verdict.entry(v.as_str().to_string()).or_default() += 1;
            }
        }
        let skipped = files
            .iter()
            .filter(|f| f.status.skip_reason().is_some())
            .count();
        ScanStats {
            files: files.len(),
            files_scanned: files.len() - skipped,
            files_skipped: skipped,
            bytes: files.iter().map(|f| f.bytes as u64).sum(),
            rules,
            findings: findings.len(),
            by_severity,
            by_verdict,
            dropped,
            placeholders: files.iter().map(|f| f.placeholders).sum(),
            allowed: files.iter().map(|f| f.allowed).sum(),
            baselined: files.iter().map(|f| f.baselined).sum(),
        }
    }
}

/// What scanning files again changed ([`ScanReport::merge`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rescan {
    /// The files read again (in the earlier scan and in the later one).
    pub files: Vec<String>,
    /// Problems ([`Finding::key`]) that were in those files and are still found.
    pub still_there: BTreeSet<String>,
    /// Problems that were in those files and are found nowhere now, most severe first.
    pub gone: Vec<Gone>,
}

impl Rescan {
    /// Whether the later scan read no file again (nothing to compare).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The before / after in a line: "Scanned .env again: 1 problem gone, 2 still there."
    pub fn sentence(&self) -> String {
        let problems = |n: usize| format!("{n} problem{}", if n == 1 { "" } else { "s" });
        let files = self.files.join(", ");
        match (self.gone.len(), self.still_there.len()) {
            (0, 0) => {
                format!("Scanned {files} again: nothing was found there before, nothing now.")
            }
            (0, n) => format!(
                "Scanned {files} again: nothing gone, {} still there.",
                problems(n)
            ),
            (g, 0) => format!(
                "Scanned {files} again: {} gone, nothing left there.",
                problems(g)
            ),
            (g, n) => format!(
                "Scanned {files} again: {} gone, {n} still there.",
                problems(g)
            ),
        }
    }
}

/// A problem a re-scan no longer finds, as it was before.
#[derive(Debug, Clone, PartialEq)]
pub struct Gone {
    /// Its first place before the re-scan.
    pub finding: Finding,
    /// How many places it had.
    pub count: usize,
}

/// How a scan went, in a headline and a line, for the summary a founder reads first.
/// Nothing that was not read is ever called clean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub tone: Tone,
    pub headline: String,
    /// What was and was not read: "0 of 1 file scanned: image.png (binary)".
    pub detail: String,
}

/// How the summary should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Something to fix was found.
    Found,
    /// Everything given was read and nothing was found.
    Clean,
    /// Nothing (or not everything) could be read: no all-clear.
    Incomplete,
}

impl ScanReport {
    /// Adds a later scan: files scanned again replace their earlier results, new files
    /// join. Findings stay sorted. Returns what scanning those files again changed
    /// (the before and after a founder reads once a fix is made).
    ///
    /// The later scan's database-access summary, when it has one, replaces the
    /// earlier: it was worked out from the files given together, and the earlier
    /// files' contents are no longer there to work it out again.
    pub fn merge(&mut self, later: ScanReport) -> Rescan {
        let names: Vec<&str> = later.files.iter().map(|f| f.name.as_str()).collect();
        let again: Vec<String> = self
            .files
            .iter()
            .filter(|f| names.contains(&f.name.as_str()))
            .map(|f| f.name.clone())
            .collect();
        let before: Vec<FindingGroup> =
            group_by_key(self.findings.iter().filter(|f| again.contains(&f.file)));
        let before: Vec<(String, Finding, usize)> = before
            .into_iter()
            .map(|g| (g.first.key(), g.first.clone(), g.count()))
            .collect();
        self.findings.retain(|f| !names.contains(&f.file.as_str()));
        self.dropped.retain(|d| !names.contains(&d.file.as_str()));
        self.files.retain(|f| !names.contains(&f.name.as_str()));
        self.findings.extend(later.findings);
        self.dropped.extend(later.dropped);
        self.files.extend(later.files);
        self.stats.rules = later.stats.rules;
        if later.access.is_some() {
            self.access = later.access;
        }
        self.recount();
        let now: BTreeSet<String> = self.findings.iter().map(Finding::key).collect();
        let mut rescan = Rescan {
            files: again,
            ..Rescan::default()
        };
        for (key, finding, count) in before {
            if now.contains(&key) {
                rescan.still_there.insert(key);
            } else {
                rescan.gone.push(Gone { finding, count });
            }
        }
        rescan
    }

    /// Forgets one file and its findings.
    pub fn remove_file(&mut self, name: &str) {
        self.findings.retain(|f| f.file != name);
        self.dropped.retain(|d| d.file != name);
        self.files.retain(|f| f.name != name);
        self.recount();
    }

    pub(crate) fn recount(&mut self) {
        crate::finding::sort_findings(&mut self.findings);
        let dropped = self.files.iter().map(|f| f.dropped).sum();
        self.stats = ScanStats::count(&self.findings, &self.files, self.stats.rules, dropped);
    }

    /// What was found but not reported, in one sentence: "2 findings suppressed:
    /// 1 by the baseline, 1 by a shipcheck:allow comment."; `None` when nothing was.
    pub fn suppressed(&self) -> Option<String> {
        let s = &self.stats;
        let total = s.baselined + s.allowed;
        if total == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if s.baselined > 0 {
            parts.push(format!("{} by the baseline", s.baselined));
        }
        if s.allowed > 0 {
            parts.push(format!(
                "{} by {}",
                s.allowed,
                if s.allowed == 1 {
                    "a shipcheck:allow comment"
                } else {
                    "shipcheck:allow comments"
                }
            ));
        }
        Some(format!(
            "{total} finding{} suppressed: {}.",
            if total == 1 { "" } else { "s" },
            parts.join(", ")
        ))
    }

    /// The summary a founder reads first: found, clean, or not (fully) read.
    pub fn coverage(&self) -> Coverage {
        let s = &self.stats;
        let skipped: Vec<String> = self
            .files
            .iter()
            .filter_map(|f| f.status.skip_reason().map(|r| format!("{} ({r})", f.name)))
            .collect();
        let files = if s.files == 1 { "file" } else { "files" };
        let mut detail = format!("{} of {} {files} scanned", s.files_scanned, s.files);
        if !skipped.is_empty() {
            detail.push_str(&format!(": not read: {}", skipped.join(", ")));
        }
        detail.push('.');
        if s.placeholders > 0 {
            let examples: Vec<&str> = self
                .files
                .iter()
                .flat_map(|f| f.placeholder_values.iter().map(String::as_str))
                .take(3)
                .collect();
            detail.push_str(&format!(
                " {} value{} ignored as {} ({}): if {} a real key, treat it as one.",
                s.placeholders,
                if s.placeholders == 1 { "" } else { "s" },
                if s.placeholders == 1 {
                    "a placeholder"
                } else {
                    "placeholders"
                },
                examples.join(", "),
                if s.placeholders == 1 {
                    "it is"
                } else {
                    "one is"
                }
            ));
        }
        if let Some(line) = self.suppressed() {
            detail.push(' ');
            detail.push_str(&line);
        }
        // A value public by design is reported, but it is not a problem to fix.
        let groups = crate::finding::group_by_key(&self.findings);
        let public = groups
            .iter()
            .filter(|g| g.first.verdict() == Some(crate::finding::Verdict::Public))
            .count();
        let problems = groups.len() - public;
        let also_public = match public {
            0 => String::new(),
            1 => " (and 1 value that is public by design)".to_string(),
            n => format!(" (and {n} values that are public by design)"),
        };
        let (tone, headline) = if problems > 0 {
            (
                Tone::Found,
                format!(
                    "{problems} problem{} found{also_public}",
                    if problems == 1 { "" } else { "s" }
                ),
            )
        } else if s.files_scanned == 0 {
            (Tone::Incomplete, "Nothing was scanned".to_string())
        } else if s.files_skipped > 0 {
            (
                Tone::Incomplete,
                "Nothing found in what could be read, but not everything could".to_string(),
            )
        } else if s.baselined + s.allowed > 0 {
            // Suppressed findings are still there: not "no secret found".
            (
                Tone::Clean,
                format!(
                    "Nothing new found in {} {files}: every finding is in the baseline or allowed",
                    s.files_scanned
                ),
            )
        } else {
            (
                Tone::Clean,
                format!(
                    "No leaked secret and no CORS problem found in {} {files}{also_public}",
                    s.files_scanned
                ),
            )
        };
        Coverage {
            tone,
            headline,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{ScanInput, Scanner};

    const PNG: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    #[test]
    fn an_image_alone_is_never_called_clean() {
        let r = Scanner::built_in().scan(vec![ScanInput::new("logo.png", PNG)]);
        let c = r.coverage();
        assert_eq!(c.tone, Tone::Incomplete);
        assert_eq!(c.headline, "Nothing was scanned");
        assert!(
            c.detail
                .starts_with("0 of 1 file scanned: not read: logo.png (binary"),
            "{}",
            c.detail
        );
        let both = Scanner::built_in().scan(vec![
            ScanInput::new("logo.png", PNG),
            ScanInput::new(".env", "PORT=3000\n"),
        ]);
        assert_eq!(both.coverage().tone, Tone::Incomplete);
        let text = Scanner::built_in().scan(vec![ScanInput::new(".env", "PORT=3000\n")]);
        assert_eq!(text.coverage().tone, Tone::Clean);
    }

    #[test]
    fn a_value_public_by_design_is_not_a_problem() {
        let anon = "pk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let live = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let s = Scanner::built_in();
        let public = s.scan(vec![ScanInput::new(
            "app.js",
            format!("const pk = \"{anon}\";\n"),
        )]);
        assert_eq!(public.findings.len(), 1, "{:?}", public.findings);
        let c = public.coverage();
        assert_eq!(c.tone, Tone::Clean);
        assert!(
            c.headline
                .ends_with("(and 1 value that is public by design)"),
            "{}",
            c.headline
        );
        let both = s.scan(vec![ScanInput::new(
            "app.js",
            format!("const pk = \"{anon}\";\nconst sk = \"{live}\";\n"),
        )]);
        assert_eq!(
            both.coverage().headline,
            "1 problem found (and 1 value that is public by design)"
        );
    }

    #[test]
    fn a_value_ignored_as_a_placeholder_is_said() {
        let r = Scanner::built_in().scan(vec![ScanInput::new(
            ".env",
            "STRIPE_SECRET_KEY=sk_live_ABCDEFGHIJKLMNOPQRSTUVWX\n",
        )]);
        assert!(r.findings.is_empty());
        assert_eq!((r.files[0].placeholders, r.stats.placeholders), (1, 1));
        let c = r.coverage();
        assert_eq!(c.tone, Tone::Clean);
        assert!(
            c.detail.contains("1 value ignored as a placeholder (sk_l"),
            "{}",
            c.detail
        );
        assert!(!c.detail.contains("ABCDEFGHIJKLMNOPQRSTUVWX"), "masked");
    }

    #[test]
    fn scans_add_up_and_a_rescan_replaces_its_file() {
        let key = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let s = Scanner::built_in();
        let mut r = s.scan(vec![ScanInput::new(
            ".env",
            format!("STRIPE_SECRET_KEY={key}\n"),
        )]);
        let first = r.merge(s.scan(vec![ScanInput::new(
            "server.js",
            "app.use(cors({ origin: true, credentials: true }));\n",
        )]));
        assert!(first.is_empty(), "a new file is not a re-scan: {first:?}");
        assert_eq!(r.files.len(), 2);
        let files: Vec<&str> = r.findings.iter().map(|f| f.file.as_str()).collect();
        assert!(
            files.contains(&".env") && files.contains(&"server.js"),
            "{files:?}"
        );
        assert_eq!(r.stats.findings, r.findings.len());
        // The key rotated and removed: the re-scan replaces the file's results.
        let key_finding = r
            .findings
            .iter()
            .find(|f| f.file == ".env")
            .unwrap()
            .clone();
        let rescan = r.merge(s.scan(vec![ScanInput::new(".env", "STRIPE_SECRET_KEY=\n")]));
        assert_eq!(rescan.files, [".env"]);
        assert_eq!(
            rescan.sentence(),
            "Scanned .env again: 1 problem gone, nothing left there."
        );
        assert!(rescan.still_there.is_empty());
        assert_eq!(rescan.gone.len(), 1);
        assert_eq!(
            (&rescan.gone[0].finding, rescan.gone[0].count),
            (&key_finding, 1)
        );
        assert_eq!(r.files.len(), 2);
        assert!(r.findings.iter().all(|f| f.file == "server.js"));
        // A key still found in a file not scanned again is still there.
        let key_line = format!("STRIPE_SECRET_KEY={key}\n");
        r.merge(s.scan(vec![
            ScanInput::new(".env", key_line.clone()),
            ScanInput::new("copy.env", key_line.clone()),
        ]));
        let rescan = r.merge(s.scan(vec![ScanInput::new(".env", "PORT=1\n")]));
        assert!(rescan.gone.is_empty(), "{rescan:?}");
        assert_eq!(rescan.still_there.len(), 1);
        assert_eq!(
            rescan.sentence(),
            "Scanned .env again: nothing gone, 1 problem still there."
        );
        r.remove_file("copy.env");
        r.remove_file(".env");
        r.remove_file("server.js");
        assert!(r.findings.is_empty());
        assert_eq!((r.stats.files, r.stats.findings), (0, 0));
    }
}
