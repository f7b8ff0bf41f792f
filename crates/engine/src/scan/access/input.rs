//! Telling which inputs the access analyzer reads, from their name and content,
//! with no hint: SQL (migrations, dumps, pastes), Firebase rules files, Realtime
//! Database rules JSON, `supabase/config.toml`, and front-end code.

use crate::scan::access::firebase::rtdb;

/// What an input is, for this analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Sql,
    /// `firestore.rules`, `storage.rules` (or any `.rules` file in the rules language).
    Rules,
    /// Realtime Database `database.rules.json`.
    Rtdb,
    /// `supabase/config.toml`.
    SupabaseConfig,
    /// Front-end code (source, bundle, source-map source) that may call the
    /// database.
    Client,
}

fn base(name: &str) -> String {
    name.replace('\\', "/")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn contains_ci(text: &str, needle: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(256 * 1024)];
    head.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Calls a front end makes to Supabase or Firebase (a cheap first look).
const CLIENT_MARKERS: [&str; 6] = [".from(", ".rpc(", "collection(", "doc(", "ref(", ".storage"];

const CLIENT_EXTS: [&str; 14] = [
    "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts", "vue", "svelte", "astro", "html", "htm",
    "dart",
];

/// The kind of an input, or `None` when this analyzer has nothing to read in it.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::access::input::{detect, Kind};
/// assert_eq!(detect("supabase/migrations/0001_init.sql", "create table t ();"), Some(Kind::Sql));
/// assert_eq!(detect("firestore.rules", "service cloud.firestore {}"), Some(Kind::Rules));
/// assert_eq!(detect("database.rules.json", "{\"rules\": {\".read\": true}}"), Some(Kind::Rtdb));
/// assert_eq!(detect("supabase/config.toml", "[api]\nschemas = [\"public\"]"), Some(Kind::SupabaseConfig));
/// assert_eq!(detect("pasted", "alter table public.x enable row level security;"), Some(Kind::Sql));
/// assert_eq!(detect("notes.txt", "hello"), None);
/// ```
pub fn detect(name: &str, text: &str) -> Option<Kind> {
    let b = base(name);
    let ext = b.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let path = name.replace('\\', "/").to_ascii_lowercase();
    if ext == "sql" || ext == "pgsql" || ext == "psql" {
        // Migrations a builder set aside are not applied (Bolt keeps them in
        // `.bolt/supabase_discarded_migrations/`): replaying them would judge a
        // schema the database never had.
        let discarded = path
            .split('/')
            .rev()
            .skip(1)
            .any(|dir| dir.contains("discarded") || dir == ".bolt");
        return (!discarded).then_some(Kind::Sql);
    }
    if ext == "rules" {
        return Some(Kind::Rules);
    }
    if b == "database.rules.json" || (ext == "json" && rtdb::looks_like(text)) {
        return rtdb::looks_like(text).then_some(Kind::Rtdb);
    }
    if b == "config.toml"
        && (path.contains("supabase/") || text.contains("project_id") && text.contains("[api]"))
    {
        return Some(Kind::SupabaseConfig);
    }
    if CLIENT_EXTS.contains(&ext) || b.ends_with(".js.map") || ext == "map" {
        return CLIENT_MARKERS
            .iter()
            .any(|m| contains_ci(text, m))
            .then_some(Kind::Client);
    }
    if ext.is_empty() || ext == "txt" || name.is_empty() || !name.contains('.') {
        // A paste: tell it by its content.
        let head = text.trim_start();
        if head.contains("service cloud.firestore") || head.contains("service firebase.storage") {
            return Some(Kind::Rules);
        }
        if head.starts_with('{') && rtdb::looks_like(text) {
            return Some(Kind::Rtdb);
        }
        let sql = [
            "create table",
            "create policy",
            "alter table",
            "enable row level security",
            "grant ",
            "create view",
            "create function",
        ];
        if sql.iter().any(|k| contains_ci(text, k))
            && (text.contains(';') || contains_ci(text, "create "))
        {
            return Some(Kind::Sql);
        }
        if CLIENT_MARKERS[..2].iter().any(|m| text.contains(m))
            && (text.contains("supabase") || text.contains("firebase"))
        {
            return Some(Kind::Client);
        }
    }
    None
}

/// The schemas `supabase/config.toml` exposes through the API (`[api] schemas`),
/// or none when the API is disabled (`[api] enabled = false`). `None` when the
/// file says nothing about it.
pub fn exposed_schemas(config: &str) -> Option<Vec<String>> {
    let table: toml::Table = toml::from_str(config).ok()?;
    let api = table.get("api")?.as_table()?;
    if api.get("enabled").and_then(toml::Value::as_bool) == Some(false) {
        return Some(Vec::new());
    }
    let schemas = api.get("schemas")?.as_array()?;
    Some(
        schemas
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    )
}

/// Whether a path is inside a Supabase project folder.
pub fn is_supabase_path(name: &str) -> bool {
    name.replace('\\', "/")
        .to_ascii_lowercase()
        .contains("supabase/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names_and_content() {
        let cases: &[(&str, &str, Option<Kind>)] = &[
            ("db/schema.sql", "", Some(Kind::Sql)),
            ("supabase/migrations/0001_init.sql", "", Some(Kind::Sql)),
            (
                "project/.bolt/supabase_discarded_migrations/0001_x.sql",
                "",
                None,
            ),
            ("discarded.sql", "", Some(Kind::Sql)),
            ("storage.rules", "rules_version='2';", Some(Kind::Rules)),
            (
                "firebase/database.rules.json",
                "{\"rules\":{\".write\":false}}",
                Some(Kind::Rtdb),
            ),
            ("package.json", "{\"name\": \"x\"}", None),
            ("config.toml", "[api]\nschemas=[]", None),
            (
                "src/App.tsx",
                "const { data } = await supabase.from('x').select()",
                Some(Kind::Client),
            ),
            ("src/App.tsx", "export default function App() {}", None),
            (
                "dist/assets/index-4f3a.js",
                "n.from(\"t\").select()",
                Some(Kind::Client),
            ),
            (
                "pasted",
                "service cloud.firestore { match /x { allow read; } }",
                Some(Kind::Rules),
            ),
            (
                "pasted",
                "{ \"rules\": { \".read\": \"auth != null\" } }",
                Some(Kind::Rtdb),
            ),
            ("pasted", "hello world", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(detect(name, text), *want, "{name}");
        }
    }

    #[test]
    fn config_schemas() {
        assert_eq!(
            exposed_schemas(
                "project_id = \"x\"\n[api]\nenabled = true\nschemas = [\"public\", \"api\"]\n"
            ),
            Some(vec!["public".to_string(), "api".to_string()])
        );
        assert_eq!(exposed_schemas("[api]\nenabled = false\n"), Some(vec![]));
        assert_eq!(exposed_schemas("[db]\nport = 1"), None);
        assert_eq!(exposed_schemas("not toml ["), None);
    }
}
