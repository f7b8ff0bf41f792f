//! Recognises which CORS-relevant format a text is, cheaply: a file-name look, one
//! linear Aho-Corasick pass for keywords, then a few substring checks.

use std::sync::OnceLock;

use super::model::Format;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Texts above this size are not CORS configuration (they are bundles or data).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

const KEYWORDS: [&str; 13] = [
    "\"origin\"",
    "access-control-",
    "cors",
    "allowedorigin",
    "alloworigin",
    "allow_origin",
    "allowed_origin",
    "crossorigin",
    "withorigins",
    "maxageseconds",
    "responseheader",
    "origin_allow_all",
    "isoriginallowed",
];

fn keywords() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(KEYWORDS)
            .ok()
    })
    .as_ref()
}

/// Is it worth parsing at all? False for texts with no CORS keyword, huge texts, and
/// minified bundles (a client bundle cannot set CORS; the server does).
pub fn worth_analyzing(text: &str) -> bool {
    if text.len() > MAX_TEXT_BYTES || text.is_empty() {
        return false;
    }
    if text.len() > 64 * 1024 && text.lines().any(|l| l.len() > 5_000) {
        return false;
    }
    keywords().is_none_or(|ac| ac.is_match(text))
}

fn base_name(file: &str) -> String {
    file.rsplit(['/', '\\'])
        .next()
        .unwrap_or(file)
        .to_ascii_lowercase()
}

/// Recognises the format of `text` (named `file`), or `None` when it is not a
/// CORS-relevant format.
pub fn detect(text: &str, file: &str) -> Option<Format> {
    if !worth_analyzing(text) {
        return None;
    }
    let name = base_name(file);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_owned())
        .unwrap_or_default();
    let lower = text.to_ascii_lowercase();
    match name.as_str() {
        "vercel.json" => return Some(Format::VercelJson),
        "firebase.json" => return Some(Format::FirebaseJson),
        "netlify.toml" => return Some(Format::NetlifyToml),
        "_headers" => return Some(Format::HeadersFile),
        ".htaccess" | "httpd.conf" | "apache2.conf" => return Some(Format::Apache),
        "nginx.conf" => return Some(Format::Nginx),
        _ => {}
    }
    match ext.as_str() {
        "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" | "jsx" | "tsx" => {
            return detect_js(&lower, &name)
        }
        "py" => {
            return detect_python(&lower, &name).or_else(|| {
                has_any(&lower, &["access-control-", "corsconfig("])
                    .then_some(Format::PythonHeaders)
            })
        }
        "php" => return detect_php(&lower, &name),
        "tf" | "hcl" => return lower.contains("cors").then_some(Format::Terraform),
        "rb" | "ru" => {
            return has_any(&lower, &["rack::cors", "origins", "access-control-"])
                .then_some(Format::Rails)
        }
        "java" | "kt" | "kts" => return Some(Format::Spring),
        "go" => return Some(detect_go(&lower)),
        "cs" => return Some(Format::Aspnet),
        "json" => return detect_json(&lower, &name),
        "toml" => return Some(Format::NetlifyToml),
        "yaml" | "yml" => {
            return Some(if lower.contains("nelmio_cors") {
                Format::Nelmio
            } else {
                Format::SamYaml
            })
        }
        "xml" => return lower.contains("<corsrule").then_some(Format::S3Xml),
        "conf" => {
            return Some(if looks_apache(&lower) {
                Format::Apache
            } else {
                Format::Nginx
            })
        }
        _ => {}
    }
    detect_by_content(text, &lower)
}

fn has_any(lower: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| lower.contains(n))
}

fn looks_apache(lower: &str) -> bool {
    has_any(
        lower,
        &[
            "header set",
            "header always set",
            "header add",
            "header merge",
            "setenvif",
            "<ifmodule",
            "<filesmatch",
            "<location",
            "<directory",
            "header always add",
        ],
    )
}

fn detect_php(lower: &str, name: &str) -> Option<Format> {
    if name == "cors.php" || has_any(lower, &["'allowed_origins'", "\"allowed_origins\""]) {
        Some(Format::Laravel)
    } else {
        lower.contains("access-control-").then_some(Format::Php)
    }
}

