//! `smugmug-auth check`: one fixture per planted defect, each found with
//! its message; modes, git exposure, JSON, and the all-clear.

mod support;

use smugmug_auth::demo::{DemoConfig, DemoServer};
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

#[tokio::test(flavor = "multi_thread")]
async fn working_credentials_pass() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.contains("OK: authorized as demo-photographer (Demo Photographer)"), "{report}");
    assert!(!report.contains(smugmug_auth::demo::DEMO_API_SECRET));

    let json = run_check(&server, &path, &["--json"]).await;
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["ok"], true);
    assert_eq!(json.status.code(), Some(0));
    assert_eq!(value["account"]["nickname"], "demo-photographer");
    assert_eq!(value["signed_check"], "passed");
    // Nothing to report on Unix; on Windows one note, that the access list
    // the config inherits is not inspected (it has no modes to check).
    let findings = value["findings"].as_array().unwrap();
    if cfg!(windows) {
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0]["level"], "note", "{findings:?}");
        let message = findings[0]["message"].as_str().unwrap();
        assert!(message.contains(smugmug_auth::platform::PRIVACY_MODEL), "{message}");
    } else {
        assert_eq!(findings.len(), 0, "{findings:?}");
    }
}

#[cfg(unix)] // Windows has no modes: `check` says so (a note)
#[tokio::test(flavor = "multi_thread")]
async fn open_modes_are_reported_and_fixed_without_other_changes() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
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
    let path = support::working_config(&server, dir.path()).await;
    let report = stdout(&run_check(&server, &path, &[]).await);
    assert!(report.contains("inside a git work tree and not ignored"), "{report}");
    std::fs::write(dir.path().join(".gitignore"), ".smugvision/config.yaml\n").unwrap();
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // A .gitignore naming only the config leaves the backup, with the old
    // secrets, and a temp file a killed save left, to be committed.
    std::fs::write(path.with_file_name("config.yaml.bak"), "smugmug:\n  api_secret: old\n").unwrap();
    std::fs::write(path.with_file_name(".config.yaml.tmp-99999999-1"), "smugmug:\n  user_secret: cut-sh")
        .unwrap();
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
    let report = stdout(&output);
    let command = format!(
        "smugmug-auth --config {} --origin {}",
        dir.path().join("nope.yaml").display(),
        server.origin()
    );
    assert!(report.contains(&format!("run `{command}` to create it")), "{report}");
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
    let path = support::working_config(&server, &repo).await;
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
    let path = support::working_config(&server, dir.path()).await;
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

    // ~/.smugvision as a link to a project folder of another name: not the
    // config's own folder, so left as it is, and named by its real path.
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    support::set_mode(&project, 0o2775);
    std::fs::rename(&moved, project.join("config.yaml")).unwrap();
    let linked = dir.path().join("home/.smugvision");
    std::fs::create_dir_all(linked.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&project, &linked).unwrap();
    let output = run_check(&server, &linked.join("config.yaml"), &["--fix-permissions"]).await;
    let report = stdout(&output);
    assert!(
        report.contains(&format!(
            "{} (mode 2775) was left as it is",
            project.canonicalize().unwrap().display()
        )),
        "{report}"
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&project).unwrap().permissions());
    assert_eq!(mode & 0o7777, 0o2775, "the project folder keeps its mode");
}

fn last_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).lines().last().unwrap_or_default().to_owned()
}

async fn json(server: &DemoServer, config: &Path) -> (serde_json::Value, Option<i32>) {
    let output = run_check(server, config, &["--json"]).await;
    (serde_json::from_slice(&output.stdout).expect("check --json prints JSON"), output.status.code())
}

