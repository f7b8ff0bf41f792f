//! What the front end reaches: supabase-js calls (`.from('t').select()`,
//! `.rpc('f')`, `.storage.from('b').upload()`) and Firebase paths (`collection(db,
//! 'x')`, `doc(db, 'x/y')`, `db.collection('x')`, `ref(storage, 'a/b')`), read from
//! source, bundles and source-map sources by pattern (minified code keeps these
//! calls and their string arguments intact).
//!
//! A file that holds the service-role key (or names it) runs on a server and
//! bypasses row level security: its calls are not the public's.

use std::sync::OnceLock;

use regex::Regex;

use crate::scan::position::LineCursor;

/// What a call reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A Supabase table or view (`schema` when `.schema('x')` precedes it).
    Table {
        schema: Option<String>,
        name: String,
    },
    /// A Supabase function called through `.rpc()`.
    Rpc(String),
    /// A Supabase Storage bucket.
    Bucket(String),
    /// A Firestore collection (the first segment of its path).
    Collection(String),
    /// A Firebase Storage path.
    StoragePath(String),
    /// A Realtime Database path.
    RtdbPath(String),
}

/// One call found in the front end.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    pub file: String,
    pub line: u32,
    pub target: Target,
    /// `read`, `add`, `change`, `delete`, `call`, `upload`, `download`.
    pub op: &'static str,
}

/// Files bigger than this are read only up to it (a bundle's calls are spread
/// throughout, but a budget keeps a pathological file linear).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

struct Patterns {
    table: Regex,
    schema_before: Regex,
    rpc: Regex,
    bucket: Regex,
    collection: Regex,
    doc: Regex,
    v8_collection: Regex,
    file_ref: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let q = r#"['"`]"#;
        let r = |s: &str| Regex::new(&s.replace("Q", q)).expect("valid pattern");
        Patterns {
            table: r(r"\.from\s*(?:<[^>()]{0,80}>)?\(\s*Q([A-Za-z_][A-Za-z0-9_.\-]{0,62})Q\s*\)\s*\.\s*(select|insert|update|delete|upsert)\b"),
            schema_before: r(r"\.schema\(\s*Q([A-Za-z_][A-Za-z0-9_]{0,62})Q\s*\)\s*$"),
            rpc: r(r"\.rpc\s*(?:<[^>()]{0,80}>)?\(\s*Q([A-Za-z_][A-Za-z0-9_]{0,62})Q"),
            bucket: r(r"\.storage\s*\.\s*from\(\s*Q([A-Za-z0-9_.\-]{1,63})Q\s*\)\s*\.\s*(upload|download|list|remove|update|move|copy|getPublicUrl|createSignedUrls?|createSignedUploadUrl|uploadToSignedUrl)\b"),
            collection: r(r"\b(?:collection|collectionGroup)\(\s*[A-Za-z_$][\w$]*\s*,\s*Q([A-Za-z0-9_\-]{1,64})(?:/|Q)"),
            doc: r(r"\bdoc\(\s*[A-Za-z_$][\w$]*\s*,\s*Q([A-Za-z0-9_\-]{1,64})(?:/|Q)"),
            v8_collection: r(r"\.collection\(\s*Q([A-Za-z0-9_\-]{1,64})Q\s*\)"),
            file_ref: r(r"\bref\(\s*([A-Za-z_$][\w$]*)\s*,\s*Q([^'`\x22]{1,200})Q"),
        }
    })
}

/// Whether the text runs with the service-role key (a server: row level security
/// does not apply to it).
pub fn uses_service_role(text: &str) -> bool {
    [
        "service_role",
        "SERVICE_ROLE",
        "serviceRole",
        "service-role",
    ]
    .iter()
    .any(|k| text.contains(k))
}

/// `text[from..to]`, both ends moved onto character boundaries (never panics).
fn window(text: &str, from: usize, to: usize) -> &str {
    let mut a = from.min(text.len());
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = to.clamp(a, text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    &text[a..b]
}

fn table_op(method: &str) -> &'static str {
    match method {
        "select" => "read",
        "insert" | "upsert" => "add",
        "update" => "change",
        _ => "delete",
    }
}

fn bucket_op(method: &str) -> &'static str {
    match method {
        "upload" | "update" | "uploadToSignedUrl" | "createSignedUploadUrl" | "copy" | "move" => {
            "upload"
        }
        "remove" => "delete",
        _ => "download",
    }
}

