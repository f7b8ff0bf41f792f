//! Fixed snippets for configuration: header files (vercel.json, firebase.json,
//! netlify.toml, `_headers`, raw headers), S3/GCS CORS rules, SAM YAML, nginx, Apache.

use super::SafePolicy;
use crate::scan::cors::model::{Format, Policy};

/// The snippet for `format`, or `None` when another writer renders it.
pub(super) fn snippet(format: Format, s: &SafePolicy, policy: &Policy) -> Option<String> {
    let creds = s.credentials;
    Some(match format {
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
        Format::Laravel => format!(
            "<?php\n\nreturn [\n    'paths' => ['{}'],\n    'allowed_methods' => [{}],\n    'allowed_origins' => [{}],\n    'allowed_origins_patterns' => [],\n    'allowed_headers' => [{}],\n    'exposed_headers' => [],\n    'max_age' => {},\n    'supports_credentials' => {},\n];",
            s.scope.trim_start_matches('/'),
            s.methods_list('\''),
            s.list('\'', ", "),
            s.headers_list('\''),
            s.max_age.unwrap_or(0),
            creds,
        ),
        Format::Nelmio => format!(
            "nelmio_cors:\n    paths:\n        '^{}':\n            allow_origin: [{}]\n            allow_credentials: {}\n            allow_methods: [{}]\n            allow_headers: [{}]\n            max_age: {}",
            s.scope.trim_end_matches('*'),
            s.list('\'', ", "),
            creds,
            s.methods_list('\''),
            s.headers_list('\''),
            s.max_age.unwrap_or(3600),
        ),
        Format::Terraform => terraform(s, policy.scope.as_deref().unwrap_or("")),
        _ => return None,
    })
}

/// The CORS block of the resource the input configured, safe.
fn terraform(s: &SafePolicy, resource: &str) -> String {
    let origins = s.list('"', ", ");
    let methods = s.methods_list('"');
    let headers = s.headers_list('"');
    let age = s.max_age.unwrap_or(3600);
    let creds = s.credentials;
    let block = if resource.starts_with("aws_apigatewayv2") {
        format!("  cors_configuration {{\n    allow_origins     = [{origins}]\n    allow_methods     = [{methods}]\n    allow_headers     = [{headers}]\n    allow_credentials = {creds}\n    max_age           = {age}\n  }}")
    } else if resource.starts_with("aws_cloudfront") {
        format!("  cors_config {{\n    access_control_allow_credentials = {creds}\n    origin_override                  = true\n    access_control_allow_origins {{\n      items = [{origins}]\n    }}\n    access_control_allow_methods {{\n      items = [{methods}]\n    }}\n    access_control_allow_headers {{\n      items = [{headers}]\n    }}\n    access_control_max_age_sec = {age}\n  }}")
    } else if resource.starts_with("google_storage") {
        format!("  cors {{\n    origin          = [{origins}]\n    method          = [{methods}]\n    response_header = [\"Content-Type\"]\n    max_age_seconds = {age}\n  }}")
    } else if resource.starts_with("azurerm") && !resource.contains("storage") {
        format!("  site_config {{\n    cors {{\n      allowed_origins     = [{origins}]\n      support_credentials = {creds}\n    }}\n  }}")
    } else if resource == "aws_api_gateway_integration_response" {
        let first = s.origins.first().map_or("", String::as_str);
        format!("  response_parameters = {{\n    \"method.response.header.Access-Control-Allow-Origin\"  = \"'{first}'\"\n    \"method.response.header.Access-Control-Allow-Methods\" = \"'{}'\"\n  }}", s.methods.join(","))
    } else {
        format!("  cors_rule {{\n    allowed_origins = [{origins}]\n    allowed_methods = [{methods}]\n    allowed_headers = [{headers}]\n    max_age_seconds = {age}\n  }}")
    };
    let resource = if resource.is_empty() {
        "aws_s3_bucket_cors_configuration"
    } else {
        resource
    };
    format!("resource \"{resource}\" \"cors\" {{\n{block}\n}}")
}
