//! `build.rs` converts the built-in TOML data to the JSON the app embeds. What it
//! refuses, and that each refusal names the file (fixtures in
//! `tests/fixtures/build_data/`, named by what is wrong with them).

#[allow(dead_code)]
#[path = "../build.rs"]
mod build;

use std::path::PathBuf;

use build::{convert_all, DataFile, FILES};

/// A scratch directory for the JSON, one per test.
fn out_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "shipcheck-build-data-{}-{test}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The errors converting `fixture` as if it were the data file `FILES[like]`.
fn refusal(fixture: &'static str, like: &str) -> Vec<String> {
    let model = FILES.iter().find(|f| f.source.ends_with(like)).unwrap();
    let file = DataFile {
        source: fixture,
        json: "refused.json",
        check: model.check,
    };
    let dir = out_dir(like);
    let errors = convert_all(&[file], &dir);
    assert!(
        !dir.join("refused.json").exists(),
        "{fixture}: no JSON for refused data"
    );
    errors
}

#[test]
fn the_repository_data_converts_to_json_with_the_same_values() {
    let dir = out_dir("all");
    assert_eq!(convert_all(&FILES, &dir), Vec::<String>::new());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("operator.json")).unwrap()).unwrap();
    let toml: toml::Value = toml::from_str(include_str!("../../../operator.toml")).unwrap();
    assert_eq!(json["day_rate"].as_i64(), toml["day_rate"].as_integer());
    assert_eq!(json["booking_url"].as_str(), toml["booking_url"].as_str());
}

#[test]
fn every_assessment_data_file_is_converted() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules/assess")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut converted: Vec<String> = FILES
        .iter()
        .map(|f| f.source.to_string())
        .filter(|s| s.starts_with("rules/assess/"))
        .collect();
    converted.sort();
    assert_eq!(converted, on_disk);
}

#[test]
fn refusals_name_the_file_and_say_what_is_wrong() {
    let cases = [
        (
            "../../tests/fixtures/build_data/questions-unclosed-table.toml",
            "questions.toml",
            "TOML parse error at line 5",
        ),
        (
            "../../tests/fixtures/build_data/questions-unknown-key.toml",
            "questions.toml",
            "unknown field `colour`",
        ),
        (
            "../../tests/fixtures/build_data/operator-day-rate-as-text.toml",
            "operator.toml",
            "invalid type: string \"1200\", expected u32",
        ),
        (
            "../../tests/fixtures/build_data/operator-zero-day-rate.toml",
            "operator.toml",
            "day_rate must be between 1 and 100000 (got 0)",
        ),
        (
            "../../tests/fixtures/build_data/no-such-file.toml",
            "operator.toml",
            "cannot read it",
        ),
    ];
    for (fixture, like, want) in cases {
        let errors = refusal(fixture, like);
        assert_eq!(errors.len(), 1, "{fixture}: {errors:?}");
        assert!(
            errors[0].starts_with(&format!("{fixture}: ")),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].contains(want),
            "{fixture}: want {want:?} in {}",
            errors[0]
        );
    }
}
