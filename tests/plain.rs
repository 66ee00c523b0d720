//! Plain mode as a user's script would run it: the real binary as a child
//! process, the demo server in this test process, input on stdin.

mod support;

use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer, Fault, Mangle};
use smugmug_auth::oauth::{Endpoint, OUT_OF_BAND};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const CODE: &str = "123456";
const EXISTING: &str =
    "# my settings\nvision:\n  model: llava\nsmugmug:\n  album: \"Vacation\"  # smugVision default album\n";

async fn server() -> DemoServer {
    DemoServer::start(DemoConfig { fixed_code: Some(CODE.into()), ..DemoConfig::default() }).await.unwrap()
}

/// Runs `smugmug-auth --plain` against `server` with `stdin` as input.
async fn run(server: &DemoServer, config: &Path, stdin: String, extra: &[&str]) -> Output {
    run_with(&server.origin().to_string(), config, stdin, extra).await
}

async fn run_at(origin: &str, config: &Path, stdin: String) -> Output {
    run_with(origin, config, stdin, &[]).await
}

async fn run_with(origin: &str, config: &Path, stdin: String, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command
        .args(["--plain", "--origin", origin, "--config"])
        .arg(config)
        .args(extra)
        .env_remove("SMUGMUG_API_KEY")
        .env_remove("SMUGMUG_API_SECRET")
        .env_remove("SMUGMUG_ORIGIN")
        .env_remove("SMUGVISION_CONFIG")
        .env("HOME", config.parent().unwrap());
    support::output_with_input(command, stdin.into_bytes()).await
}

/// `smugmug-auth --plain` against `origin`, all three streams piped, the
/// demo credentials in the environment when `with_credentials`.
fn spawn_plain(origin: &str, config: &Path, with_credentials: bool) -> std::process::Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(["--plain", "--origin", origin, "--config"]).arg(config);
    if with_credentials {
        command.env("SMUGMUG_API_KEY", DEMO_API_KEY).env("SMUGMUG_API_SECRET", DEMO_API_SECRET);
    } else {
        command.env_remove("SMUGMUG_API_KEY").env_remove("SMUGMUG_API_SECRET");
    }
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

