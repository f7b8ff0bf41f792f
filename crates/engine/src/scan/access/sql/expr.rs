//! PostgreSQL expressions as policies write them (`USING (…)`, `WITH CHECK (…)`),
//! parsed into a small tree: enough to tell `true` from `(select auth.uid()) =
//! user_id`, a membership `EXISTS (…)` from a signed-in check. Precedence follows
//! PostgreSQL's table; anything not understood becomes [`Expr::Opaque`] rather than
//! an error, and nesting deeper than [`MAX_DEPTH`] is not followed.

use super::lexer::{Tok, Token};

/// How deep expressions are followed (pathological inputs stay cheap).
pub const MAX_DEPTH: usize = 48;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Bool(bool),
    Null,
    Number(String),
    Str(String),
    /// A column or other name, parts lowercased (`todos.user_id`).
    Column(Vec<String>),
    /// A function call (`auth.uid()`, `storage.foldername(name)`), name parts lowercased.
    Call {
        name: Vec<String>,
        args: Vec<Expr>,
    },
    /// A binary operator, lowercased: `=`, `and`, `or`, `->>`, `like`, `in`, `any`…
    Binary {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Not(Box<Expr>),
    /// `x IS [NOT] NULL`.
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    Cast {
        expr: Box<Expr>,
        ty: String,
    },
    /// `(SELECT …)` as a value, `EXISTS (…)`, `x IN (SELECT …)`.
    Query(Box<Select>),
    /// A list: `IN (a, b)`, `ARRAY[…]`, the branches of a `CASE`.
    List(Vec<Expr>),
    /// `a[1]`.
    Index {
        expr: Box<Expr>,
        index: Box<Expr>,
    },
    /// Something this reader does not follow.
    Opaque,
}

/// A sub-select, read lightly: its output, the tables it reads and its conditions
/// (`WHERE` and every `JOIN … ON`, joined with `and`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    pub items: Vec<Expr>,
    /// `(schema, name)` of each table in `FROM`/`JOIN`, lowercased.
    pub from: Vec<(Option<String>, String)>,
    pub filter: Option<Expr>,
}

impl Expr {
    /// Calls `f` on this expression and every expression inside it (sub-selects too).
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        match self {
            Expr::Call { args, .. } | Expr::List(args) => args.iter().for_each(|a| a.walk(f)),
            Expr::Binary { left, right, .. } => {
                left.walk(f);
                right.walk(f);
            }
            Expr::Not(e) | Expr::IsNull { expr: e, .. } | Expr::Cast { expr: e, .. } => e.walk(f),
            Expr::Index { expr, index } => {
                expr.walk(f);
                index.walk(f);
            }
            Expr::Query(s) => {
                s.items.iter().for_each(|e| e.walk(f));
                if let Some(w) = &s.filter {
                    w.walk(f);
                }
            }
            _ => {}
        }
    }

    /// Whether `pred` holds for this expression or any inside it.
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        let mut found = false;
        self.walk(&mut |e| found |= pred(e));
        found
    }

    /// This expression without casts and single-item sub-selects without `FROM`
    /// (`(select auth.uid())::text` is `auth.uid()`).
    pub fn bare(&self) -> &Expr {
        match self {
            Expr::Cast { expr, .. } => expr.bare(),
            Expr::Query(s) if s.from.is_empty() && s.filter.is_none() && s.items.len() == 1 => {
                s.items[0].bare()
            }
            e => e,
        }
    }
}

/// Parses the tokens of one expression. Never fails: what it cannot read is
/// [`Expr::Opaque`].
pub fn parse(tokens: &[Token], src: &str) -> Expr {
    parse_at(tokens, src, 0)
}

/// Reads a `SELECT …` (or `WITH …`) in `tokens` lightly.
pub fn parse_select(tokens: &[Token], src: &str) -> Select {
    select_at(tokens, src, 0)
}

fn parse_at(tokens: &[Token], src: &str, depth: usize) -> Expr {
    if depth >= MAX_DEPTH {
        return Expr::Opaque;
    }
    let mut p = Parser {
        t: tokens,
        i: 0,
        src,
        depth,
    };
    let e = p.expr(0);
    if p.i < tokens.len() {
        // Trailing text we did not understand: keep what was read, but as part of an
        // opaque whole, so nothing is judged on half an expression.
        return Expr::Binary {
            op: "and".into(),
            left: Box::new(e),
            right: Box::new(Expr::Opaque),
        };
    }
    e
}