/// The calls in one text (a source file, a bundle, a source-map source).
pub fn extract(file: &str, text: &str) -> Vec<Call> {
    if uses_service_role(text) {
        return Vec::new();
    }
    let mut end = text.len().min(MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let p = patterns();
    let mut found: Vec<(usize, Target, &'static str)> = Vec::new();
    for c in p.table.captures_iter(text) {
        let (m, name, method) = (c.get(0).expect("match"), &c[1], &c[2]);
        let before = window(text, m.start().saturating_sub(80), m.start());
        if before.trim_end().ends_with("storage") {
            continue;
        }
        let schema = p.schema_before.captures(before).map(|s| s[1].to_owned());
        found.push((
            m.start(),
            Target::Table {
                schema,
                name: name.to_owned(),
            },
            table_op(method),
        ));
    }
    for c in p.rpc.captures_iter(text) {
        found.push((
            c.get(0).expect("match").start(),
            Target::Rpc(c[1].to_owned()),
            "call",
        ));
    }
    for c in p.bucket.captures_iter(text) {
        found.push((
            c.get(0).expect("match").start(),
            Target::Bucket(c[1].to_owned()),
            bucket_op(&c[2]),
        ));
    }
    let firebase =
        text.contains("firebase") || text.contains("firestore") || text.contains("getFirestore");
    if firebase {
        for re in [&p.collection, &p.doc, &p.v8_collection] {
            for c in re.captures_iter(text) {
                let m = c.get(0).expect("match");
                let around = window(text, m.start().saturating_sub(24), m.start());
                let after = window(text, m.end(), m.end() + 200).trim_start();
                let write = ["addDoc(", "setDoc(", "updateDoc(", "deleteDoc("]
                    .iter()
                    .any(|w| around.contains(w))
                    || after.starts_with(".add(")
                    || (after.starts_with(".doc(")
                        && (after.contains(".set(")
                            || after.contains(".update(")
                            || after.contains(".delete(")));
                found.push((
                    m.start(),
                    Target::Collection(c[1].to_owned()),
                    if write { "change" } else { "read" },
                ));
            }
        }
        let rtdb = text.contains("firebase/database") || text.contains("getDatabase");
        for c in p.file_ref.captures_iter(text) {
            let (arg, path) = (c[1].to_ascii_lowercase(), c[2].to_owned());
            let at = c.get(0).expect("match").start();
            if arg.contains("storage") {
                found.push((at, Target::StoragePath(path), "download"));
            } else if rtdb && (arg.contains("db") || arg.contains("database")) {
                found.push((at, Target::RtdbPath(path), "read"));
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    found.dedup();
    let mut cursor = LineCursor::default();
    found
        .into_iter()
        .map(|(at, target, op)| {
            let (line, _) = cursor.locate(text.as_bytes(), at);
            Call {
                file: file.to_owned(),
                line,
                target,
                op,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(src: &str) -> Vec<(Target, &'static str)> {
        extract("a.js", src)
            .into_iter()
            .map(|c| (c.target, c.op))
            .collect()
    }

    fn table(name: &str) -> Target {
        Target::Table {
            schema: None,
            name: name.into(),
        }
    }

    #[test]
    fn supabase_calls() {
        let src = "const { data } = await supabase\n  .from('profiles')\n  .select('*');\nawait supabase.from<Todo>(\"todos\").insert({ a: 1 });\nsupabase.from(`orders`).delete().eq('id', 1);\nsupabase.rpc('get_stats', { a: 1 });\nsupabase.storage.from('avatars').upload(path, file);\nsupabase.schema('api').from('items').update({});\nArray.from('abc').map(x => x);";
        assert_eq!(
            targets(src),
            vec![
                (table("profiles"), "read"),
                (table("todos"), "add"),
                (table("orders"), "delete"),
                (Target::Rpc("get_stats".into()), "call"),
                (Target::Bucket("avatars".into()), "upload"),
                (
                    Target::Table {
                        schema: Some("api".into()),
                        name: "items".into()
                    },
                    "change"
                ),
            ]
        );
        let lines: Vec<u32> = extract("a.js", src).iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn minified_bundle_calls() {
        let src = r#"const n=Ve("https://x.supabase.co","eyJ...");async function r(){const{data:e}=await n.from("bookings").select("*,user:profiles(*)");return e}"#;
        assert_eq!(targets(src), vec![(table("bookings"), "read")]);
    }

    #[test]
    fn firebase_calls() {
        let src = "import { getFirestore, collection, doc, addDoc } from 'firebase/firestore';\nconst q = collection(db, 'messages');\nawait addDoc(collection(db, \"orders\"), o);\nconst d = doc(db, 'users/' + uid);\nfirebase.firestore().collection('posts').get();\nconst r = ref(storage, 'uploads/' + name);";
        let t = targets(src);
        assert!(t.contains(&(Target::Collection("messages".into()), "read")));
        assert!(t.contains(&(Target::Collection("orders".into()), "change")));
        assert!(t.contains(&(Target::Collection("users".into()), "read")));
        assert!(t.contains(&(Target::Collection("posts".into()), "read")));
        assert!(t.contains(&(Target::StoragePath("uploads/".into()), "download")));
    }

    #[test]
    fn server_files_are_not_the_public() {
        assert!(extract(
            "api.ts",
            "createClient(url, process.env.SUPABASE_SERVICE_ROLE_KEY); db.from('users').select()"
        )
        .is_empty());
    }
}
