//! Database access rules: who can read and change what, from the files a founder
//! already has — Supabase / PostgreSQL migrations or a schema dump, Firebase rules
//! — joined to the tables, functions, buckets and collections the front end
//! reaches with the public key.
//!
//! SQL is split into statements by a tolerant splitter ([`sql::split`]), the
//! statements that decide access are read ([`sql::statement`]) and replayed in
//! file-name order into a [`model::Schema`] ([`sql::replay`]); Firebase rules are
//! parsed ([`firebase`]); the front end's calls are found by pattern ([`client`]).
//! Every condition is reduced to a [`gate::Gate`] (who it lets through, to which
//! rows), and the judges decide the classes of `rules/access.toml`
//! (`access-<class>`), each finding with who can do what, why it matters and the
//! fix as SQL or rules text. Limits and what is not modelled: docs/access.md.
//!
//! # Example
//! ```
//! use shipcheck_engine::scan::access::analyze;
//! let findings = analyze(
//!     &[
//!         ("supabase/migrations/001_init.sql", "create table public.bookings (id bigint primary key, user_id uuid references auth.users);"),
//!         ("src/pages/Bookings.tsx", "const { data } = await supabase.from('bookings').select('*');"),
//!     ],
//!     None,
//! );
//! let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert!(rules.contains(&"access-rls-disabled"));
//! assert!(rules.contains(&"access-client-table-exposed"));
//! let rls = findings.iter().find(|f| f.rule == "access-rls-disabled").unwrap();
//! assert_eq!(rls.severity.as_str(), "critical");
//! let detail = rls.access.as_ref().unwrap();
//! assert!(detail.fixed_snippet.starts_with("alter table public.bookings enable row level security;"));
//! ```

pub mod client;
pub mod firebase;
pub mod fix;
pub mod gate;
pub mod input;
pub mod judge;
pub mod model;
pub mod sql;

use serde::{Deserialize, Serialize};

use crate::catalog::access as catalog;
use crate::finding::{sort_findings, Category, Context, Finding};
use client::Call;
use firebase::rtdb;
use firebase::rules::RulesFile;
use input::Kind;
use judge::client::{RtdbInput, RulesInput};
use judge::{Ctx, Issue};
use model::{Loc, Schema};
use sql::replay::{FileReplay, Resume};

pub use crate::finding::{AccessDetail, Citation};

/// Findings per analysis at most (most severe kept).
pub const MAX_FINDINGS: usize = 500;
/// Bytes of one input read at most.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// What was read, for the report's "what we looked at".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub sql_files: usize,
    pub statements: usize,
    /// Statements cut at a line-opening keyword because a `;` was missing.
    pub recovered: usize,
    pub tables: usize,
    pub policies: usize,
    pub rules_files: usize,
    pub rtdb_files: usize,
    pub client_calls: usize,
    /// The SQL is a Supabase project's (its API serves the exposed schemas).
    pub supabase: bool,
    pub exposed_schemas: Vec<String>,
    /// Inputs that looked like ours but could not be read, with why.
    pub unreadable: Vec<String>,
}

/// The result: findings, and the one-line exposure statements a page shows first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessReport {
    pub findings: Vec<Finding>,
    /// Who can do what, most severe first, one line each (no duplicates).
    pub exposure: Vec<String>,
    pub coverage: Coverage,
}

impl Coverage {
    /// What was read, in one sentence ("Read 3 SQL files (120 statements, 12
    /// tables, 30 policies), 1 rules file and 41 calls from your front end.").
    pub fn sentence(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let mut parts = Vec::new();
        if self.sql_files > 0 {
            parts.push(format!(
                "{} ({}, {}, {})",
                n(self.sql_files, "SQL file", "SQL files"),
                n(self.statements, "statement", "statements"),
                n(self.tables, "table", "tables"),
                n(self.policies, "policy", "policies")
            ));
        }
        if self.rules_files > 0 {
            parts.push(n(
                self.rules_files,
                "Firebase rules file",
                "Firebase rules files",
            ));
        }
        if self.rtdb_files > 0 {
            parts.push(n(
                self.rtdb_files,
                "Realtime Database rules file",
                "Realtime Database rules files",
            ));
        }
        if self.client_calls > 0 {
            parts.push(n(
                self.client_calls,
                "call from your front end",
                "calls from your front end",
            ));
        }
        let read = match parts.as_slice() {
            [] => "Nothing to judge database access by".to_owned(),
            [one] => format!("Read {one}"),
            [rest @ .., last] => format!("Read {} and {last}", rest.join(", ")),
        };
        let mut out = format!("{read}.");
        if self.sql_files == 0
            && self.rules_files == 0
            && self.rtdb_files == 0
            && self.client_calls > 0
        {
            out.push_str(" Without your migrations or rules files, who can reach these tables stays unknown: add them to the scan.");
        }
        if !self.unreadable.is_empty() {
            out.push_str(&format!(" Could not read: {}.", self.unreadable.join("; ")));
        }
        out
    }
}

