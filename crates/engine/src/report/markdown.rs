//! The Markdown report: findings by priority, each with where it is, its
//! masked value, why it matters and what to do.

use std::fmt::Write;

use super::{plural, summary_line};
use crate::finding::{group_by_key, Finding, FindingGroup, Severity};
use crate::scan::ScanReport;

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical: fix today",
        Severity::High => "High: fix before launch",
        Severity::Medium => "Medium: fix soon",
        Severity::Low => "Low: worth a look",
        Severity::Info => "Info: public by design, nothing to rotate",
    }
}

/// Escapes the characters that would change Markdown inline formatting.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn place(f: &Finding) -> String {
    let mut p = format!("{}:{}:{}", f.file, f.line, f.column);
    if let Some(o) = &f.origin {
        let _ = write!(p, " (original source {}:{})", o.source, o.line);
    }
    p
}

/// Most places listed under one problem.
const MAX_PLACES: usize = 10;

fn finding(out: &mut String, g: &FindingGroup) {
    let f = g.first;
    if g.count() == 1 {
        let _ = writeln!(out, "### {}\n", escape(&f.title));
        let _ = writeln!(out, "- **Where:** `{}`", place(f).replace('`', "'"));
    } else {
        let _ = writeln!(
            out,
            "### {} (found {} times)\n",
            escape(&f.title),
            g.count()
        );
        let places: Vec<String> = g
            .places
            .iter()
            .take(MAX_PLACES)
            .map(|p| format!("`{}`", place(p).replace('`', "'")))
            .collect();
        let more = match g.count().saturating_sub(MAX_PLACES) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let _ = writeln!(out, "- **Where:** {}{more}", places.join(", "));
    }
    if let Some(s) = &f.secret {
        let _ = writeln!(
            out,
            "- **Value:** `{}` ({}, {})",
            s.masked,
            s.verdict.as_str(),
            escape(&s.provider)
        );
    }
    let _ = writeln!(out, "- **Why it matters:** {}", escape(&f.why));
    let _ = writeln!(out, "- **What to do:** {}", escape(&f.fix));
    if let Some(s) = &f.secret {
        if let Some(note) = &s.note {
            let _ = writeln!(out, "- **Note:** {}", escape(note));
        }
        if let Some(url) = &s.rotate_url {
            let _ = writeln!(out, "- **Rotate at:** <{url}>");
        }
        let _ = writeln!(out, "- Rule `{}`, fingerprint `{}`", f.rule, s.fingerprint);
    } else {
        let _ = writeln!(out, "- Rule `{}`", f.rule);
    }
    if let Some(c) = f.access.as_ref().and_then(|a| a.cites.as_ref()) {
        let _ = writeln!(out, "- **Left open by:** {}:{}", escape(&c.file), c.line);
    }
    if let Some(snippet) = f
        .cors
        .as_ref()
        .map(|c| &c.fixed_snippet)
        .or(f.access.as_ref().map(|a| &a.fixed_snippet))
        .filter(|s| !s.is_empty())
    {
        let _ = writeln!(out, "\n```\n{}\n```", snippet.replace("```", "'''"));
    }
    out.push('\n');
}

/// The report as Markdown, findings grouped by severity, most severe first.
pub fn render(report: &ScanReport) -> String {
    let mut out = String::from("# shipcheck scan report\n\n");
    let _ = writeln!(
        out,
        "{} {} scanned, {} skipped. Secret values are shown masked.\n",
        summary_line(&report.findings),
        plural(report.stats.files_scanned, "file"),
        report.stats.files_skipped
    );
    if let Some(line) = report.suppressed() {
        let _ = writeln!(out, "{line}\n");
    }
    let groups = group_by_key(&report.findings);
    if groups.len() < report.findings.len() {
        let _ = writeln!(
            out,
            "The same value found in several places is listed once: {} distinct problems.\n",
            groups.len()
        );
    }
    for severity in Severity::ALL_DESC {
        let of: Vec<&FindingGroup> = groups.iter().filter(|g| g.severity() == severity).collect();
        if of.is_empty() {
            continue;
        }
        let n: usize = of.iter().map(|g| g.count()).sum();
        let _ = writeln!(out, "## {} ({n})\n", heading(severity));
        for g in of {
            finding(&mut out, g);
        }
    }
    let skipped: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| f.status.skip_reason().map(|r| (f, r)))
        .collect();
    if !skipped.is_empty() {
        out.push_str("## Files not scanned\n\n");
        for (f, reason) in skipped {
            let _ = writeln!(out, "- `{}`: {}", f.name.replace('`', "'"), escape(reason));
        }
        out.push('\n');
    }
    out
}