fn detect_js(lower: &str, name: &str) -> Option<Format> {
    if name.starts_with("next.config")
        || (lower.contains("async headers()") && lower.contains("source"))
    {
        return Some(Format::NextjsConfig);
    }
    if has_any(lower, &["firebase-functions", "onrequest(", "oncall("]) {
        return Some(Format::FirebaseFunctions);
    }
    if has_any(lower, &["@fastify/cors", "fastify-cors"]) {
        return Some(Format::Fastify);
    }
    if lower.contains("hono/cors") {
        return Some(Format::Hono);
    }
    if has_any(lower, &["enablecors", "@nestjs"]) {
        return Some(Format::Nestjs);
    }
    if lower.contains("apolloserver") {
        return Some(Format::Apollo);
    }
    if has_any(lower, &["deno.serve", "corsheaders", "supabase"]) {
        return Some(Format::SupabaseEdge);
    }
    if lower.contains("access-control-")
        && has_any(
            lower,
            &[
                "bun.serve",
                "addeventlistener('fetch'",
                "addeventlistener(\"fetch\"",
                "async fetch(",
                "c.header(",
                "export default {",
            ],
        )
    {
        return Some(Format::Workers);
    }
    if name.starts_with("middleware")
        || name.starts_with("route.")
        || has_any(lower, &["next/server", "nextresponse"])
    {
        return Some(Format::NextjsMiddleware);
    }
    if has_any(lower, &["exports.handler", "event.headers", "statuscode"])
        && lower.contains("access-control-")
    {
        return Some(Format::LambdaProxy);
    }
    if lower.contains("cors(") && !lower.contains("access-control-allow-origin") {
        return Some(Format::Express);
    }
    if lower.contains("access-control-") {
        return Some(Format::ExpressHeaders);
    }
    // A CORS allowlist declared on its own (`const corsOrigins = [/…/]`).
    let allowlist = [
        "const cors",
        "let cors",
        "var cors",
        "origins = [",
        "origin = /",
    ];
    (lower.contains("cors(") || has_any(lower, &allowlist)).then_some(Format::Express)
}

fn detect_python(lower: &str, name: &str) -> Option<Format> {
    if lower.contains("corsmiddleware") {
        Some(Format::Fastapi)
    } else if name == "settings.py"
        || has_any(
            lower,
            &[
                "cors_allow",
                "cors_origin",
                "cors_url",
                "cors_preflight",
                "cors_expose",
            ],
        )
    {
        Some(Format::Django)
    } else if has_any(lower, &["flask_cors", "cross_origin", "cors("]) {
        Some(Format::Flask)
    } else {
        None
    }
}

fn detect_go(lower: &str) -> Format {
    if has_any(
        lower,
        &[
            "labstack/echo",
            "corswithconfig",
            "middleware.corsconfig",
            "middleware.cors()",
        ],
    ) {
        Format::GoEcho
    } else if has_any(
        lower,
        &[
            "gin-contrib/cors",
            "gin-gonic",
            "cors.config{",
            "cors.defaultconfig",
            "cors.default()",
        ],
    ) {
        Format::GoGin
    } else if has_any(
        lower,
        &[
            "rs/cors",
            "allowedorigins:",
            "cors.options",
            "cors.allowall",
        ],
    ) {
        Format::GoRsCors
    } else {
        Format::GoNetHttp
    }
}

fn detect_json(lower: &str, name: &str) -> Option<Format> {
    if has_any(lower, &["allowedorigin", "corsrules"]) {
        return Some(Format::S3Json);
    }
    if name == "cors.json" && lower.contains("\"method\"")
        || has_any(lower, &["maxageseconds", "\"responseheader\""])
    {
        return Some(Format::GcsJson);
    }
    if lower.contains("\"hosting\"") {
        return Some(Format::FirebaseJson);
    }
    if lower.contains("\"headers\"") && lower.contains("\"source\"") {
        return Some(Format::VercelJson);
    }
    if lower.contains("\"origin\"") && lower.contains("\"method\"") {
        return Some(Format::GcsJson);
    }
    None
}

