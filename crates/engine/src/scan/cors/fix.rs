//! The corrected snippet, written in the input's own format and framework.
//!
//! The flawed policy is first turned into a safe one ([`SafePolicy`]: exact https
//! origins, explicit methods and headers, a sane max-age, no private-network grant),
//! then rendered by the format's writer.

use super::attack_origins::legit_origin;
use super::detect::Format;
use super::judge::is_public_scope;
use super::model::{OriginRule, Policy};

/// Used when nothing in the input names the real front end.
pub const PLACEHOLDER_ORIGIN: &str = "https://app.example.com";

/// The policy the fixed snippet expresses.
#[derive(Debug, Clone, PartialEq)]
pub struct SafePolicy {
    /// Exact https origins (never empty), or `["*"]` for public, credential-less scopes.
    pub origins: Vec<String>,
    pub credentials: bool,
    pub methods: Vec<String>,
    pub headers: Vec<String>,
    pub max_age: Option<u64>,
    pub scope: String,
}

impl SafePolicy {
    /// The safe counterpart of `policy`.
    pub fn from_policy(policy: &Policy) -> SafePolicy {
        let credentials = policy.credentials.is_some();
        let public_any = !credentials
            && is_public_scope(policy.scope.as_deref())
            && policy.origins.iter().any(|o| o.rule == OriginRule::Any);
        let mut origins: Vec<String> = Vec::new();
        if public_any {
            origins.push("*".into());
        } else {
            for entry in &policy.origins {
                let candidate = match &entry.rule {
                    OriginRule::Exact(o) if o.starts_with("https://") => Some(o.clone()),
                    OriginRule::Exact(o)
                        if o.starts_with("http://")
                            && !o.contains("localhost")
                            && !o.contains("127.0.0.1") =>
                    {
                        Some(o.replacen("http://", "https://", 1))
                    }
                    OriginRule::Pattern(p) => p
                        .regex
                        .as_deref()
                        .and_then(legit_origin)
                        .map(|o| o.replacen("http://", "https://", 1)),
                    _ => None,
                };
                if let Some(o) = candidate.filter(|o| !o.contains('*')) {
                    if !origins.contains(&o) {
                        origins.push(o);
                    }
                }
            }
            if origins.is_empty() {
                origins.push(PLACEHOLDER_ORIGIN.into());
            }
        }
        let methods = if policy.methods.is_empty() || policy.methods_any {
            if public_any {
                vec!["GET".into(), "HEAD".into()]
            } else {
                vec!["GET".into(), "POST".into()]
            }
        } else {
            policy.methods.clone()
        };
        SafePolicy {
            origins,
            credentials,
            methods,
            headers: vec!["Content-Type".into(), "Authorization".into()],
            max_age: policy.max_age.map(|(age, _)| age.min(7200)),
            scope: policy.scope.clone().unwrap_or_else(|| "/api/*".into()),
        }
    }

    fn first(&self) -> &str {
        &self.origins[0]
    }

    fn is_any(&self) -> bool {
        self.origins.first().is_some_and(|o| o == "*")
    }

