//! `smugmug-auth logout` through the real binary: the two tokens go, the
//! key, the secret, every other setting and every comment stay, the file
//! stays private, and nothing is changed when there is nothing to remove
//! or the file cannot be edited safely.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn logout(config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["logout", "--config"])
        .arg(config)
        .env_remove("SMUGVISION_CONFIG")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

const CONFIG: &str = r#"# my smugVision settings
vision:
  model: llava  # the local one
smugmug:
  api_key: "KEY123"
  api_secret: "APISECRET456"  # from the developer page
  user_token: "TOKEN789"
  # the token secret, long:
  user_secret: >-
    USERSECRET
    CONTINUED
  cache: true
processing:
  overwrite: false
"#;

#[test]
fn logout_removes_only_the_tokens_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    support::set_mode(&config, 0o600);
    let output = logout(&config);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("Authorized Services"), "says where to revoke: {all}");
    assert!(all.contains("nothing else in it changed (the api_key and the api_secret are kept)."), "{all}");
    assert!(!all.contains("USERSECRET") && !all.contains("APISECRET456"), "{all}");
    let after = std::fs::read_to_string(&config).unwrap();
    let expected = CONFIG
        .replace("  user_token: \"TOKEN789\"\n", "")
        .replace("  user_secret: >-\n    USERSECRET\n    CONTINUED\n", "");
    assert_eq!(after, expected, "only the two tokens' lines went");
    support::assert_mode(&config, 0o600);
    assert!(!dir.path().join("config.yaml.bak").exists(), "no backup keeps the removed tokens");
    let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some("KEY123"));
    assert!(stored.user_token.is_none() && stored.user_secret.is_none());
}

/// A config others could read is private after a logout, and that change
/// is said: "nothing else in it changed" alone would not be true.
#[cfg(unix)]
#[test]
fn a_logout_that_makes_the_file_private_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    support::set_mode(&config, 0o644);
    let output = logout(&config);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("but it is now readable only by you (it was mode 644)"), "{all}");
    support::assert_mode(&config, 0o600);
}

#[test]
fn an_older_copy_with_the_tokens_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    std::fs::write(dir.path().join("config.yaml.bak"), CONFIG).unwrap();
    std::fs::write(dir.path().join("config.yaml.new"), "smugmug:\n  user_token: another\n").unwrap();
    let all = text(&logout(&config));
    assert!(all.contains("config.yaml.bak still holds the tokens just removed"), "{all}");
    assert!(all.contains("config.yaml.new still holds other tokens"), "{all}");
}

/// Rescue files under the temp dir are ours to read only when they are
/// ours: another user's FIFO there is never opened (logout would wait on
/// it forever), and their file naming our config is not believed.
#[cfg(unix)]
#[test]
fn logout_reads_only_our_own_rescue_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let fifo_folder = tmp.path().join("smugmug-auth-rescue-fifo");
    std::fs::create_dir(&fifo_folder).unwrap();
    let fifo = fifo_folder.join("config.yaml.new");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(["logout", "--config"]).arg(&config).env("TMPDIR", tmp.path());
    let mut child = command.stdout(std::process::Stdio::piped()).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "logout waits on a FIFO");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success());
}

/// An interrupted save leaves temp files beside the config that hold the
/// tokens (`check` names them): logout names each one that still holds
/// them, in text and in JSON, one cut short included, and reads none
/// through a link or from a FIFO.
#[cfg(unix)]
#[test]
fn temp_files_of_an_interrupted_save_that_hold_the_tokens_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    let temps =
        [".config.yaml.bak.tmp-7073-197604971", ".config.yaml.tmp-abc123", ".config.yaml.new.tmp-1-2"];
    for temp in &temps[..2] {
        std::fs::write(dir.path().join(temp), CONFIG).unwrap();
        support::set_mode(&dir.path().join(temp), 0o600);
    }
    // Cut short mid-line: not YAML any more, the token is still there.
    std::fs::write(dir.path().join(temps[2]), "smugmug:\n  user_token: \"TOKEN789\"\n  user_sec").unwrap();
    // Not read: a link to a copy, and a FIFO (opening it would wait).
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("copy.yaml"), CONFIG).unwrap();
    let link = dir.path().join(".config.yaml.tmp-link");
    std::os::unix::fs::symlink(elsewhere.path().join("copy.yaml"), &link).unwrap();
    let fifo = dir.path().join(".config.yaml.tmp-fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let run = |json: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
        command.args(["logout", "--config"]).arg(&config).args(json.then_some("--json"));
        let child = command
            .env_remove("SMUGVISION_CONFIG")
            .env("TMPDIR", dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (done, output) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(child.wait_with_output().unwrap()));
        output.recv_timeout(std::time::Duration::from_secs(10)).expect("logout waits on a FIFO")
    };
    let all = text(&run(false));
    for temp in temps {
        let said =
            format!("{temp} (a temp file an interrupted save left) still holds the tokens just removed");
        assert!(all.contains(&said), "{said}: {all}");
    }
    assert!(!all.contains("tmp-link") && !all.contains("tmp-fifo"), "{all}");
    let value: serde_json::Value = serde_json::from_slice(&run(true).stdout).unwrap();
    let named: Vec<&str> =
        value["copies_with_tokens"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let expected: Vec<String> = temps.iter().map(|t| dir.path().join(t).display().to_string()).collect();
    for path in &expected {
        assert!(named.contains(&path.as_str()), "{path} in {value:#}");
    }
    assert_eq!(named.len(), temps.len(), "{value:#}");
}

/// Only what was there is named: a file holding user_secret alone is not
/// said to have had a user_token, an api_key or an api_secret.
#[test]
fn only_what_the_file_held_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "smugmug:\n  user_secret: USERSECRET\nvision:\n  model: llava\n").unwrap();
    support::set_mode(&config, 0o600);
    let all = text(&logout(&config));
    assert!(all.contains("Removed user_secret from "), "{all}");
    assert!(all.contains("; nothing else in it changed."), "{all}");
    for never in ["user_token", "api_key", "api_secret"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "smugmug:\nvision:\n  model: llava\n");
    // The key alone beside both tokens: both named, the key kept.
    std::fs::write(&config, "smugmug:\n  api_key: KEY123\n  user_token: T\n  user_secret: S\n").unwrap();
    let all = text(&logout(&config));
    assert!(
        all.contains("Removed user_token and user_secret from ")
            && all.contains("; nothing else in it changed (the api_key is kept)."),
        "{all}"
    );
    assert!(!all.contains("api_secret"), "{all}");
}

#[test]
fn nothing_to_remove_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let without = "smugmug:\n  api_key: k\n  api_secret: s\n";
    std::fs::write(&config, without).unwrap();
    let output = logout(&config);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output).contains("nothing to remove"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), without);
    let missing = dir.path().join("absent.yaml");
    assert_eq!(logout(&missing).status.code(), Some(0));
    assert!(!missing.exists(), "no file is created");
}

#[test]
fn a_file_that_cannot_be_edited_safely_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let flow = "smugmug: {api_key: k, api_secret: s, user_token: t, user_secret: u}\n";
    std::fs::write(&config, flow).unwrap();
    let output = logout(&config);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("left untouched"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), flow);
}
