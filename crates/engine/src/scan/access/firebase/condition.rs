//! What a Firebase rule condition lets through, as a [`Gate`].
//!
//! `request.auth != null` (Realtime Database: `auth != null`) is any signed-in user;
//! `request.auth.uid == <anything>` (a path variable, a field of the document, a
//! lookup) ties the request to someone: scoped; custom claims
//! (`request.auth.token.admin`) are set by your server: scoped;
//! `request.time < timestamp.date(…)` (Realtime Database: `now < <ms>`) is "test
//! mode": open until that date. Conditions on the data alone (`resource.data.public
//! == true`, a shape check on what is written) pick documents, not people. The
//! file's own functions are inlined with their arguments (a few levels deep); a
//! check this reader cannot follow counts as scoped, never as open.

use super::rules::{Function, RExpr};
use crate::scan::access::gate::{Gate, Rows, Who};

const MAX_INLINE: usize = 4;

/// The functions in scope and the names bound to expressions (function
/// parameters, `let`).
#[derive(Debug, Clone, Default)]
pub struct Env<'a> {
    pub functions: Vec<&'a Function>,
    pub bindings: Vec<(String, RExpr)>,
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Id {
    /// `request.auth` / `auth`.
    Auth,
    Uid,
    Token(String),
    /// `request.time` / `now`.
    Time,
    Nothing,
}

fn resolve<'e>(e: &'e RExpr, env: &'e Env) -> &'e RExpr {
    if let RExpr::Ident(name) = e {
        if let Some((_, bound)) = env.bindings.iter().rev().find(|(n, _)| n == name) {
            return bound;
        }
    }
    e
}

fn id(e: &RExpr, env: &Env) -> Id {
    let e = resolve(e, env);
    if let RExpr::Call(callee, _) = e {
        // request.time.toMillis()
        if id(callee, env) == Id::Time {
            return Id::Time;
        }
    }
    if let RExpr::Member(base, field) = e {
        // request.time.toMillis, a member of a bound name.
        let inner = id(base, env);
        return match inner {
            Id::Auth if field == "uid" => Id::Uid,
            Id::Auth if field == "token" => Id::Token(String::new()),
            Id::Token(t) if t.is_empty() => Id::Token(field.clone()),
            Id::Token(t) => Id::Token(t),
            Id::Time => Id::Time,
            _ => match e.dotted().as_deref() {
                Some(["request", "auth"]) => Id::Auth,
                Some(["request", "time"]) => Id::Time,
                _ => Id::Nothing,
            },
        };
    }
    match e {
        RExpr::Ident(n) if n == "auth" => Id::Auth,
        RExpr::Ident(n) if n == "now" => Id::Time,
        _ => Id::Nothing,
    }
}

/// Whether `e` (with bindings resolved) reads who is asking.
fn mentions_caller(e: &RExpr, env: &Env) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        found |= matches!(id(x, env), Id::Auth | Id::Uid | Id::Token(_));
        if let RExpr::Ident(n) = x {
            if let Some((_, bound)) = env.bindings.iter().rev().find(|(b, _)| b == n) {
                if env.depth < MAX_INLINE {
                    let inner = Env {
                        functions: env.functions.clone(),
                        bindings: Vec::new(),
                        depth: env.depth + 1,
                    };
                    found |= mentions_caller(bound, &inner);
                }
            }
        }
    });
    found
}

fn some_rows() -> Gate {
    Gate::only(Who::Anyone, Rows::Some)
}

fn scoped() -> Gate {
    Gate::only(Who::Scoped, Rows::All)
}

/// Classifies a condition; `None` (no condition) is open.
pub fn classify(e: Option<&RExpr>, env: &Env) -> Gate {
    match e {
        None => Gate::open(),
        Some(e) => classify_at(e, env),
    }
}