/// The last line says what the exit status says: OK only with 0; else how
/// many problems, and the worst. A working config that others can read, or
/// that git would publish, is not OK.
#[tokio::test(flavor = "multi_thread")]
async fn the_last_line_agrees_with_the_exit_status() {
    if !support::have_tool("git", "the_last_line_agrees_with_the_exit_status") {
        return;
    }
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new("git").args(["init", "-q"]).arg(dir.path()).status().unwrap().success());
    let path = support::working_config(&server, dir.path()).await;
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let last = last_line(&output);
    assert!(last.starts_with("NOT OK: 1 problem; the worst: "), "{last}");
    assert!(last.contains("not ignored"), "{last}");
    assert!(
        stdout(&output).contains("The tokens work: authorized as demo-photographer"),
        "{}",
        stdout(&output)
    );
    let (value, code) = json(&server, &path).await;
    assert_eq!((value["ok"].as_bool(), code), (Some(false), Some(1)));
    assert_eq!(value["problem_count"], 1);
    assert_eq!(value["summary"].as_str(), Some(last.as_str()));

    std::fs::write(dir.path().join(".gitignore"), ".smugvision/\n").unwrap();
    support::set_mode(&path, 0o644);
    #[cfg(unix)]
    {
        let output = run_check(&server, &path, &[]).await;
        assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
        assert!(
            last_line(&output).starts_with("NOT OK: 1 problem; the worst: the config"),
            "{}",
            stdout(&output)
        );
        support::set_mode(&path, 0o600);
    }
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(last_line(&output), "OK: authorized as demo-photographer (Demo Photographer).");
    // It cannot see the grant, so it claims none.
    assert!(!stdout(&output).contains("this tool asks for"), "{}", stdout(&output));
}

/// smugVision's example config: four example values, four findings (each
/// is why its value is missing, not a second problem), and how many the
/// last line counts.
#[tokio::test(flavor = "multi_thread")]
async fn one_finding_per_cause() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = private_copy(Path::new("tests/invalid_configs/smugvision_example.yaml"), dir.path());
    let (value, code) = json(&server, &path).await;
    assert_eq!(code, Some(1));
    let errors: Vec<_> =
        value["findings"].as_array().unwrap().iter().filter(|f| f["level"] == "error").collect();
    let keys: Vec<_> = errors.iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["api_key", "api_secret", "user_token", "user_secret"], "{value:#}");
    assert!(errors.iter().all(|f| f["code"] == "value_placeholder"), "{value:#}");
    assert_eq!(value["problem_count"], 4);
    assert_eq!(value["signed_check"], "not_made");
}

/// `api_kye:` is named for what it probably is, not only "api_key is
/// missing".
#[tokio::test(flavor = "multi_thread")]
async fn a_misspelt_key_is_named() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = private_copy(Path::new("tests/invalid_configs/misspelt_key.yaml"), dir.path());
    let (value, _) = json(&server, &path).await;
    let findings = value["findings"].as_array().unwrap();
    let about_key: Vec<_> = findings.iter().filter(|f| f["key"] == "api_key").collect();
    assert_eq!(about_key.len(), 1, "{value:#}");
    assert_eq!(about_key[0]["code"], "key_misspelt");
    assert!(about_key[0]["message"].as_str().unwrap().contains("did you mean api_key?"));
}

/// A command in advice names the config and origin this run used, so
/// following it acts on the same file.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn advice_commands_carry_the_runs_options() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = private_copy(Path::new("tests/invalid_configs/missing_user_secret.yaml"), dir.path());
    support::set_mode(&path, 0o644);
    let report = stdout(&run_check(&server, &path, &[]).await);
    let options = format!("--config {} --origin {}", path.display(), server.origin());
    assert!(report.contains(&format!("run `smugmug-auth {options}` to get all four values")), "{report}");
    assert!(report.contains(&format!("Run `smugmug-auth check --fix-permissions {options}`")), "{report}");
}

/// `check` asked SmugMug for no grant, so a refusal for lack of one claims
/// none ("this run asked for Full/Modify" would be untrue).
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_grant_claims_none_it_did_not_ask_for() {
    use smugmug_auth::demo::Fault;
    use smugmug_auth::oauth::Endpoint;
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    server.set_fault(Some(Endpoint::AuthUser), Fault::PermissionDenied);
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("SmugMug does not say what these tokens were granted"), "{report}");
    assert!(!report.contains("This run asked for"), "{report}");
    let next = format!(
        "Next: run `smugmug-auth --config {} --origin {}` to sign in again",
        path.display(),
        server.origin()
    );
    assert!(report.contains(&next), "{report}");
    let (value, _) = json(&server, &path).await;
    assert_eq!(value["problem"]["code"], "permission_denied", "{value:#}");
}

