//! What the wizard's screens say, read off a drawn frame: each thing once,
//! and nothing said before it is true.

mod support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smugmug_auth::config::Stored;
use smugmug_auth::oauth::{Account, Scope};
use smugmug_auth::prefill::Prefill;
use smugmug_auth::secret::Secret;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Key, Msg, Wizard};
use std::time::SystemTime;
use support::Sim;

fn wizard(stored: Option<Stored>) -> Sim {
    let mut setup = support::wizard::setup(Prefill::default(), stored);
    setup.context.qr = None;
    Sim::new(Wizard::new(setup))
}

fn screen_text(w: &Sim) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: false, links: false })).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(buffer.area.width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

/// After `c` the Existing screen says the tokens work once, not twice.
#[test]
fn a_passed_check_is_said_once() {
    let stored = Stored {
        api_key: Some("k".repeat(32)),
        api_secret: Some(Secret::new("s".repeat(64))),
        user_token: Some("t".repeat(32)),
        user_secret: Some(Secret::new("u".repeat(64))),
        problems: vec![],
    };
    let mut w = wizard(Some(stored));
    w.send(Msg::Key(Key::Char('c')));
    let account = Account { nickname: "ann".into(), name: "Ann Example".into(), server_date: None };
    w.send(Msg::Checked { result: Ok(account), wall: SystemTime::now() });
    let text = screen_text(&w);
    assert_eq!(text.matches("authorized as ann").count(), 1, "{text}");
}

/// An empty field is not a warning before anything was typed.
#[test]
fn nothing_is_called_empty_before_any_input() {
    let w = wizard(None);
    let text = screen_text(&w);
    assert!(!text.contains("is empty"), "{text}");
}

/// A misspelt key in the config (`api_kye`) is named on the wizard's
/// first screen, with what the sign-in will do about it.
#[cfg(unix)]
#[test]
fn a_misspelt_key_is_noted_in_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.yaml");
    std::fs::write(&config, "smugmug:\n  api_kye: \"x\"\n").unwrap();
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET TERM=xterm-256color {} --origin http://127.0.0.1:9 --config {} 2>/dev/null; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        config.display()
    );
    let Some(tmux) = support::tmux::Tmux::start(200, 40, &command) else { return };
    let screen = tmux.wait_for("did you mean api_key?");
    assert!(screen.contains("A sign-in saves api_key and leaves api_kye as it is"), "{screen}");
}

/// The Done screen of a run that asked for less than Full/Modify says what
/// smugVision cannot do, not that it can now reach the account.
#[test]
fn a_smaller_grant_is_said_on_the_done_screen() {
    use smugmug_auth::config::Saved;
    use smugmug_auth::oauth::{Access, Permissions};
    use smugmug_auth::wizard::Screen;
    let done = |scope: Scope| {
        let mut w = wizard(None);
        w.w.context.scope = scope;
        let saved = Saved { path: "/home/ann/.smugvision/config.yaml".into(), backup: None, other_links: 0 };
        let account = Account { nickname: "ann".into(), name: String::new(), server_date: None };
        w.w.screen = Screen::Done { saved, account, pasted: false };
        screen_text(&w)
    };
    let small = done(Scope { access: Access::Public, permissions: Permissions::Read });
    assert!(small.contains("will not be able to write keywords"), "{small}");
    assert!(!small.contains("can now reach"), "{small}");
    let full = done(Scope::default());
    assert!(full.contains("smugVision can now reach your SmugMug account"), "{full}");
    assert!(!full.contains("will not be able to"), "{full}");
}
