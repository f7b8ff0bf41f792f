//! Views (`security-definer-view`, `auth-users-exposed`), functions
//! (`definer-function-exposed`, `auth-users-exposed`) and Supabase Storage
//! (`storage-public-bucket`).

use std::collections::BTreeSet;

use super::tables::gate;
use super::{display_key, join_words, who_phrase, Issue, Source};
use crate::scan::access::fix::sql::SqlWriter;
use crate::scan::access::gate::{Gate, Who};
use crate::scan::access::judge::Ctx;
use crate::scan::access::model::{effective, Function, Grants, Key, Privs, View};
use crate::scan::access::sql::expr::Expr;
use crate::scan::access::sql::statement::Command;

pub fn judge(ctx: &Ctx, out: &mut Vec<Issue>) {
    views(ctx, out);
    functions(ctx, out);
    storage(ctx, out);
}

/// The least identified API role that may select from it.
fn readable_by(grants: &Grants) -> Option<Who> {
    if effective(grants, "anon").has(Privs::SELECT) {
        Some(Who::Anyone)
    } else if effective(grants, "authenticated").has(Privs::SELECT) {
        Some(Who::SignedIn)
    } else {
        None
    }
}

/// The tables a view reads, through other views (a few levels deep).
fn base_tables(ctx: &Ctx, v: &View) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<(Key, usize)> = v.sources.iter().map(|k| (k.clone(), 0)).collect();
    while let Some((k, depth)) = todo.pop() {
        match ctx.schema.views.get(&k) {
            Some(inner) if depth < 4 => {
                todo.extend(inner.sources.iter().map(|s| (s.clone(), depth + 1)))
            }
            Some(_) => {}
            None => {
                out.insert(k);
            }
        }
    }
    out
}

fn views(ctx: &Ctx, out: &mut Vec<Issue>) {
    for (key, v) in &ctx.schema.views {
        if !ctx.exposed.contains(&key.0) {
            continue;
        }
        let Some(who) = readable_by(&v.grants) else {
            continue;
        };
        let invoker = v.invoker == Some(true) && !v.materialized;
        if invoker {
            continue;
        }
        let w = SqlWriter::new(v.style);
        let name = display_key(key);
        let tables = base_tables(ctx, v);
        let revoke = format!(
            "revoke select on {} from anon, authenticated;",
            w.table(key)
        );
        if tables.contains(&("auth".to_owned(), "users".to_owned())) {
            out.push(Issue {
                class: "auth-users-exposed",
                variant: None,
                at: v.at.clone(),
                object: name.clone(),
                source: Source::Sql,
                who,
                ops: vec!["read"],
                exposure: format!("{} can read your users' login data (auth.users) through the view `{name}`.", who_phrase(who)),
                fix: w.finish(&format!("{revoke}\n-- keep what the front end needs (a display name, an avatar) in public.profiles, with its own policies")),
                cites: None,
                note: None,
            });
            continue;
        }
        if !ctx.supabase {
            continue;
        }
        let protected: Vec<String> = tables
            .iter()
            .filter(|k| ctx.schema.tables.get(*k).is_some_and(|t| t.rls))
            .map(display_key)
            .collect();
        if protected.is_empty() {
            continue;
        }
        let listed: Vec<&str> = protected.iter().map(String::as_str).collect();
        let fix = if v.materialized {
            format!("{revoke}\n-- a materialized view has no row level security: serve it from your server, or query the tables instead")
        } else {
            format!("alter view {} set (security_invoker = on);", w.table(key))
        };
        out.push(Issue {
            class: "security-definer-view",
            variant: v.materialized.then_some("materialized"),
            at: v.at.clone(),
            object: name.clone(),
            source: Source::Sql,
            who,
            ops: vec!["read"],
            exposure: format!(
                "{} can read every row of {} through `{name}`, whatever their policies say.",
                who_phrase(who),
                join_words(&listed)
            ),
            fix: w.finish(&fix),
            cites: None,
            note: None,
        });
    }
}

/// Return types that carry no row data back to the caller.
const NO_DATA: [&str; 8] = [
    "void", "boolean", "bool", "integer", "int", "bigint", "smallint", "trigger",
];

/// Statements that change data or run arbitrary SQL, as words in a body.
const WRITES: [&str; 9] = [
    "insert", "update", "delete", "truncate", "execute", "perform", "alter", "drop", "grant",
];

