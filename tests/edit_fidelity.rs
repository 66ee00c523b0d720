//! Saving into configs written in every way PyYAML (smugVision's reader)
//! accepts: the untouched lines stay byte for byte, the four values read
//! back, and PyYAML itself reads the result (where python3 has PyYAML).

mod support;

use smugmug_auth::config::merge;

const VALUES: [(&str, &str); 4] =
    [("api_key", "K"), ("api_secret", "S"), ("user_token", "T"), ("user_secret", "U")];

/// (what, before, after): the file as a person wrote it, and as saved.
const CASES: [(&str, &str, &str); 7] = [
    (
        // PyYAML refuses the tab; the line we write gets a space instead.
        "a comment after a tab",
        "smugmug:\n  api_key: old\t# my key\nvision:\n  a: 1\n",
        "smugmug:\n  api_key: \"K\" # my key\n  api_secret: \"S\"\n  user_token: \"T\"\n  user_secret: \"U\"\nvision:\n  a: 1\n",
    ),
    (
        "a comment after a quoted value with ''",
        "smugmug:\n  api_key: 'it''s' # my key\n",
        "smugmug:\n  api_key: \"K\" # my key\n  api_secret: \"S\"\n  user_token: \"T\"\n  user_secret: \"U\"\n",
    ),
    (
        "mixed line endings",
        "vision:\r\n  a: 1\r\nsmugmug:\n  api_key: old\n",
        "vision:\r\n  a: 1\r\nsmugmug:\n  api_key: \"K\"\n  api_secret: \"S\"\n  user_token: \"T\"\n  user_secret: \"U\"\n",
    ),
    (
        "a byte-order mark",
        "\u{feff}# mine\nsmugmug:\n  api_key: old\n",
        "\u{feff}# mine\nsmugmug:\n  api_key: \"K\"\n  api_secret: \"S\"\n  user_token: \"T\"\n  user_secret: \"U\"\n",
    ),
    (
        "a top-level mapping indented by two spaces",
        "  smugmug:\n    api_key: old\n  vision:\n    a: 1\n",
        "  smugmug:\n    api_key: \"K\"\n    api_secret: \"S\"\n    user_token: \"T\"\n    user_secret: \"U\"\n  vision:\n    a: 1\n",
    ),
    (
        "CR-only line endings",
        "smugmug:\r  api_key: old\rvision:\r  a: 1\r",
        "smugmug:\r  api_key: \"K\"\r  api_secret: \"S\"\r  user_token: \"T\"\r  user_secret: \"U\"\rvision:\r  a: 1\r",
    ),
    (
        "an alias to an anchor",
        "base: &b\n  model: x\nvision: *b\nsmugmug:\n  api_key: old\n",
        "base: &b\n  model: x\nvision: *b\nsmugmug:\n  api_key: \"K\"\n  api_secret: \"S\"\n  user_token: \"T\"\n  user_secret: \"U\"\n",
    ),
];

#[test]
fn every_way_of_writing_yaml_is_edited_without_loss() {
    for (what, before, after) in CASES {
        assert_eq!(merge(before, &VALUES).unwrap_or_else(|e| panic!("{what}: {e}")), after, "{what}");
    }
}

#[test]
fn pyyaml_reads_what_we_wrote() {
    let has_pyyaml =
        std::process::Command::new("python3").args(["-c", "import yaml"]).status().is_ok_and(|s| s.success());
    if !support::present(
        has_pyyaml,
        "python3 with PyYAML (smugVision's YAML reader)",
        "pyyaml_reads_what_we_wrote",
    ) {
        return;
    }
    let script = "import sys, yaml\n\
                  d = yaml.safe_load(open(sys.argv[1], encoding='utf-8-sig', newline=''))\n\
                  s = d['smugmug']\n\
                  print(s['api_key'], s['api_secret'], s['user_token'], s['user_secret'], sorted(k for k in d if k != 'smugmug'))";
    let dir = tempfile::tempdir().unwrap();
    for (what, before, after) in CASES {
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, after).unwrap();
        let out = std::process::Command::new("python3").args(["-c", script]).arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with("K S T U "),
            "{what}: PyYAML read {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // What PyYAML made of the file before (nothing, for the tab before
        // a comment, which it refuses): every other setting must be the same.
        std::fs::write(&path, before).unwrap();
        let others = std::process::Command::new("python3")
            .args([
                "-c",
                script
                    .replace("s['api_key'], s['api_secret'], s['user_token'], s['user_secret'], ", "")
                    .as_str(),
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            text.ends_with(&String::from_utf8_lossy(&others.stdout).to_string()),
            "{what}: other settings"
        );
    }
}

/// The same through the real binary: a whole plain-mode sign-in against
/// the demo server saves into each kind of file, and the file then reads
/// exactly as `merge` promised, apart from the four new values.
#[tokio::test(flavor = "multi_thread")]
async fn a_real_save_keeps_each_kind_of_file_as_it_was() {
    use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer};
    let config = DemoConfig { fixed_code: Some("123456".into()), ..DemoConfig::default() };
    let server = DemoServer::start(config).await.unwrap();
    let origin = server.origin().to_string();
    for (what, before, _) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, before).unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
        command
            .args(["--plain", "--origin", &origin, "--config"])
            .arg(&path)
            .env("SMUGMUG_API_KEY", DEMO_API_KEY)
            .env("SMUGMUG_API_SECRET", DEMO_API_SECRET);
        let output = support::output_with_input(command, b"123456\n".to_vec()).await;
        assert_eq!(output.status.code(), Some(0), "{what}: {}", String::from_utf8_lossy(&output.stderr));
        let saved = std::fs::read_to_string(&path).unwrap();
        let stored = smugmug_auth::config::load(&path).unwrap().unwrap();
        let values = [
            ("api_key", stored.api_key.clone().unwrap()),
            ("api_secret", stored.api_secret.as_ref().unwrap().expose().to_owned()),
            ("user_token", stored.user_token.clone().unwrap()),
            ("user_secret", stored.user_secret.as_ref().unwrap().expose().to_owned()),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(saved, merge(before, &values).unwrap(), "{what}: the saved file");
        assert_eq!(stored.api_key.as_deref(), Some(DEMO_API_KEY));
    }
}

/// Anchors and aliases where the credentials go: valid YAML that PyYAML
/// reads, but a text edit cannot follow them. The file is refused (left
/// as it is), and the message says why: not "not valid YAML".
#[test]
fn anchors_where_the_credentials_go_are_refused_as_anchors_not_as_invalid_yaml() {
    let cases = [
        ("the section is an alias", "base: &b\n  api_key: old\nsmugmug: *b\n"),
        ("the section is an anchor others use", "smugmug: &s\n  api_key: old\nother: *s\n"),
        ("a value is an anchor others use", "smugmug:\n  api_key: &k old\nother: *k\n"),
    ];
    for (what, text) in cases {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .unwrap_or_else(|e| panic!("{what}: the case is valid YAML: {e}"));
        let error = merge(text, &VALUES).expect_err(what);
        let message = error.to_string();
        assert!(message.contains("anchors and aliases"), "{what}: {message}");
        assert!(!message.contains("not valid YAML"), "{what}: valid YAML called invalid: {message}");
    }
}