/// Detection for pastes without a telling file name, strongest signal first.
fn detect_by_content(text: &str, lower: &str) -> Option<Format> {
    let trimmed = text.trim_start();
    let first = trimmed.lines().next().unwrap_or("").to_ascii_lowercase();
    if first.starts_with("http/")
        || first.starts_with("curl ")
        || first.starts_with("> ")
        || first.starts_with("< ")
    {
        return Some(Format::RawHeaders);
    }
    if lower.contains("<corsrule") {
        return Some(Format::S3Xml);
    }
    if lower.starts_with("<?php") || trimmed.starts_with("<?php") {
        return detect_php(lower, "");
    }
    if lower.contains("nelmio_cors") {
        return Some(Format::Nelmio);
    }
    if lower.contains("resource \"") && lower.contains("cors") {
        return Some(Format::Terraform);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Some(f) = detect_json(lower, "") {
            return Some(f);
        }
    }
    if lower.contains("[[headers]]") {
        return Some(Format::NetlifyToml);
    }
    if has_any(
        lower,
        &[
            "awsserverless",
            "aws::",
            "corsconfiguration:",
            "cors:\n",
            "alloworigins:",
            "alloworigin:",
        ],
    ) && !lower.contains('{')
    {
        return Some(Format::SamYaml);
    }
    if has_any(
        lower,
        &["add_header", "$http_origin", "server {", "location /"],
    ) {
        return Some(Format::Nginx);
    }
    if looks_apache(lower) {
        return Some(Format::Apache);
    }
    if has_any(
        lower,
        &[
            "corsmiddleware",
            "cors_allow",
            "cors_allowed",
            "cors_origin",
            "flask_cors",
            "supports_credentials",
            "cross_origin(",
        ],
    ) {
        return detect_python(lower, "");
    }
    if has_any(
        lower,
        &["rack::cors", "origins '", "origins \"", "origins /"],
    ) {
        return Some(Format::Rails);
    }
    if has_any(
        lower,
        &[
            "@crossorigin",
            "corsconfiguration",
            "allowedoriginpatterns",
            "corsregistry",
            "addmapping(",
        ],
    ) {
        return Some(Format::Spring);
    }
    if has_any(
        lower,
        &[
            "addcors",
            "withorigins",
            "setisoriginallowed",
            "allowanyorigin",
            "addpolicy",
        ],
    ) {
        return Some(Format::Aspnet);
    }
    if has_any(
        lower,
        &[
            "package main",
            "func ",
            "w.header()",
            "cors.options{",
            "cors.config{",
            "middleware.corsconfig",
        ],
    ) && !lower.contains("function")
    {
        return Some(detect_go(lower));
    }
    if looks_like_header_block(text) && !text.contains(['(', '{']) {
        let paths = text.lines().any(|l| l.starts_with('/'));
        return Some(if paths {
            Format::HeadersFile
        } else {
            Format::RawHeaders
        });
    }
    detect_js(lower, "")
}

/// Lines of `Name: value` with at least one `Access-Control-` header.
fn looks_like_header_block(text: &str) -> bool {
    let mut headers = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, _)) = line.split_once(':') else {
            continue;
        };
        if name.to_ascii_lowercase().starts_with("access-control-") {
            headers += 1;
        }
    }
    headers > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::ALL_FORMATS;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut ids: Vec<&str> = ALL_FORMATS.iter().map(|f| f.id()).collect();
        for f in ALL_FORMATS {
            assert_eq!(Format::from_id(f.id()), Some(f));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL_FORMATS.len());
        assert_eq!(Format::from_id(" Nginx "), Some(Format::Nginx));
        assert_eq!(Format::from_id("cobol"), None);
    }

    #[test]
    fn texts_without_cors_keywords_are_skipped() {
        assert_eq!(detect("const x = 1;", "app.js"), None);
        assert_eq!(detect("", "vercel.json"), None);
        let bundle = format!("var cors=1;{}", "a".repeat(70_000));
        assert!(!worth_analyzing(&bundle));
    }

    #[test]
    fn names_then_content_decide() {
        assert_eq!(
            detect("{\"headers\":[]} access-control-", "vercel.json"),
            Some(Format::VercelJson)
        );
        assert_eq!(
            detect("HTTP/2 200\naccess-control-allow-origin: *\n", "paste"),
            Some(Format::RawHeaders)
        );
        assert_eq!(
            detect(
                "location /api { add_header Access-Control-Allow-Origin *; }",
                "paste"
            ),
            Some(Format::Nginx)
        );
        assert_eq!(
            detect(
                "app.add_middleware(CORSMiddleware, allow_origins=['*'])",
                "paste"
            ),
            Some(Format::Fastapi)
        );
        assert_eq!(
            detect("CORS_ALLOW_ALL_ORIGINS = True", "paste"),
            Some(Format::Django)
        );
        assert_eq!(
            detect("app.use(cors({origin: true}))", "paste"),
            Some(Format::Express)
        );
    }
}
