//! Views and functions: `CREATE [MATERIALIZED] VIEW`, `ALTER VIEW`, `CREATE
//! FUNCTION`, `ALTER FUNCTION`, and function references in grants and drops.

use super::expr::split_commas;
use super::lexer::{Tok, Token};
use super::statement::{AlterFunction, CreateFunction, CreateView, Cursor, FuncRef, QName, Stmt};

/// Words that start a function attribute (and so end a return type or a `SET`
/// value).
const FUNCTION_ATTRIBUTES: [&str; 21] = [
    "language",
    "security",
    "external",
    "set",
    "as",
    "immutable",
    "stable",
    "volatile",
    "strict",
    "called",
    "returns",
    "parallel",
    "cost",
    "rows",
    "support",
    "window",
    "leakproof",
    "not",
    "begin",
    "return",
    "transform",
];

pub(crate) fn create_view(c: &mut Cursor) -> Option<Stmt> {
    let materialized = c.eat("materialized");
    c.eat("view");
    c.eat_seq(&["if", "not", "exists"]);
    let name = c.qname()?;
    if c.is_kind(Tok::LParen) {
        c.parens();
    }
    let mut invoker = None;
    if c.eat("with") {
        if let Some(options) = c.parens() {
            invoker = security_invoker(options, c.src).or(invoker);
        }
    }
    c.skip_past("as");
    let sources = query_sources(&c.t[c.i..], c.src);
    Some(Stmt::CreateView(CreateView {
        name,
        materialized,
        invoker,
        sources,
    }))
}

/// `security_invoker [= true|on|1|yes|false|off|0|no]` among view options.
fn security_invoker(options: &[Token], src: &str) -> Option<bool> {
    let mut out = None;
    for part in split_commas(options) {
        let mut p = Cursor::new(part, src);
        if !p.eat("security_invoker") {
            continue;
        }
        if p.done() {
            out = Some(true);
            continue;
        }
        p.eat_kind(Tok::Op);
        let value = p.peek().map(|t| match t.kind {
            Tok::Str => t.string_value(src),
            _ => t.text(src).to_owned(),
        });
        out = value.map(|v| {
            matches!(
                v.to_ascii_lowercase().as_str(),
                "true" | "on" | "1" | "yes" | "t" | "y"
            )
        });
    }
    out
}

/// Every table named after `FROM` or `JOIN` in a query, at any depth (function calls
/// in `FROM` are left out).
pub(crate) fn query_sources(tokens: &[Token], src: &str) -> Vec<QName> {
    let mut out: Vec<QName> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        if !(t.is_kw(src, "from") || t.is_kw(src, "join")) {
            continue;
        }
        // `FROM (a JOIN b …)`, as pg_dump writes joins: the first table is inside
        // the parenthesis (a sub-select there has its own FROM).
        let mut start = k + 1;
        while tokens.get(start).is_some_and(|t| t.kind == Tok::LParen) {
            start += 1;
        }
        let mut c = Cursor::new(&tokens[start.min(tokens.len())..], src);
        while c.eat("only") || c.eat("lateral") {}
        if let Some(name) = c.qname() {
            if !c.is_kind(Tok::LParen) && !out.contains(&name) && name.name != "select" {
                out.push(name);
            }
        }
    }
    out
}

pub(crate) fn alter_view(c: &mut Cursor) -> Option<Stmt> {
    c.eat_seq(&["if", "exists"]);
    let name = c.qname()?;
    let mut invoker = None;
    let mut rename = None;
    if c.eat("set") {
        if let Some(options) = c.parens() {
            invoker = security_invoker(options, c.src).map(Some);
        }
    } else if c.eat("reset") {
        if let Some(options) = c.parens() {
            if options.iter().any(|t| t.is_kw(c.src, "security_invoker")) {
                invoker = Some(None);
            }
        }
    } else if c.eat_seq(&["rename", "to"]) {
        rename = c.ident();
    }
    Some(Stmt::AlterView {
        name,
        invoker,
        rename,
    })
}

