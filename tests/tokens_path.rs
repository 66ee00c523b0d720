//! The path of pasted tokens says what is true of it: its own step bar
//! (no link), advice and a fix for refused tokens (not a new link), a word
//! about a token too short; and a quit while saving ends as saved.

mod support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smugmug_auth::advice::Action;
use smugmug_auth::config::Saved;
use smugmug_auth::exit;
use smugmug_auth::oauth::Endpoint;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Effect, Focus, Key, Msg, Screen, Trouble, suggested_action};
use std::time::SystemTime;
use support::wizard::*;

fn text(w: &support::Sim) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: false, links: false })).unwrap();
    terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect()
}

#[test]
fn the_step_bar_of_pasted_tokens_has_no_link() {
    let mut w = prefilled();
    key(&mut w, Key::Ctrl('o'));
    let bar: String = ui::step_bar(&w, Theme { color: false, links: false }, 100).to_string();
    assert!(!bar.contains("Link") && bar.contains("✓ Key") && bar.contains("● Tokens"), "{bar}");
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    w.send(Msg::TokensChecked { generation, result: Ok(account()), wall: SystemTime::now() });
    let bar: String = ui::step_bar(&w, Theme { color: false, links: false }, 100).to_string();
    assert!(!bar.contains("Link") && bar.contains("● Save"), "{bar}");
}

#[test]
fn refused_tokens_are_pasted_again_not_a_new_link() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    let refused = problem("token_rejected", Endpoint::AuthUser);
    w.send(Msg::TokensChecked { generation, result: Err(refused), wall: SystemTime::now() });
    assert_eq!(suggested_action(&w), Some(Action::ReenterTokens));
    let Some(Trouble::Client { diagnosis, .. }) = &w.trouble else { panic!() };
    assert_eq!(diagnosis.advice.key, "pasted_tokens_refused");
    let pane = text(&w);
    assert!(!pane.contains("new link") && !pane.contains("link is old"), "{pane}");
    assert!(pane.contains("Enter: paste the tokens again"), "{pane}");
    assert!(key(&mut w, Key::Enter).is_empty(), "no sign-in starts");
    let Screen::Tokens(form) = &w.screen else { panic!("{:?}", w.screen) };
    assert_eq!((form.focus, form.key.value.as_str()), (Focus::Key, "tok32"), "the tokens kept to fix");
}

/// A bad signature with pasted tokens: the user_secret given with them
/// is as likely as the api_secret, and it is the one on this screen, so
/// Enter goes back to the tokens, not to the Key screen.
#[test]
fn a_bad_signature_with_pasted_tokens_goes_back_to_them() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    let refused = problem("signature_invalid", Endpoint::AuthUser);
    w.send(Msg::TokensChecked { generation, result: Err(refused), wall: SystemTime::now() });
    assert_eq!(suggested_action(&w), Some(Action::ReenterTokens));
    let pane = text(&w);
    assert!(pane.contains("These tokens were signed with two secrets"), "{pane}");
    key(&mut w, Key::Enter);
    assert!(matches!(w.screen, Screen::Tokens(_)), "{:?}", w.screen);
}

#[test]
fn a_token_too_short_gets_a_word() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let screen = text(&w);
    assert!(screen.contains("user_token is 5 characters; SmugMug's are 32"), "{screen}");
}

/// The event loop used to change `exit` itself for this; now `update` does.
#[test]
fn quitting_while_the_save_runs_ends_as_saved() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    w.send(Msg::TokensChecked { generation, result: Ok(account()), wall: SystemTime::now() });
    assert!(matches!(key(&mut w, Key::Enter)[..], [Effect::Save(_)]));
    key(&mut w, Key::Ctrl('c'));
    assert_eq!(w.exit, Some(exit::CANCELLED));
    let saved = Saved { path: "/home/ann/.smugvision/config.yaml".into(), backup: None, other_links: 0 };
    w.send(Msg::SaveDone(Ok(saved)));
    assert_eq!(w.exit, Some(exit::OK));
}
