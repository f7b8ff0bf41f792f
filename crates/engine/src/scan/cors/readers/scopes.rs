//! Where each handler (function, method, closure) starts and ends, so that every
//! handler is judged on its own headers: credentials set in one route are not applied
//! to another, and a check in one handler does not guard another's echo.

use super::lexis::{classify, Class, Lexis};
use super::syntax::Lang;
use crate::scan::cors::model::Family;

/// Function bodies, as byte ranges `[start, end)` (`start` is the `{`, or for Python
/// the line after `def …:`).
pub struct Scopes {
    bodies: Vec<(usize, usize)>,
    /// Every brace block (functions, branches, loops).
    blocks: Vec<(usize, usize)>,
    len: usize,
}

/// Words that open a control block, not a function.
const CONTROL: &[&str] = &[
    "if",
    "else",
    "for",
    "while",
    "switch",
    "catch",
    "try",
    "do",
    "select",
    "case",
    "finally",
    "foreach",
    "elseif",
    "with",
    "unless",
    "until",
    "class",
    "struct",
    "interface",
    "enum",
    "namespace",
    "type",
    "return",
    "new",
];

impl Scopes {
    pub fn new(text: &str, lang: Lang) -> Scopes {
        let (bodies, blocks) = match lang {
            Lang::Hash => (python_bodies(text), Vec::new()),
            Lang::Js | Lang::CLike => brace_bodies(text, lang),
        };
        Scopes {
            bodies,
            blocks,
            len: text.len(),
        }
    }

    /// The innermost brace block holding `at` (a branch, a loop, a function).
    fn block(&self, at: usize) -> (usize, usize) {
        self.blocks
            .iter()
            .filter(|(s, e)| *s <= at && at < *e)
            .max_by_key(|(s, _)| *s)
            .copied()
            .unwrap_or((0, self.len))
    }

    /// Whether code at `a` and at `b` can run in one pass: one's block holds the
    /// other (not the two sides of an `if`/`else`).
    pub fn same_path(&self, a: usize, b: usize) -> bool {
        let (ba, bb) = (self.block(a), self.block(b));
        (ba.0 <= b && b < ba.1) || (bb.0 <= a && a < bb.1)
    }

    /// The innermost function body holding `at`, or the whole text.
    pub fn of(&self, at: usize) -> (usize, usize) {
        self.bodies
            .iter()
            .filter(|(s, e)| *s <= at && at < *e)
            .max_by_key(|(s, _)| *s)
            .copied()
            .unwrap_or((0, self.len))
    }

    /// Whether `at` lies outside every function body (file level).
    pub fn is_top_level(&self, at: usize) -> bool {
        self.of(at) == (0, self.len)
    }
}

type Ranges = Vec<(usize, usize)>;

fn brace_bodies(text: &str, lang: Lang) -> (Ranges, Ranges) {
    let family = if lang == Lang::Js {
        Family::JavaScript
    } else {
        Family::Go
    };
    let class = classify(text, Lexis::of(family));
    let b = text.as_bytes();
    // Every block in one pass (a stack of open braces): linear in the text.
    let mut open: Vec<usize> = Vec::new();
    let mut blocks = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if class[i] != Class::Code {
            continue;
        }
        match c {
            b'{' => open.push(i),
            b'}' => {
                if let Some(s) = open.pop() {
                    blocks.push((s, i + 1));
                }
            }
            _ => {}
        }
    }
    // Unclosed blocks run to the end (fragments).
    blocks.extend(open.into_iter().map(|s| (s, b.len())));
    blocks.sort_unstable();
    blocks.truncate(4096);
    let mut bodies = Vec::new();
    for &(i, end) in &blocks {
        // The statement head: back to the line start or the previous `;`, `{`, `}`
        // (at most a few hundred bytes: Go and JS end statements at line breaks).
        let floor = i.saturating_sub(400);
        let start = (floor..i)
            .rev()
            .find(|&j| {
                b[j] == b'\n' || class[j] == Class::Code && matches!(b[j], b';' | b'{' | b'}')
            })
            .map_or(floor, |j| j + 1);
        let Some(head) = text.get(start..i) else {
            continue;
        };
        if opens_function(head.trim()) {
            bodies.push((i, end));
        }
    }
    (bodies, blocks)
}

/// Whether a block whose statement head is `head` is a function body.
fn opens_function(head: &str) -> bool {
    let first = head
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if CONTROL.contains(&first) && !head.contains("=>") && !head.contains("->") {
        return false;
    }
    if head.ends_with("=>") || head.ends_with("->") {
        return true;
    }
    let Some(close) = head.rfind(')') else {
        return false;
    };
    // After the parameters: nothing, a return type (Go, TS `): T`), or `throws …`.
    let rest = head[close + 1..].trim();
    rest.is_empty()
        || rest.starts_with("throws ")
        || rest.starts_with(':')
        || rest
            .chars()
            .all(|c| c.is_alphanumeric() || " _.*[](),<>".contains(c))
            && !rest.contains("=")
}

/// Python `def` bodies: the lines indented deeper than the `def`.
fn python_bodies(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0usize, |off, l| {
            let s = *off;
            *off += l.len();
            Some((s, l))
        })
        .collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (k, (start, line)) in lines.iter().enumerate() {
        let t = line.trim_start();
        if !(t.starts_with("def ") || t.starts_with("async def ")) {
            continue;
        }
        let depth = indent(line);
        let body_start = start + line.len();
        let mut end = text.len();
        for (s, l) in &lines[k + 1..] {
            if !l.trim().is_empty() && indent(l) <= depth {
                end = *s;
                break;
            }
        }
        out.push((body_start.min(end), end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handlers_are_function_bodies_not_control_blocks() {
        let go = "func main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) {\n\t\tif ok(o) {\n\t\t\tw.Header().Set(\"A\", o)\n\t\t}\n\t})\n}\n";
        let s = Scopes::new(go, Lang::CLike);
        let at = go.find("w.Header").unwrap();
        let (start, _) = s.of(at);
        assert!(go[..start].ends_with("*http.Request) "), "{}", &go[..start]);
        let js = "app.get('/a', (req, res) => {\n  if (x) { res.set('A', 1) }\n});\napp.get('/b', function (req, res) { res.set('B', 2) });";
        let s = Scopes::new(js, Lang::Js);
        assert_ne!(s.of(js.find("'A'").unwrap()), s.of(js.find("'B'").unwrap()));
        assert!(s.is_top_level(0));
        let java = "class A {\n  public void ok(HttpServletRequest r) throws IOException {\n    r.x();\n  }\n}";
        let s = Scopes::new(java, Lang::CLike);
        assert!(!s.is_top_level(java.find("r.x").unwrap()));
        let py = "def a(request):\n    x = 1\n\n    return x\ndef b():\n    y = 2\n";
        let s = Scopes::new(py, Lang::Hash);
        assert_ne!(
            s.of(py.find("x = 1").unwrap()),
            s.of(py.find("y = 2").unwrap())
        );
    }
}
