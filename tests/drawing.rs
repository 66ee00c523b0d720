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
