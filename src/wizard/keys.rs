//! One key table per screen: it decides which keys the screen takes (a key
//! not listed, or listed but not available now, does nothing), and the
//! footer and `?` help are drawn from the same rows.

use super::{Check, Key, Overlay, Screen, Wizard, suggested_action};
use crate::advice::Action;

/// Which key presses a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    These(&'static [Key]),
    /// Any printable character but `?` (which opens help): typing.
    Typed,
    Digits,
}

impl Keys {
    pub fn matches(self, key: Key) -> bool {
        match self {
            Keys::These(keys) => keys.contains(&key),
            Keys::Typed => matches!(key, Key::Char(c) if c != '?' && !c.is_control()),
            Keys::Digits => matches!(key, Key::Char(c) if c.is_ascii_digit()),
        }
    }
}

/// A key and what it does on a screen.
#[derive(Debug, Clone, Copy)]
pub struct KeyHelp {
    pub key: &'static str,
    /// A few words for the footer; empty: listed only in help.
    pub short: &'static str,
    /// A sentence for `?` help.
    pub long: &'static str,
    pub keys: Keys,
    /// Whether the key works now; `None`: always.
    pub when: Option<fn(&Wizard) -> bool>,
}

const fn k(key: &'static str, short: &'static str, long: &'static str, keys: &'static [Key]) -> KeyHelp {
    KeyHelp { key, short, long, keys: Keys::These(keys), when: None }
}

const fn when(row: KeyHelp, when: fn(&Wizard) -> bool) -> KeyHelp {
    KeyHelp { when: Some(when), ..row }
}

use Key::{BackTab, Backspace, Ctrl, Delete, Down, End, Enter, Esc, Home, Left, Right, Tab, Up};

const HELP: KeyHelp = k("?", "keys", "this list of keys", &[Key::Char('?')]);
const QUIT: KeyHelp =
    k("q", "quit", "quit now; only Enter on the Save screen writes the config", &[Key::Char('q')]);
const CTRL_C: KeyHelp = k("Ctrl-C", "quit", "quit from anywhere, even a text field", &[Ctrl('c')]);
const TROUBLE: KeyHelp =
    k("t", "", "the troubleshooting pane (↑↓ scroll it, Esc closes it)", &[Key::Char('t'), Ctrl('t')]);
const TROUBLE_IN_TEXT: KeyHelp = k("Ctrl-T", "", "the troubleshooting pane (t types a t here)", &[Ctrl('t')]);
const LINK_ALONE: KeyHelp = k(
    "l",
    "",
    "the link alone, on one line as wide as the screen, to select with the mouse",
    &[Key::Char('l')],
);

fn can_check(w: &Wizard) -> bool {
    w.check.can_start()
}

