//! Plain mode gives a person the tries the wizard gives: a wrong code is
//! typed again, a spent or expired link is replaced without starting over,
//! and the end of the run says what the grant it asked for cannot do.
//! The real binary against the demo server, input on stdin.

mod support;

use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const CODE: &str = "123456";

async fn server(config: DemoConfig) -> DemoServer {
    DemoServer::start(DemoConfig { fixed_code: Some(CODE.into()), ..config }).await.unwrap()
}

fn plain(server: &DemoServer, config: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command
        .args(["--plain", "--origin", &server.origin().to_string(), "--config"])
        .arg(config)
        .args(extra)
        .env("SMUGMUG_API_KEY", DEMO_API_KEY)
        .env("SMUGMUG_API_SECRET", DEMO_API_SECRET)
        .env_remove("SMUGMUG_ORIGIN")
        .env_remove("SMUGVISION_CONFIG");
    command
}

async fn run(server: &DemoServer, config: &Path, stdin: &str, extra: &[&str]) -> Output {
    support::output_with_input(plain(server, config, extra), stdin.as_bytes().to_vec()).await
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn links(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_code_is_typed_again() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let output = run(&server, &config, &format!("000000\n111111\n{CODE}\n"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert_eq!(all.matches("SmugMug refused that code (verifier_invalid)").count(), 2, "{all}");
    assert!(
        all.contains("(2 tries left for this link)") && all.contains("(1 try left for this link)"),
        "{all}"
    );
    assert!(all.contains("or n for a new link"), "the prompt says how to get a new link: {all}");
    assert_eq!(links(&output).len(), 1, "the same link throughout: {all}");
    assert!(config.exists());
}

/// A link's third wrong code gets a new link (as `n` would, which every
/// prompt offered); the run ends only when its last link's tries are used.
#[tokio::test(flavor = "multi_thread")]
async fn a_links_last_wrong_code_gets_a_new_link_and_the_last_links_ends_the_run() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let output = run(&server, &config, &format!("000000\n111111\n222222\n{CODE}\n"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("on this link's last try. Getting a new one"), "{all}");
    assert_eq!(links(&output).len(), 2, "{all}");
    assert!(config.exists());
    std::fs::remove_file(&config).unwrap();
    let output = run(&server, &config, &"000000\n".repeat(9), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert_eq!(links(&output).len(), 3, "{all}");
    assert!(all.contains("That was the last of this run's links."), "{all}");
    assert!(all.contains("oauth_problem=verifier_invalid"), "{all}");
    assert!(all.contains("was not created"), "a file that never existed is not \"unchanged\": {all}");
    assert!(!config.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn n_at_the_code_prompt_gets_a_new_link() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let output = run(&server, &config, &format!("n\n{CODE}\n"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    let links = links(&output);
    assert_eq!(links.len(), 2, "{all}");
    assert_ne!(links[0], links[1], "a new request token");

    // The last link offers no new one: its prompt has no `n`, and an `n`
    // typed anyway is answered, not taken as a refusal of the run.
    let output = run(&server, &config, &format!("n\nn\nn\n{CODE}\n"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 3, "{all}");
    assert!(all.contains("That was this run's last link (3): type its code"), "{all}");
    assert!(all.contains("Reading the six-digit code from standard input"), "{all}");

    // A wrong code, then n, then the end of input: a cancel, not the first link's refusal.
    let output = run(&server, &config, "000000\nn\n", &[]).await;
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
}

/// The link expires while the person is away: the code is refused as
/// `token_expired`, a new link follows at once, and its code is taken.
#[tokio::test(flavor = "multi_thread")]
async fn an_expired_link_is_replaced_without_starting_over() {
    let lifetime = Duration::from_secs(1);
    let server = server(DemoConfig { request_token_lifetime: lifetime, ..DemoConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let mut command = plain(&server, &config, &[]);
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        std::thread::sleep(lifetime + Duration::from_millis(500));
        writeln!(stdin, "{CODE}").unwrap();
        let mut second = String::new();
        stdout.read_line(&mut second).unwrap();
        writeln!(stdin, "{CODE}").unwrap();
        drop(stdin);
        let output = child.wait_with_output().unwrap();
        (output.status, format!("{first}{second}"), String::from_utf8_lossy(&output.stderr).into_owned())
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("SmugMug refused that link (token_expired)"), "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(config.exists());
}

/// A grant that cannot do smugVision's job is said at the end; the
/// flags take the case the README writes them in.
#[tokio::test(flavor = "multi_thread")]
async fn a_smaller_grant_says_what_smugvision_cannot_do() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let small = ["--access", "Public", "--permissions", "Read"];
    let output = run(&server, &config, &format!("{CODE}\n"), &small).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("&Access=Public&Permissions=Read"), "{all}");
    assert!(all.contains("smugVision will not be able to write keywords and captions"), "{all}");
    assert!(all.contains("see private or unlisted galleries"), "{all}");
    assert!(!all.contains("smugVision can now reach your account"), "{all}");
    let again = format!("run `smugmug-auth --config {} --origin {}`", config.display(), server.origin());
    assert!(all.contains(&again), "the command carries this run's options: {all}");

    let full = ["--access", "Full", "--permissions", "Modify"];
    let output = run(&server, &config, &format!("{CODE}\n"), &full).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(!all.contains("will not be able to"), "{all}");
    // A server that is not SmugMug: its tokens are of no use to smugVision.
    assert!(all.contains("not SmugMug's: smugVision cannot use them"), "{all}");
    assert!(!all.contains("smugVision can now reach your account"), "{all}");
}

/// `api_kye:` is named at the start, with what the sign-in does about it.
#[tokio::test(flavor = "multi_thread")]
async fn a_misspelt_key_is_named_before_the_sign_in() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "smugmug:\n  api_kye: \"abc\"\n").unwrap();
    let output = run(&server, &config, &format!("{CODE}\n"), &[]).await;
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(
        all.contains("smugmug.api_kye is not a name smugVision reads: did you mean api_key? A sign-in saves api_key and leaves api_kye as it is"),
        "{all}"
    );
    let saved = std::fs::read_to_string(&config).unwrap();
    assert!(saved.contains("api_kye") && saved.contains("api_key:"), "what the warning said: {saved}");
}

#[test]
fn a_demo_server_code_must_be_six_digits() {
    let output = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["demo-server", "--code", "abc"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("'abc' is not six digits"));
}

/// The input ending says what was being asked for: the key, the secret
/// or the code, not always "the code".
#[tokio::test(flavor = "multi_thread")]
async fn the_end_of_input_says_what_was_missing() {
    let server = server(DemoConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let mut command = plain(&server, &config, &[]);
    command.env_remove("SMUGMUG_API_KEY").env_remove("SMUGMUG_API_SECRET");
    let output = support::output_with_input(command, format!("{DEMO_API_KEY}\n").into_bytes()).await;
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    assert!(text(&output).contains("The input ended before the api_secret was given"), "{}", text(&output));
    let output = run(&server, &config, "", &[]).await;
    assert!(
        text(&output).contains("The input ended before the six-digit code was given"),
        "{}",
        text(&output)
    );
}
