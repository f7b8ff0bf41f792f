//! What a policy expression lets through, as a [`Gate`].
//!
//! The caller's identity in Supabase is `auth.uid()` (and `auth.jwt() ->> 'sub'`,
//! `auth.email()`, the `request.jwt.claim.*` settings); `auth.role()` and
//! `current_user` tell the anonymous role from a signed-in one. A comparison that
//! ties the identity to the row (or a membership sub-select that does) is
//! [`Who::Scoped`]; `auth.uid() IS NOT NULL` or `auth.role() = 'authenticated'` is
//! [`Who::SignedIn`]; a condition on the row's data alone is anyone, some rows.
//! A function the policy calls is read lightly when its body is in the input
//! (`select <expr>` or `return <expr>`); a function this reader cannot see through
//! counts as scoped, so an unknown check is never reported as open.

use super::expr::{self, Expr};
use super::lexer::{Lexer, Tok, Token};
use crate::scan::access::gate::{Gate, Rows, Who};
use crate::scan::access::model::Function;

/// How many function bodies deep the light read goes.
const MAX_INLINE: usize = 3;

/// What a value says about the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Src {
    /// The caller's user id.
    Uid,
    Email,
    /// The database role (`anon`, `authenticated`, `service_role`).
    Role,
    /// The whole token (`auth.jwt()`): the anonymous key has one too.
    Jwt,
    /// A claim the server sets (`app_metadata`, custom claims).
    Claim,
    /// A claim the user edits (`user_metadata`).
    UserMeta,
    /// The assurance level (`aal`): signed in with MFA, still any user.
    Mfa,
    Nothing,
}

