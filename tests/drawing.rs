//! Windows over the screen at sizes the snapshots do not cover: nothing of
//! the screen beneath shows beside their border, and their wrapped lines
//! keep their indent.

mod support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smugmug_auth::oauth::Endpoint;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Key, Msg};
use std::time::SystemTime;
use support::wizard::*;

fn rows(w: &support::Sim, cols: u16, lines: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(cols, lines)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: false, links: false })).unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..lines).map(|y| (0..cols).map(|x| buffer[(x, y)].symbol().to_owned()).collect()).collect()
}

/// The bug: at 100x40 the footer's last letters showed beside the window.
#[test]
fn an_overlay_at_100x40_leaves_nothing_in_the_last_column() {
    let mut w = prefilled();
    to_authorize(&mut w);
    for open in [Key::Char('?'), Key::Char('t')] {
        key(&mut w, open);
        let screen = rows(&w, 100, 40);
        for (y, row) in screen.iter().enumerate().skip(1) {
            assert!(row.ends_with(' '), "{open:?}: row {y} ends in {:?}", row.chars().last());
        }
        key(&mut w, Key::Esc);
    }
}

#[test]
fn wrapped_lines_in_help_and_the_pane_keep_their_indent() {
    let mut w = prefilled();
    to_authorize(&mut w);
    key(&mut w, Key::Char('?'));
    let help = rows(&w, 80, 24);
    // "l" has a long sentence: its second line starts under the first's text.
    let at = help.iter().position(|r| r.contains("  l  ")).expect("the l row");
    let first = help[at].find("the link alone").unwrap();
    let next = &help[at + 1];
    assert!(next[..first].chars().skip(3).all(|c| c == ' '), "help's wrapped line is indented:\n{next}");

    let mut w = prefilled();
    let generation = start_request(&mut w);
    let error = problem("signature_invalid", Endpoint::RequestToken);
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    let pane = rows(&w, 80, 24);
    let at = pane.iter().position(|r| r.contains("  - The api_secret does not belong")).expect("an item");
    assert!(pane[at + 1].starts_with(" │    "), "the item's second line under its text:\n{}", pane[at + 1]);
}

/// A command in the pane's advice carries this run's `--config` and
/// `--origin`, as plain mode's does: following it checks the same file
/// against the same server.
#[test]
fn commands_in_the_pane_carry_the_runs_options() {
    let mut w = prefilled();
    w.w.context.rerun = smugmug_auth::rerun::Rerun::new(
        Some(std::path::Path::new("hc2/config.yaml")),
        Some("http://127.0.0.1:9"),
    );
    let generation = start_request(&mut w);
    let error = problem("something_new", Endpoint::RequestToken);
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    let pane = rows(&w, 120, 40).join("\n");
    assert!(
        pane.contains("smugmug-auth check --config hc2/config.yaml --origin http://127.0.0.1:9"),
        "{pane}"
    );
}

/// At 80x24 a key from the environment shows whole: the source note's end
/// gives way, not the key's first letter (which read as a wrong key).
#[test]
fn a_prefilled_key_shows_whole_at_80_columns() {
    let w = prefilled();
    let screen = rows(&w, 80, 24);
    let row = screen.iter().find(|r| r.contains("api_key")).expect("the api_key row");
    assert!(row.contains(&format!("[{KEY}")), "{row}");
}

/// A changed prefill's "Esc brings back" note stands under its own field,
/// and a lint's wrapped line keeps its indent.
#[test]
fn field_notes_stand_under_their_field_and_keep_their_indent() {
    let mut w = prefilled();
    typed(&mut w, "YOUR_API_KEY_HERE");
    let screen = rows(&w, 60, 24);
    let key_row = screen.iter().position(|r| r.contains("api_key")).unwrap();
    let secret_row = screen.iter().position(|r| r.contains("api_secret")).unwrap();
    let esc = screen.iter().position(|r| r.contains("Esc brings back")).expect("the Esc note");
    assert!(key_row < esc && esc < secret_row, "{screen:#?}");
    let lint = screen.iter().position(|r| r.contains("⚠ api_key")).expect("the lint");
    assert!(lint + 1 < secret_row && screen[lint + 1].starts_with("      "), "{screen:#?}");
}