pub(crate) fn create_function(c: &mut Cursor) -> Option<Stmt> {
    let procedure = c.eat("procedure");
    c.eat("function");
    let name = c.qname()?;
    let args = c
        .parens()
        .map(|t| normalize_args(t, c.src))
        .unwrap_or_default();
    let mut f = CreateFunction {
        name,
        args,
        returns: String::new(),
        definer: false,
        search_path: false,
        language: String::new(),
        body: String::new(),
        procedure,
    };
    while !c.done() {
        if c.eat("returns") {
            if c.eat("table") {
                c.parens();
                f.returns = "table".into();
            } else {
                let mut returns = String::new();
                while let Some(t) = c.peek() {
                    if FUNCTION_ATTRIBUTES.iter().any(|k| t.is_kw(c.src, k)) {
                        break;
                    }
                    match t.kind {
                        Tok::Dot => returns.push('.'),
                        Tok::Word | Tok::Quoted => {
                            if !returns.is_empty() && !returns.ends_with('.') {
                                returns.push(' ');
                            }
                            returns.push_str(&t.ident(c.src));
                        }
                        _ => returns.push_str(t.text(c.src)),
                    }
                    c.i += 1;
                }
                f.returns = returns;
            }
        } else if c.eat("language") {
            f.language = c
                .ident()
                .or_else(|| c.string())
                .unwrap_or_default()
                .to_ascii_lowercase();
        } else if c.eat_seq(&["security", "definer"])
            || c.eat_seq(&["external", "security", "definer"])
        {
            f.definer = true;
        } else if c.eat_seq(&["security", "invoker"])
            || c.eat_seq(&["external", "security", "invoker"])
        {
            f.definer = false;
        } else if c.eat("set") {
            f.search_path |= c.eat("search_path");
            skip_set_value(c);
        } else if c.eat("as") {
            if let Some(body) = c.string() {
                f.body = body;
            }
            if c.eat_kind(Tok::Comma) {
                c.string();
            }
        } else if c.is("begin") || c.is("return") {
            f.body = c.text_of(&c.t[c.i..]);
            c.i = c.t.len();
        } else {
            c.i += 1;
        }
    }
    Some(Stmt::CreateFunction(f))
}

/// The value of `SET param = value` / `TO value` / `FROM CURRENT`.
fn skip_set_value(c: &mut Cursor) {
    if c.eat_seq(&["from", "current"]) {
        return;
    }
    let _ = c.eat("to") || c.eat_kind(Tok::Op);
    while let Some(t) = c.peek() {
        if FUNCTION_ATTRIBUTES.iter().any(|k| t.is_kw(c.src, k)) {
            break;
        }
        c.i += 1;
    }
}

pub(crate) fn alter_function(c: &mut Cursor) -> Option<Stmt> {
    let mut refs = func_refs(c);
    let func = (!refs.is_empty()).then(|| refs.remove(0))?;
    let mut a = AlterFunction {
        func,
        definer: None,
        search_path: None,
        rename: None,
    };
    while !c.done() {
        if c.eat_seq(&["security", "definer"]) || c.eat_seq(&["external", "security", "definer"]) {
            a.definer = Some(true);
        } else if c.eat_seq(&["security", "invoker"])
            || c.eat_seq(&["external", "security", "invoker"])
        {
            a.definer = Some(false);
        } else if c.eat_seq(&["set", "search_path"]) {
            a.search_path = Some(true);
            skip_set_value(c);
        } else if c.eat_seq(&["reset", "search_path"]) || c.eat_seq(&["reset", "all"]) {
            a.search_path = Some(false);
        } else if c.eat_seq(&["rename", "to"]) {
            a.rename = c.ident();
        } else {
            c.i += 1;
        }
    }
    Some(Stmt::AlterFunction(a))
}

/// `f(args), g, h(args)` as grants, drops and `ALTER FUNCTION` name functions.
pub(crate) fn func_refs(c: &mut Cursor) -> Vec<FuncRef> {
    let mut out = Vec::new();
    while let Some(name) = c.qname() {
        let args = c.parens().map(|t| normalize_args(t, c.src));
        out.push(FuncRef { name, args });
        if !c.eat_kind(Tok::Comma) {
            break;
        }
    }
    out
}

/// Words that continue a type name (`character varying`, `timestamp with time zone`).
const TYPE_CONTINUATIONS: [&str; 6] = ["varying", "precision", "with", "without", "time", "zone"];

/// Argument types in order, the way PostgreSQL tells overloads apart: names, modes,
/// defaults and `OUT` arguments dropped, schemas dropped, common aliases unified
/// (`uid uuid, n int4 default 1` → `uuid,integer`).
pub(crate) fn normalize_args(tokens: &[Token], src: &str) -> String {
    let mut types = Vec::new();
    for part in split_commas(tokens) {
        let stop = part
            .iter()
            .position(|t| t.is_kw(src, "default") || (t.kind == Tok::Op && t.text(src) == "="))
            .unwrap_or(part.len());
        let mut words: Vec<String> = Vec::new();
        let mut array = false;
        let mut after_dot = false;
        for t in &part[..stop] {
            match t.kind {
                Tok::Word | Tok::Quoted if after_dot => {
                    if let Some(last) = words.last_mut() {
                        *last = t.ident(src);
                    }
                    after_dot = false;
                }
                Tok::Word | Tok::Quoted => words.push(t.ident(src)),
                Tok::Dot => after_dot = true,
                Tok::LBracket => array = true,
                _ => {}
            }
        }
        let mode = words.first().map(String::as_str);
        if mode == Some("out") {
            continue;
        }
        if matches!(mode, Some("in" | "inout" | "variadic")) {
            words.remove(0);
        }
        if words.len() >= 2 && !TYPE_CONTINUATIONS.contains(&words[1].as_str()) {
            words.remove(0);
        }
        let mut ty = alias(&words.join(" ")).to_owned();
        if array {
            ty.push_str("[]");
        }
        types.push(ty);
    }
    types.join(",")
}