/// How a `SECURITY DEFINER` function the API roles may call is judged, from a
/// light read of its body: `(class, variant)`. It reads `auth.users` and returns
/// rows without checking its caller: `auth-users-exposed`; it changes nothing and
/// answers only yes/no or a number: `read-only-check`; it reads its caller:
/// `checks-caller`; otherwise the full class.
pub fn definer_class(f: &Function) -> (&'static str, Option<&'static str>) {
    let returns = f.returns.to_ascii_lowercase();
    let body = f.body.to_ascii_lowercase().replace('"', "");
    let words: Vec<&str> = body
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .collect();
    let reads_users = body.contains("auth.users");
    let checks_caller = [
        "auth.uid()",
        "auth.jwt()",
        "auth.email()",
        "auth.role()",
        "request.jwt.claim",
    ]
    .iter()
    .any(|c| body.contains(c));
    let writes = words.iter().any(|w| WRITES.contains(w));
    let no_data = NO_DATA.contains(&returns.as_str());
    if reads_users && !no_data && !checks_caller {
        ("auth-users-exposed", Some("function"))
    } else if !writes && no_data {
        ("definer-function-exposed", Some("read-only-check"))
    } else if checks_caller {
        ("definer-function-exposed", Some("checks-caller"))
    } else {
        ("definer-function-exposed", None)
    }
}

fn functions(ctx: &Ctx, out: &mut Vec<Issue>) {
    if !ctx.supabase {
        return;
    }
    for f in &ctx.schema.functions {
        let returns = f.returns.to_ascii_lowercase();
        if !ctx.exposed.contains(&f.schema)
            || f.procedure
            || !f.definer
            || returns == "trigger"
            || returns == "event_trigger"
        {
            continue;
        }
        let who = if f.executable_by("anon") {
            Who::Anyone
        } else if f.executable_by("authenticated") {
            Who::SignedIn
        } else {
            continue;
        };
        let w = SqlWriter::new(f.style);
        let signature = format!("{}.{}({})", w.ident(&f.schema), w.ident(&f.name), f.args);
        let mut fix =
            format!("revoke execute on function {signature} from public, anon, authenticated;");
        if !f.search_path {
            fix.push_str(&format!(
                "\nalter function {signature} set search_path = '';"
            ));
        }
        fix.push_str(
            "\n-- then grant execute only to the roles that must call it, e.g. to service_role",
        );
        let name = if f.schema == "public" {
            f.name.clone()
        } else {
            format!("{}.{}", f.schema, f.name)
        };
        let (class, variant) = definer_class(f);
        let exposure = if class == "auth-users-exposed" {
            format!("{} can call `{name}` (POST /rest/v1/rpc/{}) and get what it returns from your users' login data (auth.users).", who_phrase(who), f.name)
        } else {
            format!("{} can call `{name}` (POST /rest/v1/rpc/{}), which runs with its owner's rights, not theirs.", who_phrase(who), f.name)
        };
        out.push(Issue {
            class,
            variant,
            at: f.at.clone(),
            object: name,
            source: Source::Sql,
            who,
            ops: vec!["call"],
            exposure,
            fix: w.finish(&fix),
            cites: None,
            note: (!f.search_path).then(|| {
                "its search_path is not set: whoever can create objects in a schema on the caller's path can make it run their code".to_owned()
            }),
        });
    }
}

/// Bucket ids a policy names (`bucket_id = 'docs'`, `bucket_id in ('a', 'b')`).
fn buckets_named(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    e.walk(&mut |x| {
        if let Expr::Binary { left, right, .. } = x {
            let is_bucket = |e: &Expr| matches!(e.bare(), Expr::Column(p) if p.last().is_some_and(|c| c == "bucket_id"));
            let other = if is_bucket(left) {
                right
            } else if is_bucket(right) {
                left
            } else {
                return;
            };
            match other.bare() {
                Expr::Str(s) => out.push(s.clone()),
                Expr::List(items) => out.extend(items.iter().filter_map(|i| match i.bare() {
                    Expr::Str(s) => Some(s.clone()),
                    _ => None,
                })),
                _ => {}
            }
        }
    });
    out
}

/// Whether a `SELECT` policy lets clients list a public bucket: the buckets it
/// names (or every bucket) are public, and it does not narrow the listing to a
/// folder (a condition on `name`). A public bucket serves its files by URL with no
/// policy at all; such a policy only adds listing every file name.
fn lists_public_bucket(
    ctx: &Ctx,
    p: &crate::scan::access::model::Policy,
    named: &[String],
) -> bool {
    let narrows = [p.using.as_ref(), p.check.as_ref()]
        .into_iter()
        .flatten()
        .any(|pr| {
            pr.expr
                .any(&|e| matches!(e, Expr::Column(c) if c.last().is_some_and(|n| n == "name")))
        });
    let public_buckets: Vec<&String> = ctx
        .schema
        .buckets
        .iter()
        .filter(|(_, b)| b.public)
        .map(|(id, _)| id)
        .collect();
    let targets_public = if named.is_empty() {
        !public_buckets.is_empty()
    } else {
        named.iter().all(|b| public_buckets.contains(&b))
    };
    !narrows && targets_public && p.command.covers(Command::Select)
}