fn select_at(tokens: &[Token], src: &str, depth: usize) -> Select {
    if depth >= MAX_DEPTH {
        return Select::default();
    }
    let mut p = Parser {
        t: tokens,
        i: 0,
        src,
        depth,
    };
    p.select_body(tokens.len())
}

struct Parser<'a> {
    t: &'a [Token],
    i: usize,
    src: &'a str,
    depth: usize,
}

/// Clause keywords that end a select list or a `WHERE`.
const CLAUSES: [&str; 14] = [
    "from",
    "where",
    "group",
    "order",
    "limit",
    "having",
    "union",
    "intersect",
    "except",
    "window",
    "offset",
    "fetch",
    "returning",
    "for",
];

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.t.get(self.i)
    }

    fn kw(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(self.src, kw))
    }

    fn kw_at(&self, at: usize, kw: &str) -> bool {
        self.t.get(at).is_some_and(|t| t.is_kw(self.src, kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.kw(kw);
        self.i += usize::from(yes);
        yes
    }

    fn kind(&self) -> Option<Tok> {
        self.peek().map(|t| t.kind)
    }

    /// The index after the bracket matching the one at `self.i`.
    fn matching(&self, from: usize) -> usize {
        let mut depth = 0usize;
        for (k, t) in self.t.iter().enumerate().skip(from) {
            match t.kind {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
        }
        self.t.len()
    }

    /// The tokens inside the bracket at `open` and the index after its match (an
    /// unclosed bracket runs to the end).
    fn inside(&self, open: usize) -> (&'a [Token], usize) {
        let end = self.matching(open);
        let closed = end > open + 1
            && matches!(
                self.t.get(end - 1).map(|t| t.kind),
                Some(Tok::RParen | Tok::RBracket)
            );
        let stop = if closed { end - 1 } else { end };
        (&self.t[(open + 1).min(stop)..stop], end)
    }

    /// Binding power of the infix operator at the cursor, if any.
    fn infix_power(&self) -> Option<u8> {
        let t = self.peek()?;
        Some(match t.kind {
            Tok::Word => match t.text(self.src).to_ascii_lowercase().as_str() {
                "or" => 1,
                "and" => 2,
                "is" | "isnull" | "notnull" => 4,
                "in" | "like" | "ilike" | "between" | "similar" => 6,
                "not"
                    if ["in", "like", "ilike", "between", "similar"]
                        .iter()
                        .any(|k| self.kw_at(self.i + 1, k)) =>
                {
                    6
                }
                "collate" => 11,
                _ => return None,
            },
            Tok::Op => match t.text(self.src) {
                "::" => 12,
                "=" | "<>" | "!=" | "<" | ">" | "<=" | ">=" => 5,
                "+" | "-" => 8,
                "*" | "/" | "%" => 9,
                "^" => 10,
                ":=" | ":" => return None,
                _ => 7,
            },
            Tok::LBracket => 13,
            _ => return None,
        })
    }

    fn expr(&mut self, min: u8) -> Expr {
        if self.depth >= MAX_DEPTH {
            self.i = self.t.len();
            return Expr::Opaque;
        }
        self.depth += 1;
        let mut left = self.prefix();
        while let Some(power) = self.infix_power() {
            if power <= min {
                break;
            }
            left = self.infix(left, power);
        }
        self.depth -= 1;
        left
    }

    fn infix(&mut self, left: Expr, power: u8) -> Expr {
        let t = self.t[self.i];
        self.i += 1;
        let text = t.text(self.src).to_ascii_lowercase();
        let bin = |op: &str, l: Expr, r: Expr| Expr::Binary {
            op: op.into(),
            left: Box::new(l),
            right: Box::new(r),
        };
        match (t.kind, text.as_str()) {
            (Tok::LBracket, _) => {
                let (inner, end) = self.inside(self.i - 1);
                self.i = end;
                let index = parse_at(inner, self.src, self.depth + 1);
                Expr::Index {
                    expr: Box::new(left),
                    index: Box::new(index),
                }
            }
            (Tok::Op, "::") => Expr::Cast {
                expr: Box::new(left),
                ty: self.type_name(),
            },
            (_, "is") => {
                let negated = self.eat_kw("not");
                if self.eat_kw("null") {
                    Expr::IsNull {
                        expr: Box::new(left),
                        negated,
                    }
                } else if self.eat_kw("true") || self.eat_kw("false") {
                    let value = self.t[self.i - 1].is_kw(self.src, "true") != negated;
                    bin("=", left, Expr::Bool(value))
                } else if self.eat_kw("distinct") && self.eat_kw("from") {
                    let right = self.expr(power);
                    let op = if negated { "=" } else { "<>" };
                    bin(op, left, right)
                } else {
                    self.i = self.t.len();
                    bin("is", left, Expr::Opaque)
                }
            }
            (_, "isnull") => Expr::IsNull {
                expr: Box::new(left),
                negated: false,
            },
            (_, "notnull") => Expr::IsNull {
                expr: Box::new(left),
                negated: true,
            },
            (_, "not") => {
                let inner = self.infix(left, power);
                Expr::Not(Box::new(inner))
            }
            (_, "in") => {
                let right = if self.kind() == Some(Tok::LParen) {
                    self.parenthesized()
                } else {
                    Expr::Opaque
                };
                let right = match right {
                    Expr::Query(_) | Expr::List(_) => right,
                    other => Expr::List(vec![other]),
                };
                bin("in", left, right)
            }
            (_, "between") => {
                self.eat_kw("symmetric");
                let low = self.expr(6);
                self.eat_kw("and");
                let high = self.expr(6);
                bin("between", left, Expr::List(vec![low, high]))
            }
            (_, "similar") => {
                self.eat_kw("to");
                let right = self.expr(power);
                bin("like", left, right)
            }
            (_, "collate") => {
                self.i += 1;
                left
            }
            _ => {
                // `= ANY (…)`, `= ALL (…)`.
                if ["any", "all", "some"].iter().any(|k| self.kw(k))
                    && self
                        .t
                        .get(self.i + 1)
                        .is_some_and(|t| t.kind == Tok::LParen)
                {
                    let quant = self.t[self.i].text(self.src).to_ascii_lowercase();
                    self.i += 1;
                    let inner = self.parenthesized();
                    let right = Expr::Call {
                        name: vec![quant],
                        args: vec![inner],
                    };
                    return bin(&text, left, right);
                }
                let right = self.expr(power);
                bin(&text, left, right)
            }
        }
    }

    /// A type name after `::` (`uuid`, `public.app_role`, `character varying(255)[]`,
    /// `timestamp with time zone`).
    fn type_name(&mut self) -> String {
        let mut parts: Vec<String> = Vec::new();
        while let Some(t) = self.peek() {
            match t.kind {
                Tok::Word | Tok::Quoted
                    if parts.is_empty() || self.t[self.i - 1].kind == Tok::Dot =>
                {
                    parts.push(t.ident(self.src));
                    self.i += 1;
                }
                Tok::Dot => {
                    self.i += 1;
                }
                Tok::Word
                    if ["varying", "precision", "with", "without", "time", "zone"]
                        .iter()
                        .any(|k| t.is_kw(self.src, k)) =>
                {
                    parts.push(t.ident(self.src));
                    self.i += 1;
                }
                Tok::LParen => self.i = self.matching(self.i),
                Tok::LBracket
                    if self
                        .t
                        .get(self.i + 1)
                        .is_some_and(|n| n.kind == Tok::RBracket) =>
                {
                    self.i += 2;
                }
                _ => break,
            }
        }
        parts.join(".")
    }

    fn prefix(&mut self) -> Expr {
        let Some(t) = self.peek().copied() else {
            return Expr::Opaque;
        };
        self.i += 1;
        match t.kind {
            Tok::Str | Tok::Dollar => Expr::Str(t.string_value(self.src)),
            Tok::Number => Expr::Number(t.text(self.src).to_owned()),
            Tok::Param => Expr::Opaque,
            Tok::LParen => {
                self.i -= 1;
                self.parenthesized()
            }
            Tok::LBracket => {
                self.i -= 1;
                let end = self.matching(self.i);
                self.i = end;
                Expr::Opaque
            }
            Tok::Op => match t.text(self.src) {
                "-" | "+" | "~" | "@" => self.expr(10),
                _ => Expr::Opaque,
            },
            Tok::Quoted => self.name_or_call(t),
            Tok::Word => self.word(t),
            _ => Expr::Opaque,
        }
    }

    fn word(&mut self, t: Token) -> Expr {
        let w = t.text(self.src).to_ascii_lowercase();
        match w.as_str() {
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "null" => Expr::Null,
            "not" => Expr::Not(Box::new(self.expr(3))),
            "exists" if self.kind() == Some(Tok::LParen) => self.parenthesized(),
            "array" if self.kind() == Some(Tok::LBracket) => {
                let (inner, end) = self.inside(self.i);
                self.i = end;
                Expr::List(split_commas(inner).map(|part| self.nested(part)).collect())
            }
            "array" if self.kind() == Some(Tok::LParen) => self.parenthesized(),
            "case" => self.case(),
            "current_user" | "session_user" | "current_role" | "user" => Expr::Call {
                name: vec![w],
                args: Vec::new(),
            },
            // A typed literal: `interval '1 day'`, `timestamp '…'`, `uuid '…'`.
            _ if self.kind() == Some(Tok::Str) && !CLAUSES.contains(&w.as_str()) => {
                let s = self.t[self.i].string_value(self.src);
                self.i += 1;
                Expr::Cast {
                    expr: Box::new(Expr::Str(s)),
                    ty: w,
                }
            }
            _ => self.name_or_call(t),
        }
    }

    /// `a.b.c` or `a.b(args)`.
    fn name_or_call(&mut self, first: Token) -> Expr {
        let mut name = vec![first.ident(self.src)];
        while self.kind() == Some(Tok::Dot) {
            match self.t.get(self.i + 1) {
                Some(n) if matches!(n.kind, Tok::Word | Tok::Quoted) => {
                    name.push(n.ident(self.src));
                    self.i += 2;
                }
                Some(n) if n.kind == Tok::Op && n.text(self.src) == "*" => {
                    self.i += 2;
                    name.push("*".into());
                }
                _ => break,
            }
        }
        if self.kind() != Some(Tok::LParen) {
            return Expr::Column(name);
        }
        let (inner, end) = self.inside(self.i);
        self.i = end;
        let args = split_commas(inner)
            .filter(|part| !part.is_empty())
            .map(|part| {
                let part = match part.first() {
                    Some(t) if t.is_kw(self.src, "distinct") => &part[1..],
                    _ => part,
                };
                // Named arguments: `f(x => 1)`.
                match part
                    .iter()
                    .position(|t| t.kind == Tok::Op && t.text(self.src) == "=>")
                {
                    Some(k) => self.nested(&part[k + 1..]),
                    None => self.nested(part),
                }
            })
            .collect();
        Expr::Call { name, args }
    }

    /// `( … )`: a sub-select, a list, or a grouped expression.
    fn parenthesized(&mut self) -> Expr {
        let (inner, end) = self.inside(self.i);
        self.i = end;
        if inner
            .first()
            .is_some_and(|t| t.is_kw(self.src, "select") || t.is_kw(self.src, "with"))
        {
            return Expr::Query(Box::new(select_at(inner, self.src, self.depth + 1)));
        }
        let mut parts: Vec<&[Token]> = split_commas(inner).collect();
        if parts.len() == 1 {
            return self.nested(parts.remove(0));
        }
        Expr::List(parts.into_iter().map(|p| self.nested(p)).collect())
    }

    fn nested(&self, tokens: &[Token]) -> Expr {
        parse_at(tokens, self.src, self.depth + 1)
    }

    /// `CASE … END`: every branch's condition and value, as a list.
    fn case(&mut self) -> Expr {
        let start = self.i;
        let mut depth = 0usize;
        let mut end = self.t.len();
        for k in start..self.t.len() {
            let t = &self.t[k];
            if t.is_kw(self.src, "case") {
                depth += 1;
            } else if t.is_kw(self.src, "end") {
                if depth == 0 {
                    end = k;
                    break;
                }
                depth -= 1;
            }
        }
        let body = &self.t[start..end];
        self.i = (end + 1).min(self.t.len());
        let mut parts = Vec::new();
        let mut from = 0;
        for (k, t) in body.iter().enumerate() {
            if ["when", "then", "else"]
                .iter()
                .any(|w| t.is_kw(self.src, w))
            {
                if k > from {
                    parts.push(self.nested(&body[from..k]));
                }
                from = k + 1;
            }
        }
        if from < body.len() {
            parts.push(self.nested(&body[from..]));
        }
        Expr::List(parts)
    }

    /// The body of a sub-select, up to `end`.
    fn select_body(&mut self, end: usize) -> Select {
        let mut s = Select::default();
        let t = &self.t[..end.min(self.t.len())];
        // Clause boundaries at depth 0.
        let mut marks: Vec<(usize, String)> = Vec::new();
        let mut depth = 0usize;
        for (k, tok) in t.iter().enumerate() {
            match tok.kind {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
                Tok::Word if depth == 0 => {
                    let w = tok.text(self.src).to_ascii_lowercase();
                    if w == "select" || CLAUSES.contains(&w.as_str()) || w == "join" || w == "on" {
                        marks.push((k, w));
                    }
                }
                _ => {}
            }
        }
        let mut filters = Vec::new();
        for (n, (k, w)) in marks.iter().enumerate() {
            let stop = marks.get(n + 1).map_or(t.len(), |m| m.0);
            let body = &t[(k + 1).min(stop)..stop];
            match w.as_str() {
                "select" if s.items.is_empty() => {
                    let body = match body.first() {
                        Some(f) if f.is_kw(self.src, "distinct") || f.is_kw(self.src, "all") => {
                            &body[1..]
                        }
                        _ => body,
                    };
                    s.items = split_commas(body)
                        .map(|p| self.nested(strip_alias(p, self.src)))
                        .collect();
                }
                "from" | "join" => s.from.extend(table_refs_at(body, self.src, self.depth + 1)),
                "where" | "on" => filters.push(self.nested(body)),
                _ => {}
            }
        }
        s.filter = filters.into_iter().reduce(|a, b| Expr::Binary {
            op: "and".into(),
            left: Box::new(a),
            right: Box::new(b),
        });
        s
    }
}

/// `expr AS alias` → `expr`.
fn strip_alias<'t>(part: &'t [Token], src: &str) -> &'t [Token] {
    match part.iter().rposition(|t| t.is_kw(src, "as")) {
        Some(k) if k + 2 == part.len() => &part[..k],
        _ => part,
    }
}

