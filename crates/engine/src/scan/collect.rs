//! Collecting the judged matches of one unit and, when the unit is done,
//! turning them into findings: fallback rules give way to specific ones,
//! ignored fingerprints are dropped, positions are computed once, in order.

use std::collections::{BTreeSet, HashSet};

use crate::catalog::secrets::Rule;
use crate::finding::{Category, Context, Finding, SourceOrigin, Verdict};
use crate::scan::context::phrase;
use crate::scan::fingerprint::fingerprint;
use crate::scan::position::LineCursor;
use crate::scan::redact::mask;
use crate::scan::secrets::judge::{Accepted, Judge, Outcome};
use crate::scan::secrets::matcher::RawMatch;
use crate::scan::secrets::{verdict, SecretDetail};
use crate::scan::summary::{DroppedCandidate, MAX_DROPPED};
use crate::scan::unit::Unit;

/// What one unit has produced so far.
#[derive(Debug, Default)]
pub(crate) struct UnitCollector {
    seen: HashSet<RawMatch>,
    accepted: Vec<(RawMatch, Accepted)>,
    dropped: Vec<(RawMatch, String)>,
    /// Secret spans matched by specific (non-fallback) rules, accepted or not.
    specific: Vec<(usize, usize)>,
    /// Dropped candidates not kept because nothing will show them.
    unkept_drops: usize,
    /// Values dropped as placeholders: how many, and a few of them masked; each value
    /// once, however many rules matched it.
    placeholders: Placeholders,
    placeholder_spans: HashSet<(usize, usize)>,
}

/// Values taken for placeholders (`sk_live_XXXXXXXX`, `<your-key>`), which the scan
/// does not report but says it ignored: a founder who pasted a real key that happens
/// to look like one should know.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Placeholders {
    pub count: usize,
    /// At most [`Placeholders::KEEP`], masked like findings.
    pub masked: Vec<String>,
}

impl Placeholders {
    pub const KEEP: usize = 3;

    fn add(&mut self, masked: impl FnOnce() -> String) {
        self.count += 1;
        if self.masked.len() < Self::KEEP {
            let m = masked();
            if !self.masked.contains(&m) {
                self.masked.push(m);
            }
        }
    }

    pub fn merge(&mut self, other: Placeholders) {
        self.count += other.count;
        for m in other.masked {
            if self.masked.len() < Self::KEEP && !self.masked.contains(&m) {
                self.masked.push(m);
            }
        }
    }
}

/// Where a unit's findings go, and what they need to be built.
pub(crate) struct Sink<'a> {
    pub rules: &'a [Rule],
    pub file: &'a str,
    pub raw: &'a [u8],
    pub context: Context,
    pub ignore: &'a BTreeSet<String>,
    pub explain: bool,
    pub findings: &'a mut Vec<Finding>,
    pub dropped: &'a mut Vec<DroppedCandidate>,
    pub dropped_count: &'a mut usize,
    /// Position cursor over the raw file (for source-map entries).
    pub raw_cursor: &'a mut LineCursor,
    /// The file's placeholders so far.
    pub placeholders: &'a mut Placeholders,
}

impl UnitCollector {
    /// Judges new matches (duplicates from overlapping chunks are skipped).
    /// Without `explain`, a dropped candidate is only counted.
    pub fn add(
        &mut self,
        judge: &Judge,
        rules: &[Rule],
        text: &[u8],
        matches: &[RawMatch],
        explain: bool,
    ) {
        for m in matches {
            if !self.seen.insert(*m) {
                continue;
            }
            let rule = &rules[m.rule];
            let outcome = judge.judge(rule, text, m);
            if let Outcome::Dropped(why) = &outcome {
                if why.starts_with("placeholder")
                    && self
                        .placeholder_spans
                        .insert((m.secret_start, m.secret_end))
                {
                    let secret = &text[m.secret_start..m.secret_end];
                    self.placeholders.add(|| masked(rule, secret));
                }
            }
            match outcome {
                Outcome::NotApplicable => continue,
                Outcome::Dropped(why) if explain => self.dropped.push((*m, why)),
                Outcome::Dropped(_) => self.unkept_drops += 1,
                Outcome::Accepted(a) => self.accepted.push((*m, a)),
            }
            if !rule.fallback {
                self.specific.push((m.secret_start, m.secret_end));
            }
        }
    }

    pub fn accepted(&self) -> usize {
        self.accepted.len()
    }