/// What a scan report says about the access analysis beyond its findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessSummary {
    /// Who can do what, most severe first (the first lines a page shows).
    pub exposure: Vec<String>,
    pub coverage: Coverage,
}

impl AccessSummary {
    /// The line a page shows when the analysis found nothing open: only when it
    /// had schema or rules to judge (front-end calls alone prove nothing).
    pub fn all_clear(&self) -> Option<&'static str> {
        let c = &self.coverage;
        let judged = c.sql_files + c.rules_files + c.rtdb_files > 0;
        (judged && self.exposure.is_empty()).then_some(
            "No table, function, bucket or rules path was found open to anyone or to every signed-in user in what was read.",
        )
    }
}

/// Collects inputs, then replays and judges them in steps ([`AccessJob::step`]):
/// SQL files are replayed in file-name order (migration order), whatever order
/// they were added in.
#[derive(Debug, Default)]
pub struct AccessJob {
    sql: Vec<(String, String)>,
    rules: Vec<(String, String, RulesFile)>,
    rtdb: Vec<(String, String, Vec<rtdb::Rule>)>,
    exposed: Option<Vec<String>>,
    calls: Vec<Call>,
    supabase_hint: bool,
    unreadable: Vec<String>,
    schema: Schema,
    next_sql: usize,
    resume: Option<Resume>,
    sorted: bool,
    report: Option<AccessReport>,
}

impl AccessJob {
    pub fn new() -> AccessJob {
        AccessJob::default()
    }

    /// Adds one input; returns what it was read as (`None`: nothing for this
    /// analyzer). Front-end code is read at once (only its calls are kept).
    pub fn add(&mut self, name: &str, text: &str) -> Option<Kind> {
        let kind = input::detect(name, text)?;
        let text = cap(text);
        match kind {
            Kind::Sql => {
                self.supabase_hint |= input::is_supabase_path(name);
                self.sql.push((name.to_owned(), text.to_owned()));
                self.sorted = false;
            }
            Kind::Rules => self.rules.push((
                name.to_owned(),
                text.to_owned(),
                firebase::rules::parse(text),
            )),
            Kind::Rtdb => match rtdb::parse(text) {
                Ok(rules) => self.rtdb.push((name.to_owned(), text.to_owned(), rules)),
                Err(e) => self.unreadable.push(format!("{name}: {e}")),
            },
            Kind::SupabaseConfig => {
                self.supabase_hint = true;
                if let Some(s) = input::exposed_schemas(text) {
                    self.exposed = Some(s);
                }
            }
            Kind::Client => self.add_client(name, text),
        }
        Some(kind)
    }

    /// Adds the calls of front-end code (a source-map source comes under its
    /// original name).
    pub fn add_client(&mut self, name: &str, text: &str) {
        self.supabase_hint |= text.contains("supabase");
        self.calls.extend(client::extract(name, cap(text)));
    }

