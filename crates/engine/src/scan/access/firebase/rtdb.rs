//! Realtime Database rules (`database.rules.json`): the `.read` and `.write` of
//! every path, as booleans or rule expressions. Comments and trailing commas are
//! accepted (the console accepts them too).

use super::rules::{parse_expr, RExpr};
use crate::scan::json::{self, Kind, Value};

/// How deep paths are followed.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// One `.read` or `.write`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Path segments below the root; `$name` is a wildcard.
    pub path: Vec<String>,
    pub access: Access,
    pub cond: RExpr,
    /// Byte offset of the value.
    pub at: usize,
}

/// Whether `text` looks like Realtime Database rules: a JSON object with `rules`
/// holding `.read`/`.write` somewhere.
pub fn looks_like(text: &str) -> bool {
    let head = &text[..text.len().min(64 * 1024)];
    head.contains("\"rules\"") && (head.contains("\".read\"") || head.contains("\".write\""))
}

/// The rules of a `database.rules.json` text, in document order.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let json = json::parse(text.as_bytes()).map_err(|e| e.to_string())?;
    let rules = json.get("rules").ok_or("no \"rules\" object")?;
    let mut out = Vec::new();
    walk(rules, &mut Vec::new(), &mut out);
    Ok(out)
}

fn walk(node: &Value, path: &mut Vec<String>, out: &mut Vec<Rule>) {
    let Kind::Object(members) = &node.kind else {
        return;
    };
    if path.len() > MAX_DEPTH {
        return;
    }
    for (key, value) in members {
        let key = key.text();
        let access = match key.as_ref() {
            ".read" => Some(Access::Read),
            ".write" => Some(Access::Write),
            k if k.starts_with('.') => continue,
            _ => None,
        };
        match access {
            Some(access) => {
                let cond = match &value.kind {
                    Kind::Bool(b) => RExpr::Bool(*b),
                    Kind::String(s) => parse_expr(&s.text()),
                    _ => RExpr::Opaque,
                };
                out.push(Rule {
                    path: path.clone(),
                    access,
                    cond,
                    at: value.at,
                });
            }
            None => {
                path.push(key.into_owned());
                walk(value, path, out);
                path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tree() {
        let src = "{\n  // comment\n  \"rules\": {\n    \".read\": \"now < 1735689600000\",\n    \"users\": {\n      \"$uid\": { \".read\": \"$uid === auth.uid\", \".write\": \"$uid === auth.uid\", \".validate\": \"newData.hasChildren(['name'])\" }\n    },\n    \"messages\": { \".write\": true, },\n  }\n}";
        let rules = parse(src).unwrap();
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[0].path, Vec::<String>::new());
        assert_eq!(rules[1].path, vec!["users".to_string(), "$uid".to_string()]);
        assert_eq!(rules[3].cond, RExpr::Bool(true));
        assert_eq!(rules[3].access, Access::Write);
        assert!(looks_like(src));
        assert!(parse("{}").is_err());
        assert!(parse("not json").is_err());
    }
}
