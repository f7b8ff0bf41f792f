//! The one finding format on the wire, and its one reader.
//!
//! A [`Finding`] travels as one flat JSON object: the common fields, then the secret
//! detail's fields side by side (`verdict`, `masked`, `fingerprint`…), or a `cors`
//! or `access` object. The same shape is written by `shipcheck scan --format json`, read by
//! `shipcheck assess --findings`, and sent by the scan worker to the page. The reader
//! refuses what it does not understand — an unknown field, a secret finding without
//! its masked value, a CORS or access finding without its detail — with the path of the field,
//! so that nothing is ever silently read as nothing.
//!
//! ```text
//! { "rule", "category" ("secret"|"cors"|"access"), "severity" ("critical"…"info"),
//!   "verdict" ("secret"|"public"|"test"; secrets only),
//!   "title", "why", "fix", "file", "line", "column" (1-based, column in characters),
//!   "start", "end" (byte offsets of the secret in the file; secrets only),
//!   "context" ("client-bundle"|"server-env"|"source-code"|"config"|"unknown"),
//!   "location", "masked", "fingerprint", "provider", "entropy", "remediation"
//!   (secrets only), "rotate_url", "note", "public_env_name",
//!   "jwt" {role, iss, ref, sub, exp, expired, alg} (secrets, optional),
//!   "origin" {source, line, column} (source maps), "cors" {...} (CORS only),
//!   "access" {exposure, object, source, who, operations, fixed_snippet, variant?,
//!             cites? {file, line}, note?} (database access only) }
//! ```

use std::borrow::Cow;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    AccessDetail, Category, Context, CorsDetail, Finding, JwtClaims, SecretDetail, Severity,
    SourceOrigin, Verdict,
};

/// The schema id of the scan document (`shipcheck scan --format json`). Fields are
/// only ever added within one version; a reader refuses any other version.
pub const SCAN_SCHEMA: &str = "shipcheck-scan/1";

/// Why a scan document or a finding on the wire was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    /// Where in the document (`findings[2].severity`), or empty for the whole.
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for WireError {}

/// Reads any wire value (a finding, a scan document…) from JSON text, naming the
/// path of the first field that does not fit.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, WireError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // serde_json appends " at line L column C": keep it, it helps find the spot.
        WireError {
            path,
            message: inner.to_string(),
        }
    })
}

/// A finding as one flat object. Text borrows where it can, both ways.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Flat<'a> {
    #[serde(borrow)]
    rule: Cow<'a, str>,
    category: Category,
    severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verdict: Option<Verdict>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(borrow)]
    why: Cow<'a, str>,
    #[serde(borrow)]
    fix: Cow<'a, str>,
    #[serde(borrow)]
    file: Cow<'a, str>,
    line: u32,
    column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    context: Context,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    location: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    masked: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    fingerprint: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    provider: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entropy: Option<f64>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    remediation: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    rotate_url: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    note: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    public_env_name: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jwt: Option<Cow<'a, JwtClaims>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Cow<'a, SourceOrigin>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cors: Option<Cow<'a, CorsDetail>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access: Option<Cow<'a, AccessDetail>>,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.secret.as_ref();
        fn text(v: &str) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(v))
        }
        Flat {
            rule: Cow::Borrowed(&self.rule),
            category: self.category,
            severity: self.severity,
            verdict: d.map(|d| d.verdict),
            title: Cow::Borrowed(&self.title),
            why: Cow::Borrowed(&self.why),
            fix: Cow::Borrowed(&self.fix),
            file: Cow::Borrowed(&self.file),
            line: self.line,
            column: self.column,
            start: d.map(|d| d.start),
            end: d.map(|d| d.end),
            context: self.context,
            location: d.and_then(|d| text(&d.location)),
            masked: d.and_then(|d| text(&d.masked)),
            fingerprint: d.and_then(|d| text(&d.fingerprint)),
            provider: d.and_then(|d| text(&d.provider)),
            entropy: d.map(|d| d.entropy),
            remediation: d.and_then(|d| text(&d.remediation)),
            rotate_url: d.and_then(|d| d.rotate_url.as_deref().map(Cow::Borrowed)),
            note: d.and_then(|d| d.note.as_deref().map(Cow::Borrowed)),
            public_env_name: d.and_then(|d| d.public_env_name.as_deref().map(Cow::Borrowed)),
            jwt: d.and_then(|d| d.jwt.as_ref().map(Cow::Borrowed)),
            origin: self.origin.as_ref().map(Cow::Borrowed),
            cors: self.cors.as_ref().map(Cow::Borrowed),
            access: self.access.as_ref().map(Cow::Borrowed),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        Flat::deserialize(d)?
            .into_finding()
            .map_err(D::Error::custom)
    }
}