const EXISTING: &[KeyHelp] = &[
    when(k("c", "check them", "check the saved tokens with one signed call", &[Key::Char('c')]), can_check),
    when(k("Enter", "", "check the saved tokens (once they work: quit)", &[Enter]), |w| {
        !matches!(w.check, Check::Running { .. })
    }),
    k("n", "new tokens", "start over: get new tokens", &[Key::Char('n')]),
    TROUBLE,
    HELP,
    QUIT,
];
const EDITING: &[KeyHelp] = &[
    KeyHelp {
        key: "typing",
        short: "",
        long: "types into the field; a prefilled value shows selected and the first character replaces it",
        keys: Keys::Typed,
        when: None,
    },
    k(
        "← → Home End",
        "",
        "move in the field (also Ctrl-B, Ctrl-F, Ctrl-A, Ctrl-E); a selected prefill is kept to edit",
        &[Left, Right, Home, End, Ctrl('b'), Ctrl('f'), Ctrl('a'), Ctrl('e')],
    ),
    k("Backspace/Del", "", "delete the character before or under the cursor", &[Backspace, Delete]),
    k("Ctrl-W", "", "delete the word before the cursor", &[Ctrl('w')]),
    k("Ctrl-U", "clear", "delete from the start to the cursor", &[Ctrl('u')]),
    k("Ctrl-K", "", "delete from the cursor to the end", &[Ctrl('k')]),
];
const CREDENTIALS: &[KeyHelp] = &[
    k("Enter", "next", "go on: to the api_secret while it is empty, else get the link", &[Enter]),
    k("Tab", "switch", "switch between api_key and api_secret (also ↑ ↓)", &[Tab, BackTab, Up, Down]),
    k(
        "Ctrl-R",
        "reveal",
        "show the first and last four characters of the api_secret (never all of it)",
        &[Ctrl('r')],
    ),
    k(
        "Ctrl-O",
        "",
        "paste an access token and secret you already have instead of signing in (SmugMug shows them for your own key under Authorized Services)",
        &[Ctrl('o')],
    ),
    when(
        k(
            "Esc",
            "",
            "bring back the prefilled value you changed; else back to the saved credentials",
            &[Esc],
        ),
        |w| w.form.focused_restorable() || w.saved_tokens.is_some(),
    ),
    TROUBLE_IN_TEXT,
    HELP,
    CTRL_C,
];
const TOKENS: &[KeyHelp] = &[
    k(
        "Enter",
        "check",
        "go on: to the user_secret while it is empty, else check the tokens with one signed call",
        &[Enter],
    ),
    k("Tab", "switch", "switch between user_token and user_secret (also ↑ ↓)", &[Tab, BackTab, Up, Down]),
    k("Esc", "back", "back to the key and secret, to sign in with SmugMug instead", &[Esc]),
    TROUBLE_IN_TEXT,
    HELP,
    CTRL_C,
];
const WAITING: &[KeyHelp] = &[k("Esc", "cancel", "cancel the request", &[Esc]), TROUBLE, HELP, QUIT];
const BROWSER: &[KeyHelp] = &[
    k(
        "Tab",
        "use a code",
        "a link for a phone or another computer instead: a QR code and a six-digit code to type",
        &[Tab],
    ),
    k("o", "open again", "open the link in the browser again", &[Key::Char('o')]),
    k("c", "copy", "copy the link, to open it in another browser on this computer", &[Key::Char('c')]),
    k("n", "new link", "a new authorization link (each works 5 minutes)", &[Key::Char('n')]),
    LINK_ALONE,
    k("Esc", "", "back to the key and secret", &[Esc]),
    TROUBLE,
    HELP,
    QUIT,
];
const AUTHORIZE: &[KeyHelp] = &[
    KeyHelp {
        key: "digits",
        short: "",
        long: "the six-digit code SmugMug shows after you press Authorize",
        keys: Keys::Digits,
        when: None,
    },
    k("Backspace", "", "delete the last digit", &[Backspace]),
    k("Enter", "verify", "send the code", &[Enter]),
    k("n", "new link", "a new authorization link (each works 5 minutes)", &[Key::Char('n')]),
    k("c", "copy", "copy the link to the clipboard again", &[Key::Char('c')]),
    KeyHelp { short: "link only", ..LINK_ALONE },
    k("p", "", "save the QR code as a PNG picture (--qr-png PATH says where)", &[Key::Char('p')]),
    when(k("o", "browser", "open the link in this computer's browser", &[Key::Char('o')]), |w| {
        w.context.can_open_browser
    }),
    k("Esc", "", "back to the key and secret", &[Esc]),
    TROUBLE,
    HELP,
    QUIT,
];
const SAVE: &[KeyHelp] = &[
    when(
        k("Enter", "save", "save the four values (also y or s)", &[Enter, Key::Char('y'), Key::Char('s')]),
        |w| matches!(w.screen, Screen::Save { saving_since: None, .. }),
    ),
    k("Esc", "", "there is no step back: says how to save or quit", &[Esc]),
    KeyHelp { short: "troubleshoot", ..TROUBLE },
    HELP,
    k("q", "quit without saving", "quit without saving", &[Key::Char('q')]),
];
const DONE: &[KeyHelp] = &[k("Enter or q", "quit", "quit", &[Enter, Esc, Key::Char('q')]), TROUBLE, HELP];
const PANE: &[KeyHelp] = &[
    when(KeyHelp { key: "Enter", short: "", long: "", keys: Keys::These(&[Enter]), when: None }, |w| {
        !matches!(suggested_action(w), Some(Action::Quit) | None)
    }),
    when(k("c", "check saved", "check the saved tokens", &[Key::Char('c')]), |w| {
        w.saved_tokens.is_some() && can_check(w)
    }),
    k("Esc", "close", "close the pane", &[Esc, Key::Char('t'), Ctrl('t')]),
    k("↑↓", "scroll", "scroll", &[Up, Down, Key::Char('j'), Key::Char('k')]),
    QUIT,
];