/// The tables named in a `FROM` list or after `JOIN`: `a.b x, c` → `a.b`, `c`
/// (sub-selects are read for their own tables).
pub fn table_refs(tokens: &[Token], src: &str) -> Vec<(Option<String>, String)> {
    table_refs_at(tokens, src, 0)
}

fn table_refs_at(tokens: &[Token], src: &str, depth: usize) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for part in split_commas(tokens) {
        let mut k = 0;
        while k < part.len() && (part[k].is_kw(src, "only") || part[k].is_kw(src, "lateral")) {
            k += 1;
        }
        match part.get(k) {
            Some(t) if t.kind == Tok::LParen => {
                let inner = &part[k + 1..part.len()];
                let close = inner
                    .iter()
                    .rposition(|t| t.kind == Tok::RParen)
                    .unwrap_or(inner.len());
                out.extend(select_at(&inner[..close], src, depth + 1).from);
            }
            Some(t) if matches!(t.kind, Tok::Word | Tok::Quoted) => {
                let first = t.ident(src);
                match (part.get(k + 1), part.get(k + 2)) {
                    (Some(d), Some(n))
                        if d.kind == Tok::Dot && matches!(n.kind, Tok::Word | Tok::Quoted) =>
                    {
                        out.push((Some(first), n.ident(src)));
                    }
                    _ => out.push((None, first)),
                }
            }
            _ => {}
        }
    }
    out
}