fn input(code: &str) -> String {
    format!("  {DEMO_API_KEY}\n\"{DEMO_API_SECRET}\"\n{code}\n")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[tokio::test(flavor = "multi_thread")]
async fn happy_path_saves_keeps_settings_and_prints_no_secret() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, EXISTING).unwrap();
    support::set_mode(&config, 0o644);
    let output = run(&server, &config, input(" 123 456 "), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");

    // stdout carries the authorize URL alone.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.starts_with(&format!("{}/services/oauth/1.0a/authorize?oauth_token=", server.origin())));
    assert!(all.contains("Authorized as demo-photographer (Demo Photographer)"), "{all}");
    // Unix: the open mode is named before the sign-in. Windows has no modes
    // (a file's privacy is the access list it inherits): nothing to warn of.
    let warned = all.contains("is readable by others (mode 644); saving will make it private (0600)");
    assert_eq!(warned, cfg!(unix), "warned of an open mode: {warned}\n{all}");

    let saved = std::fs::read_to_string(&config).unwrap();
    assert!(saved.starts_with(EXISTING), "{saved}");
    support::assert_mode(&config, 0o600);
    let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some(DEMO_API_KEY));
    let user_secret = stored.user_secret.unwrap();
    assert_eq!(user_secret.len(), 64);

    // No secret in any output: not the api_secret, not the token secret.
    for secret in [DEMO_API_SECRET, user_secret.expose()] {
        assert!(!all.contains(secret), "a secret was printed:\n{all}");
    }
    assert_eq!(server.connections(), 1, "one keep-alive connection for the whole flow");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_fault_fails_clearly_and_leaves_the_config_unchanged() {
    let cases: Vec<(Option<Endpoint>, Fault, &str)> = vec![
        (None, Fault::SignatureInvalid, "does not belong to this api_key"),
        (None, Fault::Mangled(Mangle::AddedParameter), "x_forwarded reached the server but was not signed"),
        (
            None,
            Fault::Mangled(Mangle::DefaultPort),
            "a default port (:443 for https, :80 for http) must be left out",
        ),
        (None, Fault::ParameterAbsent, "Missing parameters: oauth_callback"),
        (None, Fault::Problem("consumer_key_unknown".into()), "does not know this api_key"),
        (Some(Endpoint::AuthUser), Fault::PermissionDenied, "Access=Full, Permissions=Modify"),
        (None, Fault::Http500, "HTTP 500"),
        (None, Fault::Html, "web page"),
        (Some(Endpoint::AccessToken), Fault::Problem("token_expired".into()), "five minutes"),
        (Some(Endpoint::AccessToken), Fault::Problem("token_used".into()), "work once"),
    ];
    for (endpoint, fault, expected) in cases {
        let server = server().await;
        server.set_fault(endpoint, fault.clone());
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        std::fs::write(&config, EXISTING).unwrap();
        let output = run(&server, &config, input(CODE), &[]).await;
        let all = text(&output);
        assert_eq!(output.status.code(), Some(1), "{fault:?}: {all}");
        assert!(all.contains(expected), "{fault:?} should mention {expected:?}:\n{all}");
        assert!(all.contains("was not changed"), "{all}");
        assert_eq!(std::fs::read_to_string(&config).unwrap(), EXISTING, "{fault:?}");
        assert!(!all.contains(DEMO_API_SECRET));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn clock_skew_names_the_offset() {
    let server = server().await;
    server.set_clock_offset(-600);
    let dir = tempfile::tempdir().unwrap();
    let output = run(&server, &dir.path().join("c.yaml"), input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1));
    // The server's window of accepted timestamps (±5 minutes) is the authority.
    assert!(all.contains("timestamp_refused") && all.contains("5 minutes ahead of that window"), "{all}");
    assert!(all.contains("The server accepts timestamps from") && all.contains("GMT"), "{all}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_codes_are_asked_again_and_never_sent() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    // Typos and a stray Enter cost none of the link's tries: each is asked
    // again, until the input ends.
    let output = run(&server, &config, input("12345\nabcdef\n\n1234567"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(130), "{all}");
    assert_eq!(
        all.matches("not a six-digit code (spaces are fine, like 123 456); type it again").count(),
        3,
        "{all}"
    );
    assert!(!all.contains("tries left"), "{all}");
    assert!(!config.exists());
    // Only the request token was fetched: no code reached the server.
    let retried = run(&server, &config, input("12345\n 123456"), &[]).await;
    assert_eq!(retried.status.code(), Some(0), "{}", text(&retried));
}

#[tokio::test(flavor = "multi_thread")]
async fn end_of_input_at_the_code_prompt_cancels() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, EXISTING).unwrap();
    let output = run(&server, &config, format!("{DEMO_API_KEY}\n{DEMO_API_SECRET}\n"), &[]).await;
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), EXISTING);
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_from_the_environment_and_scope_flags() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command
        .args([
            "--plain",
            "--access",
            "public",
            "--permissions",
            "read",
            "--origin",
            &server.origin().to_string(),
        ])
        .env("SMUGVISION_CONFIG", &config)
        .env("SMUGMUG_API_KEY", DEMO_API_KEY)
        .env("SMUGMUG_API_SECRET", DEMO_API_SECRET);
    let output = support::output_with_input(command, b"123456\n".to_vec()).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(
        all.contains("api_key from $SMUGMUG_API_KEY") && all.contains("api_secret from $SMUGMUG_API_SECRET")
    );
    assert!(all.contains("&Access=Public&Permissions=Read"));
    assert!(config.exists());
}

