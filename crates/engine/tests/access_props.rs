//! Properties of the database access analyzer, on generated inputs: no input makes
//! it panic (random text, token soups, edited fixtures, under every kind of
//! name), and replaying migrations one by one leaves the same schema as replaying
//! them all at once — whether the statements are split into many files or one,
//! and whether a file is replayed in one step or in many small ones.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shipcheck_engine::scan::access::model::Schema;
use shipcheck_engine::scan::access::sql::replay::{replay_file, FileReplay, Resume};
use shipcheck_engine::scan::access::{analyze, AccessJob};

/// Names that route the input to each reader.
const NAMES: [&str; 8] = [
    "supabase/migrations/001.sql",
    "firestore.rules",
    "storage.rules",
    "database.rules.json",
    "supabase/config.toml",
    "src/App.tsx",
    "dist/assets/index.js",
    "pasted",
];

/// Pieces of every language read here, to build token soups that reach deep into
/// the readers.
const PIECES: [&str; 64] = [
    "create",
    "table",
    "policy",
    "alter",
    "enable",
    "row",
    "level",
    "security",
    "grant",
    "revoke",
    "on",
    "to",
    "from",
    "using",
    "with",
    "check",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    ".",
    "\"",
    "'",
    "$$",
    "$x$",
    "--",
    "/*",
    "*/",
    "\\",
    "\n",
    " ",
    "auth.uid()",
    "auth.jwt()",
    "->>",
    "::",
    "select",
    "exists",
    "true",
    "null",
    "public.t",
    "function",
    "returns",
    "security definer",
    "view",
    "insert into storage.buckets",
    "values",
    "match",
    "/{doc=**}",
    "allow",
    "read",
    "write",
    "if",
    "request.auth",
    "!=",
    "==",
    "&&",
    "{",
    "}",
    "\".read\"",
    ":",
    ".from('t').select()",
    "collection(db, 'x')",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..PIECES.len(), 0..300).prop_map(|ix| {
        ix.into_iter()
            .map(|i| PIECES[i])
            .collect::<Vec<_>>()
            .join("")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,600}", name in 0..NAMES.len()) {
        let _ = analyze(&[(NAMES[name], &text)], Some(1_700_000_000));
    }

    #[test]
    fn token_soups_never_panic(text in soup(), name in 0..NAMES.len(), other in soup()) {
        let findings = analyze(&[(NAMES[name], &text), ("src/main.ts", &other)], None);
        for f in &findings {
            prop_assert!(f.rule.starts_with("access-"));
            prop_assert!(f.line >= 1);
        }
    }
}

