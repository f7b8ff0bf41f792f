//! The command line's readable output: findings grouped by file, most severe
//! first, with masked values, why and fix.

use std::fmt::Write;

use super::summary_line;
use crate::finding::Finding;
use crate::scan::context::phrase;
use crate::scan::ScanReport;

/// Wraps `text` at `width` columns, indenting continuation lines by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > 0 && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

fn finding(out: &mut String, f: &Finding) {
    let sev = f.severity.as_str().to_uppercase();
    let _ = write!(
        out,
        "  {sev:<8} {}:{}  {}  [{}]",
        f.line, f.column, f.title, f.rule
    );
    if let Some(o) = &f.origin {
        let _ = write!(
            out,
            "\n           original source {}:{}:{}",
            o.source, o.line, o.column
        );
    }
    out.push('\n');
    let pad = "           ";
    if let Some(s) = &f.secret {
        let _ = writeln!(
            out,
            "{pad}value {}  ({}, {})",
            s.masked,
            s.verdict.as_str(),
            s.provider
        );
    }
    let _ = writeln!(
        out,
        "{pad}why  {}",
        wrap(&f.why, 80, &format!("{pad}     "))
    );
    let _ = writeln!(
        out,
        "{pad}fix  {}",
        wrap(&f.fix, 80, &format!("{pad}     "))
    );
    if let Some(a) = &f.access {
        if let Some(c) = &a.cites {
            let _ = writeln!(out, "{pad}left open by {}:{}", c.file, c.line);
        }
        for line in a.fixed_snippet.lines() {
            let _ = writeln!(out, "{pad}   | {line}");
        }
    }
    if let Some(s) = &f.secret {
        if let Some(note) = &s.note {
            let _ = writeln!(out, "{pad}note {}", wrap(note, 80, &format!("{pad}     ")));
        }
        if let Some(url) = &s.rotate_url {
            let _ = writeln!(out, "{pad}rotate at {url}");
        }
    }
}

/// The report as text: one block per file (files with the most severe
/// findings first), then skipped files, dropped candidates (with explain) and
/// a summary line.
pub fn render(report: &ScanReport) -> String {
    let mut out = String::new();
    let mut files: Vec<&str> = Vec::new();
    for f in &report.findings {
        if !files.contains(&f.file.as_str()) {
            files.push(&f.file);
        }
    }
    for file in files {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.file == file).collect();
        let _ = writeln!(out, "{file}\n  {}", phrase(group[0].context));
        for f in group {
            finding(&mut out, f);
        }
        out.push('\n');
    }
    for f in &report.files {
        if let Some(reason) = f.status.skip_reason() {
            let _ = writeln!(out, "skipped {}: {reason}", f.name);
        } else if let crate::scan::FileStatus::Scanned {
            note: Some(note), ..
        } = &f.status
        {
            let _ = writeln!(out, "note {}: {note}", f.name);
        }
    }
    if !report.dropped.is_empty() {
        let _ = writeln!(
            out,
            "\nNot reported ({} of {} candidates shown):",
            report.dropped.len(),
            report.stats.dropped
        );
        for d in &report.dropped {
            let _ = writeln!(
                out,
                "  {}:{}:{}  {}  {}  — {}",
                d.file, d.line, d.column, d.rule, d.masked, d.reason
            );
        }
    }
    let _ = writeln!(
        out,
        "{} ({} file{} scanned, {} skipped, {} rules)",
        summary_line(&report.findings),
        report.stats.files_scanned,
        if report.stats.files_scanned == 1 {
            ""
        } else {
            "s"
        },
        report.stats.files_skipped,
        report.stats.rules
    );
    if let Some(line) = report.suppressed() {
        let _ = writeln!(out, "{line}");
    }
    out
}
