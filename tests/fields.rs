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
