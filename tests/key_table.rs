//! One key table per screen drives both handling and help: on every
//! screen (and the pane), each key that does something is listed, and
//! each listed key does something.

mod support;

use smugmug_auth::oauth::{AccessToken, Endpoint};
use smugmug_auth::prefill::Prefill;
use smugmug_auth::secret::Secret;
use smugmug_auth::wizard::{Key, Msg, Wizard, keys_for, update};
use std::time::SystemTime;
use support::Sim;
use support::wizard::*;

/// Everything a key can change, as text.
fn state(w: &Wizard) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {}",
        w.screen,
        w.overlay,
        w.check,
        w.notice,
        w.exit,
        w.route,
        w.form,
        w.trouble.is_some()
    )
}

fn every_key() -> Vec<Key> {
    let mut keys: Vec<Key> = "abcdefghijklmnopqrstuvwxyz0123456789 -?".chars().map(Key::Char).collect();
    keys.extend(('a'..='z').map(Key::Ctrl));
    keys.extend([
        Key::Enter,
        Key::Esc,
        Key::Backspace,
        Key::Delete,
        Key::Tab,
        Key::BackTab,
        Key::Up,
        Key::Down,
        Key::Left,
        Key::Right,
        Key::Home,
        Key::End,
    ]);
    keys
}

/// A field with text and the cursor inside it, so every editing key can act.
fn mid_field(w: &mut Sim) {
    typed(w, "ab cd");
    key(w, Key::Left);
}

type Make = fn() -> Sim;

fn screens() -> Vec<(&'static str, Make)> {
    vec![
        ("credentials", || {
            let mut w = fresh();
            mid_field(&mut w);
            w
        }),
        ("credentials, prefilled and changed", || {
            let mut w = prefilled();
            key(&mut w, Key::End);
            typed(&mut w, "x y");
            key(&mut w, Key::Left);
            w
        }),
        ("credentials, saved tokens", || {
            let mut w = prefilled_with_saved_tokens();
            key(&mut w, Key::Char('n'));
            key(&mut w, Key::End);
            key(&mut w, Key::Left);
            w
        }),
        ("existing", || Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))))),
        ("existing, checking", || {
            let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
            key(&mut w, Key::Char('c'));
            w
        }),
        ("existing, passed", || {
            let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
            key(&mut w, Key::Char('c'));
            w.send(Msg::Checked { result: Ok(account()), wall: SystemTime::now() });
            w.notice = None;
            w
        }),
        ("tokens", || {
            let mut w = prefilled();
            key(&mut w, Key::Ctrl('o'));
            mid_field(&mut w);
            w
        }),
        ("requesting", || {
            let mut w = prefilled();
            start_request(&mut w);
            w
        }),
        ("browser", || {
            let mut w = on_a_desktop();
            to_browser_wait(&mut w);
            w
        }),
        ("authorize", || {
            let mut w = prefilled();
            to_authorize(&mut w);
            typed(&mut w, "12");
            w
        }),
        ("save", || {
            let mut w = prefilled();
            to_authorize(&mut w);
            typed(&mut w, "123456");
            let generation = match key(&mut w, Key::Enter)[..] {
                [smugmug_auth::wizard::Effect::Exchange { generation, .. }] => generation,
                _ => panic!(),
            };
            let access = AccessToken { token: "at".into(), secret: Secret::new("ats") };
            w.send(Msg::Exchanged { generation, result: Ok((access, account())), wall: SystemTime::now() });
            w
        }),
        ("pane after a failure, saved tokens", || {
            let mut w = prefilled_with_saved_tokens();
            key(&mut w, Key::Char('n'));
            let generation = start_request(&mut w);
            let error = problem("signature_invalid", Endpoint::RequestToken);
            w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
            key(&mut w, Key::Down);
            w
        }),
        ("pane while a check runs", || {
            let mut w = prefilled_with_saved_tokens();
            key(&mut w, Key::Char('c'));
            key(&mut w, Key::Char('t'));
            key(&mut w, Key::Down);
            w
        }),
    ]
}

#[test]
fn every_handled_key_is_listed_and_every_listed_key_is_handled() {
    for (name, make) in screens() {
        for k in every_key() {
            let mut w = make();
            let listed = keys_for(&w).iter().any(|row| row.keys.matches(k));
            let before = state(&w);
            let now = w.now;
            let effects = update(&mut w.w, Msg::Key(k), now);
            let handled = !effects.is_empty() || state(&w) != before;
            assert_eq!(
                handled,
                listed,
                "{name}: {k:?} is {}handled but {}listed",
                if handled { "" } else { "not " },
                if listed { "" } else { "not " }
            );
        }
    }
}

/// The bugs: "c check saved" offered while a check runs; Enter on the
/// saved-credentials screen and Esc on the credentials not in help.
#[test]
fn help_offers_what_works_now() {
    let mut w = prefilled_with_saved_tokens();
    key(&mut w, Key::Char('c'));
    key(&mut w, Key::Char('t'));
    assert!(!keys_for(&w).iter().any(|r| r.key == "c"), "no check while one runs");
    let w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
    assert!(keys_for(&w).iter().any(|r| r.key == "Enter"));
    let mut w = prefilled_with_saved_tokens();
    key(&mut w, Key::Char('n'));
    assert!(keys_for(&w).iter().any(|r| r.key == "Esc"));
}

/// `o` on the Authorize screen is offered only where a browser can be
/// opened; elsewhere it is neither in the footer nor in help, and does nothing.
#[test]
fn the_browser_key_is_offered_only_where_a_browser_opens() {
    use smugmug_auth::wizard::{Key, Wizard, footer, keys_for};
    use support::wizard::*;
    for can_open in [false, true] {
        let mut setup = setup(Default::default(), None);
        setup.context.can_open_browser = can_open;
        let mut w = support::Sim::new(Wizard::new(setup));
        typed(&mut w, KEY);
        key(&mut w, Key::Tab);
        typed(&mut w, &secret());
        to_authorize(&mut w);
        let offered = footer(&w, 200, 1).join(" ").contains("o browser");
        assert_eq!(offered, can_open);
        assert_eq!(keys_for(&w).iter().any(|k| k.key == "o"), can_open);
        let effects = key(&mut w, Key::Char('o'));
        assert_eq!(!effects.is_empty(), can_open, "{effects:?}");
    }
}