/// A failed check of the saved credentials leaves its mark on the Existing
/// screen once the pane is closed; `c` checks again.
#[test]
fn a_failed_check_stays_said_once_the_pane_is_closed() {
    use smugmug_auth::wizard::{Check, Effect, Wizard};
    let mut w = support::Sim::new(Wizard::new(setup(Default::default(), Some(w_stored()))));
    key(&mut w, Key::Char('c'));
    let error = problem("token_rejected", Endpoint::AuthUser);
    w.send(Msg::Checked { result: Err(error), wall: SystemTime::now() });
    assert!(pane_open(&w));
    key(&mut w, Key::Esc);
    assert!(!pane_open(&w));
    let screen = rows(&w, 80, 24).join("\n");
    assert!(screen.contains("✗ The check failed (token_rejected): t shows why"), "{screen}");
    assert!(screen.contains("c check them"), "the footer offers it again: {screen}");
    assert!(matches!(w.check, Check::Failed { .. }));
    assert!(matches!(key(&mut w, Key::Char('c'))[..], [Effect::CheckSaved { .. }]));
}

/// Saved demo credentials are not called SmugMug's.
#[test]
fn saved_demo_credentials_are_named_as_the_demos() {
    use smugmug_auth::wizard::Wizard;
    let mut stored = w_stored();
    stored.api_key = Some(smugmug_auth::demo::DEMO_API_KEY.to_owned());
    let w = support::Sim::new(Wizard::new(setup(Default::default(), Some(stored))));
    let screen = rows(&w, 80, 24).join("\n");
    assert!(screen.contains("You already have the demo server's credentials"), "{screen}");
    let w = support::Sim::new(Wizard::new(setup(Default::default(), Some(w_stored()))));
    assert!(rows(&w, 80, 24).join("\n").contains("You already have SmugMug credentials"));
}

/// An expired link's QR code is gone (it led a phone to an error page),
/// and the screen says so once.
#[test]
fn an_expired_links_code_is_not_drawn() {
    let mut w = prefilled();
    to_authorize(&mut w);
    let live = rows(&w, 100, 40).join("\n");
    assert!(live.contains('▀') || live.contains('▄'), "a live link shows its code:\n{live}");
    w.wait(301);
    let expired = rows(&w, 100, 40).join("\n");
    assert!(!expired.contains('▀') && !expired.contains('▄'), "{expired}");
    assert!(expired.contains("This link has expired, and its QR code is gone."), "{expired}");
    assert_eq!(expired.matches("press n for a new one").count(), 1, "{expired}");
}

/// A link whose tries are spent shows no QR code and says so, and a
/// paste of a code clears the notice about the code before it.
#[test]
fn a_spent_link_says_so_and_a_pasted_code_clears_an_old_notice() {
    use smugmug_auth::credential_lints::CODE_TRIES;
    let mut w = prefilled();
    to_authorize(&mut w);
    typed(&mut w, "12");
    key(&mut w, Key::Enter);
    assert!(w.notice.is_some(), "six digits wanted");
    w.send(Msg::Paste(" 365 717".into()));
    assert!(w.notice.is_none(), "{:?}", w.notice);
    for _ in 0..CODE_TRIES {
        let effects = key(&mut w, Key::Enter);
        let Some(smugmug_auth::wizard::Effect::Exchange { generation, .. }) = effects.first().cloned() else {
            panic!("{effects:?}")
        };
        let error = problem("verifier_invalid", Endpoint::AccessToken);
        w.send(Msg::Exchanged { generation, result: Err(error), wall: SystemTime::now() });
        key(&mut w, Key::Esc);
        w.send(Msg::Paste("365717".into()));
    }
    let screen = rows(&w, 100, 40).join("\n");
    assert!(!screen.contains('▀') && !screen.contains('▄'), "{screen}");
    assert!(screen.contains("Its tries are used: press n for a new link."), "{screen}");
}

/// Where the person decides to save: whose credentials these are, and
/// what was found about the file, said again.
#[test]
fn the_save_screen_repeats_what_the_save_would_do() {
    let mut w = prefilled();
    w.w.context.not_smugmug = Some("http://127.0.0.1:9".into());
    w.w.context.warnings =
        vec!["config.yaml is readable by others (mode 644); saving will make it private".into()];
    to_authorize(&mut w);
    typed(&mut w, "123456");
    let effects = key(&mut w, Key::Enter);
    let Some(smugmug_auth::wizard::Effect::Exchange { generation, .. }) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    let access = smugmug_auth::oauth::AccessToken {
        token: "u".repeat(32),
        secret: smugmug_auth::secret::Secret::new("v".repeat(64)),
    };
    let account =
        smugmug_auth::oauth::Account { nickname: "ann".into(), name: String::new(), server_date: None };
    w.send(Msg::Exchanged { generation, result: Ok((access, account)), wall: SystemTime::now() });
    let screen = rows(&w, 100, 40).join("\n");
    assert!(screen.contains("These credentials are http://127.0.0.1:9's, not SmugMug's"), "{screen}");
    assert!(screen.contains("readable by others (mode 644)"), "{screen}");
}
