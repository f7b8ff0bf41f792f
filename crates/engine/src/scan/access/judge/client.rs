//! The front end joined to the rules (`client-table-exposed`): a call the site
//! makes with the public key, to a table, function, bucket or collection the
//! schema or rules leave open. The finding sits on the call and cites the line
//! that leaves it open.

use std::collections::BTreeSet;

use super::tables::gate as policy_gate;
use super::{owner, personal_columns, Ctx, Issue, Source};
use crate::scan::access::client::{Call, Target};
use crate::scan::access::firebase::rtdb::{Access, Rule};
use crate::scan::access::firebase::rules::{RulesFile, Segment, Service};
use crate::scan::access::firebase::{condition, flatten, method_words};
use crate::scan::access::gate::{Gate, Who};
use crate::scan::access::judge::firebase::line_of;
use crate::scan::access::model::{effective, Key, Loc, Privs, Table};
use crate::scan::access::sql::statement::Command;

/// A rules file as the judges read it.
pub struct RulesInput<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub parsed: &'a RulesFile,
}

/// A Realtime Database rules file.
pub struct RtdbInput<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub rules: &'a [Rule],
}

/// Who reaches the data, and where the rule that lets them is.
struct Open {
    who: Who,
    cites: Loc,
}

fn command(op: &str) -> Command {
    match op {
        "read" | "download" => Command::Select,
        "add" | "upload" => Command::Insert,
        "change" => Command::Update,
        _ => Command::Delete,
    }
}

/// Whether `who` reaches what an operation needs: every row for a read, any row
/// for a write.
fn reaches(g: &Gate, who: Who, write: bool) -> bool {
    let to = if write {
        g.some_rows_to()
    } else {
        g.all_rows_to()
    };
    to.is_some_and(|w| w <= who)
}

fn table_open(ctx: &Ctx, key: &Key, t: &Table, op: Command) -> Option<Open> {
    let write = op != Command::Select;
    let personal = personal_columns(t, ctx.words);
    let per_user = owner(ctx.schema, t, ctx.words).is_some() || !personal.is_empty();
    if !per_user && !write {
        return None;
    }
    let public_name = personal.is_empty() && ctx.words.is_public_table(&key.1);
    for (role, who) in [("anon", Who::Anyone), ("authenticated", Who::SignedIn)] {
        if !effective(&t.grants, role).has(Privs::of(op)) {
            continue;
        }
        if !t.rls {
            if !t.known || (public_name && !write) {
                return None;
            }
            return Some(Open {
                who,
                cites: t.rls_at.clone().unwrap_or_else(|| t.at.clone()),
            });
        }
        let loosest = t
            .policies
            .iter()
            .filter(|p| p.permissive)
            .filter_map(|p| policy_gate(ctx, t, p, role, op).map(|g| (p, g)))
            .filter(|(_, g)| reaches(g, who, write))
            .find(|(p, _)| {
                write || !(personal.is_empty() && (public_name || ctx.words.says_public(&p.name)))
            });
        if let Some((p, _)) = loosest {
            if !write && who == Who::SignedIn && !per_user {
                return None;
            }
            return Some(Open {
                who,
                cites: p.at.clone(),
            });
        }
    }
    None
}

fn view_open(ctx: &Ctx, key: &Key) -> Option<Open> {
    let v = ctx.schema.views.get(key)?;
    if v.invoker == Some(true) && !v.materialized {
        return None;
    }
    let who = if effective(&v.grants, "anon").has(Privs::SELECT) {
        Who::Anyone
    } else if effective(&v.grants, "authenticated").has(Privs::SELECT) {
        Who::SignedIn
    } else {
        return None;
    };
    let sensitive = v.sources.iter().any(|s| {
        (s.0 == "auth" && s.1 == "users")
            || ctx
                .schema
                .tables
                .get(s)
                .is_some_and(|t| t.rls && owner(ctx.schema, t, ctx.words).is_some())
    });
    sensitive.then(|| Open {
        who,
        cites: v.at.clone(),
    })
}

