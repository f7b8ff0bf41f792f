//! Firebase rules: open rules (`rules-open`), test mode (`rules-test-mode`),
//! signed-in-only checks on per-user data (`rules-any-user`), and catch-all or
//! parent grants that override stricter rules (`rules-recursive-wildcard`).

use super::{join_words, who_phrase, Issue, Source};
use crate::scan::access::firebase::condition::{classify, Env};
use crate::scan::access::firebase::rtdb::{Access, Rule};
use crate::scan::access::firebase::rules::{RulesFile, Segment, Service};
use crate::scan::access::firebase::{display_path, flatten, method_words, Flat};
use crate::scan::access::fix::rules as fix;
use crate::scan::access::gate::{Gate, Rows, Who};
use crate::scan::access::judge::Ctx;
use crate::scan::access::model::Loc;

/// 1-based line of byte `at`.
pub fn line_of(text: &str, at: usize) -> u32 {
    let at = at.min(text.len());
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u32
}

/// Whether a path's literal segments name public-by-design data.
fn public_path(ctx: &Ctx, path: &[Segment], storage: bool) -> bool {
    path.iter().any(|s| match s {
        Segment::Literal(l) => {
            ctx.words.is_public_table(l) || (storage && ctx.words.is_public_bucket(l))
        }
        _ => false,
    })
}

/// Whether a test-mode date has passed (unknown "now": not passed).
pub(crate) fn expired(ctx: &Ctx, date: &str) -> bool {
    ctx.now
        .is_some_and(|now| crate::scan::date::iso_date(now).as_str() > date)
}

/// What one rule grants, decided in the order the classes rank.
struct Decision {
    class: &'static str,
    variant: Option<&'static str>,
    who: Who,
    ops: Vec<&'static str>,
}

/// `narrower`: the gates of stricter rules this one covers, for the same methods.
fn decide(
    ctx: &Ctx,
    gate: &Gate,
    ops: &[&'static str],
    public: bool,
    recursive: bool,
    overrides: bool,
) -> Option<Decision> {
    let writes: Vec<&'static str> = ops.iter().copied().filter(|o| *o != "read").collect();
    let reads: Vec<&'static str> = ops.iter().copied().filter(|o| *o == "read").collect();
    let d = |class, variant, who, ops: Vec<&'static str>| {
        Some(Decision {
            class,
            variant,
            who,
            ops,
        })
    };
    if let Some(date) = &gate.expires {
        if gate.allows(Who::Anyone, Rows::Some) {
            // Past its date the rule refuses everyone: the app is broken, but
            // nothing is open.
            return if expired(ctx, date) {
                d(
                    "rules-test-mode",
                    Some("expired"),
                    Who::Nobody,
                    ops.to_vec(),
                )
            } else {
                d("rules-test-mode", None, Who::Anyone, ops.to_vec())
            };
        }
    }
    if gate.is_open() {
        if writes == ["create"] && (reads.is_empty() || public) {
            return d("rules-open", Some("anyone-create"), Who::Anyone, writes);
        }
        if !writes.is_empty() {
            return d("rules-open", None, Who::Anyone, ops.to_vec());
        }
        if !reads.is_empty() && !public {
            return d("rules-open", Some("read"), Who::Anyone, reads);
        }
        return None;
    }
    if gate.some_rows_to() == Some(Who::Anyone) && !writes.is_empty() {
        return d("rules-open", Some("no-identity-write"), Who::Anyone, writes);
    }
    if gate.all_rows_to() == Some(Who::SignedIn)
        || (gate.some_rows_to() == Some(Who::SignedIn) && recursive)
    {
        if overrides {
            return d(
                "rules-recursive-wildcard",
                None,
                Who::SignedIn,
                ops.to_vec(),
            );
        }
        let mut reach: Vec<&'static str> =
            writes.iter().copied().filter(|o| *o != "create").collect();
        if !public {
            reach.splice(0..0, reads);
        }
        if !reach.is_empty() {
            return d("rules-any-user", None, Who::SignedIn, reach);
        }
    }
    None
}

fn level(g: &Gate) -> Who {
    g.some_rows_to().unwrap_or(Who::Nobody)
}