    /// Whether any input was taken.
    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
            && self.rules.is_empty()
            && self.rtdb.is_empty()
            && self.calls.is_empty()
    }

    /// Total bytes of SQL to replay (for progress).
    pub fn sql_bytes(&self) -> usize {
        self.sql.iter().map(|(_, t)| t.len()).sum()
    }

    /// Replays about `budget` bytes of SQL, or judges once everything is replayed;
    /// returns whether the job is done. Bytes of SQL replayed so far are in
    /// [`AccessJob::sql_done`].
    pub fn step(&mut self, budget: usize, now: Option<i64>) -> bool {
        if self.report.is_some() {
            return true;
        }
        if !self.sorted {
            // Migrations apply in file-name order (their timestamp prefixes).
            self.sql.sort_by(|a, b| a.0.cmp(&b.0));
            self.sorted = true;
        }
        if let Some((name, text)) = self.sql.get(self.next_sql) {
            let mut r = FileReplay::resume(name, text, self.resume.take().unwrap_or_default());
            if r.step(&mut self.schema, budget) {
                self.next_sql += 1;
            } else {
                self.resume = Some(r.suspend());
            }
            return false;
        }
        self.report = Some(self.judge(now));
        true
    }

    /// Bytes of SQL replayed so far.
    pub fn sql_done(&self) -> usize {
        let done: usize = self.sql[..self.next_sql.min(self.sql.len())]
            .iter()
            .map(|(_, t)| t.len())
            .sum();
        done + self.resume.as_ref().map_or(0, Resume::offset)
    }

    /// Runs to the end and returns the report.
    pub fn finish(mut self, now: Option<i64>) -> AccessReport {
        while !self.step(usize::MAX, now) {}
        self.report.unwrap_or_default()
    }

    /// The replayed schema (complete once every step has run).
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    fn judge(&mut self, now: Option<i64>) -> AccessReport {
        let exposed = self
            .exposed
            .clone()
            .unwrap_or_else(|| vec!["public".into()]);
        let supabase = self.schema.supabase_signals > 0 || self.supabase_hint;
        let words = catalog::words();
        let ctx = Ctx {
            schema: &self.schema,
            exposed: &exposed,
            supabase,
            words,
            calls: &self.calls,
            now,
        };
        let mut issues: Vec<Issue> = Vec::new();
        if !self.sql.is_empty() {
            judge::tables::judge(&ctx, &mut issues);
            judge::objects::judge(&ctx, &mut issues);
        }
        for (name, text, parsed) in &self.rules {
            judge::firebase::judge_rules(&ctx, name, text, parsed, &mut issues);
        }
        for (name, text, rules) in &self.rtdb {
            judge::firebase::judge_rtdb(&ctx, name, text, rules, &mut issues);
        }
        let rules: Vec<RulesInput> = self
            .rules
            .iter()
            .map(|(file, text, parsed)| RulesInput { file, text, parsed })
            .collect();
        let rtdb: Vec<RtdbInput> = self
            .rtdb
            .iter()
            .map(|(file, text, rules)| RtdbInput { file, text, rules })
            .collect();
        let mut client_issues = Vec::new();
        judge::client::judge(&ctx, &rules, &rtdb, &issues, &mut client_issues);
        issues.extend(client_issues);

        let mut findings: Vec<Finding> = issues.into_iter().map(finding_of).collect();
        sort_findings(&mut findings);
        let mut seen = std::collections::BTreeSet::new();
        findings.retain(|f| {
            seen.insert((
                f.rule.clone(),
                f.file.clone(),
                f.line,
                f.access.as_ref().map(|a| a.object.clone()),
            ))
        });
        findings.truncate(MAX_FINDINGS);
        let mut exposure: Vec<String> = Vec::new();
        for f in findings
            .iter()
            .filter(|f| f.severity >= crate::finding::Severity::High)
        {
            if let Some(a) = &f.access {
                if !exposure.contains(&a.exposure) {
                    exposure.push(a.exposure.clone());
                }
            }
        }
        let coverage = Coverage {
            sql_files: self.sql.len(),
            statements: self.schema.statements,
            recovered: self.schema.recovered,
            tables: self.schema.tables.values().filter(|t| t.known).count(),
            policies: self.schema.tables.values().map(|t| t.policies.len()).sum(),
            rules_files: self.rules.len(),
            rtdb_files: self.rtdb.len(),
            client_calls: self.calls.len(),
            supabase,
            exposed_schemas: exposed,
            unreadable: self.unreadable.clone(),
        };
        AccessReport {
            findings,
            exposure,
            coverage,
        }
    }
}