impl Flat<'_> {
    /// The finding, if the fields present are the ones its category carries.
    fn into_finding(self) -> Result<Finding, String> {
        let secret_fields = [
            ("verdict", self.verdict.is_some()),
            ("masked", self.masked.is_some()),
            ("fingerprint", self.fingerprint.is_some()),
            ("provider", self.provider.is_some()),
            ("start", self.start.is_some()),
            ("end", self.end.is_some()),
            ("entropy", self.entropy.is_some()),
            ("location", self.location.is_some()),
        ];
        let secret = match self.category {
            Category::Secret => {
                if let Some((name, _)) = secret_fields.iter().find(|(_, present)| !present) {
                    return Err(format!("a secret finding needs {name:?}"));
                }
                if self.cors.is_some() || self.access.is_some() {
                    return Err("a secret finding has no \"cors\" or \"access\" detail".into());
                }
                Some(SecretDetail {
                    verdict: self.verdict.unwrap_or_default(),
                    masked: owned(self.masked),
                    provider: owned(self.provider),
                    start: self.start.unwrap_or(0),
                    end: self.end.unwrap_or(0),
                    fingerprint: owned(self.fingerprint),
                    entropy: self.entropy.unwrap_or(0.0),
                    location: owned(self.location),
                    remediation: owned(self.remediation),
                    rotate_url: self.rotate_url.map(Cow::into_owned),
                    note: self.note.map(Cow::into_owned),
                    jwt: self.jwt.map(Cow::into_owned),
                    public_env_name: self.public_env_name.map(Cow::into_owned),
                })
            }
            Category::Cors => {
                if let Some((name, _)) = secret_fields.iter().find(|(_, present)| *present) {
                    return Err(format!(
                        "a CORS finding has no {name:?} (secret findings only)"
                    ));
                }
                if self.cors.is_none() {
                    return Err("a CORS finding needs its \"cors\" detail".into());
                }
                if self.access.is_some() {
                    return Err("a CORS finding has no \"access\" detail".into());
                }
                None
            }
            Category::Access => {
                if let Some((name, _)) = secret_fields.iter().find(|(_, present)| *present) {
                    return Err(format!(
                        "an access finding has no {name:?} (secret findings only)"
                    ));
                }
                if self.access.is_none() {
                    return Err("an access finding needs its \"access\" detail".into());
                }
                if self.cors.is_some() {
                    return Err("an access finding has no \"cors\" detail".into());
                }
                None
            }
        };
        Ok(Finding {
            rule: self.rule.into_owned(),
            category: self.category,
            severity: self.severity,
            title: self.title.into_owned(),
            why: self.why.into_owned(),
            fix: self.fix.into_owned(),
            file: self.file.into_owned(),
            line: self.line,
            column: self.column,
            context: self.context,
            origin: self.origin.map(Cow::into_owned),
            secret,
            cors: self.cors.map(Cow::into_owned),
            access: self.access.map(Cow::into_owned),
        })
    }
}

