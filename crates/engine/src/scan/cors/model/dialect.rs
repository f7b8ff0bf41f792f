//! Regex dialects: what a pattern written for JavaScript, Python, Ruby or a PCRE-like
//! engine (Go RE2, Java, .NET, nginx, Apache) becomes in Rust `regex` syntax, so the
//! prover can run it the way the framework would.

/// Which regex dialect a pattern was written in (what to translate from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    JavaScript,
    Python,
    Ruby,
    /// Go RE2, Java, .NET, PCRE (nginx, Apache): close enough to Rust's syntax once
    /// the few differences below are translated.
    Pcre,
}

/// Translates a regex from another dialect to Rust `regex` syntax, or says why not.
pub fn translate(source: &str, flavor: Flavor) -> Result<String, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&n) = chars.get(i + 1) else {
                return Err("the pattern ends with a lone backslash".into());
            };
            match n {
                '/' => out.push('/'),
                'Z' | 'z' => out.push_str(r"\z"),
                'h' if flavor == Flavor::Ruby => out.push_str("[0-9a-fA-F]"),
                '1'..='9' => return Err("back-references are not supported by the prover".into()),
                'Q' => {
                    let mut lit = String::new();
                    let mut j = i + 2;
                    while j < chars.len() && !(chars[j] == '\\' && chars.get(j + 1) == Some(&'E')) {
                        lit.push(chars[j]);
                        j += 1;
                    }
                    out.push_str(&regex::escape(&lit));
                    i = j + 2;
                    continue;
                }
                _ => {
                    out.push('\\');
                    out.push(n);
                }
            }
            i += 2;
            continue;
        }
        if c == '(' && chars.get(i + 1) == Some(&'?') {
            match chars.get(i + 2) {
                Some('=') | Some('!') => {
                    return Err("look-ahead is not supported by Rust's regex engine".into())
                }
                Some('>') => {
                    return Err("atomic groups are not supported by Rust's regex engine".into())
                }
                Some('<') if matches!(chars.get(i + 3), Some('=') | Some('!')) => {
                    return Err("look-behind is not supported by Rust's regex engine".into())
                }
                _ => {}
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_syntax_is_reported_not_guessed() {
        assert!(
            translate(r"^https://(?!evil)\w+\.acme\.com$", Flavor::JavaScript)
                .unwrap_err()
                .contains("look-ahead")
        );
        assert!(translate(r"(a)\1", Flavor::Python)
            .unwrap_err()
            .contains("back-references"));
    }

    #[test]
    fn translation_handles_dialect_escapes() {
        assert_eq!(
            translate(r"^https:\/\/a\.com\Z", Flavor::Ruby).unwrap(),
            r"^https://a\.com\z"
        );
        assert_eq!(
            translate(r"\Qhttps://a.com\E", Flavor::Pcre).unwrap(),
            r"https://a\.com"
        );
    }
}
