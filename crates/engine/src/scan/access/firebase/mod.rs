//! Firebase security rules: the rules language of `firestore.rules` and
//! `storage.rules` ([`rules`]), Realtime Database `database.rules.json`
//! ([`rtdb`]), what a condition lets through ([`condition`]), and the flattened
//! view the judge reads: every `allow` with its full path and the functions in
//! scope.

pub mod condition;
pub mod rtdb;
pub mod rules;

use condition::{classify, Env};
use rules::{Function, Match, Method, RulesFile, Segment, Service};

use crate::scan::access::gate::Gate;

/// One `allow` with everything needed to judge it.
#[derive(Debug, Clone)]
pub struct Flat<'a> {
    /// The full path, service prefix (`/databases/{database}/documents`,
    /// `/b/{bucket}/o`) removed.
    pub path: Vec<Segment>,
    pub methods: Vec<Method>,
    pub gate: Gate,
    /// Byte offset of the `allow`.
    pub at: usize,
    /// Byte offset of the innermost `match`.
    pub match_at: usize,
    pub functions: Vec<&'a Function>,
}

impl Flat<'_> {
    /// Whether the path ends in (or holds) a `{name=**}` wildcard.
    pub fn recursive(&self) -> bool {
        self.path.iter().any(|s| matches!(s, Segment::Rest(_)))
    }

    /// Whether this rule's path covers every path `other` covers (`/{doc=**}` covers
    /// `/users/{id}`; `/users/{id}` covers `/users/{userId}`).
    pub fn covers(&self, other: &[Segment]) -> bool {
        let mut k = 0;
        for s in &self.path {
            match s {
                Segment::Rest(_) => return true,
                Segment::Var(_) => {
                    if k >= other.len() || matches!(other[k], Segment::Rest(_)) {
                        return false;
                    }
                }
                Segment::Literal(l) => match other.get(k) {
                    Some(Segment::Literal(o)) if o == l => {}
                    _ => return false,
                },
            }
            k += 1;
        }
        k == other.len()
    }
}

/// The methods an `allow` grants, in plain words: `read`, `create`, `update`,
/// `delete`.
pub fn method_words(methods: &[Method]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for m in methods {
        let words: &[&str] = match m {
            Method::Read | Method::Get | Method::List => &["read"],
            Method::Write => &["create", "update", "delete"],
            Method::Create => &["create"],
            Method::Update => &["update"],
            Method::Delete => &["delete"],
        };
        for w in words {
            if !out.contains(w) {
                out.push(*w);
            }
        }
    }
    let order = ["read", "create", "update", "delete"];
    out.sort_by_key(|w| order.iter().position(|o| o == w));
    out
}

/// `/users/{userId}/posts/{postId}`.
pub fn display_path(path: &[Segment]) -> String {
    if path.is_empty() {
        return "/".into();
    }
    path.iter()
        .map(|s| match s {
            Segment::Literal(l) => format!("/{l}"),
            Segment::Var(v) => format!("/{{{v}}}"),
            Segment::Rest(v) => format!("/{{{v}=**}}"),
        })
        .collect()
}

fn strip_prefix(service: Service, path: &[Segment]) -> Vec<Segment> {
    let lit = |s: &Segment, w: &str| matches!(s, Segment::Literal(l) if l == w);
    match service {
        Service::Firestore
            if path.len() >= 3 && lit(&path[0], "databases") && lit(&path[2], "documents") =>
        {
            path[3..].to_vec()
        }
        Service::Storage if path.len() >= 3 && lit(&path[0], "b") && lit(&path[2], "o") => {
            path[3..].to_vec()
        }
        _ => path.to_vec(),
    }
}

/// Every `allow` of a rules file, with its full path and the functions in scope.
pub fn flatten(file: &RulesFile) -> Vec<Flat<'_>> {
    let mut out = Vec::new();
    let mut prefix = Vec::new();
    let mut scope: Vec<&Function> = Vec::new();
    walk(
        file.service,
        &file.root,
        &mut prefix,
        &mut scope,
        &mut out,
        0,
    );
    out
}

fn walk<'a>(
    service: Service,
    m: &'a Match,
    prefix: &mut Vec<Segment>,
    scope: &mut Vec<&'a Function>,
    out: &mut Vec<Flat<'a>>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let (plen, slen) = (prefix.len(), scope.len());
    prefix.extend(m.path.iter().cloned());
    scope.extend(m.functions.iter());
    for a in &m.allows {
        let env = Env {
            functions: scope.clone(),
            bindings: Vec::new(),
            depth: 0,
        };
        out.push(Flat {
            path: strip_prefix(service, prefix),
            methods: a.methods.clone(),
            gate: classify(a.cond.as_ref(), &env),
            at: a.at,
            match_at: m.at,
            functions: scope.clone(),
        });
    }
    for child in &m.children {
        walk(service, child, prefix, scope, out, depth + 1);
    }
    prefix.truncate(plen);
    scope.truncate(slen);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_and_coverage() {
        let f = rules::parse("service cloud.firestore { match /databases/{database}/documents {\n match /{document=**} { allow read: if true; }\n match /users/{userId} { allow write: if request.auth.uid == userId;\n   match /posts/{postId} { allow read, write; } }\n} }");
        let flat = flatten(&f);
        assert_eq!(flat.len(), 3);
        assert_eq!(display_path(&flat[0].path), "/{document=**}");
        assert_eq!(
            display_path(&flat[2].path),
            "/users/{userId}/posts/{postId}"
        );
        assert!(
            flat[0].recursive() && flat[0].covers(&flat[1].path) && flat[0].covers(&flat[2].path)
        );
        assert!(!flat[1].covers(&flat[2].path));
        assert!(flat[0].gate.is_open() && !flat[1].gate.is_open() && flat[2].gate.is_open());
        assert_eq!(
            method_words(&flat[2].methods),
            ["read", "create", "update", "delete"]
        );
    }
}
