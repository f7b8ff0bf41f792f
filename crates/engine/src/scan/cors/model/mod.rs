//! The one policy model every format is normalised to, and the framework semantics
//! that decide what a policy really sends.

use serde::{Deserialize, Serialize};

pub mod dialect;
pub mod format;
pub mod site;
pub mod span;

pub use dialect::{translate, Flavor};
pub use format::{Family, Format, ALL_FORMATS};
pub use span::{Locator, Span};

/// How a framework applies an origin regex to the `Origin` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// The whole origin must match (`re.fullmatch`, Spring/ASP.NET/S3 wildcards).
    Full,
    /// Anchored at the start only (Python `re.match`: Flask-CORS, django-cors-headers).
    Start,
    /// Anywhere in the origin (`RegExp.test`, Ruby `=~`, Go `MatchString`, nginx, Apache).
    Search,
}

impl MatchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMode::Full => "full-match",
            MatchMode::Start => "start-anchored",
            MatchMode::Search => "search",
        }
    }
}

/// Where a pattern came from; it decides which class a proven bypass belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternKind {
    /// A regular expression written by the developer.
    Regex,
    /// A `*` wildcard origin (`https://*.acme.com`, rs/cors `https://*acme.com`).
    Wildcard,
    /// A string matcher in code (`endsWith`, `startsWith`, `includes`, `indexOf`).
    Matcher,
}

/// One entry of an origin policy.
#[derive(Debug, Clone, PartialEq)]
pub enum OriginRule {
    /// "All origins" (`*`, `allow_all`, `AllowAnyOrigin()`...); what is sent with
    /// credentials depends on [`AnyWithCredentials`].
    Any,
    /// Echoes whatever `Origin` arrives, unguarded.
    Reflect,
    /// The `null` origin (sandboxed iframes, `data:` documents).
    Null,
    /// One exact origin.
    Exact(String),
    /// A regex, wildcard or matcher, already translated to Rust `regex` syntax.
    Pattern(OriginPattern),
}

/// A pattern an origin is matched against.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginPattern {
    /// The pattern as written in the input.
    pub source: String,
    /// The same pattern in Rust `regex` syntax (`None` when it cannot be translated,
    /// e.g. look-around).
    pub regex: Option<String>,
    pub mode: MatchMode,
    pub kind: PatternKind,
    pub case_insensitive: bool,
}

impl OriginRule {
    /// An origin-looking literal as a rule (`null`, `*`, `http://...`, `https://...`);
    /// other strings are not origins.
    pub fn literal(lit: &str) -> Option<OriginRule> {
        let l = lit.trim().to_ascii_lowercase();
        if l == "null" {
            Some(OriginRule::Null)
        } else if l == "*" {
            Some(OriginRule::Any)
        } else if (l.starts_with("https://") || l.starts_with("http://"))
            && !l.contains(['*', ' ', '$', '{'])
        {
            Some(OriginRule::Exact(l.trim_end_matches('/').to_owned()))
        } else {
            None
        }
    }

    /// A regex written in code or configuration, translated from its dialect.
    pub fn regex(source: &str, flags: &str, flavor: Flavor, mode: MatchMode) -> OriginRule {
        OriginRule::Pattern(OriginPattern {
            source: source.to_owned(),
            regex: translate(source, flavor).ok(),
            mode,
            kind: PatternKind::Regex,
            case_insensitive: flags.contains('i'),
        })
    }

    /// A `*` wildcard origin (`https://*.acme.com`, rs/cors `https://*acme.com`, S3
    /// `http://*.acme.com`, API Gateway `https://*`): `*` matches any run of
    /// characters and the whole origin must match.
    pub fn wildcard(pattern: &str) -> OriginRule {
        let p = pattern.trim().to_ascii_lowercase();
        let regex = p
            .split('*')
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join(".*");
        OriginRule::Pattern(OriginPattern {
            source: pattern.trim().to_owned(),
            regex: Some(regex),
            mode: MatchMode::Full,
            kind: PatternKind::Wildcard,
            case_insensitive: true,
        })
    }
}

/// An origin entry and where the input sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginEntry {
    pub rule: OriginRule,
    pub at: Span,
}

/// What "all origins" plus credentials really sends, framework by framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnyWithCredentials {
    /// Echoes the request's Origin (Starlette, Flask-CORS, django-cors-headers,
    /// Spring `allowedOriginPatterns("*")`).
    Reflects,
    /// Sends a literal `*` that browsers refuse to combine with credentials.
    Literal,
    /// Refuses to start (rack-cors, Spring `allowedOrigins("*")`, ASP.NET Core).
    Rejects,
}

/// Whether responses carry `Vary: Origin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VaryOrigin {
    Present,
    Absent,
    /// The framework adds it for non-`*` answers.
    FrameworkAdds,
}