/// Splits at commas outside brackets.
pub fn split_commas(tokens: &[Token]) -> impl Iterator<Item = &[Token]> {
    let mut depth = 0usize;
    let mut from = 0usize;
    let mut k = 0usize;
    std::iter::from_fn(move || {
        if from > tokens.len() {
            return None;
        }
        while k < tokens.len() {
            match tokens[k].kind {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
                Tok::Comma if depth == 0 => {
                    let part = &tokens[from..k];
                    k += 1;
                    from = k;
                    return Some(part);
                }
                _ => {}
            }
            k += 1;
        }
        let part = &tokens[from..];
        from = tokens.len() + 1;
        (!part.is_empty()).then_some(part)
    })
}

#[cfg(test)]
mod tests {
    use super::super::lexer::Lexer;
    use super::*;

    fn p(src: &str) -> Expr {
        let toks: Vec<Token> = Lexer::new(src).collect();
        parse(&toks, src)
    }

    fn col(parts: &[&str]) -> Expr {
        Expr::Column(parts.iter().map(|s| s.to_string()).collect())
    }

    fn call(parts: &[&str]) -> Expr {
        Expr::Call {
            name: parts.iter().map(|s| s.to_string()).collect(),
            args: vec![],
        }
    }

    #[test]
    fn owner_checks_parse_to_comparisons() {
        for src in [
            "(select auth.uid()) = user_id",
            "((\"auth\".\"uid\"() = \"user_id\"))",
            "auth.uid()::uuid = user_id",
        ] {
            match p(src) {
                Expr::Binary { op, left, right } => {
                    assert_eq!(op, "=", "{src}");
                    assert_eq!(left.bare(), &call(&["auth", "uid"]), "{src}");
                    assert_eq!(right.bare(), &col(&["user_id"]), "{src}");
                }
                other => panic!("{src}: {other:?}"),
            }
        }
    }