fn cap(text: &str) -> &str {
    let mut end = text.len().min(MAX_INPUT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn finding_of(issue: Issue) -> Finding {
    let resolved = catalog::resolve(issue.class, issue.variant);
    let Loc { file, line } = issue.at;
    let context = match issue.source {
        judge::Source::Client => crate::scan::context::detect(&file, b""),
        judge::Source::Sql => Context::SourceCode,
        _ => Context::Config,
    };
    let who = match issue.who {
        gate::Who::Anyone => "anyone",
        gate::Who::SignedIn => "signed-in",
        gate::Who::Scoped => "scoped",
        gate::Who::Nobody => "nobody",
    };
    Finding {
        rule: format!("access-{}", issue.class),
        category: Category::Access,
        severity: resolved.severity,
        title: resolved.title,
        why: format!("{} {}", issue.exposure, resolved.why),
        fix: resolved.fix,
        file,
        line: line.max(1),
        column: 1,
        context,
        origin: None,
        secret: None,
        cors: None,
        access: Some(AccessDetail {
            exposure: issue.exposure,
            object: issue.object,
            source: issue.source.as_str().to_owned(),
            who: who.to_owned(),
            operations: issue.ops.iter().map(|s| (*s).to_owned()).collect(),
            fixed_snippet: issue.fix,
            variant: issue.variant.map(str::to_owned),
            cites: issue.cites.map(|l| Citation {
                file: l.file,
                line: l.line,
            }),
            note: issue.note,
        }),
    }
}

/// Analyzes a set of inputs (`(name, text)`: migrations, a dump, rules files,
/// `supabase/config.toml`, front-end code) in one go. `now` (seconds since the
/// Unix epoch) tells expired test-mode rules; `None`: unknown. Never panics;
/// inputs it has nothing to read in are ignored.
pub fn analyze(inputs: &[(&str, &str)], now: Option<i64>) -> Vec<Finding> {
    analyze_report(inputs, now).findings
}

/// [`analyze`], with the exposure statements and what was read.
pub fn analyze_report(inputs: &[(&str, &str)], now: Option<i64>) -> AccessReport {
    let mut job = AccessJob::new();
    for (name, text) in inputs {
        job.add(name, text);
    }
    job.finish(now)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn coverage_sentences() {
        let c = Coverage {
            sql_files: 2,
            statements: 40,
            tables: 3,
            policies: 1,
            client_calls: 5,
            ..Coverage::default()
        };
        assert_eq!(
            c.sentence(),
            "Read 2 SQL files (40 statements, 3 tables, 1 policy) and 5 calls from your front end."
        );
        let calls_only = Coverage {
            client_calls: 1,
            ..Coverage::default()
        };
        assert!(calls_only.sentence().contains("stays unknown"));
        let s = AccessSummary {
            exposure: vec![],
            coverage: c,
        };
        assert!(s.all_clear().is_some());
        let s = AccessSummary {
            exposure: vec![],
            coverage: calls_only,
        };
        assert!(s.all_clear().is_none(), "calls alone prove nothing");
    }
}

/// A checklist answer that findings give: the question, the answer, and the
/// findings that give it (the page shows their file and line; the founder can
/// dispute it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub question: String,
    pub answer: String,
    /// One sentence, then the findings' exposure lines.
    pub because: String,
    pub citations: Vec<Citation>,
}

/// The checklist answers these findings give (`rules/access.toml` `[[answer]]`),
/// one per question, citing every finding that gives it, most severe first.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::access::{analyze, evidence};
/// let findings = analyze(&[("supabase/migrations/1.sql", "create table public.orders (id int, user_id uuid references auth.users);")], None);
/// let e = evidence(&findings);
/// assert_eq!((e[0].question.as_str(), e[0].answer.as_str()), ("cross-tenant-access", "yes"));
/// assert_eq!(e[0].citations[0].file, "supabase/migrations/1.sql");
/// ```
pub fn evidence(findings: &[Finding]) -> Vec<Evidence> {
    let mut out = Vec::new();
    for rule in &catalog::catalog().answer {
        let min = crate::finding::Severity::parse(&rule.min_severity)
            .unwrap_or(crate::finding::Severity::High);
        let hits: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity >= min)
            // Someone has to be able to reach the data (expired test-mode rules
            // refuse everyone: broken, not open).
            .filter(|f| f.access.as_ref().is_none_or(|a| a.who != "nobody"))
            .filter(|f| {
                rule.classes
                    .iter()
                    .any(|c| f.rule.strip_prefix("access-") == Some(c.as_str()))
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        let mut lines: Vec<&str> = Vec::new();
        for f in &hits {
            if let Some(a) = &f.access {
                if !lines.contains(&a.exposure.as_str()) {
                    lines.push(&a.exposure);
                }
            }
        }
        out.push(Evidence {
            question: rule.question.clone(),
            answer: rule.answer.clone(),
            because: format!("{} {}", rule.because, lines.join(" ")),
            citations: hits
                .iter()
                .map(|f| Citation {
                    file: f.file.clone(),
                    line: f.line,
                })
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn answered_questions_exist_in_the_checklist() {
        let assess = crate::catalog::assess::Catalog::built_in();
        for rule in &catalog::catalog().answer {
            let q = assess
                .question(&rule.question)
                .unwrap_or_else(|| panic!("no question {}", rule.question));
            assert_eq!(
                q.risky_answer.as_str(),
                rule.answer,
                "{}: the evidence gives the risky answer",
                rule.question
            );
        }
    }

    #[test]
    fn only_open_data_answers_and_safe_schemas_do_not() {
        let open = analyze(&[("supabase/migrations/1.sql", "create table public.orders (id int, user_id uuid references auth.users);\nalter table public.orders enable row level security;\ncreate policy p on public.orders for select to authenticated using (true);")], None);
        let e = evidence(&open);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].because.contains("every user's rows of `orders`"),
            "{}",
            e[0].because
        );
        let safe = analyze(&[("supabase/migrations/1.sql", "create table public.orders (id int, user_id uuid references auth.users);\ncreate index on public.orders (user_id);\nalter table public.orders enable row level security;\ncreate policy p on public.orders for select to authenticated using ((select auth.uid()) = user_id);")], None);
        assert!(evidence(&safe).is_empty());
    }
}
