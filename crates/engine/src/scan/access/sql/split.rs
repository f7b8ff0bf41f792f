//! Splitting SQL text into statements, as psql would, and a little more tolerantly.
//!
//! A statement ends at a `;` outside parentheses (semicolons inside strings,
//! dollar-quoted bodies and `DO` blocks are already inside single tokens), except
//! inside a `BEGIN ATOMIC … END` function body. psql meta-command lines are
//! statements of their own, and the data lines after `COPY … FROM stdin;` are
//! skipped. A forgotten `;` is recovered: a line that opens with `create`, `grant`,
//! `revoke`, `comment on`, `alter` or `drop` starts a new statement when the current
//! one cannot contain it (an `alter table` may hold `drop column` lines, `alter
//! default privileges` holds `grant` lines).

use super::lexer::{Lexer, Tok, Token};

/// Tokens of one statement, without its `;`.
pub struct Splitter<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    pending: Option<Token>,
    buf: Vec<Token>,
    /// Statements that were cut at a line-opening keyword (a missing `;`).
    pub recovered: usize,
}

impl<'a> Splitter<'a> {
    pub fn new(src: &'a str) -> Splitter<'a> {
        Splitter {
            src,
            lexer: Lexer::new(src),
            pending: None,
            buf: Vec::new(),
            recovered: 0,
        }
    }

    /// A splitter that starts at byte `offset` (a statement boundary returned by
    /// [`Splitter::offset`]).
    pub fn at(src: &'a str, offset: usize) -> Splitter<'a> {
        let mut s = Splitter::new(src);
        s.lexer.i = offset.min(src.len());
        s
    }

    /// Where the next statement starts (bytes read so far, for progress and for
    /// resuming with [`Splitter::at`]).
    pub fn offset(&self) -> usize {
        self.pending.map_or(self.lexer.i, |t| t.start)
    }

    /// The next statement's tokens; `None` at the end of the text.
    pub fn next_statement(&mut self) -> Option<&[Token]> {
        self.buf.clear();
        let mut depth = 0usize;
        let mut atomic = 0usize;
        loop {
            let Some(tok) = self.pending.take().or_else(|| self.lexer.next()) else {
                return (!self.buf.is_empty()).then_some(&self.buf[..]);
            };
            match tok.kind {
                Tok::Meta => {
                    if self.buf.is_empty() {
                        self.buf.push(tok);
                    } else {
                        self.pending = Some(tok);
                    }
                    return Some(&self.buf[..]);
                }
                Tok::Semi if depth == 0 && atomic == 0 => {
                    if self.buf.is_empty() {
                        continue;
                    }
                    if self.is_copy_from_stdin() {
                        self.lexer.skip_copy_data();
                    }
                    return Some(&self.buf[..]);
                }
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
                Tok::Word => {
                    if tok.line_start
                        && depth == 0
                        && atomic == 0
                        && self.starts_new_statement(&tok)
                    {
                        self.pending = Some(tok);
                        self.recovered += 1;
                        return Some(&self.buf[..]);
                    }
                    atomic = self.atomic_depth(atomic, &tok);
                }
                _ => {}
            }
            self.buf.push(tok);
        }
    }

    /// Whether token `i` of the statement so far is the keyword `kw`.
    fn word_is(&self, i: usize, kw: &str) -> bool {
        self.buf.get(i).is_some_and(|t| t.is_kw(self.src, kw))
    }

    /// Tracks `BEGIN ATOMIC … END` (whose `;`s do not end the statement); `CASE …
    /// END` nests inside it.
    fn atomic_depth(&self, depth: usize, tok: &Token) -> usize {
        let w = tok.text(self.src);
        if w.eq_ignore_ascii_case("atomic")
            && self.buf.last().is_some_and(|t| t.is_kw(self.src, "begin"))
            && self.word_is(0, "create")
        {
            return depth + 1;
        }
        if depth == 0 {
            return 0;
        }
        if w.eq_ignore_ascii_case("case") {
            depth + 1
        } else if w.eq_ignore_ascii_case("end") {
            depth - 1
        } else {
            depth
        }
    }

    fn starts_new_statement(&self, tok: &Token) -> bool {
        if self.buf.is_empty() || self.buf[0].kind != Tok::Word {
            return false;
        }
        let is = |kw: &str| tok.is_kw(self.src, kw);
        if !["create", "grant", "revoke", "comment", "alter", "drop"]
            .iter()
            .any(|k| is(k))
        {
            return false;
        }
        let holds_statements =
            self.word_is(0, "create") && (self.word_is(1, "schema") || self.word_is(1, "rule"));
        let default_privileges = self.word_is(0, "alter") && self.word_is(1, "default");
        if is("create") {
            !holds_statements
        } else if is("grant") || is("revoke") {
            !(holds_statements || default_privileges)
        } else if is("comment") {
            !holds_statements && self.lexer_peek().is_some_and(|t| t.is_kw(self.src, "on"))
        } else {
            !holds_statements && !self.word_is(0, "alter")
        }
    }

    fn lexer_peek(&self) -> Option<Token> {
        let mut copy = Lexer::new(self.src);
        copy.i = self.lexer.i;
        copy.next()
    }

    fn is_copy_from_stdin(&self) -> bool {
        self.word_is(0, "copy")
            && self
                .buf
                .windows(2)
                .any(|w| w[0].is_kw(self.src, "from") && w[1].is_kw(self.src, "stdin"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(src: &str) -> Vec<String> {
        let mut s = Splitter::new(src);
        let mut out = Vec::new();
        while let Some(toks) = s.next_statement() {
            let (a, b) = (toks[0].start, toks[toks.len() - 1].end);
            out.push(src[a..b].split_whitespace().collect::<Vec<_>>().join(" "));
        }
        out
    }

    #[test]
    fn splits_like_psql() {
        let cases: &[(&str, &[&str])] = &[
            ("select 1; select 2;", &["select 1", "select 2"]),
            (
                "create function f() returns int as $$ begin; return 1; end $$ language plpgsql;\nselect 1",
                &["create function f() returns int as $$ begin; return 1; end $$ language plpgsql", "select 1"],
            ),
            ("do $x$ begin perform 1; end $x$;", &["do $x$ begin perform 1; end $x$"]),
            ("\\restrict abc\nset a = 1;\n\\unrestrict abc", &["\\restrict abc", "set a = 1", "\\unrestrict abc"]),
            (
                "copy t (a) from stdin;\n1;2\n\\.\ncreate table x (a int);",
                &["copy t (a) from stdin", "create table x (a int)"],
            ),
            (
                "create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end;\nselect 3;",
                &["create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end", "select 3"],
            ),
            (";;  ; select 1", &["select 1"]),
        ];
        for (src, want) in cases {
            assert_eq!(split(src), *want, "{src}");
        }
    }

    #[test]
    fn recovers_a_missing_semicolon_only_where_it_cannot_belong() {
        let cases: &[(&str, usize)] = &[
            ("create policy p on t using (true)\n\ncreate function f() returns int as $$ select 1 $$ language sql;", 2),
            ("alter table t\n  drop column a,\n  alter column b set default 1;", 1),
            ("alter default privileges in schema public\n  grant all on tables to anon;", 1),
            ("create view v as\nselect 1\nfrom t;\ncreate table x ();", 2),
            ("create table t (a int)\ngrant select on t to anon;", 2),
            ("create table t (\ncreate int);", 1),
            ("create schema s\ncreate table t (a int);", 1),
            ("create table t (a int)\ncomment on table t is 'x';", 2),
        ];
        for (src, n) in cases {
            assert_eq!(split(src).len(), *n, "{src}: {:?}", split(src));
        }
    }
}