#[test]
fn refuses_plain_http_off_loopback() {
    let output = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["--plain", "--origin", "http://api.smugmug.com"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unencrypted"));
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_sequences_from_the_server_never_reach_the_terminal() {
    let hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m";
    let faults = vec![
        (None, Fault::Problem(format!("bad{hostile}"))),
        (None, Fault::ApiMessage(401, format!("gone{hostile}"))),
        (None, Fault::RawHtml(502, format!("<html><title>proxy{hostile}</title></html>"))),
        (None, Fault::RawHtml(500, format!("plain text{hostile}"))),
    ];
    for (endpoint, fault) in faults {
        let server = server().await;
        server.set_fault(endpoint, fault.clone());
        let dir = tempfile::tempdir().unwrap();
        let output = run(&server, &dir.path().join("c.yaml"), input(CODE), &[]).await;
        assert_eq!(output.status.code(), Some(1));
        let raw = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
        assert!(!raw.iter().any(|b| *b == 0x1b || *b == 0x07), "{fault:?} let a control byte through");
        assert!(!String::from_utf8_lossy(&raw).contains('\u{9b}'));
    }
    // A hostile account name, on success.
    let config = DemoConfig {
        fixed_code: Some(CODE.into()),
        nickname: format!("ann{hostile}"),
        ..DemoConfig::default()
    };
    let server = DemoServer::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = run(&server, &dir.path().join("c.yaml"), input(CODE), &[]).await;
    assert_eq!(output.status.code(), Some(0));
    let raw = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
    assert!(!raw.contains(&0x1b));
    assert!(String::from_utf8_lossy(&raw).contains("Authorized as ann]52;c;ZXZpbA==[2J31m"));
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_wrong_code_and_no_server_fail_clearly() {
    let server = server().await;
    let cases = [
        (
            format!("{DEMO_API_KEY}\n{}\n{CODE}\n", "x".repeat(64)),
            server.origin().to_string(),
            "does not belong to this api_key",
        ),
        (input("999999"), server.origin().to_string(), "does not match this authorization link"),
        (input(CODE), "http://127.0.0.1:9".to_owned(), "No connection could be made"),
    ];
    for (stdin, origin, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        std::fs::write(&config, EXISTING).unwrap();
        let output = run_at(&origin, &config, stdin).await;
        let all = text(&output);
        assert_eq!(output.status.code(), Some(1), "{all}");
        assert!(all.contains(expected), "expected {expected:?}:\n{all}");
        assert_eq!(std::fs::read_to_string(&config).unwrap(), EXISTING);
    }
}

#[test]
fn version_names_the_target() {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth")).arg("--version").output().unwrap();
    let line = String::from_utf8(output.stdout).unwrap();
    let (name_version, target) = line.trim_end().split_once(" (").expect("a target in brackets");
    assert_eq!(name_version, concat!("smugmug-auth ", env!("CARGO_PKG_VERSION")));
    let target = target.strip_suffix(')').unwrap();
    assert!(target.split('-').count() >= 3 && target.starts_with(std::env::consts::ARCH), "{line}");
}

/// smugVision's docs say to copy its `config.yaml.example`: its example
/// values are not credentials, so they are asked for, never sent.
#[tokio::test(flavor = "multi_thread")]
async fn smugvisions_example_config_values_are_asked_for_not_sent() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let example = std::fs::read_to_string("tests/invalid_configs/smugvision_example.yaml").unwrap();
    std::fs::write(&config, &example).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("looks like an example value"), "{all}");
    let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some(DEMO_API_KEY), "the typed key was used and saved");
    assert!(std::fs::read_to_string(&config).unwrap().contains("model: \"llama3.2-vision\""));
}

/// The demo's config goes to a folder nobody could have made first: a
/// random name, private, new each run (a predictable name let another
/// local user plant a symlink to the victim's real config).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn demo_config_folders_are_random_and_private() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let mut folders = Vec::new();
    for _ in 0..2 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
            .args(["--demo", "--plain"])
            .env("TMPDIR", tmp.path())
            .env_remove("SMUGMUG_API_KEY")
            .env_remove("SMUGMUG_API_SECRET")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while !line.contains("saving to ") {
            line.clear();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "no demo line");
        }
        let saved_to = line.split("saving to ").nth(1).unwrap().split(" (").next().unwrap().trim();
        let folder = Path::new(saved_to).parent().unwrap().to_owned();
        assert!(folder.starts_with(tmp.path()), "{}", folder.display());
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let suffix = name.strip_prefix("smugmug-auth-demo-").expect(&name);
        assert!(!suffix.chars().all(|c| c.is_ascii_digit()), "not a process id: {name}");
        support::assert_mode(&folder, 0o700);
        // Cancelled with nothing saved: the folder is not left behind.
        drop(child.stdin.take());
        let _ = std::io::Read::read_to_end(&mut stderr, &mut Vec::new());
        assert_eq!(child.wait().unwrap().code(), Some(130));
        assert!(!folder.exists(), "an empty demo folder is removed: {}", folder.display());
        folders.push(name);
    }
    assert_ne!(folders[0], folders[1], "a new folder each run");
}

/// Only a regular file (or nothing) is a config: a pipe would hang the
/// read, a device would be replaced by a file of secrets. Refused at once,
/// before any network call, in plain mode and in `check`.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_pipe_or_a_device_is_refused_before_any_call() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.yaml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let device = dir.path().join("device.yaml");
    std::os::unix::fs::symlink("/dev/null", &device).unwrap();
    for config in [&fifo, &device] {
        let started = std::time::Instant::now();
        let output = run(&server, config, input(CODE), &[]).await;
        let all = text(&output);
        assert_eq!(output.status.code(), Some(1), "{all}");
        assert!(all.contains("not a regular file"), "{all}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "refused promptly");
        let check = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
            .args(["check", "--origin", &server.origin().to_string(), "--config"])
            .arg(config)
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(1));
        assert!(text(&check).contains("not a regular file"), "{}", text(&check));
    }
    assert_eq!(server.connections(), 0, "nothing was sent");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null untouched");
}

