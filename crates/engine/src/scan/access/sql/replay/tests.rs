use super::*;

fn replay(files: &[(&str, &str)]) -> Schema {
    let mut s = Schema::supabase();
    for (name, text) in files {
        replay_file(&mut s, name, text);
    }
    s
}

fn key(schema: &str, name: &str) -> Key {
    (schema.to_owned(), name.to_owned())
}

#[test]
fn a_later_migration_enables_rls_and_replaces_a_policy() {
    let s = replay(&[
        ("001.sql", "create table todos (id bigint primary key, user_id uuid references auth.users);\ncreate policy \"All\" on todos using (true);"),
        ("002.sql", "alter table public.todos enable row level security;\ndrop policy \"All\" on todos;\ncreate policy \"Own\" on todos for select using ((select auth.uid()) = user_id);"),
    ]);
    let t = &s.tables[&key("public", "todos")];
    assert!(t.rls && t.known);
    assert_eq!(
        t.rls_at,
        Some(Loc {
            file: "002.sql".into(),
            line: 1
        })
    );
    assert_eq!(
        t.policies
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Own"]
    );
    assert_eq!(t.foreign_keys[0].target, key("auth", "users"));
    assert_eq!(
        t.policies[0].at,
        Loc {
            file: "002.sql".into(),
            line: 3
        }
    );
}

#[test]
fn grants_follow_defaults_revokes_and_grants_in_order() {
    let s = replay(&[(
        "m.sql",
        "create table a (id int);\nrevoke all on table a from anon;\nalter default privileges in schema public revoke all on tables from anon, authenticated;\ncreate table b (id int);\ngrant select on b to authenticated;\ncreate schema api;\ncreate table api.c (id int);\ngrant select, insert on all tables in schema api to anon;",
    )]);
    let privs = |k: Key, role: &str| privileges(&s, &k, role);
    assert!(!privs(key("public", "a"), "anon").any());
    assert!(privs(key("public", "a"), "authenticated").has(Privs::ALL));
    assert!(!privs(key("public", "b"), "anon").any());
    assert_eq!(privs(key("public", "b"), "authenticated"), Privs::SELECT);
    assert_eq!(
        privs(key("api", "c"), "anon"),
        Privs::SELECT.with(Privs::INSERT)
    );
}

#[test]
fn a_dump_lists_its_grants() {
    let dump = "SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE IF NOT EXISTS \"public\".\"x\" (\"id\" bigint NOT NULL);\nCREATE TABLE IF NOT EXISTS \"public\".\"y\" (\"id\" bigint NOT NULL);\nGRANT ALL ON TABLE \"public\".\"x\" TO \"authenticated\";\n";
    assert!(lists_its_grants(dump));
    let s = replay(&[("dump.sql", dump)]);
    assert!(!privileges(&s, &key("public", "x"), "anon").any());
    assert!(privileges(&s, &key("public", "x"), "authenticated").has(Privs::ALL));
    assert!(!privileges(&s, &key("public", "y"), "authenticated").any());
    // A migration (no dump header) takes the project's defaults.
    let s = replay(&[("m.sql", "CREATE TABLE \"public\".\"x\" (\"id\" bigint);")]);
    assert!(privileges(&s, &key("public", "x"), "anon").has(Privs::ALL));
}

#[test]
fn names_resolve_through_the_search_path() {
    let s = replay(&[(
        "m.sql",
        "create schema app;\nset search_path to app, public;\ncreate table items (id int);\nalter table items enable row level security;\nset search_path = public;\ncreate table items (id int);",
    )]);
    assert!(s.tables[&key("app", "items")].rls);
    assert!(!s.tables[&key("public", "items")].rls);
}

#[test]
fn renames_move_tables_with_their_policies() {
    let s = replay(&[(
        "m.sql",
        "create table t (id int, owner uuid);\nalter table t enable row level security;\ncreate policy p on t using (auth.uid() = owner);\nalter table t rename to u;\nalter table u rename column owner to owner_id;\ncreate index on u (owner_id);",
    )]);
    assert!(!s.tables.contains_key(&key("public", "t")));
    let u = &s.tables[&key("public", "u")];
    assert_eq!(u.policies.len(), 1);
    assert!(u.column("owner_id").is_some() && u.is_indexed("owner_id"));
}

#[test]
fn functions_keep_grants_when_replaced_and_lose_them_when_revoked() {
    let s = replay(&[(
        "m.sql",
        "create function public.f(uid uuid) returns int language sql security definer as $$ select 1 $$;\nrevoke execute on function public.f(uuid) from public, anon;\ncreate or replace function public.f(x uuid) returns int language sql security definer set search_path = '' as $$ select 2 $$;\ncreate function public.g() returns int language sql as 'select 1';\nalter function public.g() security definer;",
    )]);
    let f = s.functions.iter().find(|f| f.name == "f").unwrap();
    assert!(!f.executable_by("anon") && f.executable_by("authenticated"));
    assert!(f.search_path && f.body.contains("select 2"));
    assert_eq!(s.functions.len(), 2);
    assert!(s.functions.iter().find(|f| f.name == "g").unwrap().definer);
}

#[test]
fn views_buckets_and_unknown_tables() {
    let s = replay(&[(
        "m.sql",
        "create view v as select * from profiles;\nalter view v set (security_invoker = on);\ninsert into storage.buckets (id, name) values ('docs', 'docs');\nupdate storage.buckets set public = true where id = 'docs';\nalter table elsewhere enable row level security;\ncreate policy x on storage.objects for select using (bucket_id = 'docs');",
    )]);
    assert_eq!(s.views[&key("public", "v")].invoker, Some(true));
    assert!(s.buckets["docs"].public);
    let elsewhere = &s.tables[&key("public", "elsewhere")];
    assert!(elsewhere.rls && !elsewhere.known);
    assert_eq!(s.tables[&key("storage", "objects")].policies.len(), 1);
    assert!(s.supabase_signals > 0);
}

#[test]
fn replay_in_steps_equals_replay_at_once() {
    let text = "create table a (id int);\n".repeat(200)
        + "alter table a enable row level security;\ncreate policy p on a using (true);\n";
    let whole = replay(&[("m.sql", &text)]);
    let mut stepped = Schema::supabase();
    let mut resume = Resume::default();
    loop {
        let mut r = FileReplay::resume("m.sql", &text, resume);
        if r.step(&mut stepped, 100) {
            break;
        }
        resume = r.suspend();
    }
    assert_eq!(whole, stepped);
}

#[test]
fn rolled_back_changes_never_happened() {
    let s = replay(&[(
        "m.sql",
        "begin;\ncreate table a (id int);\nsavepoint s;\nalter table a enable row level security;\nrollback to savepoint s;\ncreate table b (id int);\nrelease savepoint s;\ncommit;\nbegin;\ncreate table c (id int);\nrollback;",
    )]);
    assert!(!s.tables[&key("public", "a")].rls);
    assert!(s.tables.contains_key(&key("public", "b")));
    assert!(!s.tables.contains_key(&key("public", "c")));
    assert_eq!(s.statements, 11);
}