/// Owner-folder policies for one bucket.
fn owner_folder_policies(w: &SqlWriter, bucket: &str) -> String {
    let cond = format!(
        "bucket_id = {} and (storage.foldername(name))[1] = (select auth.uid())::text",
        w.string(bucket)
    );
    [
        (Command::Select, "read"),
        (Command::Insert, "upload"),
        (Command::Update, "replace"),
        (Command::Delete, "delete"),
    ]
    .iter()
    .map(|(op, verb)| {
        let clause = match op {
            Command::Insert => format!("with check ({cond})"),
            Command::Update => format!("using ({cond}) with check ({cond})"),
            _ => format!("using ({cond})"),
        };
        format!(
            "create policy {} on storage.objects\n  for {} to authenticated\n  {clause};",
            w.ident(&format!("Users can {verb} their own files in {bucket}")),
            op.as_str()
        )
    })
    .collect::<Vec<_>>()
    .join("\n")
}

fn storage(ctx: &Ctx, out: &mut Vec<Issue>) {
    for (id, b) in &ctx.schema.buckets {
        if !b.public || !ctx.words.is_private_bucket(id) {
            continue;
        }
        let w = SqlWriter::default_style();
        out.push(Issue {
            class: "storage-public-bucket",
            variant: None,
            at: b.at.clone(),
            object: format!("bucket {id}"),
            source: Source::Sql,
            who: Who::Anyone,
            ops: vec!["download"],
            exposure: format!("Anyone who has or guesses a file's URL can download it from the `{id}` bucket, with no login."),
            fix: format!(
                "update storage.buckets set public = false where id = {};\n{}",
                w.string(id),
                owner_folder_policies(&w, id)
            ),
            cites: None,
            note: None,
        });
    }
    let key: Key = ("storage".into(), "objects".into());
    let Some(t) = ctx.schema.tables.get(&key) else {
        return;
    };
    if !t.rls {
        return;
    }
    let writes = [Command::Insert, Command::Update, Command::Delete];
    for p in t.policies.iter().filter(|p| p.permissive) {
        let named: Vec<String> = p
            .using
            .iter()
            .chain(p.check.iter())
            .flat_map(|pr| buckets_named(&pr.expr))
            .collect();
        // Reading is by design in a bucket made public under a name that does not
        // say private; a private bucket, or a private-sounding name, is not.
        let private = named.is_empty()
            || named.iter().any(|b| {
                ctx.words.is_private_bucket(b)
                    || (!ctx.words.is_public_bucket(b)
                        && ctx.schema.buckets.get(b).is_none_or(|x| !x.public))
            });
        let reach = |role: &str, ops: &[Command], who: Who| -> Vec<Command> {
            ops.iter()
                .copied()
                .filter(|op| {
                    gate(ctx, t, p, role, *op)
                        .is_some_and(|g: Gate| g.some_rows_to().is_some_and(|x| x <= who))
                })
                .collect()
        };
        let anon_write = reach("anon", &writes, Who::Anyone);
        let anon_read = reach("anon", &[Command::Select], Who::Anyone);
        let user_change = reach(
            "authenticated",
            &[Command::Update, Command::Delete],
            Who::SignedIn,
        );
        let user_read = reach("authenticated", &[Command::Select], Who::SignedIn);
        let (variant, who, ops) = if !anon_write.is_empty() {
            ("anyone-write", Who::Anyone, anon_write)
        } else if !anon_read.is_empty() && private {
            ("anyone-list", Who::Anyone, anon_read)
        } else if !user_change.is_empty() {
            ("any-user-files", Who::SignedIn, user_change)
        } else if !user_read.is_empty() && private {
            ("any-user-files", Who::SignedIn, user_read)
        } else if lists_public_bucket(ctx, p, &named)
            && !(anon_read.is_empty() && user_read.is_empty())
        {
            let who = if anon_read.is_empty() {
                Who::SignedIn
            } else {
                Who::Anyone
            };
            ("public-bucket-listing", who, vec![Command::Select])
        } else {
            continue;
        };
        let w = SqlWriter::new(p.style);
        let words: Vec<&str> = ops
            .iter()
            .map(|op| match op {
                Command::Select => "list and download",
                Command::Insert => "upload",
                Command::Update => "replace",
                _ => "delete",
            })
            .collect();
        let place = if named.is_empty() {
            "every bucket".to_owned()
        } else {
            format!("the {} bucket", named.join(", "))
        };
        let bucket = named.first().cloned().unwrap_or_else(|| "<bucket>".into());
        out.push(Issue {
            class: "storage-public-bucket",
            variant: Some(variant),
            at: p.at.clone(),
            object: format!("storage.objects (policy \"{}\")", p.name),
            source: Source::Sql,
            who,
            ops: words.clone(),
            exposure: format!(
                "{} can {} any user's files in {place}.",
                who_phrase(who),
                join_words(&words)
            ),
            fix: w.finish(&format!(
                "drop policy {} on storage.objects;\n{}",
                w.ident(&p.name),
                owner_folder_policies(&w, &bucket)
            )),
            cites: None,
            note: None,
        });
    }
}
