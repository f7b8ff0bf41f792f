//! Rows written into `storage.buckets` (`INSERT … VALUES`, `UPDATE … SET public =
//! …`): how migrations create Supabase Storage buckets. Other tables' rows are not
//! read (a seed file's data costs nothing).

use super::expr::split_commas;
use super::lexer::{Tok, Token};
use super::statement::{Cursor, QName, Stmt, Value};

fn is_buckets(name: &QName) -> bool {
    name.name == "buckets" && name.schema.as_deref() == Some("storage")
}

pub(crate) fn rows(c: &mut Cursor) -> Option<Stmt> {
    if c.eat("insert") {
        if !c.eat("into") {
            return None;
        }
        let table = c.qname()?;
        if !is_buckets(&table) {
            return None;
        }
        let columns = c
            .parens()
            .map(|t| Cursor::ident_list(t, c.src))
            .unwrap_or_default();
        if !c.eat("values") {
            return None;
        }
        let mut rows = Vec::new();
        while let Some(tuple) = c.parens() {
            rows.push(split_commas(tuple).map(|v| value(v, c.src)).collect());
            if !c.eat_kind(Tok::Comma) {
                break;
            }
        }
        return Some(Stmt::InsertRows {
            table,
            columns,
            rows,
        });
    }
    c.eat("update");
    c.eat("only");
    let table = c.qname()?;
    if !is_buckets(&table) || !c.eat("set") {
        return None;
    }
    let mut set = Vec::new();
    let mut filter = Vec::new();
    let mut target = &mut set;
    while !c.done() {
        if c.eat("where") {
            target = &mut filter;
            continue;
        }
        if c.eat("and") || c.eat_kind(Tok::Comma) {
            continue;
        }
        let Some(column) = c.ident() else {
            c.i += 1;
            continue;
        };
        if !(c.is_kind(Tok::Op) && c.peek().is_some_and(|t| t.text(c.src) == "=")) {
            continue;
        }
        c.i += 1;
        let start = c.i;
        while !c.done() && !c.is_kind(Tok::Comma) && !c.is("where") && !c.is("and") {
            c.i += 1;
        }
        target.push((column, value(&c.t[start..c.i], c.src)));
    }
    Some(Stmt::UpdateRows { table, set, filter })
}

/// A literal value (`'x'`, `true`, `null`, `'x'::text`); anything else is
/// [`Value::Other`].
fn value(tokens: &[Token], src: &str) -> Value {
    match tokens.first() {
        Some(t) if t.kind == Tok::Str || t.kind == Tok::Dollar => Value::Str(t.string_value(src)),
        Some(t) if t.is_kw(src, "true") => Value::Bool(true),
        Some(t) if t.is_kw(src, "false") => Value::Bool(false),
        Some(t) if t.is_kw(src, "null") => Value::Null,
        _ => Value::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::statement::tests::read_one;
    use super::*;

    #[test]
    fn bucket_rows() {
        let s = read_one("insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true), ('docs', 'docs', false) on conflict (id) do nothing");
        let Stmt::InsertRows { columns, rows, .. } = s else {
            panic!("{s:?}")
        };
        assert_eq!(columns, ["id", "name", "public"]);
        assert_eq!(rows[0][2], Value::Bool(true));
        assert_eq!(rows[1][0], Value::Str("docs".into()));
        let s = read_one("update storage.buckets set public = true where id = 'docs'");
        let Stmt::UpdateRows { set, filter, .. } = s else {
            panic!("{s:?}")
        };
        assert_eq!(set, vec![("public".to_string(), Value::Bool(true))]);
        assert_eq!(filter, vec![("id".to_string(), Value::Str("docs".into()))]);
        assert_eq!(
            read_one("insert into public.todos (a) values (1)"),
            Stmt::Other
        );
    }
}