    /// Resolves fallbacks and ignores, then emits findings and (with explain)
    /// dropped candidates.
    pub fn finish(mut self, unit: &Unit, sink: &mut Sink) {
        let text = unit.text(sink.raw);
        // Specific rules first. Two specific rules reporting the very same value
        // (a PEM key inside a service-account JSON) give one finding: the one
        // of higher priority, then the one whose match holds the most context. Rule order decides between
        // overlapping fallback matches: the first rule in the set wins,
        // wherever its match starts.
        let rules = sink.rules;
        self.accepted.sort_by(|(a, _), (b, _)| {
            let (fa, fb) = (rules[a.rule].fallback, rules[b.rule].fallback);
            fa.cmp(&fb).then_with(|| {
                if fa {
                    (a.rule, a.secret_start).cmp(&(b.rule, b.secret_start))
                } else {
                    let (pa, pb) = (rules[a.rule].priority, rules[b.rule].priority);
                    (a.secret_start, a.secret_end, pb, b.end - b.start, a.rule).cmp(&(
                        b.secret_start,
                        b.secret_end,
                        pa,
                        a.end - a.start,
                        b.rule,
                    ))
                }
            })
        });
        let mut kept: Vec<(RawMatch, Accepted)> = Vec::new();
        for (m, a) in self.accepted {
            let rule = &sink.rules[m.rule];
            let overlaps = |&(s, e): &(usize, usize)| s < m.secret_end && m.secret_start < e;
            if rule.fallback && self.specific.iter().any(overlaps) {
                self.dropped
                    .push((m, "covered by a more specific rule's match".into()));
                continue;
            }
            if rule.fallback
                && kept.iter().any(|(k, _)| {
                    sink.rules[k.rule].fallback && overlaps(&(k.secret_start, k.secret_end))
                })
            {
                self.dropped
                    .push((m, "already reported by another generic rule".into()));
                continue;
            }
            if let Some((same, _)) = kept.iter().find(|(k, _)| {
                !rule.fallback && (k.secret_start, k.secret_end) == (m.secret_start, m.secret_end)
            }) {
                let why = format!("the same value is reported by {}", sink.rules[same.rule].id);
                self.dropped.push((m, why));
                continue;
            }
            let fp = fingerprint(&rule.id, &text[m.secret_start..m.secret_end]);
            if sink.ignore.contains(&fp) {
                self.dropped
                    .push((m, format!("fingerprint {fp} is in the ignore file")));
                continue;
            }
            kept.push((m, a));
        }
        kept.sort_by_key(|(m, _)| (m.secret_start, m.rule));
        let mut cursor = LineCursor::default();
        for (m, a) in kept {
            let finding = build(&m, a, unit, text, sink, &mut cursor);
            sink.findings.push(finding);
        }
        *sink.dropped_count += self.dropped.len() + self.unkept_drops;
        sink.placeholders
            .merge(std::mem::take(&mut self.placeholders));
        if sink.explain {
            self.dropped.sort_by_key(|(m, _)| (m.secret_start, m.rule));
            let mut cursor = LineCursor::default();
            for (m, reason) in self.dropped {
                if sink.dropped.len() >= MAX_DROPPED {
                    break;
                }
                let rule = &sink.rules[m.rule];
                let (line, column, origin) = locate(&m, unit, text, sink, &mut cursor);
                sink.dropped.push(DroppedCandidate {
                    rule: rule.id.clone(),
                    file: sink.file.to_string(),
                    line,
                    column,
                    origin,
                    masked: masked(rule, &text[m.secret_start..m.secret_end]),
                    reason,
                });
            }
        }
    }
}

/// Position in the file, and in the original source for map entries.
fn locate(
    m: &RawMatch,
    unit: &Unit,
    text: &[u8],
    sink: &mut Sink,
    cursor: &mut LineCursor,
) -> (u32, u32, Option<SourceOrigin>) {
    let (line, column) = cursor.locate(text, m.secret_start);
    match &unit.origin {
        None => (line, column, None),
        Some(source) => {
            let at = unit.file_offset(sink.raw, m.secret_start);
            let (raw_line, raw_column) = sink.raw_cursor.locate(sink.raw, at);
            let origin = SourceOrigin {
                source: source.clone(),
                line,
                column,
            };
            (raw_line, raw_column, Some(origin))
        }
    }
}

/// The masked secret: a rule keyword that starts the secret is a well-known,
/// non-secret prefix and may be shown (at most 4 characters of it).
fn masked(rule: &Rule, secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let lower = text.to_ascii_lowercase();
    // Fallback rules' keywords are variable names, not key prefixes.
    let prefix = rule
        .keywords
        .iter()
        .filter(|k| !rule.fallback && lower.starts_with(k.as_str()))
        .max_by_key(|k| k.len());
    mask(&text, prefix.map(String::as_str))
}

fn build(
    m: &RawMatch,
    a: Accepted,
    unit: &Unit,
    text: &[u8],
    sink: &mut Sink,
    cursor: &mut LineCursor,
) -> Finding {
    let rule = &sink.rules[m.rule];
    let secret = &text[m.secret_start..m.secret_end];
    let (line, column, origin) = locate(m, unit, text, sink, cursor);
    let location = phrase(sink.context);
    let mut why = format!("{} Found {location}.", rule.description.trim_end());
    let mut fix = rule.remediation.trim_end().to_string();
    if let Some(name) = &a.public_env_name {
        if a.verdict == Verdict::Secret {
            why.push_str(&format!(
                " Its name, {name}, has a prefix that makes the build ship it to every visitor's browser."
            ));
            fix.push_str(&format!(
                " Rename {name} without its public prefix and read it only in server code."
            ));
        }
    }
    if let Some(claims) = &a.jwt {
        why.push(' ');
        why.push_str(&verdict::jwt_sentence(claims));
    }
    Finding {
        rule: rule.id.clone(),
        category: Category::Secret,
        severity: a.severity,
        title: rule.title.clone(),
        why,
        fix,
        file: sink.file.to_string(),
        line,
        column,
        context: sink.context,
        origin,
        secret: Some(SecretDetail {
            verdict: a.verdict,
            masked: masked(rule, secret),
            provider: rule.provider.clone(),
            start: unit.file_offset(sink.raw, m.secret_start),
            end: unit.file_offset(sink.raw, m.secret_end),
            fingerprint: fingerprint(&rule.id, secret),
            entropy: a.entropy,
            location: location.to_string(),
            remediation: rule.remediation.clone(),
            rotate_url: rule.rotate_url.clone(),
            note: rule.note.clone(),
            jwt: a.jwt,
            public_env_name: a.public_env_name,
        }),
        cors: None,
        access: None,
    }
}