/// A repository another user owns: git refuses it and tells us to trust it
/// (`safe.directory`), which would let their hooks run as us. That advice
/// never reaches the person; our own line says what could not be asked.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn gits_own_messages_stay_out_of_the_report() {
    // SAFETY: geteuid has no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0
        || !support::have_tool("git", "gits_own_messages_stay_out_of_the_report")
    {
        return;
    }
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new("git").args(["init", "-q"]).arg(dir.path()).status().unwrap().success());
    let path = support::working_config(&server, dir.path()).await;
    assert!(
        Command::new("chown")
            .args(["-R", "4321:4321"])
            .arg(dir.path().join(".git"))
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::chown(dir.path(), Some(4321), Some(4321)).unwrap();
    let output = run_check(&server, &path, &[]).await;
    let all = format!("{}{}", stdout(&output), String::from_utf8_lossy(&output.stderr));
    assert!(!all.contains("safe.directory") && !all.contains("dubious"), "{all}");
    assert!(all.contains("could not ask git whether it is ignored"), "{all}");
}

/// A config smugVision reads but a sign-in could not save into: `check`
/// says so, with the true reason (not "flow style" for a tag, not
/// "duplicate" for a `? key`), and does not send the person to a sign-in
/// that would be refused for it; the sign-in's refusal gives the same reason.
#[tokio::test(flavor = "multi_thread")]
async fn a_layout_a_sign_in_cannot_edit_is_named_by_check_first() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("smugmug: {api_key: x}\n", "flow style"),
        ("smugmug: !!map\n  api_key: A1\n", "carries a YAML tag or a value (!!map)"),
        ("smugmug:\n  api_key: A1\n  ? user_token\n  : T1\n", "a `? name` key"),
        // Values merged in from elsewhere: a logout could not remove them.
        ("base: &b\n  api_key: K\nsmugmug:\n  <<: *b\n  user_token: T\n", "anchors and aliases"),
    ];
    for (text, reason) in cases {
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, text).unwrap();
        support::set_mode(&path, 0o600);
        let report = stdout(&run_check(&server, &path, &[]).await);
        assert!(report.contains("a sign-in could not save into it") && report.contains(reason), "{report}");
        assert!(!report.contains("to get all four values") && !report.contains("duplicate"), "{report}");
        let output = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
            .args(["--demo", "--plain", "--config"])
            .arg(&path)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains(reason) && !said.contains("duplicate"), "{said}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}

/// A `--demo` save checked against SmugMug: said to be the demo's, with
/// where it can be checked; no call is made (SmugMug would only say the
/// key is unknown). Against a demo server it is checked as any other.
#[tokio::test(flavor = "multi_thread")]
async fn the_demos_credentials_are_named_as_such() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    let output = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["check", "--json", "--config"])
        .arg(&path)
        .env_remove("SMUGMUG_ORIGIN")
        .output()
        .unwrap();
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(
        report.contains("\"demo_credentials\"")
            && report.contains("takes its tokens with it")
            && report.contains("add `--origin` with its address"),
        "{report}"
    );
    assert!(report.contains("\"signed_check\": \"not_made\""), "{report}");
    let output = run_check(&server, &path, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// Files beside the config are said to hold secrets only when they do:
/// read (never through a link), not judged by their names. A `.bak` of
/// smugVision's example config holds none; a temp file cut short does.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn leftovers_are_named_by_what_they_hold() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    std::fs::write(path.with_file_name("config.yaml.bak"), "smugmug:\n  api_secret: YOUR_API_SECRET_HERE\n")
        .unwrap();
    std::fs::write(path.with_file_name(".config.yaml.tmp-1-1"), "x").unwrap();
    std::fs::write(path.with_file_name(".config.yaml.tmp-1-2"), "smugmug:\n  user_secret: abcdef").unwrap();
    std::fs::write(path.with_file_name(".config.yaml.bak.tmp-1-3"), "smugmug:\n  api_secret: abcdef")
        .unwrap();
    std::os::unix::fs::symlink(&path, path.with_file_name("config.yaml.new")).ok();
    let report = stdout(&run_check(&server, &path, &[]).await);
    assert!(!report.contains("config.yaml.bak is"), "{report}");
    assert!(!report.contains("tmp-1-1"), "{report}");
    assert!(report.contains("tmp-1-2 holds a temp file"), "{report}");
    assert!(report.contains(".config.yaml.bak.tmp-1-3 holds a temp file"), "the backup's too: {report}");
    assert!(!report.contains("config.yaml.new holds"), "not judged through a link: {report}");
}

