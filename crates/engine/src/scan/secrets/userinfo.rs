//! Passwords in URLs (`scheme://user:password@host`): the host says whether the
//! URL is an example or a real server.
//!
//! A stand-in such as `pass456` or `passw0rd` is dropped as a placeholder
//! elsewhere, because documentation is full of them. In a URL that points at a
//! real remote server (`cluster0.ab12c.mongodb.net`, `rabbitmq.acme.io`,
//! `34.120.5.9`) the same value is a password someone set — a weak one, which
//! makes the leak worse, not better. Only values that name their role exactly
//! (`password`, `secret`) or are template slots (`<password>`, `${DB_PASS}`)
//! stay placeholders there.

/// Top-level and second-level names reserved for examples and local use
/// (RFC 2606, RFC 6761, mDNS, the usual private zones).
const RESERVED_TLDS: &[&str] = &[
    "example",
    "invalid",
    "test",
    "localhost",
    "local",
    "internal",
    "lan",
    "home",
    "corp",
    "localdomain",
];
const EXAMPLE_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

/// The host of the URL whose userinfo ends at `secret_end` (the byte there is
/// `@`), when that host is a real remote server: a DNS name of two or more
/// labels under a top-level name that is not reserved, or a public IPv4
/// address. `None` for local, private, reserved, single-label (`db`,
/// `postgres`: a compose service) and template hosts.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::userinfo::remote_host;
/// let url = b"mongodb+srv://app:pass456@cluster0.ab12c.mongodb.net/app";
/// assert_eq!(remote_host(url, 25), Some("cluster0.ab12c.mongodb.net"));
/// let local = b"amqp://guest:guest@localhost:5672/";
/// assert_eq!(remote_host(local, 18), None);
/// ```
pub fn remote_host(text: &[u8], secret_end: usize) -> Option<&str> {
    if text.get(secret_end) != Some(&b'@') {
        return None;
    }
    let rest = &text[secret_end + 1..text.len().min(secret_end + 1 + 256)];
    let len = rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    let host = std::str::from_utf8(&rest[..len])
        .ok()?
        .trim_end_matches('.');
    is_remote(host).then_some(host)
}

fn is_remote(host: &str) -> bool {
    let lower = host.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    if let Some(ip) = ipv4(&labels) {
        return is_public_ipv4(ip);
    }
    let tld = labels[labels.len() - 1];
    let domain = format!("{}.{tld}", labels[labels.len() - 2]);
    (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && !RESERVED_TLDS.contains(&tld)
        && !EXAMPLE_DOMAINS.contains(&domain.as_str())
        // A host written as a slot to fill (`xxxxx.mongodb.net`, `your-host.com`)
        // is itself a placeholder.
        && !labels.iter().any(|l| l.contains("xxx") || l.starts_with("your"))
}

fn ipv4(labels: &[&str]) -> Option<[u8; 4]> {
    if labels.len() != 4 {
        return None;
    }
    let mut ip = [0u8; 4];
    for (octet, label) in ip.iter_mut().zip(labels) {
        *octet = label.parse().ok()?;
    }
    Some(ip)
}

/// Not loopback, private (RFC 1918), link-local, carrier-grade NAT,
/// documentation (RFC 5737) or unspecified.
fn is_public_ipv4([a, b, c, _]: [u8; 4]) -> bool {
    !(a == 0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && c == 2)
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_servers_are_remote_and_examples_are_not() {
        for (url, remote) in [
            ("mongodb+srv://u:p@cluster0.ab12c.mongodb.net/x", true),
            ("amqps://u:p@rabbitmq-host.acme.io:5672/v", true),
            (
                "postgres://u:p@db.abcdefghijklmnop.supabase.co:5432/postgres",
                true,
            ),
            ("mysql://u:p@34.120.5.9/app", true),
            ("ftp://u:p@ftp.trusted.com", true),
            ("postgres://u:p@localhost:5432/app", false),
            ("postgres://u:p@db:5432/app", false),
            ("redis://u:p@127.0.0.1:6379", false),
            ("redis://u:p@10.0.1.2:6379", false),
            ("redis://u:p@192.168.1.20:6379", false),
            ("mysql://u:p@192.0.2.10/app", false),
            ("postgres://u:p@db.example.com/app", false),
            ("postgres://u:p@api.example/app", false),
            ("postgres://u:p@db.internal:5432/app", false),
            ("postgres://u:p@postgres.local/app", false),
            ("mongodb+srv://u:p@cluster0.xxxxx.mongodb.net/", false),
            ("mongodb+srv://u:p@your-cluster.mongodb.net/", false),
            ("postgres://u:p", false),
        ] {
            let at = url.find('@').unwrap_or(url.len());
            assert_eq!(remote_host(url.as_bytes(), at).is_some(), remote, "{url}");
        }
    }
}