    fn list(&self, quote: char, sep: &str) -> String {
        self.origins
            .iter()
            .map(|o| format!("{quote}{o}{quote}"))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn methods_list(&self, quote: char) -> String {
        self.methods
            .iter()
            .map(|m| format!("{quote}{m}{quote}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn headers_list(&self, quote: char) -> String {
        self.headers
            .iter()
            .map(|m| format!("{quote}{m}{quote}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The static response headers of this policy, for header-file formats.
    fn static_headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![("Access-Control-Allow-Origin", self.first().to_owned())];
        if self.credentials {
            h.push(("Access-Control-Allow-Credentials", "true".into()));
        }
        h.push(("Access-Control-Allow-Methods", self.methods.join(", ")));
        if !self.is_any() {
            h.push(("Access-Control-Allow-Headers", self.headers.join(", ")));
        }
        if let Some(age) = self.max_age {
            h.push(("Access-Control-Max-Age", age.to_string()));
        }
        h
    }

    fn static_note(&self, comment: &str) -> String {
        if self.origins.len() > 1 {
            format!("{comment} Static headers can name only one origin; for several, answer from code that checks an allowlist and sends Vary: Origin.\n")
        } else {
            String::new()
        }
    }
}

/// The corrected snippet for `policy` in `format`.
pub fn fixed_snippet(format: Format, policy: &Policy) -> String {
    let s = SafePolicy::from_policy(policy);
    let creds = s.credentials;
    let age_js = s
        .max_age
        .map(|a| format!("  maxAge: {a},\n"))
        .unwrap_or_default();
    match format {
        Format::Express | Format::Nestjs | Format::Fastify | Format::FirebaseFunctions => {
            let opts = format!(
                "{{\n  origin: [{}],\n{}  methods: [{}],\n  allowedHeaders: [{}],\n{age_js}}}",
                s.list('\'', ", "),
                if creds { "  credentials: true,\n" } else { "" },
                s.methods_list('\''),
                s.headers_list('\''),
            );
            match format {
                Format::Nestjs => format!("app.enableCors({opts});"),
                Format::Fastify => format!("await fastify.register(cors, {opts});"),
                Format::FirebaseFunctions => format!(
                    "// v2: onRequest({{ cors: [{}] }}, handler)\nconst cors = require('cors')({opts});",
                    s.list('\'', ", ")
                ),
                _ => format!("app.use(cors({opts}));"),
            }
        }
        Format::Hono => format!(
            "app.use('/api/*', cors({{\n  origin: [{}],\n{}  allowMethods: [{}],\n  allowHeaders: [{}],\n{age_js}}}));",
            s.list('\'', ", "),
            if creds { "  credentials: true,\n" } else { "" },
            s.methods_list('\''),
            s.headers_list('\''),
        ),
        Format::ExpressHeaders => format!(
            "const allowedOrigins = new Set([{}]);\napp.use((req, res, next) => {{\n  const origin = req.headers.origin;\n  res.vary('Origin');\n  if (origin && allowedOrigins.has(origin)) {{\n    res.setHeader('Access-Control-Allow-Origin', origin);\n{}    res.setHeader('Access-Control-Allow-Methods', '{}');\n    res.setHeader('Access-Control-Allow-Headers', '{}');\n  }}\n  next();\n}});",
            s.list('\'', ", "),
            if creds { "    res.setHeader('Access-Control-Allow-Credentials', 'true');\n" } else { "" },
            s.methods.join(", "),
            s.headers.join(", "),
        ),
        Format::NextjsMiddleware => format!(
            "const allowedOrigins = [{}];\n\nexport function middleware(request: NextRequest) {{\n  const origin = request.headers.get('origin') ?? '';\n  const response = NextResponse.next();\n  response.headers.append('Vary', 'Origin');\n  if (allowedOrigins.includes(origin)) {{\n    response.headers.set('Access-Control-Allow-Origin', origin);\n{}    response.headers.set('Access-Control-Allow-Methods', '{}');\n    response.headers.set('Access-Control-Allow-Headers', '{}');\n  }}\n  return response;\n}}",
            s.list('\'', ", "),
            if creds { "    response.headers.set('Access-Control-Allow-Credentials', 'true');\n" } else { "" },
            s.methods.join(", "),
            s.headers.join(", "),
        ),
        Format::SupabaseEdge => {
            if !creds && policy.origins.iter().any(|o| o.rule == OriginRule::Any) && s.origins[0] == PLACEHOLDER_ORIGIN {
                "// Supabase's canonical headers: '*' is fine with bearer tokens (no cookies).\nexport const corsHeaders = {\n  'Access-Control-Allow-Origin': '*',\n  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',\n};".to_owned()
            } else {
                format!(
                    "const allowedOrigins = [{}];\n\nexport function corsHeaders(req: Request) {{\n  const origin = req.headers.get('origin') ?? '';\n  return {{\n    'Access-Control-Allow-Origin': allowedOrigins.includes(origin) ? origin : allowedOrigins[0],\n{}    'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',\n    'Vary': 'Origin',\n  }};\n}}",
                    s.list('\'', ", "),
                    if creds { "    'Access-Control-Allow-Credentials': 'true',\n" } else { "" },
                )
            }
        }
        Format::LambdaProxy => format!(
            "const allowedOrigins = [{}];\n\nfunction corsHeaders(event) {{\n  const origin = event.headers?.origin ?? event.headers?.Origin ?? '';\n  return {{\n    'Access-Control-Allow-Origin': allowedOrigins.includes(origin) ? origin : allowedOrigins[0],\n{}    'Vary': 'Origin',\n  }};\n}}\n// return {{ statusCode: 200, headers: corsHeaders(event), body }};",
            s.list('\'', ", "),
            if creds { "    'Access-Control-Allow-Credentials': 'true',\n" } else { "" },
        ),
        Format::NextjsConfig => {
            let rows: String = s
                .static_headers()
                .iter()
                .map(|(k, v)| format!("        {{ key: '{k}', value: '{v}' }},\n"))
                .collect();
            format!(
                "{}async headers() {{\n  return [\n    {{\n      source: '{}',\n      headers: [\n{rows}      ],\n    }},\n  ];\n}},",
                s.static_note("//"),
                s.scope
            )
        }
        Format::VercelJson | Format::FirebaseJson => {
            let rows: Vec<String> = s
                .static_headers()
                .iter()
                .map(|(k, v)| format!("        {{ \"key\": \"{k}\", \"value\": \"{v}\" }}"))
                .collect();
            let json = format!(
                "{{\n  \"headers\": [\n    {{\n      \"source\": \"{}\",\n      \"headers\": [\n{}\n      ]\n    }}\n  ]\n}}",
                s.scope,
                rows.join(",\n")
            );
            let note = s.static_note("//");
            if format == Format::FirebaseJson {
                format!("{note}// inside \"hosting\":\n{json}")
            } else {
                format!("{note}{json}")
            }
        }
        Format::NetlifyToml => {
            let rows: String = s.static_headers().iter().map(|(k, v)| format!("    {k} = \"{v}\"\n")).collect();
            format!("{}[[headers]]\n  for = \"{}\"\n  [headers.values]\n{rows}", s.static_note("#"), s.scope)
        }
        Format::HeadersFile => {
            let rows: String = s.static_headers().iter().map(|(k, v)| format!("  {k}: {v}\n")).collect();
            format!("{}{}\n{rows}", s.static_note("#"), s.scope)
        }
        Format::RawHeaders => {
            let mut rows: String = s.static_headers().iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            if !s.is_any() {
                rows.push_str("Vary: Origin\n");
            }
            rows
        }
        Format::S3Json => format!(
            "[\n  {{\n    \"AllowedOrigins\": [{}],\n    \"AllowedMethods\": [{}],\n    \"AllowedHeaders\": [{}],\n    \"MaxAgeSeconds\": {}\n  }}\n]",
            s.list('"', ", "),
            s.methods_list('"'),
            s.headers_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::S3Xml => {
            let origins: String = s.origins.iter().map(|o| format!("    <AllowedOrigin>{o}</AllowedOrigin>\n")).collect();
            let methods: String = s.methods.iter().map(|m| format!("    <AllowedMethod>{m}</AllowedMethod>\n")).collect();
            let headers: String = s.headers.iter().map(|h| format!("    <AllowedHeader>{h}</AllowedHeader>\n")).collect();
            format!(
                "<CORSConfiguration>\n  <CORSRule>\n{origins}{methods}{headers}    <MaxAgeSeconds>{}</MaxAgeSeconds>\n  </CORSRule>\n</CORSConfiguration>",
                s.max_age.unwrap_or(3600)
            )
        }
        Format::GcsJson => format!(
            "[\n  {{\n    \"origin\": [{}],\n    \"method\": [{}],\n    \"responseHeader\": [\"Content-Type\"],\n    \"maxAgeSeconds\": {}\n  }}\n]",
            s.list('"', ", "),
            s.methods_list('"'),
            s.max_age.unwrap_or(3600)
        ),
        Format::SamYaml => format!(
            "CorsConfiguration:\n  AllowOrigins:\n{}  AllowMethods:\n{}  AllowHeaders:\n{}  AllowCredentials: {}\n  MaxAge: {}",
            s.origins.iter().map(|o| format!("    - '{o}'\n")).collect::<String>(),
            s.methods.iter().map(|o| format!("    - {o}\n")).collect::<String>(),
            s.headers.iter().map(|o| format!("    - {o}\n")).collect::<String>(),
            creds,
            s.max_age.unwrap_or(3600)
        ),
        Format::Nginx => {
            let entries: String = s
                .origins
                .iter()
                .map(|o| format!("    \"~^{}$\" $http_origin;\n", regex::escape(o)))
                .collect();
            format!(
                "map $http_origin $cors_origin {{\n    default \"\";\n{entries}}}\n\nserver {{\n    location {} {{\n        add_header Access-Control-Allow-Origin $cors_origin always;\n{}        add_header Access-Control-Allow-Methods \"{}\" always;\n        add_header Access-Control-Allow-Headers \"{}\" always;\n        add_header Vary Origin always;\n{}    }}\n}}",
                policy.scope.as_deref().unwrap_or("/api/"),
                if creds { "        add_header Access-Control-Allow-Credentials true always;\n" } else { "" },
                s.methods.join(", "),
                s.headers.join(", "),
                policy
                    .kept
                    .iter()
                    .map(|line| format!("        {line}\n"))
                    .collect::<String>()
            )
        }
        Format::Apache => {
            let alternatives = s.origins.iter().map(|o| regex::escape(o)).collect::<Vec<_>>().join("|");
            format!(
                "SetEnvIf Origin \"^({alternatives})$\" CORS_ORIGIN=$0\nHeader always set Access-Control-Allow-Origin \"%{{CORS_ORIGIN}}e\" env=CORS_ORIGIN\n{}Header always set Access-Control-Allow-Methods \"{}\" env=CORS_ORIGIN\nHeader always merge Vary Origin",
                if creds { "Header always set Access-Control-Allow-Credentials \"true\" env=CORS_ORIGIN\n" } else { "" },
                s.methods.join(", ")
            )
        }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::detect::ALL_FORMATS;
    use crate::scan::cors::matchers::wildcard_rule;
    use crate::scan::cors::model::{AnyWithCredentials, OriginEntry, Span, VaryOrigin};

    fn flawed() -> Policy {
        let mut p = Policy::new(
            Span::default(),
            AnyWithCredentials::Literal,
            VaryOrigin::Absent,
            true,
        );
        p.origins.push(OriginEntry {
            rule: OriginRule::Reflect,
            at: Span::default(),
        });
        p.origins.push(OriginEntry {
            rule: wildcard_rule("https://*.acme.com"),
            at: Span::default(),
        });
        p.origins.push(OriginEntry {
            rule: OriginRule::Exact("http://admin.acme.com".into()),
            at: Span::default(),
        });
        p.credentials = Some(Span::default());
        p.methods_any = true;
        p.max_age = Some((604_800, Span::default()));
        p
    }

    #[test]
    fn safe_policy_keeps_real_origins_only_and_caps_max_age() {
        let s = SafePolicy::from_policy(&flawed());
        assert_eq!(
            s.origins,
            ["https://app.acme.com", "https://admin.acme.com"]
        );
        assert_eq!(s.max_age, Some(7200));
        assert_eq!(s.methods, ["GET", "POST"]);
        assert!(s.credentials);
    }

    #[test]
    fn every_format_renders_the_safe_origins_and_no_wildcard() {
        for f in ALL_FORMATS {
            let snippet = fixed_snippet(f, &flawed());
            assert!(
                snippet.contains("https://app.acme.com")
                    || snippet.contains(r"https://app\.acme\.com"),
                "{}: {snippet}",
                f.id()
            );
            assert!(
                !snippet.contains("'*'") && !snippet.contains("\"*\""),
                "{}: {snippet}",
                f.id()
            );
            assert!(!snippet.contains("http://admin"), "{}: {snippet}", f.id());
        }
    }
}
