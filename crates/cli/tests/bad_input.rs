//! The bad-input matrix through the command line: every case of
//! `tests/fixtures/bad_input/matrix.json` is generated, scanned by the `shipcheck`
//! binary, and must give its expected status and findings — never a panic, never exit
//! code 2 (that is for usage errors), never a secret in full on the output.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A deterministic PRNG (xorshift): fakes differ per case but every run is the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n)
            .map(|_| A[(self.next() % A.len() as u64) as usize] as char)
            .collect()
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Minified-looking JavaScript of about `size` bytes.
fn filler(size: usize) -> String {
    let piece = "function a(e,t){return e&&t?e.map(function(n){return n[t]}):[]};var o={apiUrl:\"/api/v1\",timeout:3e4};";
    piece.repeat(size / piece.len() + 1)[..size].to_string()
}

/// The bytes of a case, from its generator name (tests/e2e/bad_input.test.mjs has the same).
fn make(kind: &str, rng: &mut Rng) -> Vec<u8> {
    let key = format!("sk_live_51{}", rng.alnum(46));
    match kind {
        "empty" => Vec::new(),
        "one-byte" => b"a".to_vec(),
        "random-64k" => rng.bytes(64 * 1024),
        "png" => [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), rng.bytes(4096)].concat(),
        "zip" => [b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec(), rng.bytes(4096)].concat(),
        "invalid-utf8-key" => [b"# caf\xe9 na\xefve\n".to_vec(), format!("STRIPE_SECRET_KEY={key}\n").into_bytes()].concat(),
        "utf16-bom-key" => {
            let mut out = vec![0xff, 0xfe];
            for unit in format!("STRIPE_SECRET_KEY={key}\r\n").encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
        "bundle-100mb-key" => format!("{}const k=\"{key}\";", filler(100 * 1024 * 1024)).into_bytes(),
        "line-10mb-2keys" => {
            let key2 = format!("sk_live_51{}", rng.alnum(46));
            format!("{}const a=\"{key}\";{}const b=\"{key2}\";", filler(5 << 20), filler(5 << 20)).into_bytes()
        }
        "repeated-1mb" => vec![b'a'; 1 << 20],
        "nested-json-100k" => ["[".repeat(100_000), "]".repeat(100_000)].concat().into_bytes(),
        "malformed-json-key" => format!("{{\"stripe\": {{\"secret\": \"{key}\", \"webhook\": [1, 2,").into_bytes(),
        "malformed-toml" => b"[[headers]\n  for = \"/*\n  [headers.values\n    Access-Control-Allow-Origin = \"*\n    Access-Control-Allow-Credentials = tru".to_vec(),
        "malformed-yaml" => b"Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n      Properties:\n    CorsConfiguration: [\n      AllowOrigins: ['https://*'\n  AllowCredentials: true\n\t- : :".to_vec(),
        "malformed-xml" => b"<?xml version=\"1.0\"?>\n<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</Allowed".to_vec(),
        "sourcemap-huge-key" => {
            let source = format!("{}\nexport const stripe = \"{key}\";\n", "// padding line\n".repeat(300_000));
            serde_json::json!({
                "version": 3,
                "sources": ["src/vendor.ts", "src/config.ts"],
                "sourcesContent": [null, source],
                "mappings": "AAAA",
            })
            .to_string()
            .into_bytes()
        }
        "sourcemap-null" => br#"{"version":3,"sources":["a.js","b.js"],"sourcesContent":[null,null],"mappings":""}"#.to_vec(),
        "html-scripts" => format!("<!doctype html><html><head><script>window.__pwned=1</script></head><body><img src=x onerror=\"window.__pwned=2\"><script>const k=\"{key}\"</script></body></html>").into_bytes(),
        other => panic!("unknown generator {other:?} in matrix.json"),
    }
}

#[test]
fn every_bad_input_gets_a_clear_status_and_never_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let matrix: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("../../tests/fixtures/bad_input/matrix.json")).unwrap(),
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("shipcheck-bad-input-{}", std::process::id()));
    let mut failures = Vec::new();
    for (i, case) in matrix["cases"].as_array().unwrap().iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1));
        let bytes = make(case["make"].as_str().unwrap(), &mut rng);
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();

        let out = Command::new(env!("CARGO_BIN_EXE_shipcheck"))
            .args(["scan", "--format", "json", "--fail-on", "never"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(0) || stderr.contains("panicked") {
            failures.push(format!(
                "{name}: exit {:?}, stderr {stderr}",
                out.status.code()
            ));
            continue;
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json: Value = match serde_json::from_str(&stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: output is not JSON ({e})"));
                continue;
            }
        };
        let file = &json["files"][0];
        let status = file["status"].as_str().unwrap_or("?");
        let want = case["status"].as_str().unwrap();
        if status != want {
            failures.push(format!("{name}: status {status}, expected {want} ({file})"));
        }
        for (key, field) in [("reason", "reason"), ("note", "note")] {
            if let Some(part) = case[key].as_str() {
                if !file[field].as_str().unwrap_or("").contains(part) {
                    failures.push(format!("{name}: {field} should mention {part:?}: {file}"));
                }
            }
        }
        let findings = json["findings"].as_array().unwrap();
        let counted: Vec<&Value> = match case["rule"].as_str() {
            Some(rule) => findings.iter().filter(|f| f["rule"] == rule).collect(),
            None => findings.iter().collect(),
        };
        if let Some(n) = case["findings"].as_u64() {
            if counted.len() as u64 != n {
                failures.push(format!(
                    "{name}: {} findings, expected {n}: {findings:?}",
                    counted.len()
                ));
            }
        }
        if let Some(origin) = case["origin"].as_str() {
            if !counted.iter().all(|f| f["origin"]["source"] == origin) {
                failures.push(format!(
                    "{name}: findings should come from {origin}: {counted:?}"
                ));
            }
        }
        // Whatever was found, the output never holds a secret in full.
        for token in stdout.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if token.starts_with("sk_live_51") && token.len() > 20 {
                failures.push(format!("{name}: a key appears in full in the output"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "bad-input failures:\n{}",
        failures.join("\n")
    );
}
