//! AWS S3 CORS configuration in XML (`<CORSConfiguration><CORSRule>...`).
//!
//! Only element text is read, so `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`
//! is never mistaken for an allowed origin.

use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, OriginEntry, OriginRule, Policy, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;
use crate::scan::cors::readers::header_policy::origin_rule;
use crate::scan::cors::readers::syntax::MAX_SITES;

builtin_patterns! {
    /// One `<CORSRule>` element and its body.
    cors_rule = r"(?is)<CORSRule\b[^>]{0,200}>(.*?)</CORSRule\s*>";
    /// A child element of a rule and its text.
    rule_element = r"(?i)<(AllowedOrigin|AllowedMethod|AllowedHeader|MaxAgeSeconds)\s*>\s*([^<]{0,500}?)\s*</";
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    for rule in cors_rule().captures_iter(text).take(MAX_SITES) {
        let (Some(whole), Some(body)) = (rule.get(0), rule.get(1)) else {
            continue;
        };
        let mut p = Policy::new(
            loc.span(whole.start()),
            AnyWithCredentials::Literal,
            VaryOrigin::FrameworkAdds,
            false,
        );
        for e in rule_element().captures_iter(body.as_str()) {
            let (Some(name), Some(value)) = (e.get(1), e.get(2)) else {
                continue;
            };
            let at = loc.span(body.start() + value.start());
            let v = value.as_str().trim();
            match name.as_str().to_ascii_lowercase().as_str() {
                "allowedorigin" => {
                    let rule = if v == "*" {
                        OriginRule::Any
                    } else {
                        p.credentials.get_or_insert(at);
                        if v.contains('*') {
                            OriginRule::wildcard(v)
                        } else {
                            origin_rule(v).unwrap_or(OriginRule::Any)
                        }
                    };
                    p.origins.push(OriginEntry { rule, at });
                }
                "allowedmethod" => {
                    p.methods_at.get_or_insert(at);
                    if v == "*" {
                        p.methods_any = true;
                    } else {
                        p.methods.push(v.to_ascii_uppercase());
                    }
                }
                "allowedheader" if v == "*" => p.headers_any = Some(at),
                "maxageseconds" => {
                    if let Ok(n) = v.parse::<u64>() {
                        p.max_age = Some((n, at));
                    }
                }
                _ => {}
            }
        }
        if !p.is_empty() {
            out.push(Parsed::new(Format::S3Xml, p));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_urls_are_not_origins() {
        let text = "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n <CORSRule>\n  <AllowedOrigin>https://app.acme.com</AllowedOrigin>\n  <AllowedMethod>GET</AllowedMethod>\n </CORSRule>\n</CORSConfiguration>";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].policy.origins.len(), 1);
        assert_eq!(
            ps[0].policy.origins[0].rule,
            OriginRule::Exact("https://app.acme.com".into())
        );
        assert_eq!(ps[0].policy.origins[0].at.line, 3);
    }
}