/// What cannot be edited without loss is said before the sign-in.
#[tokio::test(flavor = "multi_thread")]
async fn a_config_that_cannot_be_edited_is_refused_before_the_sign_in() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let flow_style = "smugmug: {api_key: old, album: x}\nvision:\n  model: llava\n";
    std::fs::write(&config, flow_style).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("cannot be used"), "{all}");
    assert_eq!(server.connections(), 0, "refused before the sign-in");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), flow_style);
}

/// A folder where the save would keep the previous config (`.bak`) is
/// found before the sign-in, not after it (when the save would fail and
/// leave the credentials in a `.new`).
#[tokio::test(flavor = "multi_thread")]
async fn a_backup_that_is_a_folder_is_refused_before_the_sign_in() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, EXISTING).unwrap();
    let backup = dir.path().join("config.yaml.bak");
    std::fs::create_dir(&backup).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("config.yaml.bak is a folder"), "{all}");
    assert!(all.contains("no sign-in was started; move that folder aside"), "{all}");
    assert_eq!(server.connections(), 0, "refused before the sign-in");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), EXISTING);
    assert!(backup.is_dir() && !dir.path().join("config.yaml.new").exists());
    // With no config yet there is nothing to back up: the sign-in goes on.
    std::fs::remove_file(&config).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

/// Run as root (sudo) for a user's config, the saved file and its backup
/// stay the user's: a root-owned 0600 file would lock its owner out.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn saving_as_root_keeps_the_owner() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    if std::fs::metadata(&probe).unwrap().uid() != 0 {
        eprintln!("skipped saving_as_root_keeps_the_owner: needs root to give a file to another user");
        return;
    }
    let server = server().await;
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, EXISTING).unwrap();
    std::os::unix::fs::chown(&config, Some(4321), Some(4322)).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    for file in [config.clone(), dir.path().join("config.yaml.bak")] {
        let meta = std::fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322), "{}", file.display());
    }
    support::assert_mode(&config, 0o600);
}

/// Text from a server is sanitized after every decoding: a `debug_sbs`
/// whose percent-encoding hides an escape sequence (`%1B]0;…%07` retitles
/// the terminal, OSC 52 fills the clipboard), or invisible format
/// characters, never reach the terminal once decoded for the diff.
#[tokio::test(flavor = "multi_thread")]
async fn escapes_hidden_in_percent_encoding_never_reach_the_terminal() {
    let hidden = "%1B%5D0%3Bpwned%07%1B%5D52%3Bc%3BZXZpbA%3D%3D%07%E2%80%8B%EF%BB%BF%D8%9C";
    let body = format!(
        "oauth_problem=signature_invalid&debug_sbs=GET&https%3A%2F%2Fapi.smugmug.com%2Fx{hidden}&oauth_consumer_key%3D{hidden}"
    );
    let server = server().await;
    server.set_fault(None, Fault::RawHtml(401, body));
    let dir = tempfile::tempdir().unwrap();
    let output = run(&server, &dir.path().join("c.yaml"), input(CODE), &[]).await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let raw = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
    let shown = String::from_utf8_lossy(&raw);
    assert!(shown.contains("pwned"), "the diff was shown: {shown}");
    assert!(!raw.iter().any(|b| *b == 0x1b || *b == 0x07), "a control byte got through:\n{shown}");
    for invisible in ['\u{200B}', '\u{FEFF}', '\u{061C}'] {
        assert!(!shown.contains(invisible), "{invisible:?} got through");
    }
}

/// An empty `SMUGMUG_ORIGIN=` or `SMUGVISION_CONFIG=` means unset, as in
/// most tools, not an error.
#[test]
fn empty_settings_in_the_environment_count_as_unset() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["check", "--config"])
        .arg(dir.path().join("none.yaml"))
        .env("SMUGMUG_ORIGIN", "")
        .env("SMUGVISION_CONFIG", "")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("there is no config"), "{}", text(&output));
}

/// A process holding secrets writes no core file: its core size limit is 0
/// (and on Linux it is not dumpable), even when the shell allows cores.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn no_core_file_while_secrets_are_held() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_plain(&server.origin().to_string(), &dir.path().join("c.yaml"), true);
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("six-digit code") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut stderr, &mut line).unwrap() > 0, "no code prompt");
    }
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap().to_owned();
    let _ = child.kill();
    let _ = child.wait();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