    #[test]
    fn precedence_and_keywords() {
        let e = p("a = 1 or b = 2 and c is not null");
        let Expr::Binary { op, right, .. } = e else {
            panic!()
        };
        assert_eq!(op, "or");
        let Expr::Binary {
            op, right: inner, ..
        } = *right
        else {
            panic!()
        };
        assert_eq!(op, "and");
        assert!(matches!(*inner, Expr::IsNull { negated: true, .. }));
        assert_eq!(p("true"), Expr::Bool(true));
        assert_eq!(p("(true)"), Expr::Bool(true));
        assert!(matches!(p("not is_private"), Expr::Not(_)));
        assert!(matches!(p("x not in (1, 2)"), Expr::Not(_)));
        assert!(
            matches!(p("auth.jwt() ->> 'role' = 'admin'"), Expr::Binary { ref op, .. } if op == "=")
        );
        assert!(
            matches!(p("created_at > now() - interval '1 day'"), Expr::Binary { ref op, .. } if op == ">")
        );
        assert!(matches!(p("id = any (array[1,2])"), Expr::Binary { .. }));
        assert!(
            matches!(p("(storage.foldername(name))[1] = auth.uid()::text"), Expr::Binary { ref left, .. } if matches!(**left, Expr::Index { .. }))
        );
        assert!(
            matches!(p("case when a then true else false end"), Expr::List(ref v) if v.len() == 3)
        );
    }