fn rpc_open(ctx: &Ctx, name: &str) -> Option<Open> {
    let f = ctx
        .schema
        .functions
        .iter()
        .find(|f| f.name == name && ctx.exposed.contains(&f.schema))?;
    // Only what is reported at full severity: a function that checks its caller,
    // or only answers yes or no, is not "open".
    if !f.definer
        || f.returns == "trigger"
        || super::objects::definer_class(f)
            .1
            .is_some_and(|v| v != "function")
    {
        return None;
    }
    let who = if f.executable_by("anon") {
        Who::Anyone
    } else if f.executable_by("authenticated") {
        Who::SignedIn
    } else {
        return None;
    };
    Some(Open {
        who,
        cites: f.at.clone(),
    })
}

fn bucket_open(ctx: &Ctx, bucket: &str, op: Command) -> Option<Open> {
    if let Some(b) = ctx.schema.buckets.get(bucket) {
        if b.public && op == Command::Select && ctx.words.is_private_bucket(bucket) {
            return Some(Open {
                who: Who::Anyone,
                cites: b.at.clone(),
            });
        }
    }
    let t = ctx
        .schema
        .tables
        .get(&("storage".to_owned(), "objects".to_owned()))?;
    for (role, who) in [("anon", Who::Anyone), ("authenticated", Who::SignedIn)] {
        for p in t.policies.iter().filter(|p| p.permissive) {
            let names: Vec<String> = [p.using.as_ref(), p.check.as_ref()]
                .into_iter()
                .flatten()
                .map(|pr| pr.text.clone())
                .collect();
            if !names.is_empty()
                && !names.iter().any(|n| n.contains(&format!("'{bucket}'")))
                && names.iter().any(|n| n.contains("bucket_id"))
            {
                continue;
            }
            let Some(g) = policy_gate(ctx, t, p, role, op) else {
                continue;
            };
            let read_private = op == Command::Select
                && (ctx.words.is_private_bucket(bucket)
                    || ctx.schema.buckets.get(bucket).is_some_and(|b| !b.public));
            let write = op != Command::Select;
            if g.some_rows_to().is_some_and(|w| w <= who)
                && (write || read_private)
                && !(op == Command::Insert && who == Who::SignedIn)
            {
                return Some(Open {
                    who,
                    cites: p.at.clone(),
                });
            }
        }
    }
    None
}

fn methods_for(op: &str) -> &'static [&'static str] {
    match op {
        "read" | "download" => &["read"],
        "add" | "upload" => &["create"],
        "delete" => &["delete"],
        _ => &["create", "update", "delete"],
    }
}

fn rules_open(
    ctx: &Ctx,
    rules: &[RulesInput],
    service: Service,
    path: &[Segment],
    op: &str,
) -> Option<Open> {
    let write = op != "read" && op != "download";
    let public = path.iter().any(|s| matches!(s, Segment::Literal(l) if ctx.words.is_public_table(l) || (service == Service::Storage && ctx.words.is_public_bucket(l))));
    if public && !write {
        return None;
    }
    let mut best: Option<Open> = None;
    for r in rules.iter().filter(|r| r.parsed.service == service) {
        for f in flatten(r.parsed) {
            let shares = method_words(&f.methods)
                .iter()
                .any(|m| methods_for(op).contains(m));
            let expired = f
                .gate
                .expires
                .as_deref()
                .is_some_and(|d| super::firebase::expired(ctx, d));
            if !shares || !f.covers(path) || expired {
                continue;
            }
            for who in [Who::Anyone, Who::SignedIn] {
                if reaches(&f.gate, who, write) && best.as_ref().is_none_or(|b| who < b.who) {
                    best = Some(Open {
                        who,
                        cites: Loc {
                            file: r.file.to_owned(),
                            line: line_of(r.text, f.at),
                        },
                    });
                }
            }
        }
    }
    best
}

fn rtdb_open(ctx: &Ctx, rtdb: &[RtdbInput], path: &str, op: &str) -> Option<Open> {
    let write = op != "read";
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let env = condition::Env::default();
    let mut best: Option<Open> = None;
    for input in rtdb {
        for r in input.rules {
            let access = if write { Access::Write } else { Access::Read };
            let prefix = r.path.len() <= segs.len()
                && r.path
                    .iter()
                    .zip(&segs)
                    .all(|(a, b)| a.starts_with('$') || a == b);
            if r.access != access || !prefix {
                continue;
            }
            let g = condition::classify(Some(&r.cond), &env);
            if g.expires
                .as_deref()
                .is_some_and(|d| super::firebase::expired(ctx, d))
            {
                continue;
            }
            for who in [Who::Anyone, Who::SignedIn] {
                if reaches(&g, who, write) && best.as_ref().is_none_or(|b| who < b.who) {
                    best = Some(Open {
                        who,
                        cites: Loc {
                            file: input.file.to_owned(),
                            line: line_of(input.text, r.at),
                        },
                    });
                }
            }
        }
    }
    best
}