fn owned(v: Option<Cow<'_, str>>) -> String {
    v.map(Cow::into_owned).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Finding {
        Finding {
            rule: "stripe-secret-key".into(),
            category: Category::Secret,
            severity: Severity::Critical,
            title: "Stripe live secret key".into(),
            why: "w".into(),
            fix: "f".into(),
            file: ".env".into(),
            line: 3,
            column: 19,
            context: Context::ServerEnv,
            origin: None,
            secret: Some(SecretDetail {
                verdict: Verdict::Secret,
                masked: "sk_live_…abcd".into(),
                provider: "Stripe".into(),
                start: 40,
                end: 72,
                fingerprint: "0123456789abcdef".into(),
                entropy: 4.5,
                location: "in a server env file".into(),
                remediation: "Roll it in the Stripe dashboard.".into(),
                rotate_url: Some("https://dashboard.stripe.com/apikeys".into()),
                note: None,
                jwt: None,
                public_env_name: None,
            }),
            cors: None,
            access: None,
        }
    }

    fn cors() -> Finding {
        Finding {
            rule: "cors-reflected-origin-with-credentials".into(),
            category: Category::Cors,
            secret: None,
            cors: Some(CorsDetail {
                fixed_snippet: "cors({ origin: ['https://app.example'] })".into(),
                credentials: true,
                ..CorsDetail::default()
            }),
            context: Context::SourceCode,
            ..secret()
        }
    }

    fn access() -> Finding {
        Finding {
            rule: "access-rls-disabled".into(),
            category: Category::Access,
            secret: None,
            access: Some(AccessDetail {
                exposure: "Anyone with your site's public key can read every row of `orders`."
                    .into(),
                object: "public.orders".into(),
                source: "sql".into(),
                who: "anyone".into(),
                operations: vec!["read".into()],
                fixed_snippet: "alter table public.orders enable row level security;".into(),
                cites: Some(super::super::Citation {
                    file: "supabase/migrations/1_init.sql".into(),
                    line: 4,
                }),
                ..AccessDetail::default()
            }),
            context: Context::Config,
            ..secret()
        }
    }

    #[test]
    fn findings_round_trip_through_the_flat_shape() {
        for f in [secret(), cors(), access()] {
            let json = serde_json::to_string(&f).unwrap();
            assert!(!json.contains("\"secret\":{"), "flat, not nested: {json}");
            let back: Finding = from_json(&json).unwrap();
            assert_eq!(back, f);
        }
        let json = serde_json::to_value(secret()).unwrap();
        assert_eq!(json["masked"], "sk_live_…abcd");
        assert_eq!(json["verdict"], "secret");
    }

    #[test]
    fn the_reader_refuses_what_it_does_not_understand_naming_the_field() {
        let mut unknown = serde_json::to_value(secret()).unwrap();
        unknown["colour"] = "red".into();
        let e = from_json::<Finding>(&unknown.to_string()).unwrap_err();
        assert!(e.message.contains("unknown field `colour`"), "{e}");

        let mut bad = serde_json::to_value(secret()).unwrap();
        bad["severity"] = "urgent".into();
        let e = from_json::<Vec<Finding>>(&format!("[{bad}]")).unwrap_err();
        assert_eq!(e.path, "[0].severity", "{e}");
        assert!(e.message.contains("unknown variant `urgent`"), "{e}");

        let mut no_mask = serde_json::to_value(secret()).unwrap();
        no_mask.as_object_mut().unwrap().remove("masked");
        let e = from_json::<Finding>(&no_mask.to_string()).unwrap_err();
        assert!(
            e.message.contains("a secret finding needs \"masked\""),
            "{e}"
        );

        let mut no_detail = serde_json::to_value(cors()).unwrap();
        no_detail.as_object_mut().unwrap().remove("cors");
        let e = from_json::<Finding>(&no_detail.to_string()).unwrap_err();
        assert!(e.message.contains("needs its \"cors\" detail"), "{e}");

        let mut no_access = serde_json::to_value(access()).unwrap();
        no_access.as_object_mut().unwrap().remove("access");
        let e = from_json::<Finding>(&no_access.to_string()).unwrap_err();
        assert!(e.message.contains("needs its \"access\" detail"), "{e}");
        let mut both = serde_json::to_value(access()).unwrap();
        both["cors"] = serde_json::to_value(CorsDetail::default()).unwrap();
        let e = from_json::<Finding>(&both.to_string()).unwrap_err();
        assert!(e.message.contains("has no \"cors\" detail"), "{e}");

        // The nested shape of an older internal format is not read as a finding
        // without its secret.
        let nested = r#"{"rule":"x","category":"secret","severity":"high","title":"t","why":"w","fix":"f","file":"a","line":1,"column":1,"context":"unknown","secret":{"masked":"m"}}"#;
        assert!(from_json::<Finding>(nested).is_err());
    }
}
