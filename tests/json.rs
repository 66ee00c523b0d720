//! docs/json.md is the contract for `check --json` and `logout --json`:
//! the real binary's output must have exactly the documented fields, of
//! the documented types, and only documented codes. A field added,
//! removed or retyped on either side fails here.

mod support;

use serde_json::Value;
use smugmug_auth::demo::{DemoConfig, DemoServer};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const DOC: &str = include_str!("../docs/json.md");

/// The rows of the table under `heading`: first column (without
/// backticks) and second column.
fn table(heading: &str) -> Vec<(String, String)> {
    let start =
        DOC.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("docs/json.md has no {heading}"));
    DOC[start + heading.len() + 2..]
        .lines()
        .take_while(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_owned(), cells[2].to_owned())
        })
        .collect()
}

fn names(heading: &str) -> BTreeSet<String> {
    table(heading).into_iter().map(|(name, _)| name).collect()
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where each nested object is documented.
fn nested(field: &str) -> Option<&'static str> {
    match field {
        "account" => Some("### `account`"),
        "findings" => Some("### Each finding"),
        "problem" => Some("### `problem`"),
        "error" => Some("### `error`"),
        _ => None,
    }
}

/// `value` has exactly the fields documented under `heading`, each of its
/// documented type; nested objects are checked too. Returns the headings seen.
fn conforms(value: &Value, heading: &'static str, seen: &mut BTreeSet<&'static str>) {
    seen.insert(heading);
    let object = value.as_object().unwrap_or_else(|| panic!("{heading}: not an object: {value}"));
    let documented = table(heading);
    let keys: BTreeSet<String> = object.keys().cloned().collect();
    let doc_keys: BTreeSet<String> = documented.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(keys, doc_keys, "{heading}: the output's fields against docs/json.md");
    for (name, kind) in documented {
        let field = &object[&name];
        let actual = type_of(field);
        let allowed: Vec<&str> = kind.split(" or ").collect();
        assert!(allowed.contains(&actual), "{heading}: `{name}` is {actual}, documented as {kind}: {field}");
        match (nested(&name), field) {
            (Some(sub), Value::Array(items)) => items.iter().for_each(|item| conforms(item, sub, seen)),
            (Some(sub), Value::Object(_)) => conforms(field, sub, seen),
            _ => {}
        }
    }
}

fn run(args: &[&str], config: &Path, origin: Option<&str>) -> (Value, Option<i32>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(args).arg("--json").arg("--config").arg(config).env_remove("SMUGMUG_ORIGIN");
    if let Some(origin) = origin {
        command.args(["--origin", origin]);
    }
    let output = command.output().unwrap();
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{args:?} --json is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout))
    });
    (value, output.status.code())
}

#[tokio::test(flavor = "multi_thread")]
async fn check_and_logout_json_match_the_documented_schema() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let origin = server.origin().to_string();
    let dir = tempfile::tempdir().unwrap();
    let good = support::working_config(&server, dir.path()).await;
    std::fs::write(good.with_file_name("config.yaml.bak"), "smugmug:\n  user_token: old\n").unwrap();
    let example = dir.path().join("example.yaml");
    std::fs::copy("tests/invalid_configs/smugvision_example.yaml", &example).unwrap();
    let rejected = dir.path().join("rejected.yaml");
    std::fs::copy("tests/invalid_configs/tokens_unknown_to_server.yaml", &rejected).unwrap();
    for path in [&example, &rejected] {
        support::set_mode(path, 0o600);
    }

    let finding_codes = names("## Finding codes");
    let mut seen = BTreeSet::new();
    let mut problems = BTreeSet::new();
    for (path, ok) in [(&good, true), (&example, false), (&rejected, false)] {
        let (value, code) = tokio::task::spawn_blocking({
            let (path, origin) = (path.clone(), origin.clone());
            move || run(&["check"], &path, Some(&origin))
        })
        .await
        .unwrap();
        conforms(&value, "## `check --json`", &mut seen);
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["ok"], ok, "{value:#}");
        assert_eq!(code, Some(if ok { 0 } else { 1 }), "ok is the exit status: {value:#}");
        for finding in value["findings"].as_array().unwrap() {
            let code = finding["code"].as_str().unwrap();
            assert!(finding_codes.contains(code), "{code} is not in docs/json.md's finding codes");
        }
        if let Some(code) = value["problem"]["code"].as_str() {
            assert_eq!(smugmug_auth::advice::lookup(code).key, code, "problem codes are advice entries");
            problems.insert(code.to_owned());
        }
    }
    assert_eq!(problems, BTreeSet::from(["token_rejected".to_owned()]));

    // logout: tokens removed (with a copy that still holds some), then nothing to remove, then a failure.
    let cases = [(&good, true, true), (&good, true, false), (&dir.path().to_path_buf(), false, false)];
    for (path, ok, removed) in cases {
        let (value, code) = run(&["logout"], path, None);
        conforms(&value, "## `logout --json`", &mut seen);
        assert_eq!((value["ok"].as_bool(), code), (Some(ok), Some(if ok { 0 } else { 1 })), "{value:#}");
        assert_eq!(value["removed"], removed, "{value:#}");
        if removed {
            assert_eq!(value["copies_with_tokens"].as_array().unwrap().len(), 1, "{value:#}");
        }
        if let Some(code) = value["error"]["code"].as_str() {
            assert!(names("## Logout error codes").contains(code), "{code} is not documented");
        }
    }
    let all: BTreeSet<_> = [
        "## `check --json`",
        "### `account`",
        "### Each finding",
        "### `problem`",
        "## `logout --json`",
        "### `error`",
    ]
    .into();
    assert_eq!(seen, all, "every documented object was produced and checked");
}

/// Every code the program can give is documented, and nothing more.
#[test]
fn the_documented_codes_are_the_programs_codes() {
    let program: BTreeSet<String> = smugmug_auth::report::Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(program, names("## Finding codes"));
    let logout: BTreeSet<String> =
        smugmug_auth::report::LOGOUT_ERROR_CODES.iter().map(|c| (*c).to_owned()).collect();
    assert_eq!(logout, names("## Logout error codes"));
}
