//! The Firebase security rules language (`firestore.rules`, `storage.rules`): `match`
//! blocks with literal, `{var}` and `{var=**}` segments, `allow` statements with
//! their methods and conditions, and `function`s with `let` bindings. Expressions
//! follow the CEL-like grammar (`&&`, `||`, `==`, `in`, `is`, `?:`, member access,
//! calls, indexes, lists, maps, `/paths/$(expr)`).
//!
//! A tolerant recursive-descent reader over bytes: a missing `;` or `}` ends what
//! it can, nothing panics, nesting is capped.

/// How deep blocks and expressions are followed.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum RExpr {
    Bool(bool),
    Null,
    Num(String),
    Str(String),
    Ident(String),
    Member(Box<RExpr>, String),
    Call(Box<RExpr>, Vec<RExpr>),
    Index(Box<RExpr>, Box<RExpr>),
    Unary(String, Box<RExpr>),
    Binary(String, Box<RExpr>, Box<RExpr>),
    Ternary(Box<RExpr>, Box<RExpr>, Box<RExpr>),
    List(Vec<RExpr>),
    /// A path literal (`/databases/$(database)/documents/users/$(request.auth.uid)`):
    /// its text and the expressions inside `$( )`.
    Path(String, Vec<RExpr>),
    Opaque,
}

impl RExpr {
    /// `request.auth.uid` → `["request", "auth", "uid"]`; `None` for anything but a
    /// chain of names.
    pub fn dotted(&self) -> Option<Vec<&str>> {
        match self {
            RExpr::Ident(n) => Some(vec![n.as_str()]),
            RExpr::Member(base, field) => {
                let mut v = base.dotted()?;
                v.push(field);
                Some(v)
            }
            _ => None,
        }
    }

    /// Calls `f` on this expression and every one inside it.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e RExpr)) {
        f(self);
        match self {
            RExpr::Member(b, _) | RExpr::Unary(_, b) => b.walk(f),
            RExpr::Call(b, args) => {
                b.walk(f);
                args.iter().for_each(|a| a.walk(f));
            }
            RExpr::Index(a, b) | RExpr::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            RExpr::Ternary(a, b, c) => {
                a.walk(f);
                b.walk(f);
                c.walk(f);
            }
            RExpr::List(items) | RExpr::Path(_, items) => items.iter().for_each(|a| a.walk(f)),
            _ => {}
        }
    }
}

/// A path segment of a `match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// `{name}`: one segment.
    Var(String),
    /// `{name=**}`: any number of segments.
    Rest(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Read,
    Get,
    List,
    Write,
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    pub methods: Vec<Method>,
    /// `None`: no condition (allowed unconditionally).
    pub cond: Option<RExpr>,
    /// Byte offset of `allow`.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<String>,
    pub lets: Vec<(String, RExpr)>,
    pub body: RExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub path: Vec<Segment>,
    pub at: usize,
    pub allows: Vec<Allow>,
    pub functions: Vec<Function>,
    pub children: Vec<Match>,
}

/// Which service a rules file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Firestore,
    Storage,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RulesFile {
    pub service: Service,
    /// Top-level (service-level) functions and matches.
    pub root: Match,
}

/// Parses a rules file. Never fails: what cannot be read is skipped.
pub fn parse(text: &str) -> RulesFile {
    let mut p = P {
        b: text.as_bytes(),
        s: text,
        i: 0,
    };
    let mut service = Service::Unknown;
    let mut root = Match {
        path: Vec::new(),
        at: 0,
        allows: Vec::new(),
        functions: Vec::new(),
        children: Vec::new(),
    };
    while p.more() {
        p.ws();
        if p.word_is("service") {
            p.word();
            p.ws();
            let name = p.dotted_name();
            service = match name.as_str() {
                "cloud.firestore" => Service::Firestore,
                "firebase.storage" => Service::Storage,
                _ => service,
            };
            p.ws();
            if p.eat(b'{') {
                p.block(&mut root, 0);
            }
        } else if p.word_is("match") || p.word_is("function") || p.word_is("allow") {
            p.statement(&mut root, 0);
        } else if !p.skip_one() {
            break;
        }
    }
    RulesFile { service, root }
}