fn classify_at(e: &RExpr, env: &Env) -> Gate {
    let e = resolve(e, env);
    match e {
        RExpr::Bool(true) => Gate::open(),
        RExpr::Bool(false) | RExpr::Null => Gate::closed(),
        RExpr::Binary(op, l, r) if op == "&&" => classify_at(l, env).and(&classify_at(r, env)),
        RExpr::Binary(op, l, r) if op == "||" => classify_at(l, env).or(&classify_at(r, env)),
        RExpr::Binary(op, l, r) => compare(op, l, r, env),
        RExpr::Unary(op, inner) if op == "!" => match resolve(inner, env) {
            RExpr::Bool(b) => classify_at(&RExpr::Bool(!b), env),
            x if mentions_caller(x, env) => scoped(),
            _ => some_rows(),
        },
        RExpr::Ternary(c, a, b) => classify_at(c, env)
            .and(&classify_at(a, env))
            .or(&classify_at(b, env)),
        RExpr::Call(callee, args) => call(callee, args, env),
        RExpr::Opaque => scoped(),
        x if mentions_caller(x, env) => match id(x, env) {
            Id::Token(t) if t == "email_verified" => Gate::only(Who::SignedIn, Rows::All),
            _ => scoped(),
        },
        _ => some_rows(),
    }
}

fn compare(op: &str, l: &RExpr, r: &RExpr, env: &Env) -> Gate {
    let (li, ri) = (id(l, env), id(r, env));
    let null = |x: &RExpr| matches!(resolve(x, env), RExpr::Null);
    for (side, other) in [(&li, r), (&ri, l)] {
        match side {
            Id::Auth | Id::Uid if null(other) => {
                return match op {
                    "!=" => Gate::only(Who::SignedIn, Rows::All),
                    "==" => Gate::open(),
                    _ => scoped(),
                };
            }
            Id::Token(t) if t == "email_verified" || t.starts_with("firebase") => {
                return Gate::only(Who::SignedIn, Rows::All);
            }
            _ => {}
        }
    }
    if li == Id::Time && matches!(op, "<" | "<=") {
        let mut g = Gate::open();
        g.expires = Some(date_of(r, env).unwrap_or_else(|| "an unknown date".into()));
        return g;
    }
    if ri == Id::Time && matches!(op, ">" | ">=") {
        let mut g = Gate::open();
        g.expires = Some(date_of(l, env).unwrap_or_else(|| "an unknown date".into()));
        return g;
    }
    if mentions_caller(l, env) || mentions_caller(r, env) {
        return scoped();
    }
    match (resolve(l, env), resolve(r, env)) {
        (RExpr::Bool(a), RExpr::Bool(b)) => {
            if (op == "==") == (a == b) {
                Gate::open()
            } else {
                Gate::closed()
            }
        }
        _ => some_rows(),
    }
}

fn call(callee: &RExpr, args: &[RExpr], env: &Env) -> Gate {
    if let RExpr::Ident(name) = resolve(callee, env) {
        if matches!(name.as_str(), "get" | "exists" | "getAfter" | "existsAfter") {
            return if args.iter().any(|a| mentions_caller(a, env)) {
                scoped()
            } else {
                some_rows()
            };
        }
        if let Some(f) = env.functions.iter().rev().find(|f| f.name == *name) {
            if env.depth >= MAX_INLINE {
                return scoped();
            }
            let mut bindings = env.bindings.clone();
            for (p, a) in f.params.iter().zip(args) {
                bindings.push((p.clone(), resolve(a, env).clone()));
            }
            bindings.extend(f.lets.iter().cloned());
            let inner = Env {
                functions: env.functions.clone(),
                bindings,
                depth: env.depth + 1,
            };
            return classify_at(&f.body, &inner);
        }
        return scoped();
    }
    // A method: `request.auth.token.email.matches(…)`, `data.keys().hasOnly(…)`.
    if mentions_caller(callee, env) || args.iter().any(|a| mentions_caller(a, env)) {
        return match id(callee, env) {
            Id::Token(t) if t == "email_verified" => Gate::only(Who::SignedIn, Rows::All),
            _ => scoped(),
        };
    }
    some_rows()
}