/// A token with spaces around it is a problem, and the signed call (made
/// with it trimmed, as a save writes it) does not read as contradicting it.
#[tokio::test(flavor = "multi_thread")]
async fn a_passing_call_after_a_value_problem_says_it_used_the_cleaned_value() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    // `user_token: " <token>"`: quoted, so the space is kept.
    let text: String = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|line| match line.split_once("user_token: ") {
            Some((indent, token)) => {
                format!("{indent}user_token: \" {}\"\n", token.trim_matches(['"', '\'']))
            }
            None => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&path, text).unwrap();
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("spaces around it"), "{report}");
    assert!(
        report.contains("With the spaces or quotes above removed (as a sign-in saves them), the tokens work"),
        "{report}"
    );
    assert!(!report.contains("\nThe tokens work"), "{report}");
}

/// `api_secret: ""` and `user_secret: "   "` are empty (value_empty),
/// once each: not "missing", not "spaces around it".
#[tokio::test(flavor = "multi_thread")]
async fn an_empty_value_is_named_empty_once() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = private_copy(Path::new("tests/invalid_configs/empty_values.yaml"), dir.path());
    let (value, code) = json(&server, &path).await;
    assert_eq!(code, Some(1));
    let errors: Vec<_> =
        value["findings"].as_array().unwrap().iter().filter(|f| f["level"] == "error").collect();
    let found: Vec<_> =
        errors.iter().map(|f| (f["key"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
    assert_eq!(found, [("api_secret", "value_empty"), ("user_secret", "value_empty")], "{value:#}");
}

/// A config with other hard links: `check` says how many other names it
/// has and that the secrets can be read through them (a warning, with a
/// stable code), and `--fix-permissions` says the mode it changed is
/// theirs too.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn other_hard_links_are_named_and_a_shared_mode_change_is_said() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    let twin = dir.path().join("twin.yaml");
    std::fs::hard_link(&path, &twin).unwrap();
    let output = run_check(&server, &path, &[]).await;
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "a warning: {report}");
    assert!(
        report.contains("has 1 other name(s) (hard links): the secrets in it can be read through them"),
        "{report}"
    );
    assert!(report.contains("Remove the other name(s), or keep a copy (cp) instead of a link"), "{report}");
    let (value, _) = json(&server, &path).await;
    let linked: Vec<_> =
        value["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "config_hard_linked").collect();
    assert_eq!(linked.len(), 1, "{value:#}");
    assert_eq!(linked[0]["level"], "warning");

    support::set_mode(&path, 0o644);
    let fixed = run_check(&server, &path, &["--fix-permissions"]).await;
    let report = stdout(&fixed);
    assert!(
        report.contains("was mode 644, now 600; the mode is the file's, so its 1 other name(s) (hard links) changed to 600 too"),
        "{report}"
    );
    support::assert_mode(&twin, 0o600);
}

/// A leftover's name is shown so that it forges no line and drives no
/// terminal: a line break or an escape in it is escaped, not written.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_leftovers_name_forges_no_line_and_no_escape() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = support::working_config(&server, dir.path()).await;
    let planted = path.parent().unwrap().join(".config.yaml.tmp-a\nRemoved everything. \u{1b}]0;pwned\u{7}");
    std::fs::write(&planted, "smugmug:\n  api_secret: \"x\"\n").unwrap();
    support::set_mode(&planted, 0o600);
    for extra in [&[][..], &["--json"]] {
        let output = run_check(&server, &path, extra).await;
        let report = stdout(&output);
        assert!(!report.contains('\u{1b}') && !report.contains('\u{7}'), "{report:?}");
        assert!(!report.lines().any(|l| l.starts_with("Removed everything")), "{report}");
        if extra.is_empty() {
            assert!(report.contains(r"tmp-a\nRemoved everything"), "still named: {report}");
        }
    }
}
