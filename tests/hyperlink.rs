//! The authorize link as an OSC 8 hyperlink where the terminal shows one:
//! every cell of the wrapped link opens and closes the same link (one id),
//! and nothing of the kind where the terminal does not; and the view of
//! the link alone, which goes with its screen.

mod support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Key, Msg, Overlay, Step};
use std::time::SystemTime;
use support::wizard::*;

fn render(w: &support::Sim, links: bool) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: true, links })).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn the_wrapped_link_is_one_hyperlink_where_supported() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    let link = link(&w);
    let url = link.url.clone();
    w.send(Msg::LinkReady { generation, result: Ok(link), wall: SystemTime::now() });
    let linked: Vec<String> = render(&w, true)
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .filter(|s| s.starts_with("\x1b]8;"))
        .collect();
    assert_eq!(linked.len(), url.chars().count(), "every character of the link, however it wraps");
    let open = format!(";{url}\x1b\\");
    assert!(linked.iter().all(|s| s.contains(&open) && s.ends_with("\x1b]8;;\x1b\\")), "{:?}", linked[0]);
    let ids: std::collections::HashSet<&str> = linked.iter().map(|s| s.split(';').nth(1).unwrap()).collect();
    assert_eq!(ids.len(), 1, "one id: one link");
    let text: String = linked.iter().map(|s| s.split('\\').nth(1).unwrap().chars().next().unwrap()).collect();
    assert_eq!(text, url);

    assert!(!render(&w, false).content().iter().any(|c| c.symbol().contains('\x1b')), "no escapes otherwise");
}

/// The link view (`l`) goes with the screen whose link it shows.
#[test]
fn the_link_view_closes_when_its_screen_is_left() {
    let mut w = on_a_desktop();
    let generation = to_browser_wait(&mut w);
    key(&mut w, Key::Char('l'));
    assert_eq!(w.overlay, Some(Overlay::Link));
    w.send(Msg::Redirected { generation, result: Ok("v".into()), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Exchange);
    assert_eq!(w.overlay, None);
}

/// The browser's screen shows the callback link: a hyperlink there too.
#[test]
fn the_browser_screens_link_is_a_hyperlink_too() {
    let mut w = on_a_desktop();
    to_browser_wait(&mut w);
    let linked = render(&w, true).content().iter().filter(|c| c.symbol().starts_with("\x1b]8;")).count();
    assert_eq!(linked, browser_link(&w).url.chars().count());
}