/// `timestamp.date(2025, 1, 31)` → `2025-01-31`; a number of milliseconds (the
/// Realtime Database's `now < 1735689600000`) → its date.
fn date_of(e: &RExpr, env: &Env) -> Option<String> {
    match resolve(e, env) {
        RExpr::Call(callee, args) if callee.dotted().as_deref() == Some(&["timestamp", "date"]) => {
            let n: Vec<i64> = args
                .iter()
                .filter_map(|a| match a {
                    RExpr::Num(s) => s.parse().ok(),
                    _ => None,
                })
                .collect();
            match n.as_slice() {
                [y, m, d] => Some(format!("{y:04}-{m:02}-{d:02}")),
                _ => None,
            }
        }
        RExpr::Num(ms) => ms
            .parse::<f64>()
            .ok()
            .map(|ms| crate::scan::date::iso_date((ms / 1000.0) as i64)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::{parse, parse_expr};
    use super::*;

    fn gate(src: &str) -> Gate {
        classify(Some(&parse_expr(src)), &Env::default())
    }

    #[test]
    fn a_table_of_conditions() {
        use Who::*;
        let cases: &[(&str, Option<Who>, Option<Who>)] = &[
            ("true", Some(Anyone), Some(Anyone)),
            ("false", None, None),
            ("request.auth != null", Some(SignedIn), Some(SignedIn)),
            ("request.auth.uid != null", Some(SignedIn), Some(SignedIn)),
            ("null != request.auth", Some(SignedIn), Some(SignedIn)),
            ("request.auth.uid == userId", Some(Scoped), Some(Scoped)),
            (
                "request.auth != null && request.auth.uid == resource.data.ownerId",
                Some(Scoped),
                Some(Scoped),
            ),
            (
                "request.auth.uid in resource.data.members",
                Some(Scoped),
                Some(Scoped),
            ),
            (
                "request.auth.token.admin == true",
                Some(Scoped),
                Some(Scoped),
            ),
            (
                "request.auth.token.email_verified == true",
                Some(SignedIn),
                Some(SignedIn),
            ),
            (
                "exists(/databases/$(database)/documents/admins/$(request.auth.uid))",
                Some(Scoped),
                Some(Scoped),
            ),
            ("resource.data.visibility == 'public'", None, Some(Anyone)),
            (
                "request.resource.data.keys().hasOnly(['email'])",
                None,
                Some(Anyone),
            ),
            (
                "resource.data.published || request.auth.uid == resource.data.author",
                Some(Scoped),
                Some(Anyone),
            ),
            ("auth != null", Some(SignedIn), Some(SignedIn)),
            ("auth.uid === $uid", Some(Scoped), Some(Scoped)),
            (
                "root.child('admins').child(auth.uid).exists()",
                Some(Scoped),
                Some(Scoped),
            ),
            (
                "data.child('owner').val() === auth.uid",
                Some(Scoped),
                Some(Scoped),
            ),
        ];
        for (src, all, some) in cases {
            let g = gate(src);
            assert_eq!((g.all_rows_to(), g.some_rows_to()), (*all, *some), "{src}");
        }
    }

    #[test]
    fn test_mode_dates() {
        let g = gate("request.time < timestamp.date(2025, 1, 31)");
        assert!(g.is_open());
        assert_eq!(g.expires.as_deref(), Some("2025-01-31"));
        let g = gate("now < 1735689600000");
        assert_eq!(g.expires.as_deref(), Some("2025-01-01"));
    }

    #[test]
    fn functions_are_inlined() {
        let f = parse("service cloud.firestore { match /databases/{d}/documents {\n function signedIn() { return request.auth != null; }\n function isOwner(uid) { let me = request.auth.uid; return me == uid; }\n function always() { return true; }\n } }");
        let funcs: Vec<&Function> = f.root.children[0].functions.iter().collect();
        let env = Env {
            functions: funcs,
            ..Env::default()
        };
        let g = |src: &str| classify(Some(&parse_expr(src)), &env);
        assert_eq!(g("signedIn()").all_rows_to(), Some(Who::SignedIn));
        assert_eq!(g("isOwner(userId)").all_rows_to(), Some(Who::Scoped));
        assert!(g("always()").is_open());
        assert_eq!(g("unknownHelper()").all_rows_to(), Some(Who::Scoped));
    }
}
