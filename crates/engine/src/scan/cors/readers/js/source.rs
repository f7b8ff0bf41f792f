//! One JavaScript text as the JS reader sees it: its line index, the names it
//! declares, and a budget on how much of it the reader may re-read.
//!
//! Options and callbacks name their values (`cors(corsOptions)`, `allowed.has(origin)`),
//! so the reader resolves names again and again. Resolving used to compile a regex
//! for the name and search the whole text each time; a fuzzed file of unclosed
//! `cors({` calls whose callbacks test dozens of lists took seconds for a few KB and
//! grew with the cube of its size. Now every declaration is found in one pass, a
//! name's value is cut out once, and the values read per file are capped, so a file
//! costs linear time whatever it holds.

use crate::scan::cors::model::Locator;
use crate::scan::cors::patterns::builtin_patterns;
use crate::scan::cors::readers::syntax::{matching, Lang};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Values (option values, list items, resolved names) read per file at most. A real
/// file reads a handful; pathological nesting (`[a, a, ...]` where `a` is a list of
/// lists) would otherwise multiply.
pub const MAX_VALUES_READ: usize = 4096;

/// A JS text with what the reader needs to look up in it.
pub struct Source<'a> {
    pub text: &'a str,
    pub loc: Locator,
    /// The start of each name's first `const|let|var NAME = ` value.
    declared: HashMap<&'a str, usize>,
    /// Names already resolved: (value start, value end), or `None` when undeclared.
    resolved: RefCell<HashMap<String, Option<(usize, usize)>>>,
    reads_left: Cell<usize>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        Source {
            text,
            loc: Locator::new(text),
            declared: declarations(text),
            resolved: RefCell::new(HashMap::new()),
            reads_left: Cell::new(MAX_VALUES_READ),
        }
    }

    /// The declared names, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.declared.keys().copied()
    }

    /// Spends one read of the budget; false once the file's budget is spent.
    pub fn read_one(&self) -> bool {
        let left = self.reads_left.get();
        self.reads_left.set(left.saturating_sub(1));
        left > 0
    }

    /// The value of `const|let|var ident = value` (its first declaration) and its
    /// offset, so `origin: allowed` reads the list it names.
    pub fn resolve(&self, ident: &str) -> Option<(&'a str, usize)> {
        if ident.is_empty()
            || !ident
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            return None;
        }
        if let Some(known) = self.resolved.borrow().get(ident) {
            return known.and_then(|(s, e)| Some((self.text.get(s..e)?, s)));
        }
        let span = self
            .declared
            .get(ident)
            .map(|&start| (start, self.value_end(start)));
        self.resolved.borrow_mut().insert(ident.to_owned(), span);
        span.and_then(|(s, e)| Some((self.text.get(s..e)?, s)))
    }

    /// Where a declared value that starts at `start` ends: its closing bracket, or
    /// the end of the statement.
    fn value_end(&self, start: usize) -> usize {
        let text = self.text;
        let rest = &text[start..];
        if rest.starts_with(['[', '{', '(']) {
            matching(text, start, Lang::Js)
        } else if rest.starts_with("new ") {
            rest.find('(')
                .map_or(text.len(), |o| matching(text, start + o, Lang::Js))
        } else {
            start + rest.find([';', '\n']).unwrap_or(rest.len())
        }
    }
}

builtin_patterns! {
    /// `const|let|var NAME [: Type] = `.
    declaration = r"\b(?:const|let|var)\s+([\w$]+)\s*(?::\s*[\w<>\[\], |]+)?=\s*";
}

/// Every `const|let|var NAME [: Type] = ` in `text`: where the first one of each name's
/// value starts. (Declarations hidden inside another's type annotation, which no
/// real code has, are not seen.)
fn declarations(text: &str) -> HashMap<&str, usize> {
    let mut out = HashMap::new();
    for c in declaration().captures_iter(text) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        out.entry(name.as_str()).or_insert(whole.end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_their_first_declaration() {
        let text = "const a = ['x', 'y'];\nlet b: string[] = new Set(['z']);\nvar c = 'w'\nconst a = 1;\nconst allowedOrigins = 2;";
        let src = Source::new(text);
        assert_eq!(src.resolve("a").map(|(v, _)| v), Some("['x', 'y']"));
        assert_eq!(src.resolve("b").map(|(v, _)| v), Some("new Set(['z'])"));
        assert_eq!(src.resolve("c").map(|(v, _)| v), Some("'w'"));
        assert_eq!(src.resolve("allowed"), None);
        assert_eq!(src.resolve("a.b"), None);
        let (v, at) = src.resolve("a").unwrap();
        assert_eq!(&text[at..at + v.len()], v);
    }

    #[test]
    fn the_read_budget_runs_out() {
        let src = Source::new("");
        assert!((0..MAX_VALUES_READ).all(|_| src.read_one()));
        assert!(!src.read_one());
    }
}