fn path_of(s: &str) -> Vec<Segment> {
    s.split('/')
        .filter(|x| !x.is_empty())
        .map(|x| Segment::Literal(x.to_owned()))
        .collect()
}

/// Judges every call; `found` are the issues already found in the schema and rules
/// (their fixes are the ones to apply).
pub fn judge(
    ctx: &Ctx,
    rules: &[RulesInput],
    rtdb: &[RtdbInput],
    found: &[Issue],
    out: &mut Vec<Issue>,
) {
    let mut seen: BTreeSet<(String, String, Who)> = BTreeSet::new();
    for call in ctx.calls {
        let Some((open, object)) = open_for(ctx, rules, rtdb, call) else {
            continue;
        };
        if !seen.insert((call.file.clone(), object.clone(), open.who)) {
            continue;
        }
        let who_text = match open.who {
            Who::Anyone => "Anyone who opens your site",
            _ => "Any signed-in user (and anyone can sign up)",
        };
        let rows = match &call.target {
            Target::Table { .. } => " every row of",
            Target::Collection(_) | Target::RtdbPath(_) => " every document in",
            _ => " every file in",
        };
        let (verb, what) = match call.op {
            "call" => ("call", ""),
            "add" => ("add rows to", ""),
            "upload" => ("upload files to", ""),
            op => (op, rows),
        };
        let cited = found.iter().find(|i| i.at == open.cites);
        out.push(Issue {
            class: "client-table-exposed",
            variant: match (open.who, call.op) {
                (Who::Anyone, "add" | "upload") => Some("anyone-add"),
                (Who::Anyone, _) => None,
                _ => Some("signed-in"),
            },
            at: Loc { file: call.file.clone(), line: call.line },
            object: object.clone(),
            source: Source::Client,
            who: open.who,
            ops: vec![call.op],
            exposure: format!(
                "{who_text} can {verb}{what} `{object}`: this code reaches it, and {}:{} leaves it open.",
                open.cites.file, open.cites.line
            ),
            fix: cited.map_or_else(
                || format!("-- fix the rule at {}:{}", open.cites.file, open.cites.line),
                |i| i.fix.clone(),
            ),
            cites: Some(open.cites),
            note: None,
        });
    }
}

fn open_for(
    ctx: &Ctx,
    rules: &[RulesInput],
    rtdb: &[RtdbInput],
    call: &Call,
) -> Option<(Open, String)> {
    match &call.target {
        Target::Table { schema, name } => {
            let key: Key = (
                schema.clone().unwrap_or_else(|| "public".into()),
                name.clone(),
            );
            if !ctx.exposed.contains(&key.0) {
                return None;
            }
            let open = match ctx.schema.tables.get(&key) {
                Some(t) => table_open(ctx, &key, t, command(call.op)),
                None if call.op == "read" => view_open(ctx, &key),
                None => None,
            }?;
            Some((open, name.clone()))
        }
        Target::Rpc(name) => rpc_open(ctx, name).map(|o| (o, format!("rpc {name}"))),
        Target::Bucket(b) => {
            bucket_open(ctx, b, command(call.op)).map(|o| (o, format!("bucket {b}")))
        }
        Target::Collection(c) => {
            let path = vec![Segment::Literal(c.clone()), Segment::Var("doc".into())];
            rules_open(ctx, rules, Service::Firestore, &path, call.op).map(|o| (o, format!("/{c}")))
        }
        Target::StoragePath(p) => {
            let mut path = path_of(p);
            if p.ends_with('/') || path.is_empty() {
                path.push(Segment::Var("file".into()));
            }
            rules_open(ctx, rules, Service::Storage, &path, call.op).map(|o| (o, p.clone()))
        }
        Target::RtdbPath(p) => rtdb_open(ctx, rtdb, p, call.op).map(|o| (o, p.clone())),
    }
}