/// The rows of the window or screen that takes keys now.
fn table(w: &Wizard, overlay: Option<Overlay>) -> &'static [KeyHelp] {
    match overlay {
        Some(Overlay::Troubleshooting { .. }) => return PANE,
        Some(Overlay::Help | Overlay::Link) => return &[],
        None => {}
    }
    match &w.screen {
        Screen::Existing => EXISTING,
        Screen::Credentials => CREDENTIALS,
        Screen::Tokens(_) => TOKENS,
        Screen::RequestingLink { .. } | Screen::Exchanging { .. } | Screen::CheckingTokens { .. } => WAITING,
        Screen::Browser { .. } => BROWSER,
        Screen::Authorize(_) => AUTHORIZE,
        Screen::Save { .. } => SAVE,
        Screen::Done { .. } => DONE,
    }
}

/// The keys that work now, the text fields' editing keys included: what
/// help lists and what `update` lets through.
pub fn keys_for(w: &Wizard) -> Vec<KeyHelp> {
    rows(w, w.overlay)
}

/// The keys of the screen under any window: what `?` help lists.
pub fn screen_keys(w: &Wizard) -> Vec<KeyHelp> {
    rows(w, None)
}

fn rows(w: &Wizard, overlay: Option<Overlay>) -> Vec<KeyHelp> {
    let editing = matches!(w.screen, Screen::Credentials | Screen::Tokens(_)) && overlay.is_none();
    let mut rows: Vec<KeyHelp> =
        table(w, overlay).iter().copied().filter(|row| row.when.is_none_or(|f| f(w))).collect();
    if editing {
        let at = rows.iter().position(|r| r.key == "Ctrl-T").unwrap_or(rows.len());
        rows.splice(at..at, EDITING.iter().copied());
    }
    // Ctrl-C works everywhere; help lists it where the footer does not.
    if !rows.iter().any(|r| r.key == "Ctrl-C") {
        rows.push(KeyHelp { short: "", ..CTRL_C });
    }
    rows
}

/// Whether `key` is one the window or screen takes now. Any key closes
/// help and the link view.
pub fn takes(w: &Wizard, key: Key) -> bool {
    matches!(w.overlay, Some(Overlay::Help | Overlay::Link))
        || keys_for(w).iter().any(|r| r.keys.matches(key))
}

/// The footer as at most `rows` lines of `width` columns: `Enter verify ·
/// n new link · … · ? keys · q quit`. Where it does not fit, the keys just
/// before `? keys` go first, so the first one, help and quit always show.
pub fn footer(w: &Wizard, width: usize, rows: usize) -> Vec<String> {
    let mut keys: Vec<String> = keys_for(w)
        .iter()
        .filter(|k| !k.short.is_empty())
        .map(|k| format!("{} {}", k.key, k.short))
        .collect();
    loop {
        let lines = pack(&keys, width);
        if lines.len() <= rows.max(1) || keys.len() <= 3 {
            return lines;
        }
        keys.remove(keys.len() - 3);
    }
}

/// Greedy lines of `a · b · c`, broken only between keys.
fn pack(keys: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for key in keys {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + key.chars().count() <= width => {
                line.push_str(" · ");
                line.push_str(key);
            }
            _ => lines.push(key.clone()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn keys_are_packed_whole_and_broken_only_between_them() {
        let keys: Vec<String> = ["Enter verify", "n new link", "? keys", "q quit"].map(String::from).into();
        assert_eq!(pack(&keys, 80), ["Enter verify · n new link · ? keys · q quit"]);
        assert_eq!(pack(&keys, 28), ["Enter verify · n new link", "? keys · q quit"]);
    }
}
