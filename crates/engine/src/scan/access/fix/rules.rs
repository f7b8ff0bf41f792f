//! Fixes as Firebase rules text: an ownership check in the rules language, or a
//! Realtime Database JSON block.

use crate::scan::access::firebase::display_path;
use crate::scan::access::firebase::rules::Segment;

/// The path variable that holds a user's id (`{userId}`, `{uid}`, `{ownerId}`), if
/// the path has one.
pub fn user_var(path: &[Segment]) -> Option<&str> {
    path.iter().find_map(|s| match s {
        Segment::Var(v) | Segment::Rest(v) => {
            let l = v.to_ascii_lowercase();
            (l.contains("uid")
                || l.contains("user")
                || l.contains("owner")
                || l.contains("account"))
            .then_some(v.as_str())
        }
        _ => None,
    })
}

/// The document field the file already compares with `request.auth.uid`
/// (`resource.data.ownerId == request.auth.uid`), if any.
pub fn owner_field(text: &str) -> Option<String> {
    for line in text.lines().filter(|l| l.contains("request.auth.uid")) {
        for (i, _) in line.match_indices("resource.data.") {
            let rest = &line[i + "resource.data.".len()..];
            let field: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !field.is_empty() {
                return Some(field);
            }
        }
    }
    None
}

/// A `match` block that lets each user reach only their own documents (or files).
pub fn owner_block(path: &[Segment], field: Option<&str>, storage: bool) -> String {
    let shown = display_path(path);
    if let Some(var) = user_var(path) {
        return format!("match {shown} {{\n  allow read, write: if request.auth != null && request.auth.uid == {var};\n}}");
    }
    if storage {
        return "match /users/{userId}/{allPaths=**} {\n  allow read, write: if request.auth != null && request.auth.uid == userId;\n}\n// keep each user's files under users/<their uid>/".to_owned();
    }
    let (f, note) = match field {
        Some(f) => (f.to_owned(), String::new()),
        None => (
            "ownerId".to_owned(),
            "\n// ownerId: the field that holds the owner's uid (write it on create)".to_owned(),
        ),
    };
    format!(
        "match {shown} {{\n  allow read, update, delete: if request.auth != null && resource.data.{f} == request.auth.uid;\n  allow create: if request.auth != null && request.resource.data.{f} == request.auth.uid;\n}}{note}"
    )
}

/// Deny everything not matched by a narrower rule.
pub fn deny_catch_all(recursive: &str) -> String {
    format!("match /{{{recursive}=**}} {{\n  allow read, write: if false;\n}}\n// then one block per collection, each checking ownership, e.g.\nmatch /users/{{userId}} {{\n  allow read, write: if request.auth != null && request.auth.uid == userId;\n}}")
}

/// Public reads, no client writes.
pub fn read_only(path: &[Segment]) -> String {
    format!(
        "match {} {{\n  allow read: if true;\n  allow write: if false; // write from your server (Admin SDK), or check ownership\n}}",
        display_path(path)
    )
}

/// A Realtime Database block for one path that lets each user reach their own
/// data only.
pub fn rtdb_owner(path: &[String]) -> String {
    let uid_var = path.iter().find(|s| s.starts_with('$')).cloned();
    let rule = match &uid_var {
        Some(v) => format!("auth != null && auth.uid === {v}"),
        None => "auth != null && data.child('ownerId').val() === auth.uid".to_owned(),
    };
    let mut inner = format!("\".read\": \"{rule}\",\n\".write\": \"{rule}\"");
    if uid_var.is_none() && path.is_empty() {
        return "{\n  \"rules\": {\n    \".read\": false,\n    \".write\": false,\n    \"users\": {\n      \"$uid\": {\n        \".read\": \"auth != null && auth.uid === $uid\",\n        \".write\": \"auth != null && auth.uid === $uid\"\n      }\n    }\n  }\n}".to_owned();
    }
    for seg in path.iter().rev() {
        inner = format!("\"{seg}\": {{\n{}\n}}", indent(&inner));
    }
    format!("{{\n  \"rules\": {{\n{}\n  }}\n}}", indent(&indent(&inner)))
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_blocks() {
        let users = vec![
            Segment::Literal("users".into()),
            Segment::Var("userId".into()),
        ];
        assert!(owner_block(&users, None, false).contains("request.auth.uid == userId"));
        let orders = vec![
            Segment::Literal("orders".into()),
            Segment::Var("orderId".into()),
        ];
        let b = owner_block(&orders, Some("customer"), false);
        assert!(
            b.contains("resource.data.customer == request.auth.uid")
                && b.contains("request.resource.data.customer")
        );
        assert!(owner_block(&orders, None, false).contains("ownerId: the field"));
        assert_eq!(
            owner_field("allow read: if resource.data.author_id == request.auth.uid;"),
            Some("author_id".into())
        );
        let r = rtdb_owner(&["users".into(), "$uid".into()]);
        assert!(
            r.contains("\"$uid\": {") && r.contains("auth.uid === $uid"),
            "{r}"
        );
        assert!(rtdb_owner(&[]).contains("\".read\": false"));
    }
}