/// Judges one `firestore.rules` or `storage.rules` file.
pub fn judge_rules(ctx: &Ctx, file: &str, text: &str, parsed: &RulesFile, out: &mut Vec<Issue>) {
    let storage = parsed.service == Service::Storage;
    let source = if storage {
        Source::StorageRules
    } else {
        Source::FirestoreRules
    };
    let flat = flatten(parsed);
    let field = fix::owner_field(text);
    for (i, r) in flat.iter().enumerate() {
        let ops = method_words(&r.methods);
        let public = public_path(ctx, &r.path, storage);
        let stricter: Vec<&Flat> = flat
            .iter()
            .enumerate()
            .filter(|(j, o)| {
                *j != i && r.recursive() && r.covers(&o.path) && level(&o.gate) > level(&r.gate)
            })
            .filter(|(_, o)| method_words(&o.methods).iter().any(|m| ops.contains(m)))
            .map(|(_, o)| o)
            .collect();
        let Some(d) = decide(
            ctx,
            &r.gate,
            &ops,
            public,
            r.recursive(),
            !stricter.is_empty(),
        ) else {
            continue;
        };
        let shown = display_path(&r.path);
        let what = if storage { "files" } else { "documents" };
        let mut exposure = match &r.gate.expires {
            Some(date) if d.who == Who::Nobody => format!(
                "Every request to {what} at `{shown}` is refused: the test-mode date ({date}) has passed."
            ),
            Some(date) => format!(
                "{} can {} {what} at `{shown}`. The rule is open until {date}; after that every request fails.",
                who_phrase(d.who),
                join_words(&d.ops)
            ),
            None => format!(
                "{} can {} {what} at `{shown}`.",
                who_phrase(d.who),
                join_words(&d.ops)
            ),
        };
        let overridden: Vec<String> = stricter
            .iter()
            .map(|o| format!("`{}`", display_path(&o.path)))
            .collect();
        if !overridden.is_empty() {
            exposure.push_str(&format!(
                " It overrides the stricter rules for {}.",
                overridden.join(", ")
            ));
        }
        let rest_name = r.path.iter().find_map(|s| match s {
            Segment::Rest(n) => Some(n.as_str()),
            _ => None,
        });
        let fixed = match (rest_name, d.class) {
            (Some(rest), _) if r.path.len() == 1 => fix::deny_catch_all(rest),
            (_, "rules-open") if public && d.variant.is_none() => fix::read_only(&r.path),
            _ => fix::owner_block(&r.path, field.as_deref(), storage),
        };
        out.push(Issue {
            class: d.class,
            variant: d.variant,
            at: Loc {
                file: file.to_owned(),
                line: line_of(text, r.at),
            },
            object: shown,
            source,
            who: d.who,
            ops: d.ops,
            exposure,
            fix: fixed,
            cites: None,
            note: None,
        });
    }
}

/// Judges a Realtime Database `database.rules.json`: a grant at a path holds for
/// everything below it, whatever deeper rules say.
pub fn judge_rtdb(ctx: &Ctx, file: &str, text: &str, rules: &[Rule], out: &mut Vec<Issue>) {
    let env = Env::default();
    let gates: Vec<Gate> = rules
        .iter()
        .map(|r| classify(Some(&r.cond), &env))
        .collect();
    for (i, r) in rules.iter().enumerate() {
        let gate = &gates[i];
        let ops: Vec<&'static str> = match r.access {
            Access::Read => vec!["read"],
            Access::Write => vec!["create", "update", "delete"],
        };
        let public = r
            .path
            .iter()
            .any(|s| !s.starts_with('$') && ctx.words.is_public_table(s));
        let below: Vec<usize> = (0..rules.len())
            .filter(|&j| {
                j != i
                    && rules[j].access == r.access
                    && rules[j].path.len() > r.path.len()
                    && rules[j].path.starts_with(&r.path)
                    && level(&gates[j]) > level(gate)
            })
            .collect();
        let parent_of_rules = !below.is_empty();
        let Some(d) = decide(
            ctx,
            gate,
            &ops,
            public,
            parent_of_rules || r.path.is_empty(),
            parent_of_rules,
        ) else {
            continue;
        };
        let shown = format!("/{}", r.path.join("/"));
        let mut exposure = match &gate.expires {
            Some(date) if d.who == Who::Nobody => format!(
                "Every request to data at `{shown}` is refused: the test-mode date ({date}) has passed."
            ),
            Some(date) => format!(
                "{} can {} data at `{shown}` and everything below it. The rule is open until {date}; after that every request fails.",
                who_phrase(d.who),
                join_words(&d.ops)
            ),
            None => format!(
                "{} can {} data at `{shown}` and everything below it.",
                who_phrase(d.who),
                join_words(&d.ops)
            ),
        };
        if parent_of_rules {
            let paths: Vec<String> = below
                .iter()
                .map(|&j| format!("`/{}`", rules[j].path.join("/")))
                .collect();
            exposure.push_str(&format!(
                " It overrides the stricter rules for {}.",
                paths.join(", ")
            ));
        }
        out.push(Issue {
            class: d.class,
            variant: d.variant,
            at: Loc {
                file: file.to_owned(),
                line: line_of(text, r.at),
            },
            object: shown,
            source: Source::RtdbRules,
            who: d.who,
            ops: d.ops,
            exposure,
            fix: fix::rtdb_owner(&r.path),
            cites: None,
            note: None,
        });
    }
}