/// One generated migration statement over a handful of tables, functions and
/// buckets, so that later statements act on what earlier ones created.
fn statement() -> impl Strategy<Value = String> {
    let t = prop_oneof![
        Just("todos"),
        Just("profiles"),
        Just("orders"),
        Just("\"Docs\"")
    ];
    let role = prop_oneof![
        Just("anon"),
        Just("authenticated"),
        Just("public"),
        Just("service_role")
    ];
    let cond = prop_oneof![
        Just("true"),
        Just("(select auth.uid()) = user_id"),
        Just("auth.uid() is not null"),
        Just("auth.role() = 'authenticated'"),
        Just("(auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'"),
        Just("is_public"),
    ];
    let cmd = prop_oneof![
        Just("select"),
        Just("insert"),
        Just("update"),
        Just("delete"),
        Just("all")
    ];
    prop_oneof![
        t.clone().prop_map(|t| format!("create table if not exists public.{t} (id bigint primary key, user_id uuid references auth.users, is_public boolean, email text);")),
        t.clone().prop_map(|t| format!("alter table public.{t} enable row level security;")),
        t.clone().prop_map(|t| format!("alter table public.{t} disable row level security;")),
        (t.clone(), cmd, role.clone(), cond).prop_map(|(t, c, r, e)| {
            let clause = if c == "insert" { format!("with check ({e})") } else { format!("using ({e})") };
            format!("create policy \"p_{c}\" on public.{t} for {c} to {r} {clause};")
        }),
        (t.clone(), prop_oneof![Just("select"), Just("insert"), Just("update"), Just("delete"), Just("all")])
            .prop_map(|(t, c)| format!("drop policy if exists \"p_{c}\" on public.{t};")),
        (t.clone(), role.clone()).prop_map(|(t, r)| format!("revoke all on table public.{t} from {r};")),
        (t.clone(), role.clone()).prop_map(|(t, r)| format!("grant select, insert on public.{t} to {r};")),
        t.clone().prop_map(|t| format!("create index on public.{t} (user_id);")),
        t.clone().prop_map(|t| format!("create or replace view public.v_{} as select * from public.{t};", t.replace('"', ""))),
        t.clone().prop_map(|t| format!("alter view if exists public.v_{} set (security_invoker = on);", t.replace('"', ""))),
        Just("create or replace function public.f(x uuid) returns setof public.todos language sql security definer as $$ select * from public.todos where user_id = x $$;".to_owned()),
        role.prop_map(|r| format!("revoke execute on function public.f(uuid) from {r};")),
        Just("alter function public.f(uuid) set search_path = '';".to_owned()),
        Just("insert into storage.buckets (id, name, public) values ('docs', 'docs', true) on conflict do nothing;".to_owned()),
        Just("update storage.buckets set public = false where id = 'docs';".to_owned()),
        Just("alter default privileges in schema public revoke all on tables from anon;".to_owned()),
        Just("set search_path = public;".to_owned()),
        t.prop_map(|t| format!("alter table public.{t} add column if not exists owner_id uuid;")),
    ]
}

/// Statements and where to cut them into files.
fn migrations() -> impl Strategy<Value = (Vec<String>, Vec<bool>)> {
    proptest::collection::vec(statement(), 1..60).prop_flat_map(|stmts| {
        let n = stmts.len();
        (Just(stmts), proptest::collection::vec(any::<bool>(), n))
    })
}

fn files_of(stmts: &[String], cuts: &[bool]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, s) in stmts.iter().enumerate() {
        if files.is_empty() || cuts[i] {
            files.push((
                format!("supabase/migrations/{:04}_m.sql", files.len()),
                String::new(),
            ));
        }
        let last = files.last_mut().unwrap();
        last.1.push_str(s);
        last.1.push('\n');
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Migrations one by one (in any order given: the job sorts them by name) leave
    /// the schema that all their statements replayed as one file leave.
    #[test]
    fn one_by_one_equals_all_at_once((stmts, cuts) in migrations(), reverse in any::<bool>()) {
        let files = files_of(&stmts, &cuts);
        let mut job = AccessJob::new();
        let ordered: Vec<&(String, String)> = if reverse { files.iter().rev().collect() } else { files.iter().collect() };
        for (name, text) in ordered {
            job.add(name, text);
        }
        while !job.step(64, None) {}
        let one_by_one = job.schema().without_locations();

        let mut all = Schema::supabase();
        replay_file(&mut all, "supabase/migrations/all.sql", &stmts.join("\n"));
        prop_assert_eq!(one_by_one, all.without_locations());
    }

    /// A file replayed in steps of a few bytes leaves exactly (locations too) the
    /// schema it leaves replayed in one go.
    #[test]
    fn steps_equal_one_go((stmts, _cuts) in migrations(), budget in 1usize..200) {
        let text = stmts.join("\n");
        let mut whole = Schema::supabase();
        replay_file(&mut whole, "m.sql", &text);
        let mut stepped = Schema::supabase();
        let mut resume = Resume::default();
        loop {
            let mut r = FileReplay::resume("m.sql", &text, resume);
            if r.step(&mut stepped, budget) {
                break;
            }
            resume = r.suspend();
        }
        prop_assert_eq!(whole, stepped);
    }
}
