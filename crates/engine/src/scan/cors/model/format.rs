//! The formats the analyzer reads: ids (the `hint` accepted by
//! [`analyze`](super::analyze)), human labels, and which parser family reads each.

use serde::{Deserialize, Serialize};

/// Every format the analyzer reads. [`Format::id`] is the hint accepted by
/// [`analyze`](super::analyze) and shown in findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Express,
    ExpressHeaders,
    NextjsConfig,
    NextjsMiddleware,
    SupabaseEdge,
    FirebaseFunctions,
    Hono,
    Fastify,
    Nestjs,
    LambdaProxy,
    VercelJson,
    FirebaseJson,
    NetlifyToml,
    HeadersFile,
    S3Json,
    S3Xml,
    GcsJson,
    SamYaml,
    Nginx,
    Apache,
    Fastapi,
    Django,
    Flask,
    Rails,
    Spring,
    GoRsCors,
    GoGin,
    GoEcho,
    GoNetHttp,
    Aspnet,
    PythonHeaders,
    Php,
    Laravel,
    Nelmio,
    Terraform,
    Apollo,
    Workers,
    RawHeaders,
}

/// All formats, in the order the documentation lists them.
pub const ALL_FORMATS: [Format; 38] = [
    Format::Express,
    Format::ExpressHeaders,
    Format::NextjsConfig,
    Format::NextjsMiddleware,
    Format::SupabaseEdge,
    Format::FirebaseFunctions,
    Format::Hono,
    Format::Fastify,
    Format::Nestjs,
    Format::LambdaProxy,
    Format::VercelJson,
    Format::FirebaseJson,
    Format::NetlifyToml,
    Format::HeadersFile,
    Format::S3Json,
    Format::S3Xml,
    Format::GcsJson,
    Format::SamYaml,
    Format::Nginx,
    Format::Apache,
    Format::Fastapi,
    Format::Django,
    Format::Flask,
    Format::Rails,
    Format::Spring,
    Format::GoRsCors,
    Format::GoGin,
    Format::GoEcho,
    Format::GoNetHttp,
    Format::Aspnet,
    Format::PythonHeaders,
    Format::Php,
    Format::Laravel,
    Format::Nelmio,
    Format::Terraform,
    Format::Apollo,
    Format::Workers,
    Format::RawHeaders,
];

/// The family of parsers a format is read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    JavaScript,
    Json,
    Toml,
    HeadersFile,
    Xml,
    Yaml,
    Nginx,
    Apache,
    Python,
    Ruby,
    Java,
    Go,
    DotNet,
    Php,
    Hcl,
    RawHeaders,
}

