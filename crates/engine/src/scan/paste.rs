//! What a founder says a paste is, which decides how a leaked key in it is read:
//! the context for the secret scanner and, for response headers, the CORS format.

use super::ScanInput;
use crate::finding::Context;

/// The name every paste is scanned and reported under.
pub const PASTE_NAME: &str = "pasted text";

/// What the pasted text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasteKind {
    /// Let the scanner tell from the content.
    #[default]
    Auto,
    EnvFile,
    Bundle,
    ServerCode,
    Config,
    ResponseHeaders,
}

impl PasteKind {
    pub const ALL: [PasteKind; 6] = [
        PasteKind::Auto,
        PasteKind::EnvFile,
        PasteKind::Bundle,
        PasteKind::ServerCode,
        PasteKind::Config,
        PasteKind::ResponseHeaders,
    ];

    /// A stable id (for forms and tests).
    pub fn id(self) -> &'static str {
        match self {
            PasteKind::Auto => "auto",
            PasteKind::EnvFile => "env",
            PasteKind::Bundle => "bundle",
            PasteKind::ServerCode => "server",
            PasteKind::Config => "config",
            PasteKind::ResponseHeaders => "headers",
        }
    }

    /// The kind with this id; [`PasteKind::Auto`] for anything else.
    pub fn from_id(id: &str) -> PasteKind {
        PasteKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .unwrap_or_default()
    }

    /// What a founder picks from.
    pub fn label(self) -> &'static str {
        match self {
            PasteKind::Auto => "Tell from the content",
            PasteKind::EnvFile => "A .env or secrets file",
            PasteKind::Bundle => "Built JavaScript (what the browser downloads)",
            PasteKind::ServerCode => "Server code",
            PasteKind::Config => "A config file (JSON, YAML, TOML, nginx…)",
            PasteKind::ResponseHeaders => "Response headers (DevTools or curl -i)",
        }
    }

    /// Where text of this kind ends up (`None`: told from the content).
    pub fn context(self) -> Option<Context> {
        match self {
            PasteKind::Auto => None,
            PasteKind::EnvFile => Some(Context::ServerEnv),
            PasteKind::Bundle => Some(Context::ClientBundle),
            PasteKind::ServerCode => Some(Context::SourceCode),
            PasteKind::Config | PasteKind::ResponseHeaders => Some(Context::Config),
        }
    }

    /// The CORS format text of this kind is read as (`None`: detected).
    pub fn cors_format(self) -> Option<&'static str> {
        match self {
            PasteKind::ResponseHeaders => Some("raw-headers"),
            _ => None,
        }
    }

    /// The scan input for `text` pasted as this kind.
    pub fn input(self, text: &str) -> ScanInput {
        ScanInput::new(PASTE_NAME, text.as_bytes())
            .with_context(self.context())
            .with_format(self.cors_format())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::scan::Scanner;

    #[test]
    fn ids_round_trip_and_unknown_is_auto() {
        for k in PasteKind::ALL {
            assert_eq!(PasteKind::from_id(k.id()), k);
        }
        assert_eq!(PasteKind::from_id("nonsense"), PasteKind::Auto);
    }

    #[test]
    fn the_kind_decides_the_context_not_a_made_up_file_name() {
        let key = "STRIPE_SECRET_KEY=sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\n";
        let scan = |kind: PasteKind| {
            let r = Scanner::built_in().scan(vec![kind.input(key)]);
            let f = &r.findings[0];
            assert_eq!(f.file, PASTE_NAME);
            (f.context, f.severity)
        };
        assert_eq!(
            scan(PasteKind::Bundle),
            (Context::ClientBundle, Severity::Critical)
        );
        assert_eq!(scan(PasteKind::EnvFile).0, Context::ServerEnv);
        let headers = "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nAccess-Control-Allow-Credentials: true\n";
        let r = Scanner::built_in().scan(vec![PasteKind::ResponseHeaders.input(headers)]);
        let cors = r
            .findings
            .iter()
            .find(|f| f.cors.is_some())
            .expect("a CORS finding");
        assert_eq!(cors.cors.as_ref().unwrap().format, "raw-headers");
    }
}
