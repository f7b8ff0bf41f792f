//! The corrected snippet, written in the input's own format and framework.
//!
//! The flawed policy is first turned into a safe one ([`SafePolicy`]: exact https
//! origins, explicit methods and headers, a sane max-age, no private-network grant),
//! then rendered by the format's writer.

mod config;
mod js;
mod server;

use super::judge::attack_origins::legit_origin;
use super::judge::is_public_scope;
use super::model::Format;
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
    js::snippet(format, &s, policy)
        .or_else(|| server::snippet(format, &s))
        .or_else(|| config::snippet(format, &s, policy))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::ALL_FORMATS;

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
            rule: OriginRule::wildcard("https://*.acme.com"),
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

    #[test]
    fn the_nginx_location_keeps_its_own_directives() {
        let mut p = flawed();
        p.scope = Some("/api/".into());
        p.kept = vec![
            "if ($request_method = OPTIONS) {".into(),
            "    return 204;".into(),
            "}".into(),
            "proxy_pass http://backend;".into(),
        ];
        let fixed = fixed_snippet(Format::Nginx, &p);
        assert!(fixed.contains("    location /api/ {\n"), "{fixed}");
        assert!(
            fixed.contains(
                "        if ($request_method = OPTIONS) {\n            return 204;\n        }\n"
            ),
            "{fixed}"
        );
        assert!(
            fixed.contains("        proxy_pass http://backend;\n"),
            "{fixed}"
        );
    }
}