fn str_arg(args: &[Expr]) -> Option<String> {
    match args.first().map(Expr::bare) {
        Some(Expr::Str(s)) => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}

fn src(e: &Expr) -> Src {
    match e.bare() {
        Expr::Call { name, args } => {
            let n: Vec<&str> = name.iter().map(String::as_str).collect();
            match n.as_slice() {
                ["auth", "uid"] => Src::Uid,
                ["auth", "email"] => Src::Email,
                ["auth", "role"] | ["current_user"] | ["current_role"] | ["session_user"] => {
                    Src::Role
                }
                ["auth", "jwt"] => Src::Jwt,
                [.., "current_setting"] => match str_arg(args).as_deref() {
                    Some("request.jwt.claim.sub") => Src::Uid,
                    Some("request.jwt.claim.email") => Src::Email,
                    Some("request.jwt.claim.role") | Some("role") => Src::Role,
                    Some("request.jwt.claims") => Src::Jwt,
                    _ => Src::Nothing,
                },
                _ => Src::Nothing,
            }
        }
        Expr::Binary { op, left, right } if matches!(op.as_str(), "->" | "->>" | "#>" | "#>>") => {
            let base = src(left);
            if !matches!(base, Src::Jwt | Src::Claim | Src::UserMeta) {
                return Src::Nothing;
            }
            if base == Src::UserMeta {
                return Src::UserMeta;
            }
            let key = match right.bare() {
                Expr::Str(s) => s.to_ascii_lowercase(),
                _ => return Src::Claim,
            };
            if base == Src::Claim {
                return Src::Claim;
            }
            match key.trim_matches(|c| c == '{' || c == '}') {
                "sub" => Src::Uid,
                "email" => Src::Email,
                "role" => Src::Role,
                "aal" | "is_anonymous" => Src::Mfa,
                k if k.starts_with("user_metadata") => Src::UserMeta,
                _ => Src::Claim,
            }
        }
        _ => Src::Nothing,
    }
}

/// Whether `e` reads who the caller is (their id, email or a claim), anywhere
/// inside it.
fn mentions_caller(e: &Expr) -> bool {
    e.any(&|x| {
        matches!(
            src(x),
            Src::Uid | Src::Email | Src::Claim | Src::UserMeta | Src::Jwt
        )
    })
}

fn mentions_user_metadata(e: &Expr) -> bool {
    e.any(&|x| {
        src(x) == Src::UserMeta
            || matches!(x, Expr::Column(parts) if parts.last().is_some_and(|p| p == "raw_user_meta_data"))
    })
}

fn literal(e: &Expr) -> Option<String> {
    match e.bare() {
        Expr::Str(s) => Some(s.clone()),
        Expr::Number(n) => Some(n.clone()),
        Expr::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn literals(e: &Expr) -> Option<Vec<String>> {
    match e.bare() {
        Expr::List(items) => items.iter().map(literal).collect(),
        Expr::Call { name, args }
            if name.len() == 1 && matches!(name[0].as_str(), "any" | "all" | "some") =>
        {
            args.first().and_then(literals)
        }
        other => literal(other).map(|l| vec![l]),
    }
}

/// A column a policy ties to the caller: `direct` when compared with the caller's
/// id or email (`(select auth.uid()) = user_id`), not when matched against a
/// sub-select that reads the caller (`org_id in (select org_id from members where
/// user_id = auth.uid())`). Sub-selects' own columns are not returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerColumn {
    pub column: String,
    pub direct: bool,
}

/// The columns `e` ties to the caller, at its top level (not inside sub-selects).
pub fn caller_columns(e: &Expr) -> Vec<CallerColumn> {
    let mut out = Vec::new();
    collect_caller_columns(e, &mut out, 0);
    out
}

fn collect_caller_columns(e: &Expr, out: &mut Vec<CallerColumn>, depth: usize) {
    if depth > expr::MAX_DEPTH {
        return;
    }
    match e {
        Expr::Binary { op, left, right } if op == "and" || op == "or" => {
            collect_caller_columns(left, out, depth + 1);
            collect_caller_columns(right, out, depth + 1);
        }
        Expr::Binary { left, right, .. } => {
            for (a, b) in [(left, right), (right, left)] {
                let Expr::Column(parts) = b.bare() else {
                    continue;
                };
                let Some(column) = parts.last() else { continue };
                if matches!(src(a), Src::Uid | Src::Email) {
                    out.push(CallerColumn {
                        column: column.clone(),
                        direct: true,
                    });
                } else if mentions_caller(a) {
                    out.push(CallerColumn {
                        column: column.clone(),
                        direct: false,
                    });
                }
            }
        }
        Expr::Not(inner) | Expr::Cast { expr: inner, .. } => {
            collect_caller_columns(inner, out, depth + 1)
        }
        _ => {}
    }
}

/// Classifies a policy expression; `functions` are the input's functions, read
/// lightly when the policy calls one.
pub fn classify(e: &Expr, functions: &[Function]) -> Gate {
    let mut g = classify_at(e, functions, 0);
    g.user_metadata |= mentions_user_metadata(e);
    g
}

fn scoped() -> Gate {
    Gate::only(Who::Scoped, Rows::All)
}

fn some_rows() -> Gate {
    Gate::only(Who::Anyone, Rows::Some)
}

fn classify_at(e: &Expr, functions: &[Function], depth: usize) -> Gate {
    match e {
        Expr::Bool(true) => Gate::open(),
        Expr::Bool(false) | Expr::Null => Gate::closed(),
        Expr::Cast { expr, .. } => classify_at(expr, functions, depth),
        Expr::Binary { op, left, right } if op == "and" => {
            classify_at(left, functions, depth).and(&classify_at(right, functions, depth))
        }
        Expr::Binary { op, left, right } if op == "or" => {
            classify_at(left, functions, depth).or(&classify_at(right, functions, depth))
        }
        Expr::Binary { op, left, right } => compare(op, left, right),
        Expr::IsNull { expr, negated } => match src(expr) {
            Src::Uid | Src::Email => {
                if *negated {
                    Gate::only(Who::SignedIn, Rows::All)
                } else {
                    Gate::open()
                }
            }
            Src::Role | Src::Jwt => {
                if *negated {
                    Gate::open()
                } else {
                    Gate::closed()
                }
            }
            Src::Mfa => Gate::only(Who::SignedIn, Rows::All),
            _ if mentions_caller(expr) => scoped(),
            _ => some_rows(),
        },
        Expr::Not(inner) => match &**inner {
            Expr::Bool(b) => classify_at(&Expr::Bool(!b), functions, depth),
            x if mentions_caller(x) => scoped(),
            _ => some_rows(),
        },
        Expr::Call { name, args } => call(name, args, functions, depth),
        Expr::Query(_) | Expr::List(_) | Expr::Index { .. } if mentions_caller(e) => scoped(),
        Expr::Query(_) | Expr::List(_) | Expr::Index { .. } | Expr::Column(_) => some_rows(),
        Expr::Str(s)
            if matches!(
                s.to_ascii_lowercase().as_str(),
                "t" | "true" | "on" | "yes" | "1"
            ) =>
        {
            Gate::open()
        }
        Expr::Str(_) | Expr::Number(_) => some_rows(),
        Expr::Opaque => scoped(),
    }
}

fn compare(op: &str, left: &Expr, right: &Expr) -> Gate {
    let (ls, rs) = (src(left), src(right));
    if ls == Src::Role || rs == Src::Role {
        let other = if ls == Src::Role { right } else { left };
        let Some(roles) = literals(other) else {
            return scoped();
        };
        let has = |r: &str| roles.iter().any(|x| x.eq_ignore_ascii_case(r));
        return match op {
            "=" | "in" | "any" => {
                if has("anon") {
                    Gate::open()
                } else if has("authenticated") {
                    Gate::only(Who::SignedIn, Rows::All)
                } else {
                    Gate::closed()
                }
            }
            "<>" | "!=" if roles.len() == 1 && has("anon") => Gate::only(Who::SignedIn, Rows::All),
            "<>" | "!=" => Gate::open(),
            _ => scoped(),
        };
    }
    if ls == Src::Mfa || rs == Src::Mfa {
        return Gate::only(Who::SignedIn, Rows::All);
    }
    if mentions_caller(left) || mentions_caller(right) {
        return scoped();
    }
    match (literal(left), literal(right)) {
        (Some(a), Some(b)) => match op {
            "=" if a == b => Gate::open(),
            "<>" | "!=" if a != b => Gate::open(),
            _ => Gate::closed(),
        },
        _ => some_rows(),
    }
}

fn call(name: &[String], args: &[Expr], functions: &[Function], depth: usize) -> Gate {
    if args.iter().any(mentions_caller) || name.first().is_some_and(|n| n == "auth") {
        return scoped();
    }
    let short = name.last().map(String::as_str).unwrap_or("");
    let schema = (name.len() > 1).then(|| name[0].as_str());
    let found = functions
        .iter()
        .find(|f| f.name == short && schema.is_none_or(|s| s == f.schema) && !f.body.is_empty());
    match found {
        Some(f) if depth < MAX_INLINE => body_gate(f, functions, depth + 1),
        _ => scoped(),
    }
}

/// The light read of a function body: its `select <expr>` (SQL) or its `return`
/// expressions (PL/pgSQL).
fn body_gate(f: &Function, functions: &[Function], depth: usize) -> Gate {
    let body = f.body.as_str();
    let tokens: Vec<Token> = Lexer::new(body).collect();
    let mut parts: Vec<Expr> = Vec::new();
    if f.language == "sql" {
        if let Some(k) = tokens.iter().position(|t| t.is_kw(body, "select")) {
            let end = tokens[k..]
                .iter()
                .position(|t| t.kind == Tok::Semi)
                .map_or(tokens.len(), |n| k + n);
            let s = expr::parse_select(&tokens[k..end], body);
            if s.from.is_empty() && s.filter.is_none() {
                parts.extend(s.items);
            } else {
                parts.push(Expr::Query(Box::new(s)));
            }
        }
    } else {
        for (k, t) in tokens.iter().enumerate() {
            if t.is_kw(body, "return")
                && tokens
                    .get(k + 1)
                    .is_some_and(|n| !n.is_kw(body, "new") && !n.is_kw(body, "query"))
            {
                let end = tokens[k..]
                    .iter()
                    .position(|t| t.kind == Tok::Semi)
                    .map_or(tokens.len(), |n| k + n);
                parts.push(expr::parse(&tokens[k + 1..end], body));
            }
        }
    }
    if parts.is_empty() {
        return scoped();
    }
    let reads_caller = tokens.windows(3).any(|w| {
        w[0].is_kw(body, "auth")
            && w[1].kind == Tok::Dot
            && (w[2].is_kw(body, "uid") || w[2].is_kw(body, "jwt") || w[2].is_kw(body, "email"))
    });
    let gate = parts
        .iter()
        .map(|p| classify_at(p, functions, depth))
        .reduce(|a, b| a.or(&b))
        .unwrap_or_else(scoped);
    if reads_caller && gate.some_rows_to() == Some(Who::Anyone) {
        // The body reads the caller somewhere this light read did not follow.
        return scoped();
    }
    gate
}

#[cfg(test)]
mod tests {
    use super::super::lexer::Lexer;
    use super::*;
    use crate::scan::access::model::Loc;
    use crate::scan::access::sql::statement::Style;

    fn gate(src: &str) -> Gate {
        let toks: Vec<Token> = Lexer::new(src).collect();
        classify(&expr::parse(&toks, src), &[])
    }

    #[test]
    fn a_table_of_predicates() {
        use Who::*;
        // (expression, least identification reaching every row, reaching some row)
        let cases: &[(&str, Option<Who>, Option<Who>)] = &[
            ("true", Some(Anyone), Some(Anyone)),
            ("1 = 1", Some(Anyone), Some(Anyone)),
            ("false", None, None),
            ("(select auth.uid()) = user_id", Some(Scoped), Some(Scoped)),
            ("auth.uid() = user_id", Some(Scoped), Some(Scoped)),
            ("user_id = (select auth.uid())", Some(Scoped), Some(Scoped)),
            ("(\"auth\".\"uid\"() = \"id\")", Some(Scoped), Some(Scoped)),
            ("auth.uid() is not null", Some(SignedIn), Some(SignedIn)),
            ("auth.role() = 'authenticated'", Some(SignedIn), Some(SignedIn)),
            ("(select auth.role()) = 'authenticated'::text", Some(SignedIn), Some(SignedIn)),
            ("auth.role() = 'anon'", Some(Anyone), Some(Anyone)),
            ("auth.role() = 'service_role'", None, None),
            ("current_user = 'authenticated'", Some(SignedIn), Some(SignedIn)),
            ("auth.jwt() ->> 'sub' = user_id::text", Some(Scoped), Some(Scoped)),
            ("current_setting('request.jwt.claim.sub', true)::uuid = owner", Some(Scoped), Some(Scoped)),
            ("(auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'", Some(Scoped), Some(Scoped)),
            ("is_public = true", None, Some(Anyone)),
            ("status = 'published'", None, Some(Anyone)),
            ("is_public or auth.uid() = user_id", Some(Scoped), Some(Anyone)),
            ("auth.uid() is not null or is_public", Some(SignedIn), Some(Anyone)),
            ("auth.uid() is not null and auth.uid() = user_id", Some(Scoped), Some(Scoped)),
            ("exists (select 1 from members m where m.org_id = projects.org_id and m.user_id = auth.uid())", Some(Scoped), Some(Scoped)),
            ("org_id in (select org_id from members where user_id = (select auth.uid()))", Some(Scoped), Some(Scoped)),
            ("exists (select 1 from members m where m.org_id = projects.org_id)", None, Some(Anyone)),
            ("is_admin()", Some(Scoped), Some(Scoped)),
            ("has_role(auth.uid(), 'admin')", Some(Scoped), Some(Scoped)),
            ("bucket_id = 'avatars'", None, Some(Anyone)),
            ("bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text", None, Some(Scoped)),
            ("(auth.jwt() ->> 'aal') = 'aal2'", Some(SignedIn), Some(SignedIn)),
            ("something strange ((", None, Some(Scoped)),
        ];
        for (src, all, some) in cases {
            let g = gate(src);
            assert_eq!((g.all_rows_to(), g.some_rows_to()), (*all, *some), "{src}");
        }
    }

    #[test]
    fn caller_columns_are_found() {
        let cols = |src: &str| {
            let toks: Vec<Token> = Lexer::new(src).collect();
            caller_columns(&expr::parse(&toks, src))
        };
        assert_eq!(
            cols("(select auth.uid()) = user_id"),
            vec![CallerColumn {
                column: "user_id".into(),
                direct: true
            }]
        );
        assert_eq!(
            cols("is_public or owner = auth.uid()::uuid"),
            vec![CallerColumn {
                column: "owner".into(),
                direct: true
            }]
        );
        assert_eq!(
            cols("org_id in (select org_id from members where user_id = auth.uid())"),
            vec![CallerColumn {
                column: "org_id".into(),
                direct: false
            }]
        );
        assert!(cols("auth.uid() is not null").is_empty());
    }

    #[test]
    fn user_metadata_is_noticed() {
        assert!(gate("(auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'").user_metadata);
        assert!(gate("auth.jwt() #>> '{user_metadata,org}' = org").user_metadata);
        assert!(!gate("(auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'").user_metadata);
    }

    fn function(name: &str, language: &str, body: &str) -> Function {
        Function {
            schema: "public".into(),
            name: name.into(),
            args: String::new(),
            returns: "boolean".into(),
            definer: true,
            search_path: true,
            language: language.into(),
            body: body.into(),
            procedure: false,
            execute: Default::default(),
            at: Loc::default(),
            style: Style::default(),
        }
    }

    #[test]
    fn function_bodies_are_read_lightly() {
        let fs = [
            function("always", "sql", "select true"),
            function("signed_in", "sql", "select auth.uid() is not null"),
            function(
                "member",
                "sql",
                "select exists (select 1 from members where org_id = $1 and user_id = auth.uid())",
            ),
            function(
                "plp",
                "plpgsql",
                "begin return auth.role() = 'authenticated'; end",
            ),
            function("wraps", "sql", "select public.always()"),
        ];
        let g = |src: &str| {
            let toks: Vec<Token> = Lexer::new(src).collect();
            classify(&expr::parse(&toks, src), &fs)
        };
        assert!(g("always()").is_open());
        assert_eq!(g("public.signed_in()").all_rows_to(), Some(Who::SignedIn));
        assert_eq!(g("member(org_id)").some_rows_to(), Some(Who::Scoped));
        assert_eq!(g("plp()").all_rows_to(), Some(Who::SignedIn));
        assert!(g("wraps()").is_open());
        assert_eq!(g("unknown_fn()").some_rows_to(), Some(Who::Scoped));
    }
}
