//! Fixed snippets for server frameworks in Python, Ruby, Java, Go and C#.

use super::SafePolicy;
use crate::scan::cors::model::Format;

/// The snippet for `format`, or `None` when another writer renders it.
pub(super) fn snippet(format: Format, s: &SafePolicy) -> Option<String> {
    let creds = s.credentials;
    Some(match format {
        Format::Fastapi => format!(
            "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[{}],\n    allow_credentials={},\n    allow_methods=[{}],\n    allow_headers=[{}],\n    max_age={},\n)",
            s.list('"', ", "),
            if creds { "True" } else { "False" },
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(600)
        ),
        Format::Django => format!(
            "CORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOWED_ORIGINS = [\n{}]\nCORS_ALLOW_CREDENTIALS = {}\nCORS_PREFLIGHT_MAX_AGE = {}",
            s.origins.iter().map(|o| format!("    \"{o}\",\n")).collect::<String>(),
            if creds { "True" } else { "False" },
            s.max_age.unwrap_or(86_400)
        ),
        Format::Flask => format!(
            "CORS(\n    app,\n    resources={{r\"{}\": {{\"origins\": [{}]}}}},\n    supports_credentials={},\n    methods=[{}],\n    allow_headers=[{}],\n)",
            s.scope,
            s.list('"', ", "),
            if creds { "True" } else { "False" },
            s.methods_list('"'),
            s.headers_list('"'),
        ),
        Format::Rails => format!(
            "Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins {}\n    resource '{}',\n      headers: [{}],\n      methods: [{}],\n      credentials: {}{}\n  end\nend",
            s.list('\'', ", "),
            s.scope,
            s.headers_list('\''),
            s.methods.iter().map(|m| format!(":{}", m.to_ascii_lowercase())).collect::<Vec<_>>().join(", "),
            creds,
            s.max_age.map(|a| format!(",\n      max_age: {a}")).unwrap_or_default()
        ),
        Format::Spring => format!(
            "CorsConfiguration config = new CorsConfiguration();\nconfig.setAllowedOrigins(List.of({}));\nconfig.setAllowedMethods(List.of({}));\nconfig.setAllowedHeaders(List.of({}));\nconfig.setAllowCredentials({creds});\nconfig.setMaxAge({}L);",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::GoRsCors => format!(
            "c := cors.New(cors.Options{{\n\tAllowedOrigins:   []string{{{}}},\n\tAllowedMethods:   []string{{{}}},\n\tAllowedHeaders:   []string{{{}}},\n\tAllowCredentials: {creds},\n\tMaxAge:           {},\n}})",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::GoGin => format!(
            "r.Use(cors.New(cors.Config{{\n\tAllowOrigins:     []string{{{}}},\n\tAllowMethods:     []string{{{}}},\n\tAllowHeaders:     []string{{{}}},\n\tAllowCredentials: {creds},\n\tMaxAge:           {} * time.Second,\n}}))",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::GoEcho => format!(
            "e.Use(middleware.CORSWithConfig(middleware.CORSConfig{{\n\tAllowOrigins:     []string{{{}}},\n\tAllowMethods:     []string{{{}}},\n\tAllowHeaders:     []string{{{}}},\n\tAllowCredentials: {creds},\n\tMaxAge:           {},\n}}))",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::GoNetHttp => format!(
            "var allowedOrigins = map[string]bool{{{}}}\n\nfunc withCORS(next http.Handler) http.Handler {{\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {{\n\t\torigin := r.Header.Get(\"Origin\")\n\t\tw.Header().Add(\"Vary\", \"Origin\")\n\t\tif allowedOrigins[origin] {{\n\t\t\tw.Header().Set(\"Access-Control-Allow-Origin\", origin)\n{}\t\t}}\n\t\tnext.ServeHTTP(w, r)\n\t}})\n}}",
            s.origins.iter().map(|o| format!("\"{o}\": true")).collect::<Vec<_>>().join(", "),
            if creds { "\t\t\tw.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")\n" } else { "" },
        ),
        Format::Aspnet => format!(
            "builder.Services.AddCors(options =>\n{{\n    options.AddPolicy(\"Frontend\", policy => policy\n        .WithOrigins({})\n        .WithMethods({})\n        .WithHeaders({}){});\n}});",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            if creds { "\n        .AllowCredentials()" } else { "" },
        ),
        Format::PythonHeaders => format!(
            "ALLOWED_ORIGINS = {{{}}}\n\n\ndef cors_headers(origin):\n    headers = {{\"Vary\": \"Origin\"}}\n    if origin in ALLOWED_ORIGINS:\n        headers[\"Access-Control-Allow-Origin\"] = origin\n{}        headers[\"Access-Control-Allow-Methods\"] = \"{}\"\n        headers[\"Access-Control-Allow-Headers\"] = \"{}\"\n    return headers",
            s.list('"', ", "),
            if creds { "        headers[\"Access-Control-Allow-Credentials\"] = \"true\"\n" } else { "" },
            s.methods.join(", "),
            s.headers.join(", "),
        ),
        Format::Php => format!(
            "<?php\n$allowed = [{}];\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nheader('Vary: Origin');\nif (in_array($origin, $allowed, true)) {{\n    header('Access-Control-Allow-Origin: ' . $origin);\n{}    header('Access-Control-Allow-Methods: {}');\n    header('Access-Control-Allow-Headers: {}');\n}}",
            s.list('\'', ", "),
            if creds { "    header('Access-Control-Allow-Credentials: true');\n" } else { "" },
            s.methods.join(", "),
            s.headers.join(", "),
        ),
        _ => return None,
    })
}
