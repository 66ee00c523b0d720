//! `smugmug-auth check`: one fixture per planted defect, each found with
//! its message; modes, git exposure, JSON, and the all-clear.

mod support;

use smugmug_auth::config::{self, Credentials};
use smugmug_auth::demo::{DemoConfig, DemoServer};
use smugmug_auth::oauth::{Client, OUT_OF_BAND};
use std::path::Path;
use std::process::{Command, Output};

async fn run_check(server: &DemoServer, config: &Path, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(["check", "--origin", &server.origin().to_string(), "--config"]).arg(config).args(extra);
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

fn stdout(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn private_copy(fixture: &Path, dir: &Path) -> std::path::PathBuf {
    let path = dir.join("config.yaml");
    std::fs::copy(fixture, &path).unwrap();
    support::set_mode(&path, 0o600);
    support::set_mode(dir, 0o700);
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn every_planted_defect_is_found() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let mut fixtures: Vec<_> =
        std::fs::read_dir("tests/invalid_configs").unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10);
    for fixture in fixtures {
        let text = std::fs::read_to_string(&fixture).unwrap();
        let expected =
            text.lines().next().unwrap().strip_prefix("# expect: ").expect("first line: # expect: …");
        let dir = tempfile::tempdir().unwrap();
        let path = private_copy(&fixture, dir.path());
        let output = run_check(&server, &path, &[]).await;
        let report = stdout(&output);
        assert_eq!(output.status.code(), Some(1), "{}: {report}", fixture.display());
        assert!(report.contains(expected), "{} should say {expected:?}:\n{report}", fixture.display());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "check never edits the config");
    }
}

/// A config with working demo tokens.
async fn working_config(server: &DemoServer, dir: &Path) -> std::path::PathBuf {
    let client = Client::new(server.origin());
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let code = server.code_for(&request.token).unwrap();
    let access = client.access_token(&consumer, &request, &code).await.unwrap();
    let path = dir.join(".smugvision/config.yaml");
    let credentials = Credentials {
        api_key: consumer.key,
        api_secret: consumer.secret,
        user_token: access.token,
        user_secret: access.secret,
    };
    config::save(&path, &credentials).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn working_credentials_pass() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = working_config(&server, dir.path()).await;
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.contains("OK: authorized as demo-photographer (Demo Photographer)"), "{report}");
    assert!(!report.contains(smugmug_auth::demo::DEMO_API_SECRET));

    let json = run_check(&server, &path, &["--json"]).await;
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["authorized_as"], "demo-photographer (Demo Photographer)");
    // Nothing to report on Unix; on Windows one note, that the access list
    // the config inherits is not inspected (it has no modes to check).
    let findings = value["findings"].as_array().unwrap();
    if cfg!(windows) {
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0]["level"], "note", "{findings:?}");
        let message = findings[0]["message"].as_str().unwrap();
        assert!(message.contains(smugmug_auth::platform::PRIVACY_MODEL), "{message}");
        assert!(report.contains(smugmug_auth::platform::PRIVACY_MODEL), "{report}");
    } else {
        assert_eq!(findings.len(), 0, "{findings:?}");
    }
}

#[cfg(unix)] // Windows has no modes: `check` says so (a note)
#[tokio::test(flavor = "multi_thread")]
async fn open_modes_are_reported_and_fixed_without_other_changes() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = working_config(&server, dir.path()).await;
    let folder = path.parent().unwrap();
    support::set_mode(&path, 0o644);
    support::set_mode(folder, 0o755);
    let before = std::fs::read(&path).unwrap();
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(report.contains("is mode 644: others can read your secrets"), "{report}");
    assert!(report.contains("note: its folder") && report.contains("is mode 755"), "{report}");

    let fixed = run_check(&server, &path, &["--fix-permissions"]).await;
    assert_eq!(fixed.status.code(), Some(0), "{}", stdout(&fixed));
    support::assert_mode(&path, 0o600);
    support::assert_mode(folder, 0o700);
    assert_eq!(std::fs::read(&path).unwrap(), before, "only the modes change");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_in_a_git_work_tree_must_be_ignored() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    if !support::have_tool("git", "a_config_in_a_git_work_tree_must_be_ignored") {
        return;
    }
    assert!(Command::new("git").args(["init", "-q"]).arg(dir.path()).status().unwrap().success());
    support::set_mode(dir.path(), 0o700);
    let path = working_config(&server, dir.path()).await;
    let report = stdout(&run_check(&server, &path, &[]).await);
    assert!(report.contains("inside a git work tree and not ignored"), "{report}");
    std::fs::write(dir.path().join(".gitignore"), ".smugvision/config.yaml\n").unwrap();
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // A .gitignore naming only the config leaves the backup, with the old
    // secrets, and a temp file a killed save left, to be committed.
    std::fs::write(path.with_file_name("config.yaml.bak"), "smugmug:\n  api_secret: old\n").unwrap();
    std::fs::write(path.with_file_name(".config.yaml.tmp-99999999-1"), "smugmug:\n").unwrap();
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("config.yaml.bak is inside a git work tree and not ignored"), "{report}");
    assert!(report.contains("temp file left by an interrupted save"), "{report}");
    std::fs::write(
        dir.path().join(".gitignore"),
        ".smugvision/config.yaml*\n.smugvision/.config.yaml.tmp-*\n",
    )
    .unwrap();
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_config_says_how_to_make_one() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = run_check(&server, &dir.path().join("nope.yaml"), &[]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("run smugmug-auth to create it"));
}

/// A child (here `git`, asked whether the config is ignored) gets no secret
/// from our environment: a stand-in `git` first on PATH records what it got.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn children_do_not_inherit_the_secret() {
    use std::os::unix::fs::PermissionsExt;
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let seen = dir.path().join("git-env");
    std::fs::write(bin.join("git"), format!("#!/bin/sh\nenv > {}\nexit 1\n", seen.display())).unwrap();
    std::fs::set_permissions(bin.join("git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let path = working_config(&server, &repo).await;
    let path_var = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command
        .args(["check", "--origin", &server.origin().to_string(), "--config"])
        .arg(&path)
        .env("PATH", path_var)
        .env("SMUGMUG_API_SECRET", "sentinel-secret-value-0123456789");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    assert!(stdout(&output).contains("not ignored"), "{}", stdout(&output));
    let env = std::fs::read_to_string(&seen).expect("the stand-in git ran");
    assert!(env.contains("PATH="), "{env}");
    assert!(!env.contains("sentinel-secret-value"), "git inherited SMUGMUG_API_SECRET");
}

/// A 0600 file is private whatever its folder (smugVision itself makes
/// `~/.smugvision` 0755): a note, not a failure. And `--fix-permissions`
/// never touches a folder that is not the config's own, such as a shared
/// sticky one.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn folder_modes_are_notes_and_only_the_own_folder_is_fixed() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = working_config(&server, dir.path()).await;
    support::set_mode(path.parent().unwrap(), 0o755);
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("note: its folder"), "{}", stdout(&output));

    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::os::unix::fs::PermissionsExt::from_mode(0o1777)).unwrap();
    let moved = shared.join("config.yaml");
    std::fs::rename(&path, &moved).unwrap();
    let output = run_check(&server, &moved, &["--fix-permissions"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("was left as it is"), "{}", stdout(&output));
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&shared).unwrap().permissions());
    assert_eq!(mode & 0o7777, 0o1777, "the shared folder keeps its mode and sticky bit");
}