struct P<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl P<'_> {
    fn more(&self) -> bool {
        self.i < self.b.len()
    }

    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn peek_at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn ws(&mut self) {
        while self.more() {
            let c = self.peek();
            if c.is_ascii_whitespace() {
                self.i += 1;
            } else if c == b'/' && self.peek_at(1) == b'/' {
                self.i =
                    memchr::memchr(b'\n', &self.b[self.i..]).map_or(self.b.len(), |n| self.i + n);
            } else if c == b'/' && self.peek_at(1) == b'*' {
                self.i = memchr::memmem::find(&self.b[self.i + 2..], b"*/")
                    .map_or(self.b.len(), |n| self.i + 2 + n + 2);
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == c {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn is_word_byte(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
    }

    fn word_is(&self, w: &str) -> bool {
        let end = self.i + w.len();
        self.b.get(self.i..end) == Some(w.as_bytes())
            && !Self::is_word_byte(self.b.get(end).copied().unwrap_or(0))
    }

    fn word(&mut self) -> String {
        self.ws();
        let start = self.i;
        while self.more() && Self::is_word_byte(self.peek()) {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or("").to_owned()
    }

    fn dotted_name(&mut self) -> String {
        let start = self.i;
        while self.more() && (Self::is_word_byte(self.peek()) || self.peek() == b'.') {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or("").to_owned()
    }

    /// Skips one character or string; false at the end.
    fn skip_one(&mut self) -> bool {
        if !self.more() {
            return false;
        }
        match self.peek() {
            b'\'' | b'"' => {
                self.string();
            }
            _ => self.i += 1,
        }
        true
    }

    /// The contents of a `{ … }` block, after its `{`, up to and including its `}`.
    fn block(&mut self, m: &mut Match, depth: usize) {
        loop {
            self.ws();
            if !self.more() {
                return;
            }
            if self.peek() == b'}' {
                self.i += 1;
                return;
            }
            let before = self.i;
            self.statement(m, depth);
            if self.i == before {
                self.skip_one();
            }
        }
    }

    fn statement(&mut self, m: &mut Match, depth: usize) {
        self.ws();
        if self.word_is("match") {
            let at = self.i;
            self.word();
            let path = self.match_path();
            let mut child = Match {
                path,
                at,
                allows: Vec::new(),
                functions: Vec::new(),
                children: Vec::new(),
            };
            if self.eat(b'{') {
                if depth < MAX_DEPTH {
                    self.block(&mut child, depth + 1);
                } else {
                    self.skip_block();
                }
            }
            m.children.push(child);
        } else if self.word_is("allow") {
            let at = self.i;
            self.word();
            let mut methods = Vec::new();
            loop {
                let w = self.word();
                match w.as_str() {
                    "read" => methods.push(Method::Read),
                    "get" => methods.push(Method::Get),
                    "list" => methods.push(Method::List),
                    "write" => methods.push(Method::Write),
                    "create" => methods.push(Method::Create),
                    "update" => methods.push(Method::Update),
                    "delete" => methods.push(Method::Delete),
                    _ => break,
                }
                if !self.eat(b',') {
                    break;
                }
            }
            let mut cond = None;
            if self.eat(b':') {
                self.ws();
                if self.word_is("if") {
                    self.word();
                }
                cond = Some(self.expr(0));
            }
            self.eat(b';');
            m.allows.push(Allow { methods, cond, at });
        } else if self.word_is("function") {
            self.word();
            let name = self.word();
            let mut params = Vec::new();
            if self.eat(b'(') {
                loop {
                    let w = self.word();
                    if !w.is_empty() {
                        params.push(w);
                    }
                    if !self.eat(b',') {
                        break;
                    }
                }
                self.eat(b')');
            }
            let mut lets = Vec::new();
            let mut body = RExpr::Opaque;
            if self.eat(b'{') {
                loop {
                    self.ws();
                    if self.word_is("let") {
                        self.word();
                        let n = self.word();
                        self.eat(b'=');
                        let e = self.expr(0);
                        self.eat(b';');
                        lets.push((n, e));
                    } else if self.word_is("return") {
                        self.word();
                        body = self.expr(0);
                        self.eat(b';');
                    } else if self.eat(b'}') || !self.more() || !self.skip_one() {
                        break;
                    }
                }
            }
            m.functions.push(Function {
                name,
                params,
                lets,
                body,
            });
        } else if self.word_is("rules_version") {
            self.word();
            self.eat(b'=');
            self.ws();
            self.string();
            self.eat(b';');
        } else {
            self.skip_one();
        }
    }

    fn skip_block(&mut self) {
        let mut depth = 1usize;
        while self.more() && depth > 0 {
            match self.peek() {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b'\'' | b'"' => {
                    self.string();
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// `/a/{b}/{c=**}` up to the block's `{` (a `{` right after `/` is a wildcard).
    fn match_path(&mut self) -> Vec<Segment> {
        self.ws();
        let mut segs = Vec::new();
        while self.peek() == b'/' {
            self.i += 1;
            if self.peek() == b'{' {
                let close =
                    memchr::memchr(b'}', &self.b[self.i..]).map_or(self.b.len(), |n| self.i + n);
                let inner = self.s.get(self.i + 1..close).unwrap_or("").trim();
                self.i = (close + 1).min(self.b.len());
                match inner.split_once('=') {
                    Some((name, _)) => segs.push(Segment::Rest(name.trim().to_owned())),
                    None => segs.push(Segment::Var(inner.to_owned())),
                }
            } else {
                let start = self.i;
                while self.more()
                    && !matches!(self.peek(), b'/' | b'{')
                    && !self.peek().is_ascii_whitespace()
                {
                    self.i += 1;
                }
                segs.push(Segment::Literal(
                    self.s.get(start..self.i).unwrap_or("").to_owned(),
                ));
            }
        }
        segs
    }

    fn string(&mut self) -> String {
        let q = self.peek();
        self.i += 1;
        let mut out = String::new();
        let start = self.i;
        while self.more() && self.peek() != q {
            if self.peek() == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        out.push_str(self.s.get(start..self.i.min(self.b.len())).unwrap_or(""));
        self.i = (self.i + 1).min(self.b.len());
        out
    }

    fn op(&mut self) -> Option<(&'static str, u8)> {
        self.ws();
        let two = [self.peek(), self.peek_at(1)];
        let three = [self.peek(), self.peek_at(1), self.peek_at(2)];
        let found: Option<(&'static str, usize, u8)> = match &three {
            b"===" => Some(("==", 3, 4)),
            b"!==" => Some(("!=", 3, 4)),
            _ => match &two {
                b"||" => Some(("||", 2, 2)),
                b"&&" => Some(("&&", 2, 3)),
                b"==" => Some(("==", 2, 4)),
                b"!=" => Some(("!=", 2, 4)),
                b"<=" => Some(("<=", 2, 5)),
                b">=" => Some((">=", 2, 5)),
                _ => match self.peek() {
                    b'<' => Some(("<", 1, 5)),
                    b'>' => Some((">", 1, 5)),
                    b'+' => Some(("+", 1, 6)),
                    b'-' => Some(("-", 1, 6)),
                    b'*' => Some(("*", 1, 7)),
                    b'/' => Some(("/", 1, 7)),
                    b'%' => Some(("%", 1, 7)),
                    _ if self.word_is("in") => Some(("in", 2, 5)),
                    _ if self.word_is("is") => Some(("is", 2, 5)),
                    _ => None,
                },
            },
        };
        found.map(|(op, len, power)| {
            let _ = len;
            (op, power)
        })
    }

    fn op_len(op: &str, b: &[u8]) -> usize {
        if (op == "==" || op == "!=") && b.get(2) == Some(&b'=') {
            3
        } else {
            op.len()
        }
    }

    fn expr(&mut self, depth: usize) -> RExpr {
        if depth > MAX_DEPTH {
            return RExpr::Opaque;
        }
        let cond = self.binary(0, depth + 1);
        self.ws();
        if self.peek() == b'?' {
            self.i += 1;
            let a = self.expr(depth + 1);
            self.eat(b':');
            let b = self.expr(depth + 1);
            return RExpr::Ternary(Box::new(cond), Box::new(a), Box::new(b));
        }
        cond
    }

    fn binary(&mut self, min: u8, depth: usize) -> RExpr {
        if depth > MAX_DEPTH {
            return RExpr::Opaque;
        }
        let mut left = self.unary(depth + 1);
        while let Some((op, power)) = self.op() {
            if power <= min {
                break;
            }
            self.i += Self::op_len(op, &self.b[self.i..]);
            let right = self.binary(power, depth + 1);
            left = RExpr::Binary(op.into(), Box::new(left), Box::new(right));
        }
        left
    }

    fn unary(&mut self, depth: usize) -> RExpr {
        if depth > MAX_DEPTH {
            return RExpr::Opaque;
        }
        self.ws();
        match self.peek() {
            b'!' => {
                self.i += 1;
                RExpr::Unary("!".into(), Box::new(self.unary(depth + 1)))
            }
            b'-' => {
                self.i += 1;
                RExpr::Unary("-".into(), Box::new(self.unary(depth + 1)))
            }
            _ => self.postfix(depth + 1),
        }
    }

    fn postfix(&mut self, depth: usize) -> RExpr {
        let mut e = self.primary(depth);
        loop {
            self.ws();
            match self.peek() {
                b'.' if Self::is_word_byte(self.peek_at(1)) => {
                    self.i += 1;
                    let f = self.word();
                    e = RExpr::Member(Box::new(e), f);
                }
                b'(' => {
                    self.i += 1;
                    let args = self.list(b')', depth);
                    e = RExpr::Call(Box::new(e), args);
                }
                b'[' => {
                    self.i += 1;
                    let idx = self.expr(depth + 1);
                    // `a[1:3]` ranges: the bounds do not matter here.
                    if self.eat(b':') {
                        self.expr(depth + 1);
                    }
                    self.eat(b']');
                    e = RExpr::Index(Box::new(e), Box::new(idx));
                }
                _ => return e,
            }
            if depth > MAX_DEPTH {
                return e;
            }
        }
    }

    fn list(&mut self, close: u8, depth: usize) -> Vec<RExpr> {
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek() == close {
                self.i += 1;
                return items;
            }
            if !self.more() || matches!(self.peek(), b';' | b'}') {
                return items;
            }
            let before = self.i;
            items.push(self.expr(depth + 1));
            self.ws();
            if self.peek() == b',' || self.i == before {
                self.i += 1;
            }
        }
    }

    fn primary(&mut self, depth: usize) -> RExpr {
        self.ws();
        let c = self.peek();
        match c {
            b'(' => {
                self.i += 1;
                let e = self.expr(depth + 1);
                self.eat(b')');
                e
            }
            b'[' => {
                self.i += 1;
                RExpr::List(self.list(b']', depth))
            }
            b'{' => {
                // A map literal: read its values, keep none of its keys.
                self.i += 1;
                let items = self.list(b'}', depth);
                RExpr::List(items)
            }
            b'\'' | b'"' => RExpr::Str(self.string()),
            b'/' => self.path(depth),
            c if c.is_ascii_digit() => {
                let start = self.i;
                while self.more()
                    && (self.peek().is_ascii_digit() || self.peek() == b'.' || self.peek() == b'e')
                {
                    self.i += 1;
                }
                RExpr::Num(self.s.get(start..self.i).unwrap_or("").to_owned())
            }
            c if Self::is_word_byte(c) => {
                let w = self.word();
                match w.as_str() {
                    "true" => RExpr::Bool(true),
                    "false" => RExpr::Bool(false),
                    "null" => RExpr::Null,
                    _ => {
                        // `key: value` inside a map literal: the key is not an expression.
                        RExpr::Ident(w)
                    }
                }
            }
            _ => {
                if self.more() && !matches!(c, b';' | b'}' | b')' | b']' | b',') {
                    self.i += 1;
                }
                RExpr::Opaque
            }
        }
    }

    /// A path literal up to a delimiter, with `$(expr)` parts read as expressions.
    fn path(&mut self, depth: usize) -> RExpr {
        let start = self.i;
        let mut parts = Vec::new();
        while self.more() {
            match self.peek() {
                b'$' if self.peek_at(1) == b'(' => {
                    self.i += 2;
                    parts.push(self.expr(depth + 1));
                    self.eat(b')');
                }
                b')' | b',' | b';' | b'}' | b']' => break,
                c if c.is_ascii_whitespace() => break,
                _ => self.i += 1,
            }
        }
        RExpr::Path(self.s.get(start..self.i).unwrap_or("").to_owned(), parts)
    }
}

/// Parses one expression (a Realtime Database rule string).
pub fn parse_expr(text: &str) -> RExpr {
    let mut p = P {
        b: text.as_bytes(),
        s: text,
        i: 0,
    };
    let e = p.expr(0);
    p.ws();
    if p.more() {
        return RExpr::Binary("&&".into(), Box::new(e), Box::new(RExpr::Opaque));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_firestore_file() {
        let src = "rules_version = '2';\n// comment\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    function isOwner(uid) { let me = request.auth.uid; return me == uid; }\n    match /users/{userId} {\n      allow read: if isOwner(userId);\n      allow create, update: if request.auth != null && request.resource.data.keys().hasOnly(['name']);\n    }\n    match /{document=**} { allow read, write: if false }\n  }\n}";
        let f = parse(src);
        assert_eq!(f.service, Service::Firestore);
        let db = &f.root.children[0];
        assert_eq!(
            db.path,
            vec![
                Segment::Literal("databases".into()),
                Segment::Var("database".into()),
                Segment::Literal("documents".into())
            ]
        );
        assert_eq!(db.functions[0].name, "isOwner");
        assert_eq!(db.functions[0].lets.len(), 1);
        let users = &db.children[0];
        assert_eq!(users.allows.len(), 2);
        assert_eq!(
            users.allows[1].methods,
            vec![Method::Create, Method::Update]
        );
        assert!(matches!(users.allows[1].cond, Some(RExpr::Binary(ref op, _, _)) if op == "&&"));
        assert_eq!(db.children[1].path, vec![Segment::Rest("document".into())]);
        assert_eq!(db.children[1].allows[0].cond, Some(RExpr::Bool(false)));
    }

    #[test]
    fn a_storage_file_without_semicolons() {
        let src = "service firebase.storage {\n  match /b/{bucket}/o {\n    match /{allPaths=**} {\n      allow read, write: if true\n    }\n    match /public/{file} { allow read; }\n  }\n}";
        let f = parse(src);
        assert_eq!(f.service, Service::Storage);
        let o = &f.root.children[0];
        assert_eq!(o.children[0].allows[0].cond, Some(RExpr::Bool(true)));
        assert_eq!(o.children[1].allows[0].cond, None);
    }

    #[test]
    fn expressions() {
        let e = parse_expr("request.time < timestamp.date(2025, 1, 31)");
        let RExpr::Binary(op, l, r) = e else { panic!() };
        assert_eq!(op, "<");
        assert_eq!(l.dotted(), Some(vec!["request", "time"]));
        assert!(matches!(*r, RExpr::Call(_, ref args) if args.len() == 3));
        let e = parse_expr("exists(/databases/$(database)/documents/admins/$(request.auth.uid))");
        let RExpr::Call(_, args) = e else { panic!() };
        assert!(matches!(&args[0], RExpr::Path(_, parts) if parts.len() == 2));
        let e = parse_expr("auth !== null && auth.uid === $uid");
        assert!(matches!(e, RExpr::Binary(ref op, _, _) if op == "&&"));
        assert!(matches!(parse_expr("a ? b : c"), RExpr::Ternary(..)));
        assert!(
            matches!(parse_expr("x in resource.data.members"), RExpr::Binary(ref op, _, _) if op == "in")
        );
        assert!(matches!(
            parse_expr("request.resource.data.size() < 5 * 1024 * 1024"),
            RExpr::Binary(..)
        ));
    }

    #[test]
    fn garbage_never_panics() {
        for src in [
            "",
            "}",
            "service",
            "service x {",
            "match",
            "match /a/{b",
            "allow read: if",
            "function f(",
            "service cloud.firestore { match /a { allow read: if ((((( } }",
            "allow: if 'unterminated",
            "match /{x=**} { match /{y=**} {",
        ] {
            let _ = parse(src);
            let _ = parse_expr(src);
        }
        let deep = "service cloud.firestore {".to_owned() + &"match /a {".repeat(2000);
        let _ = parse(&deep);
        let _ = parse_expr(&"(".repeat(5000));
        let _ = parse_expr(&"!".repeat(5000));
        let _ = parse_expr(&"a.".repeat(5000));
    }
}