/// A closed stdout (`smugmug-auth --plain | true`) is an error with a
/// message, not a panic; a stream with no line break is refused at 64 KiB
/// instead of filling memory.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_and_an_endless_line_end_cleanly() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let origin = server.origin().to_string();
    let config = dir.path().join("c.yaml");
    let closed = tokio::task::spawn_blocking(move || {
        let mut child = spawn_plain(&origin, &config, true);
        drop(child.stdout.take()); // the reader is gone before the link is written
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(closed.status.code(), Some(1), "{}", text(&closed));
    assert!(text(&closed).contains("cannot write the link to standard output"), "{}", text(&closed));

    let origin = server.origin().to_string();
    let config = dir.path().join("d.yaml");
    let output = tokio::task::spawn_blocking(move || {
        let mut child = spawn_plain(&origin, &config, false);
        // It stops reading at 64 KiB, so the rest of the write may fail.
        let _ = child.stdin.take().unwrap().write_all(&vec![b'k'; 200 * 1024]);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("longer than 64 KiB"), "{}", text(&output));
}

/// A hard-linked config is replaced, not written through (that could not
/// be atomic): the other name keeps the old version, and the person is told.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_hard_linked_config_is_not_split_silently() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, EXISTING).unwrap();
    std::fs::hard_link(&config, dir.path().join("dotfiles-copy.yaml")).unwrap();
    let output = run(&server, &config, input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("had 1 other hard link(s); they still hold the previous version"), "{all}");
    assert_eq!(std::fs::read_to_string(dir.path().join("dotfiles-copy.yaml")).unwrap(), EXISTING);
}

/// SmugMug answers a key without v2 access with HTTP 401 and a message
/// naming its `/accept` page: the advice sends the person there.
#[tokio::test(flavor = "multi_thread")]
async fn a_key_without_v2_access_is_sent_to_the_accept_page() {
    let server = server().await;
    server.set_fault(Some(Endpoint::AuthUser), Fault::parse("no_v2_access").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let output = run(&server, &dir.path().join("c.yaml"), input(CODE), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("(HTTP 401)") || all.contains("HTTP 401"), "{all}");
    assert!(all.contains("https://api.smugmug.com/api/developer/accept and accept the terms"), "{all}");
    assert!(!all.contains("developer/apply and"), "{all}");
}

/// Tokens the person already has (`SMUGMUG_ACCESS_TOKEN` and
/// `SMUGMUG_ACCESS_TOKEN_SECRET`, with the key and secret): checked with
/// `!authuser`, then saved, no browser and no code; a pair that fails the
/// check is not saved.
#[tokio::test(flavor = "multi_thread")]
async fn tokens_you_already_have_are_checked_then_saved() {
    let server = server().await;
    let client = smugmug_auth::oauth::Client::new(server.origin());
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let access = client.access_token(&consumer, &request, CODE).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let wrong_token = "WrongTokenAbCdEfGhIjKlMnOpQrStUv";
    for (token, secret, expected) in [
        (access.token.as_str(), "wrong-secret", 1),
        (wrong_token, access.secret.expose(), 1),
        (access.token.as_str(), access.secret.expose(), 0),
    ] {
        let config = dir.path().join("config.yaml");
        let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
        command
            .args(["--plain", "--origin", &server.origin().to_string(), "--config"])
            .arg(&config)
            .env("SMUGMUG_API_KEY", DEMO_API_KEY)
            .env("SMUGMUG_API_SECRET", DEMO_API_SECRET)
            .env("SMUGMUG_ACCESS_TOKEN", token)
            .env("SMUGMUG_ACCESS_TOKEN_SECRET", secret)
            .stdin(Stdio::null());
        let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let all = text(&output);
        assert_eq!(output.status.code(), Some(expected), "{all}");
        assert!(output.stdout.is_empty(), "no authorize link: {all}");
        if expected == 0 {
            let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
            assert_eq!(stored.user_token.as_deref(), Some(access.token.as_str()));
            assert!(!all.contains(access.secret.expose()), "no secret printed");
        } else {
            assert!(!config.exists(), "a pair that fails the check is not saved");
            // These tokens came with no link: the advice is about them.
            if token == wrong_token {
                assert!(all.contains("SmugMug does not accept SMUGMUG_ACCESS_TOKEN"), "{all}");
                assert!(!all.contains("new link"), "{all}");
            } else {
                // A wrong secret: the variable that holds it is named, and how to go on.
                assert!(all.contains("SMUGMUG_ACCESS_TOKEN_SECRET, or the api_secret, is wrong"), "{all}");
                assert!(all.contains("unset SMUGMUG_ACCESS_TOKEN and SMUGMUG_ACCESS_TOKEN_SECRET"), "{all}");
            }
        }
    }
}