fn alias(ty: &str) -> &str {
    match ty {
        "int" | "int4" => "integer",
        "int8" => "bigint",
        "int2" => "smallint",
        "bool" => "boolean",
        "varchar" => "character varying",
        "timestamptz" => "timestamp with time zone",
        "float8" => "double precision",
        "float4" => "real",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::Lexer;
    use super::super::statement::tests::read_one;
    use super::*;

    #[test]
    fn views_with_and_without_invoker() {
        let Stmt::CreateView(v) = read_one("create or replace view public.v with (security_invoker = on) as select p.id from public.profiles p join auth.users u on u.id = p.id") else { panic!() };
        assert_eq!(v.invoker, Some(true));
        assert_eq!(
            v.sources,
            vec![
                QName::new(Some("public"), "profiles"),
                QName::new(Some("auth"), "users")
            ]
        );
        let Stmt::CreateView(v) = read_one("CREATE VIEW \"public\".\"v\" AS\n SELECT x FROM (SELECT * FROM t) s, generate_series(1,2)") else { panic!() };
        assert_eq!(v.invoker, None);
        assert_eq!(v.sources, vec![QName::new(None, "t")]);
        let Stmt::CreateView(v) =
            read_one("create materialized view mv as select * from orders with no data")
        else {
            panic!()
        };
        assert!(v.materialized);
        assert!(matches!(
            read_one("alter view v set (security_invoker = true)"),
            Stmt::AlterView {
                invoker: Some(Some(true)),
                ..
            }
        ));
        assert!(matches!(
            read_one("alter view v set (security_invoker=false)"),
            Stmt::AlterView {
                invoker: Some(Some(false)),
                ..
            }
        ));
        assert!(matches!(
            read_one("alter view v reset (security_invoker)"),
            Stmt::AlterView {
                invoker: Some(None),
                ..
            }
        ));
    }

    #[test]
    fn functions_and_their_attributes() {
        let Stmt::CreateFunction(f) = read_one("CREATE OR REPLACE FUNCTION \"public\".\"handle_new_user\"() RETURNS \"trigger\"\n LANGUAGE \"plpgsql\" SECURITY DEFINER\n AS $$ begin return new; end; $$") else { panic!() };
        assert_eq!(
            (
                f.returns.as_str(),
                f.definer,
                f.search_path,
                f.language.as_str()
            ),
            ("trigger", true, false, "plpgsql")
        );
        assert!(f.body.contains("return new"));
        let Stmt::CreateFunction(f) = read_one("create function public.get(uid uuid, n int4 default 1) returns setof public.profiles language sql security definer set search_path = '' stable as $$ select * from public.profiles where id = uid $$") else { panic!() };
        assert_eq!(f.args, "uuid,integer");
        assert_eq!(f.returns, "setof public.profiles");
        assert!(f.definer && f.search_path);
        let Stmt::CreateFunction(f) = read_one(
            "create function f() returns table (id uuid, email text) as 'select 1' language sql",
        ) else {
            panic!()
        };
        assert_eq!(f.returns, "table");
        assert_eq!(f.body, "select 1");
        let Stmt::AlterFunction(a) = read_one(
            "alter function public.f(uuid) security definer set search_path to public, pg_temp",
        ) else {
            panic!()
        };
        assert_eq!((a.definer, a.search_path), (Some(true), Some(true)));
    }

    #[test]
    fn argument_types_normalise() {
        let cases = [
            ("uid uuid, name text default 'x'", "uuid,text"),
            (
                "character varying, timestamp with time zone",
                "character varying,timestamp with time zone",
            ),
            ("in a int4, out b text, variadic c text[]", "integer,text[]"),
            (
                "requested_permission public.app_permission, user_id \"uuid\"",
                "app_permission,uuid",
            ),
            ("", ""),
        ];
        for (src, want) in cases {
            let toks: Vec<Token> = Lexer::new(src).collect();
            assert_eq!(normalize_args(&toks, src), want, "{src}");
        }
    }
}
