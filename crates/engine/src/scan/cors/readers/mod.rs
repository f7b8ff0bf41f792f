//! The readers: one per format family, each turning a text into [`Parsed`] policies.
//! They depend on the [`model`](super::model) only; the shared lexing of code
//! ([`syntax`]), the origin checks written in code ([`matchers`]) and the headers set
//! by hand ([`code_headers`], [`header_policy`]) are theirs too.

use crate::scan::cors::model::{Family, Format, Parsed};

mod apache;
mod code_headers;
mod configs;
mod dotnet;
mod go;
mod hcl;
mod header_policy;
mod java;
mod js;
pub mod lexis;
mod matchers;
mod nginx;
mod php;
mod python;
mod ruby;
mod scopes;
mod syntax;
mod taint;

/// Reads `text` as `format` into policies. Comments are blanked first, the way the
/// format's language writes them, so no comment changes what a reader sees.
pub fn parse(text: &str, format: Format) -> Vec<Parsed> {
    let code = lexis::blank_comments(text, lexis::Lexis::of(format.family()));
    read(&code, format)
}

fn read(text: &str, format: Format) -> Vec<Parsed> {
    match format.family() {
        Family::JavaScript => js::parse(text, format),
        Family::Json => configs::json::parse(text, format),
        Family::Toml => configs::toml::parse(text),
        Family::HeadersFile => configs::headers_file::parse(text),
        Family::Xml => configs::xml::parse(text),
        Family::Yaml if format == Format::Nelmio => configs::nelmio::parse(text),
        Family::Yaml => configs::yaml::parse(text),
        Family::Nginx => nginx::parse(text),
        Family::Apache => apache::parse(text),
        Family::Python => python::parse(text, format),
        Family::Ruby => ruby::parse(text),
        Family::Java => java::parse(text),
        Family::Go => go::parse(text, format),
        Family::DotNet => dotnet::parse(text),
        Family::RawHeaders => configs::raw_headers::parse(text),
        Family::Php => php::parse(text, format),
        Family::Hcl => hcl::parse(text),
    }
}
