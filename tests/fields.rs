//! Text fields edit as a shell's line does, in both forms, and a prefilled
//! value shows selected until the first key, with Esc to bring it back.

mod support;

use smugmug_auth::wizard::{Focus, Key, Msg, Screen};
use support::wizard::*;

fn keys(w: &mut support::Sim, keys: &[Key]) {
    for k in keys {
        key(w, *k);
    }
}

#[test]
fn the_cursor_moves_and_typing_goes_where_it_is() {
    let mut w = fresh();
    typed(&mut w, "abc");
    key(&mut w, Key::Left);
    typed(&mut w, "X");
    assert_eq!(w.form.key.value, "abXc");
    keys(&mut w, &[Key::Home]);
    typed(&mut w, "1");
    keys(&mut w, &[Key::End]);
    typed(&mut w, "2");
    assert_eq!(w.form.key.value, "1abXc2");
    keys(&mut w, &[Key::Ctrl('a'), Key::Right, Key::Delete]);
    assert_eq!(w.form.key.value, "1bXc2", "Delete takes the character under the cursor");
    keys(&mut w, &[Key::Ctrl('e'), Key::Left, Key::Backspace]);
    assert_eq!(w.form.key.value, "1bX2", "Backspace the one before it");
}

#[test]
fn ctrl_w_u_and_k_delete_a_word_back_to_the_start_and_to_the_end() {
    let mut w = fresh();
    typed(&mut w, "one two  three");
    key(&mut w, Key::Ctrl('w'));
    assert_eq!(w.form.key.value, "one two  ");
    key(&mut w, Key::Ctrl('w'));
    assert_eq!(w.form.key.value, "one ");
    typed(&mut w, "four five");
    keys(&mut w, &[Key::Left, Key::Left, Key::Left, Key::Left, Key::Ctrl('k')]);
    assert_eq!(w.form.key.value, "one four ");
    key(&mut w, Key::Left);
    key(&mut w, Key::Ctrl('u'));
    assert_eq!(w.form.key.value, " ");
    assert_eq!(w.form.key.cursor(), 0);
}

#[test]
fn the_secret_edits_the_same_way() {
    let mut w = fresh();
    key(&mut w, Key::Tab);
    assert_eq!(w.form.focus, Focus::Secret);
    typed(&mut w, "abc");
    keys(&mut w, &[Key::Left, Key::Left]);
    typed(&mut w, "Z");
    assert_eq!(w.form.secret.value.expose(), "aZbc");
}

#[test]
fn a_prefill_is_selected_until_the_first_key_and_esc_brings_it_back() {
    let mut w = prefilled();
    assert!(w.form.key.selected(), "the prefilled key shows selected");
    typed(&mut w, "x");
    assert_eq!(w.form.key.value, "x", "typing replaces a selected prefill");
    assert!(!w.form.key.selected());
    key(&mut w, Key::Esc);
    assert_eq!(w.form.key.value, KEY, "Esc brings the prefill back");
    assert!(w.form.key.selected(), "selected again");
    assert_eq!(w.step(), smugmug_auth::wizard::Step::Credentials, "that Esc does not leave the screen");

    // A movement key keeps the prefill to edit.
    key(&mut w, Key::End);
    assert!(!w.form.key.selected());
    typed(&mut w, "6");
    assert_eq!(w.form.key.value, format!("{KEY}6"));
    // A deleting key on the selection takes all of it.
    key(&mut w, Key::Esc);
    key(&mut w, Key::Backspace);
    assert!(w.form.key.value.is_empty());
}

#[test]
fn the_tokens_form_edits_and_checks_as_the_credentials_do() {
    let mut w = prefilled();
    key(&mut w, Key::Ctrl('o'));
    typed(&mut w, "tok");
    key(&mut w, Key::Home);
    typed(&mut w, "A");
    let Screen::Tokens(form) = &w.screen else { panic!() };
    assert_eq!(form.key.value, "Atok");
    key(&mut w, Key::Down);
    assert!(key(&mut w, Key::Enter).is_empty());
    assert!(w.notice.as_deref().unwrap().contains("user_secret is empty"), "{:?}", w.notice);
    w.send(Msg::Paste("s3cret".into()));
    let Screen::Tokens(form) = &w.screen else { panic!() };
    assert_eq!(form.secret.value.expose(), "s3cret");
}

/// The bug: "re-enter the API secret" kept the wrong secret with the
/// cursor at its end, so the pasted right one was joined onto it. Now the
/// field(s) to re-enter show selected: a paste or a key replaces them.
#[test]
fn re_entering_after_a_failure_replaces_the_value_instead_of_joining_it() {
    use smugmug_auth::oauth::Endpoint;
    use std::time::SystemTime;
    for (problem_name, key_too) in [("signature_invalid", false), ("consumer_key_unknown", true)] {
        let mut w = fresh();
        w.send(Msg::Paste("thekey".into()));
        key(&mut w, Key::Tab);
        w.send(Msg::Paste("wrong-secret".into()));
        let generation = start_request(&mut w);
        let error = problem(problem_name, Endpoint::RequestToken);
        w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
        key(&mut w, Key::Enter);
        assert!(!pane_open(&w), "{problem_name}");
        w.send(Msg::Paste("right-secret".into()));
        if key_too {
            assert_eq!(w.form.focus, Focus::Key);
            assert_eq!(w.form.key.value, "right-secret", "{problem_name}: the key is replaced");
            key(&mut w, Key::Tab);
            typed(&mut w, "s");
            assert_eq!(w.form.secret.value.expose(), "s", "{problem_name}: the secret is replaced");
        } else {
            assert_eq!(w.form.focus, Focus::Secret);
            assert_eq!(w.form.secret.value.expose(), "right-secret", "{problem_name}");
            assert_eq!(w.form.key.value, "thekey", "{problem_name}: the key is kept");
        }
    }
}

/// A long secret wrapped over two lines (an email, a web page) is pasted
/// whole: no line break and no space inside.
#[test]
fn a_paste_wrapped_over_lines_is_joined() {
    let mut w = fresh();
    key(&mut w, Key::Tab);
    w.send(Msg::Paste("  abcdef\r\n123456\nXYZ \n".into()));
    assert_eq!(w.form.secret.value.expose(), "abcdef123456XYZ");
}
