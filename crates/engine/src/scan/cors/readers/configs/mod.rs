//! Configuration files and pasted headers: JSON (vercel.json, firebase.json, S3,
//! GCS), netlify.toml, `_headers`, S3 XML, SAM/CloudFormation YAML, raw responses.

pub mod headers_file;
pub mod json;
pub mod nelmio;
pub mod raw_headers;
pub mod toml;
pub mod xml;
pub mod yaml;
