//! The one policy model every format is normalised to, and the framework semantics
//! that decide what a policy really sends.

use serde::{Deserialize, Serialize};

/// A 1-based position in the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
}

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

fn kind_name(kind: PatternKind) -> &'static str {
    match kind {
        PatternKind::Regex => "regex",
        PatternKind::Wildcard => "wildcard",
        PatternKind::Matcher => "matcher",
    }
}

/// Maps byte offsets to 1-based line and column, in O(log lines) per lookup.
pub struct Locator {
    line_starts: Vec<usize>,
}

impl Locator {
    pub fn new(text: &str) -> Locator {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { line_starts }
    }

    /// The span of a byte offset (columns count bytes, 1-based).
    pub fn span(&self, offset: usize) -> Span {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let col = offset.saturating_sub(self.line_starts[idx]);
        Span {
            line: u32::try_from(idx + 1).unwrap_or(u32::MAX),
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_counts_lines_and_columns_from_one() {
        let loc = Locator::new("ab\ncd\n\nef");
        assert_eq!(loc.span(0), Span { line: 1, column: 1 });
        assert_eq!(loc.span(4), Span { line: 2, column: 2 });
        assert_eq!(loc.span(7), Span { line: 4, column: 1 });
        assert_eq!(loc.span(999).line, 4);
    }

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
