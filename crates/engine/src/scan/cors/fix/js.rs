//! Fixed snippets for JavaScript and TypeScript: the `cors` package and its wrappers
//! (Express, NestJS, Fastify, Firebase, Hono), headers set by hand (Express, Next.js
//! middleware and config, Supabase Edge Functions, Lambda proxy responses).

use super::SafePolicy;
use super::PLACEHOLDER_ORIGIN;
use crate::scan::cors::model::OriginRule;
use crate::scan::cors::model::{Format, Policy};

/// The snippet for `format`, or `None` when another writer renders it.
pub(super) fn snippet(format: Format, s: &SafePolicy, policy: &Policy) -> Option<String> {
    let creds = s.credentials;
    let age_js = s
        .max_age
        .map(|a| format!("  maxAge: {a},\n"))
        .unwrap_or_default();
    Some(match format {
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
        Format::Apollo => format!(
            "const server = new ApolloServer({{\n  typeDefs,\n  resolvers,\n  cors: {{\n    origin: [{}],\n{}    methods: [{}],\n    allowedHeaders: [{}],\n  }},\n}});",
            s.list('\'', ", "),
            if creds { "    credentials: true,\n" } else { "" },
            s.methods_list('\''),
            s.headers_list('\''),
        ),
        Format::Workers => format!(
            "const allowedOrigins = [{}];\n\nfunction corsHeaders(request) {{\n  const origin = request.headers.get('Origin') ?? '';\n  const headers = {{ 'Vary': 'Origin' }};\n  if (allowedOrigins.includes(origin)) {{\n    headers['Access-Control-Allow-Origin'] = origin;\n{}    headers['Access-Control-Allow-Methods'] = '{}';\n    headers['Access-Control-Allow-Headers'] = '{}';\n  }}\n  return headers;\n}}\n// return new Response(body, {{ headers: corsHeaders(request) }});",
            s.list('\'', ", "),
            if creds { "    headers['Access-Control-Allow-Credentials'] = 'true';\n" } else { "" },
            s.methods.join(", "),
            s.headers.join(", "),
        ),
        _ => return None,
    })
}