    #[test]
    fn membership_subqueries_are_read() {
        let e = p("exists (select 1 from public.members m join public.orgs o on o.id = m.org_id where m.user_id = (select auth.uid()) and m.org_id = projects.org_id)");
        let Expr::Query(s) = e else { panic!("{e:?}") };
        assert_eq!(
            s.from,
            vec![
                (Some("public".into()), "members".into()),
                (Some("public".into()), "orgs".into())
            ]
        );
        let f = s.filter.unwrap();
        assert!(f.any(&|e| e.bare() == &call(&["auth", "uid"])));
        let e = p("org_id in (select org_id from members where user_id = auth.uid())");
        assert!(
            matches!(e, Expr::Binary { ref op, ref right, .. } if op == "in" && matches!(**right, Expr::Query(_)))
        );
    }

    #[test]
    fn garbage_is_opaque_never_a_panic() {
        for src in [
            "",
            ")",
            "((((",
            "a = = =",
            "select",
            "case when",
            "x::",
            "f(",
            "[",
            "exists",
            "1 between",
            "a is",
            "$1",
            "x[",
            "(select from",
            "a.b.c.d.e(1,,2)",
        ] {
            let _ = p(src);
        }
        let deep = "(".repeat(500) + "true" + &")".repeat(500);
        let _ = p(&deep);
        let deep_not = "not ".repeat(5000) + "true";
        let _ = p(&deep_not);
    }
}