impl Format {
    /// The kebab-case id (`"express"`, `"vercel-json"`...).
    pub fn id(self) -> &'static str {
        match self {
            Format::Express => "express",
            Format::ExpressHeaders => "express-headers",
            Format::NextjsConfig => "nextjs-config",
            Format::NextjsMiddleware => "nextjs-middleware",
            Format::SupabaseEdge => "supabase-edge",
            Format::FirebaseFunctions => "firebase-functions",
            Format::Hono => "hono",
            Format::Fastify => "fastify",
            Format::Nestjs => "nestjs",
            Format::LambdaProxy => "lambda-proxy",
            Format::VercelJson => "vercel-json",
            Format::FirebaseJson => "firebase-json",
            Format::NetlifyToml => "netlify-toml",
            Format::HeadersFile => "headers-file",
            Format::S3Json => "s3-json",
            Format::S3Xml => "s3-xml",
            Format::GcsJson => "gcs-json",
            Format::SamYaml => "sam-yaml",
            Format::Nginx => "nginx",
            Format::Apache => "apache",
            Format::Fastapi => "fastapi",
            Format::Django => "django",
            Format::Flask => "flask",
            Format::Rails => "rails",
            Format::Spring => "spring",
            Format::GoRsCors => "go-rs-cors",
            Format::GoGin => "go-gin",
            Format::GoEcho => "go-echo",
            Format::GoNetHttp => "go-net-http",
            Format::Aspnet => "aspnet",
            Format::PythonHeaders => "python-headers",
            Format::Php => "php",
            Format::Laravel => "laravel",
            Format::Nelmio => "nelmio",
            Format::Terraform => "terraform",
            Format::Apollo => "apollo",
            Format::Workers => "workers",
            Format::RawHeaders => "raw-headers",
        }
    }

    /// A human name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Format::Express => "Express cors()",
            Format::ExpressHeaders => "Express / Node manual headers",
            Format::NextjsConfig => "Next.js next.config.js headers()",
            Format::NextjsMiddleware => "Next.js middleware / route handler",
            Format::SupabaseEdge => "Supabase Edge Function",
            Format::FirebaseFunctions => "Firebase Functions",
            Format::Hono => "Hono",
            Format::Fastify => "Fastify",
            Format::Nestjs => "NestJS",
            Format::LambdaProxy => "AWS Lambda proxy response",
            Format::VercelJson => "vercel.json",
            Format::FirebaseJson => "Firebase Hosting firebase.json",
            Format::NetlifyToml => "netlify.toml",
            Format::HeadersFile => "_headers (Netlify / Cloudflare Pages)",
            Format::S3Json => "AWS S3 CORS (JSON)",
            Format::S3Xml => "AWS S3 CORS (XML)",
            Format::GcsJson => "Google Cloud Storage cors.json",
            Format::SamYaml => "API Gateway (SAM / CloudFormation)",
            Format::Nginx => "nginx",
            Format::Apache => "Apache",
            Format::Fastapi => "FastAPI / Starlette",
            Format::Django => "Django (django-cors-headers)",
            Format::Flask => "Flask-CORS",
            Format::Rails => "Rails rack-cors",
            Format::Spring => "Spring",
            Format::GoRsCors => "Go rs/cors",
            Format::GoGin => "Go gin-contrib/cors",
            Format::GoEcho => "Go Echo CORS",
            Format::GoNetHttp => "Go net/http",
            Format::Aspnet => "ASP.NET Core",
            Format::PythonHeaders => {
                "Python response headers (Django, Flask, aiohttp, http.server, Lambda, Chalice)"
            }
            Format::Php => "PHP headers (header(), Symfony, Slim, Laravel responses)",
            Format::Laravel => "Laravel config/cors.php",
            Format::Nelmio => "Symfony NelmioCorsBundle (nelmio_cors.yaml)",
            Format::Terraform => "Terraform (S3, API Gateway, CloudFront, GCS, Azure)",
            Format::Apollo => "Apollo Server",
            Format::Workers => "Cloudflare Workers / Bun / Deno / Hono responses",
            Format::RawHeaders => "Raw response headers",
        }
    }

    /// Parses a format id (the hint); `None` for an unknown id.
    pub fn from_id(id: &str) -> Option<Format> {
        let id = id.trim().to_ascii_lowercase();
        ALL_FORMATS.into_iter().find(|f| f.id() == id)
    }

    pub fn family(self) -> Family {
        match self {
            Format::Express
            | Format::ExpressHeaders
            | Format::NextjsConfig
            | Format::NextjsMiddleware
            | Format::SupabaseEdge
            | Format::FirebaseFunctions
            | Format::Hono
            | Format::Fastify
            | Format::Nestjs
            | Format::LambdaProxy
            | Format::Apollo
            | Format::Workers => Family::JavaScript,
            Format::VercelJson | Format::FirebaseJson | Format::S3Json | Format::GcsJson => {
                Family::Json
            }
            Format::NetlifyToml => Family::Toml,
            Format::HeadersFile => Family::HeadersFile,
            Format::S3Xml => Family::Xml,
            Format::SamYaml | Format::Nelmio => Family::Yaml,
            Format::Nginx => Family::Nginx,
            Format::Apache => Family::Apache,
            Format::Fastapi | Format::Django | Format::Flask | Format::PythonHeaders => {
                Family::Python
            }
            Format::Php | Format::Laravel => Family::Php,
            Format::Terraform => Family::Hcl,
            Format::Rails => Family::Ruby,
            Format::Spring => Family::Java,
            Format::GoRsCors | Format::GoGin | Format::GoEcho | Format::GoNetHttp => Family::Go,
            Format::Aspnet => Family::DotNet,
            Format::RawHeaders => Family::RawHeaders,
        }
    }

    /// Is the format configuration rather than code?
    pub fn is_config(self) -> bool {
        !matches!(
            self.family(),
            Family::JavaScript
                | Family::Python
                | Family::Ruby
                | Family::Java
                | Family::Go
                | Family::DotNet
                | Family::Php
        ) || matches!(self, Format::NextjsConfig | Format::Laravel)
    }
}
