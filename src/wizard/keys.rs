//! One key table per screen: the footer shows its short form, `?` help
//! lists the same keys with what they do.

use super::Step;

/// A key and what it does on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    pub key: &'static str,
    /// A few words for the footer; empty: listed only in help.
    pub short: &'static str,
    /// A sentence for `?` help.
    pub long: &'static str,
}

const fn k(key: &'static str, short: &'static str, long: &'static str) -> KeyHelp {
    KeyHelp { key, short, long }
}

const HELP: KeyHelp = k("?", "keys", "this list of keys");
const QUIT: KeyHelp = k("q", "quit", "quit; nothing is saved before you confirm");
const CTRL_C: KeyHelp = k("Ctrl-C", "quit", "quit from anywhere, even a text field");
const TROUBLE: KeyHelp = k("t", "", "the troubleshooting pane (↑↓ scroll it, Esc closes it)");

const EXISTING: &[KeyHelp] = &[
    k("c", "check them", "check the saved tokens with one signed call"),
    k("n", "new tokens", "start over: get new tokens"),
    TROUBLE,
    HELP,
    QUIT,
];
const CREDENTIALS: &[KeyHelp] = &[
    k("Enter", "next", "go on: to the api_secret, then get the link"),
    k("Tab", "switch", "switch between api_key and api_secret (also ↑ ↓)"),
    k("Ctrl-R", "reveal", "show the first and last four characters of the api_secret (never all of it)"),
    k("Ctrl-U", "clear", "clear the field"),
    k(
        "Ctrl-O",
        "",
        "paste an access token and secret you already have instead of signing in (SmugMug shows them for your own key under Authorized Services)",
    ),
    k("Ctrl-T", "", "the troubleshooting pane (t types a t here)"),
    HELP,
    CTRL_C,
];
const TOKENS: &[KeyHelp] = &[
    k("Enter", "check", "go on: to the user_secret, then check the tokens with one signed call"),
    k("Tab", "switch", "switch between user_token and user_secret (also ↑ ↓)"),
    k("Ctrl-U", "clear", "clear the field"),
    k("Esc", "back", "back to the key and secret, to sign in with SmugMug instead"),
    k("Ctrl-T", "", "the troubleshooting pane (t types a t here)"),
    HELP,
    CTRL_C,
];
const WAITING: &[KeyHelp] = &[k("Esc", "cancel", "cancel the request"), TROUBLE, HELP, QUIT];
const BROWSER: &[KeyHelp] = &[
    k(
        "Tab",
        "use a code",
        "a link for a phone or another computer instead: a QR code and a six-digit code to type",
    ),
    k("o", "open again", "open the link in the browser again"),
    k("l", "", "the link alone, on one line as wide as the screen, to select with the mouse"),
    k("c", "copy", "copy the link, to open it in another browser on this computer"),
    k("n", "new link", "a new authorization link (each works 5 minutes)"),
    k("Esc", "", "back to the key and secret"),
    TROUBLE,
    HELP,
    QUIT,
];
const AUTHORIZE: &[KeyHelp] = &[
    k("digits", "", "the six-digit code SmugMug shows after you press Authorize"),
    k("Enter", "verify", "send the code"),
    k("n", "new link", "a new authorization link (each works 5 minutes)"),
    k("c", "copy", "copy the link to the clipboard again"),
    k("l", "link only", "the link alone, on one line as wide as the screen, to select with the mouse"),
    k("p", "", "save the QR code as a PNG picture (--qr-png PATH says where)"),
    k("o", "browser", "open the link in a browser (only with a local display)"),
    k("Esc", "", "back to the key and secret"),
    TROUBLE,
    HELP,
    QUIT,
];
const SAVE: &[KeyHelp] = &[
    k("Enter", "save", "save the four values"),
    k("t", "troubleshoot", TROUBLE.long),
    HELP,
    k("q", "quit without saving", "quit without saving"),
];
const DONE: &[KeyHelp] = &[k("Enter or q", "quit", "quit")];

/// The keys that work on `step`.
pub fn keys_for(step: Step) -> &'static [KeyHelp] {
    match step {
        Step::Existing => EXISTING,
        Step::Credentials => CREDENTIALS,
        Step::RequestToken | Step::Exchange => WAITING,
        Step::AuthorizeInBrowser => BROWSER,
        Step::Tokens => TOKENS,
        Step::Authorize => AUTHORIZE,
        Step::Save => SAVE,
        Step::Done => DONE,
    }
}

/// The footer line: `Enter verify · n new link · … · q quit`.
pub fn footer(step: Step) -> String {
    let keys: Vec<String> = keys_for(step)
        .iter()
        .filter(|k| !k.short.is_empty())
        .map(|k| format!("{} {}", k.key, k.short))
        .collect();
    format!(" {}", keys.join(" · "))
}
