//! Hosting bases where anyone can register a subdomain (the "private" part of the
//! Public Suffix List that founders' apps actually live on).
//!
//! Trusting `*.vercel.app` trusts every app anyone deploys on Vercel: an attacker signs
//! up, deploys `evil.vercel.app` and is inside the allowlist. Kept sorted and unique
//! (a test checks), lowercase, without a leading dot.

/// Suffixes under which an attacker can obtain a host of their choosing.
pub const ATTACKER_REGISTRABLE: &[&str] = &[
    "amplifyapp.com",
    "appspot.com",
    "azurestaticapps.net",
    "azurewebsites.net",
    "bitbucket.io",
    "cloudfront.net",
    "codesandbox.io",
    "csb.app",
    "deno.dev",
    "firebaseapp.com",
    "fly.dev",
    "framer.app",
    "framer.website",
    "github.io",
    "gitlab.io",
    "glitch.me",
    "herokuapp.com",
    "loca.lt",
    "lovable.app",
    "lovableproject.com",
    "netlify.app",
    "netlify.com",
    "ngrok-free.app",
    "ngrok.app",
    "ngrok.io",
    "now.sh",
    "onrender.com",
    "pages.dev",
    "railway.app",
    "repl.co",
    "replit.app",
    "replit.dev",
    "run.app",
    "stackblitz.io",
    "supabase.co",
    "surge.sh",
    "up.railway.app",
    "vercel.app",
    "web.app",
    "webflow.io",
    "wixsite.com",
    "workers.dev",
];

/// The attacker-registrable suffix `host` is, or lies directly under, if any.
///
/// `vercel.app` and `acme.vercel.app` both return `Some("vercel.app")`: for the
/// second, an attacker can still register the sibling `acme-evil.vercel.app`.
pub fn registrable_base(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    ATTACKER_REGISTRABLE
        .iter()
        .filter(|ps| host == **ps || host.ends_with(&format!(".{ps}")))
        .max_by_key(|ps| ps.len())
        .copied()
}

/// Is `host` exactly an attacker-registrable suffix (so `*.host` trusts strangers)?
pub fn is_registrable_suffix(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    ATTACKER_REGISTRABLE.contains(&host.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_unique_and_lowercase() {
        let mut sorted = ATTACKER_REGISTRABLE.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ATTACKER_REGISTRABLE);
        for s in ATTACKER_REGISTRABLE {
            assert_eq!(s.to_ascii_lowercase(), *s);
            assert!(!s.starts_with('.'), "{s}");
        }
    }

    #[test]
    fn bases_are_found_for_the_suffix_and_its_subdomains() {
        assert!(is_registrable_suffix("vercel.app"));
        assert!(is_registrable_suffix("Web.App."));
        assert!(!is_registrable_suffix("acme.vercel.app"));
        assert_eq!(registrable_base("acme.web.app"), Some("web.app"));
        assert_eq!(registrable_base("x.up.railway.app"), Some("up.railway.app"));
        assert_eq!(registrable_base("acme.com"), None);
        assert_eq!(registrable_base("notvercel.app"), None);
    }
}