/// A CORS policy normalised from any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub origins: Vec<OriginEntry>,
    /// Where credentials are switched on, if they are.
    pub credentials: Option<Span>,
    pub any_with_credentials: AnyWithCredentials,
    /// "All origins" echoes the request's Origin even without credentials
    /// (Flask-CORS with its default `send_wildcard=False`).
    pub any_reflects: bool,
    /// Explicitly configured methods (upper case); empty when not configured.
    pub methods: Vec<String>,
    /// Where `methods` (or "any method") is set.
    pub methods_at: Option<Span>,
    /// Methods are explicitly "any" (`*`, `AllowAnyMethod()`, `:any`).
    pub methods_any: bool,
    /// When no methods are configured: does the framework default include
    /// state-changing methods?
    pub default_methods_write: bool,
    /// Headers are explicitly "any" (`*`, `AllowAnyHeader()`, reflected request headers).
    pub headers_any: Option<Span>,
    pub max_age: Option<(u64, Span)>,
    pub vary: VaryOrigin,
    /// The origin answer depends on the request (reflection, list or pattern echo)
    /// rather than being one fixed value.
    pub dynamic: bool,
    pub private_network: Option<Span>,
    /// The path or resource the policy applies to, when the format says.
    pub scope: Option<String>,
    /// Where the policy starts, for findings with no better line.
    pub at: Span,
    /// The scope's other directives, one line each with its terminator and relative
    /// indentation, which the fixed snippet keeps so it can replace the block as it is
    /// (nginx: `proxy_pass`, `try_files`, other `add_header`s, an `if` block).
    pub kept: Vec<String>,
}

impl Policy {
    /// An empty policy with the given framework defaults.
    pub fn new(at: Span, any: AnyWithCredentials, vary: VaryOrigin, default_write: bool) -> Policy {
        Policy {
            origins: Vec::new(),
            credentials: None,
            any_with_credentials: any,
            any_reflects: false,
            methods: Vec::new(),
            methods_at: None,
            methods_any: false,
            default_methods_write: default_write,
            headers_any: None,
            max_age: None,
            vary,
            dynamic: false,
            private_network: None,
            scope: None,
            at,
            kept: Vec::new(),
        }
    }

    /// Does the policy say anything about CORS at all?
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
            && self.credentials.is_none()
            && self.private_network.is_none()
            && self.max_age.is_none()
            && !self.methods_any
            && self.headers_any.is_none()
    }

    /// Are state-changing methods allowed (explicitly, or by the framework's default)?
    pub fn allows_write_methods(&self) -> bool {
        if self.methods_any {
            return true;
        }
        if self.methods.is_empty() {
            return self.default_methods_write;
        }
        self.methods
            .iter()
            .any(|m| matches!(m.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
    }

    /// A one-line summary of the policy, for reports.
    pub fn summary(&self) -> String {
        let origins: Vec<String> = self
            .origins
            .iter()
            .map(|o| match &o.rule {
                OriginRule::Any => "*".to_owned(),
                OriginRule::Reflect => "reflect".to_owned(),
                OriginRule::Null => "null".to_owned(),
                OriginRule::Exact(s) => s.clone(),
                OriginRule::Pattern(p) => {
                    format!("{} ({}, {})", p.source, kind_name(p.kind), p.mode.as_str())
                }
            })
            .collect();
        let mut out = format!("origins: [{}]", origins.join(", "));
        out.push_str(if self.credentials.is_some() {
            "; credentials: true"
        } else {
            "; credentials: false"
        });
        if self.methods_any {
            out.push_str("; methods: *");
        } else if !self.methods.is_empty() {
            out.push_str(&format!("; methods: {}", self.methods.join(",")));
        }
        if self.headers_any.is_some() {
            out.push_str("; headers: *");
        }
        if let Some((age, _)) = self.max_age {
            out.push_str(&format!("; max-age: {age}"));
        }
        if self.private_network.is_some() {
            out.push_str("; private-network: true");
        }
        if let Some(scope) = &self.scope {
            out.push_str(&format!("; scope: {scope}"));
        }
        out
    }
}

/// One policy read from the input, with what the reader learned beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    pub policy: Policy,
    /// Raw headers: the probe command to run.
    pub curl: Option<String>,
    /// Raw headers: a specific origin with credentials whose source cannot be told
    /// from the response alone.
    pub unproven_reflection: Option<Span>,
    /// Raw headers: the pasted request origin that was echoed.
    pub proven_reflection: Option<String>,
}

impl Parsed {
    pub fn new(format: Format, policy: Policy) -> Parsed {
        Parsed {
            format,
            policy,
            curl: None,
            unproven_reflection: None,
            proven_reflection: None,
        }
    }
}

fn kind_name(kind: PatternKind) -> &'static str {
    match kind {
        PatternKind::Regex => "regex",
        PatternKind::Wildcard => "wildcard",
        PatternKind::Matcher => "matcher",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_methods_follow_explicit_list_then_default() {
        let mut p = Policy::new(
            Span::default(),
            AnyWithCredentials::Literal,
            VaryOrigin::Absent,
            true,
        );
        assert!(p.allows_write_methods());
        p.methods = vec!["GET".into(), "HEAD".into()];
        assert!(!p.allows_write_methods());
        p.methods.push("DELETE".into());
        assert!(p.allows_write_methods());
    }
}
