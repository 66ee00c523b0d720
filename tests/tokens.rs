//! Tokens a person already has, pasted into the wizard: the real binary
//! in tmux against a demo server this test runs, with a token pair the
//! server really issued. Checked, then saved; a wrong pair is refused
//! with the config unchanged. Unix only (tmux).
#![cfg(unix)]

mod support;

use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer};
use smugmug_auth::oauth::{Client, OUT_OF_BAND};
use std::path::Path;
use support::tmux::Tmux;

/// The wizard against `origin`, the key and secret from the environment.
fn wizard(origin: &str, config: &Path) -> Option<Tmux> {
    let command = format!(
        "env -u DISPLAY -u WAYLAND_DISPLAY SMUGMUG_API_KEY={DEMO_API_KEY} SMUGMUG_API_SECRET={DEMO_API_SECRET} \
         TERM=xterm-256color {} --origin {origin} --config {}; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        config.display()
    );
    let tmux = Tmux::start(80, 24, &command)?;
    tmux.wait_for("Ctrl-O opens a form");
    Some(tmux)
}

/// Ctrl-O, then the token and its secret as bracketed pastes would come.
fn paste_tokens(tmux: &Tmux, token: &str, secret: &str) {
    tmux.keys(&["C-o"]);
    tmux.wait_for("Tokens you already have");
    tmux.keys(&["-l", token]);
    tmux.keys(&["Enter"]);
    tmux.keys(&["-l", secret]);
    tmux.keys(&["Enter"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn pasted_tokens_are_checked_then_saved_and_a_wrong_pair_changes_nothing() {
    let server = DemoServer::start(DemoConfig { fixed_code: Some("123456".into()), ..DemoConfig::default() })
        .await
        .unwrap();
    let client = Client::new(server.origin());
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let access = client.access_token(&consumer, &request, "123456").await.unwrap();
    let origin = server.origin().to_string();
    let (token, secret) = (access.token.clone(), access.secret.expose().to_owned());

    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        std::fs::write(&config, "# mine\nvision:\n  model: llava\n").unwrap();
        let Some(tmux) = wizard(&origin, &config) else { return };
        paste_tokens(&tmux, &token, "not-the-secret");
        let screen = tmux.wait_for("Troubleshooting");
        assert!(screen.contains("while checking that the tokens work"), "{screen}");
        assert_eq!(std::fs::read_to_string(&config).unwrap(), "# mine\nvision:\n  model: llava\n");
        drop(tmux);

        let Some(tmux) = wizard(&origin, &config) else { return };
        paste_tokens(&tmux, &token, &secret);
        let screen = tmux.wait_for("Authorized as demo-photographer");
        assert!(!screen.contains(&secret), "the secret is never drawn");
        tmux.keys(&["Enter"]);
        tmux.wait_for("Saved to");
        let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
        assert_eq!(stored.user_token.as_deref(), Some(token.as_str()));
        assert_eq!(stored.user_secret.as_ref().map(|s| s.expose().to_owned()), Some(secret));
        assert!(std::fs::read_to_string(&config).unwrap().starts_with("# mine\nvision:\n  model: llava\n"));
    })
    .await
    .unwrap();
}
