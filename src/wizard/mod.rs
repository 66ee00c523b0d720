//! The wizard's state and its pure transition, `update(&mut Wizard, Msg,
//! now) -> Vec<Effect>`. No terminal, network, file system, clock or async
//! runtime here: effects are described and run elsewhere, their results
//! come back as messages, and the time is passed in, so every transition
//! is testable as plain data.
//!
//! The state is shaped so that only screens that exist can be described:
//! each screen's data lives in its `Screen` variant, the key and secret in
//! `Form`, and at most one window (`Overlay`) covers the screen.

mod call;
mod field;
mod form;
mod keys;
mod msg;
mod update;

pub use call::{Call, Exchange, Trouble};
pub use field::{CodeField, Edit, Key, Text, TextField};
pub use form::{Focus, Form, FormKey, Pair, TokenForm};
pub use keys::{KeyHelp, Keys, footer, keys_for, screen_keys, takes};
pub use msg::{Effect, Msg};
pub use update::{suggested_action, update};

use crate::config::{Credentials, Saved, Stored};
use crate::oauth::{AccessToken, Account, Consumer, RequestToken, Scope};
use crate::platform::BrowserError;
use crate::prefill::Prefill;
use crate::qr::{QrMatrix, QrStyle};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// SmugMug request tokens last five minutes.
pub const LINK_LIFETIME: Duration = crate::oauth::REQUEST_TOKEN_LIFETIME;

/// The whole wizard: the screen shown and what outlives a screen.
pub struct Wizard {
    pub screen: Screen,
    /// The api_key and api_secret, kept while the screens change.
    pub form: Form,
    /// A window over the screen: help or the troubleshooting pane.
    pub overlay: Option<Overlay>,
    /// The check of saved tokens; it may run beside any screen.
    pub check: Check,
    /// What the wizard was started with.
    pub context: Context,
    /// All four values from the config, when it has them.
    pub saved_tokens: Option<(Consumer, AccessToken)>,
    /// Where the QR code was last saved as a picture: said again at the end,
    /// once the screen that showed it is gone.
    pub picture: Option<PathBuf>,
    /// The last failure, with the call that failed: what the pane
    /// explains, what "try again" runs, and why the exit status is
    /// "failed" when the person quits.
    pub trouble: Option<Trouble>,
    /// A one-line hint for the person, replaced by the next.
    pub notice: Option<String>,
    /// The clock differs from the server's by more than a minute.
    pub clock_warning: Option<String>,
    /// Bumped on every call and cancel, so a late result is ignored.
    generation: u64,
    /// Set when the wizard should end: the process exit status.
    pub exit: Option<u8>,
    /// How the next link is asked for: the browser here when one can be
    /// opened, until the person (or a failure) switches to a code.
    pub route: Route,
}

/// The screen shown, each with the data only it has.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Saved tokens exist: offer to check them before starting over.
    Existing,
    Credentials,
    /// Asking for a request token, for the browser here or for a code.
    RequestingLink {
        since: Instant,
        route: Route,
    },
    /// The link is open in the browser on this machine; its redirect to
    /// our loopback listener will bring the verifier.
    Browser {
        link: Link,
    },
    /// The link, its QR code and the code field.
    Authorize(Authorize),
    /// Exchanging the verifier for tokens, then `!authuser`, with what a
    /// retry needs and the screen to go back to.
    Exchanging {
        exchange: Exchange,
        since: Instant,
    },
    /// Pasting an access token and secret the person already has.
    Tokens(TokenForm),
    /// Checking pasted tokens with `!authuser`; the form is kept to go back to.
    CheckingTokens {
        tokens: TokenForm,
        since: Instant,
    },
    /// Tokens in hand: confirm the save.
    Save {
        access: AccessToken,
        account: Account,
        saving_since: Option<Instant>,
        /// The tokens were pasted (Ctrl-O), not signed in for.
        pasted: bool,
    },
    Done {
        saved: Saved,
        account: Account,
        pasted: bool,
    },
}

/// How the verifier comes back from SmugMug's authorize page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// SmugMug sends the browser on this machine to our loopback
    /// listener: nothing to type.
    Browser,
    /// SmugMug shows a six-digit code to type: any device can open the
    /// link (the QR code, the clipboard).
    Code,
}

/// After this long without a redirect, say what may be keeping it.
pub const REDIRECT_HINT_AFTER: Duration = Duration::from_secs(45);

/// The Authorize screen's data.
#[derive(Debug, Clone)]
pub struct Authorize {
    pub link: Link,
    pub code: CodeField,
    pub copied: Option<Copied>,
    /// Why the browser could not be opened.
    pub browser_note: Option<BrowserError>,
    /// Where the QR code was saved as a picture, or why it could not be.
    pub picture: Option<Result<PathBuf, std::sync::Arc<crate::gate::GateError>>>,
    /// Codes SmugMug refused for this link: after `CODE_TRIES`, a new link.
    pub refused: usize,
}

impl Authorize {
    /// Its tries at a code are used (as plain mode counts them).
    pub fn spent(&self) -> bool {
        self.refused >= crate::credential_lints::CODE_TRIES
    }

    /// No code can be sent for it any more: expired, or its tries used.
    pub fn dead(&self, now: Instant) -> bool {
        self.spent() || self.link.expired(now)
    }
}

/// The steps in the step bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Existing,
    Credentials,
    RequestToken,
    /// Authorizing in the browser on this machine.
    AuthorizeInBrowser,
    /// Pasting tokens the person already has.
    Tokens,
    Authorize,
    Exchange,
    Save,
    Done,
}

impl Step {
    /// The steps in the step bar, with their short names.
    pub const BAR: [(Step, &'static str); 5] = [
        (Step::Credentials, "Key"),
        (Step::RequestToken, "Link"),
        (Step::Authorize, "Authorize"),
        (Step::Exchange, "Verify"),
        (Step::Save, "Save"),
    ];

    /// The step bar of pasted tokens: no link, no browser.
    pub const TOKENS_BAR: [(Step, &'static str); 4] = [
        (Step::Credentials, "Key"),
        (Step::Tokens, "Tokens"),
        (Step::Exchange, "Verify"),
        (Step::Save, "Save"),
    ];

    /// Position in the sign-in bar (`Existing` before the first, `Done` after the last).
    pub fn position(self) -> usize {
        match self {
            Step::Existing | Step::Credentials => 0,
            Step::RequestToken => 1,
            Step::AuthorizeInBrowser | Step::Authorize | Step::Tokens => 2,
            Step::Exchange => 3,
            Step::Save => 4,
            Step::Done => 5,
        }
    }
}

impl Screen {
    pub fn step(&self) -> Step {
        match self {
            Screen::Existing => Step::Existing,
            Screen::Credentials => Step::Credentials,
            Screen::RequestingLink { .. } => Step::RequestToken,
            Screen::Browser { .. } => Step::AuthorizeInBrowser,
            Screen::Authorize(_) => Step::Authorize,
            Screen::Tokens(_) => Step::Tokens,
            Screen::Exchanging { .. } | Screen::CheckingTokens { .. } => Step::Exchange,
            Screen::Save { .. } => Step::Save,
            Screen::Done { .. } => Step::Done,
        }
    }

    /// The step bar of the path this screen is on, and where it is in it.
    pub fn bar(&self) -> (&'static [(Step, &'static str)], usize) {
        let pasted = match self {
            Screen::Tokens(_) | Screen::CheckingTokens { .. } => true,
            Screen::Save { pasted, .. } | Screen::Done { pasted, .. } => *pasted,
            _ => false,
        };
        if !pasted {
            return (&Step::BAR, self.step().position());
        }
        let position = match self.step() {
            Step::Tokens => 1,
            Step::Exchange => 2,
            Step::Save => 3,
            Step::Done => 4,
            _ => 0,
        };
        (&Step::TOKENS_BAR, position)
    }

    /// When the screen's own call started, while one runs (its spinner).
    pub fn busy_since(&self) -> Option<Instant> {
        match self {
            Screen::RequestingLink { since, .. }
            | Screen::Exchanging { since, .. }
            | Screen::CheckingTokens { since, .. } => Some(*since),
            Screen::Save { saving_since, .. } => *saving_since,
            _ => None,
        }
    }
}

/// A window over the screen. One at a time: a failure replaces help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The link alone, full width, for a mouse to select (`l`).
    Link,
    /// The troubleshooting pane, scrolled this many lines.
    Troubleshooting {
        scroll: u16,
    },
}

/// How the authorize URL reached the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard (arboard).
    System,
    /// An OSC 52 escape to the terminal, wrapped for a multiplexer if named.
    Osc52 {
        multiplexer: Option<&'static str>,
    },
    Failed(String),
}

/// A request token turned into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub request: RequestToken,
    /// The link with every sign-in SmugMug offers: opened, copied, shown.
    pub url: String,
    /// The link's QR code, encoded once here rather than on every redraw.
    pub qr: Option<QrMatrix>,
    /// The QR code of the shorter password-only link, for a screen too
    /// small for the full one (80x24: version 6 instead of 7).
    pub qr_compact: Option<QrMatrix>,
    pub issued: Instant,
    /// Only the demo knows the code its page would show.
    pub demo_code: Option<String>,
    /// What the request token was bound to: the loopback listener or `oob`.
    pub route: Route,
}

impl Link {
    /// A link for `route` from its full and its compact URL; only a code
    /// link gets QR codes (a phone can't reach this machine's loopback).
    pub fn new(
        request: RequestToken,
        (url, compact): (String, String),
        issued: Instant,
        demo_code: Option<String>,
        route: Route,
    ) -> Self {
        let code = route == Route::Code;
        let qr = if code { QrMatrix::encode(&url) } else { None };
        let qr_compact = if code && compact != url { QrMatrix::encode(&compact) } else { None };
        Link { qr, qr_compact, request, url, issued, demo_code, route }
    }

    /// Time left at `now`; zero once expired.
    pub fn remaining(&self, now: Instant) -> Duration {
        LINK_LIFETIME.saturating_sub(now.saturating_duration_since(self.issued))
    }

    pub fn expired(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }
}

/// The check of the saved tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Idle,
    Running {
        since: Instant,
    },
    Passed(Account),
    /// The last check failed: its problem's name stays on the Existing
    /// screen once the pane is closed (`t` opens it again).
    Failed {
        problem: &'static str,
    },
}

impl Check {
    /// Whether a check can be started now.
    pub fn can_start(&self) -> bool {
        matches!(self, Check::Idle | Check::Failed { .. })
    }
}

/// Everything the wizard starts from.
pub struct Setup {
    pub prefill: Prefill,
    pub stored: Option<Stored>,
    pub context: Context,
}

/// What the wizard was started with, built once by launch from the run's
/// plan and passed whole; fixed for the wizard's life.
#[derive(Debug, Clone)]
pub struct Context {
    pub scope: Scope,
    /// The config the gate writes, for what the screens say.
    pub config_path: PathBuf,
    pub config_exists: bool,
    /// Warnings about the config and the environment, all shown on the
    /// first screen (Credentials or Existing).
    pub warnings: Vec<String>,
    /// A browser can be opened here (local display, not over SSH).
    pub can_open_browser: bool,
    /// How the QR code is drawn; `None`: not at all (`--qr off`).
    pub qr: Option<QrStyle>,
    /// Write the picture as soon as a link arrives (`--qr-png`).
    pub qr_png_at_once: bool,
    /// The person asked for a QR code (`--qr`, `--qr-png`): start on the
    /// code path even where a browser could be opened.
    pub wants_qr: bool,
    /// The server when it is not SmugMug (the demo, another): its tokens
    /// are of no use to smugVision, and the Done screen says so.
    pub not_smugmug: Option<String>,
    /// The options commands in advice repeat (`--config`, `--origin`).
    pub rerun: crate::rerun::Rerun,
}

impl Wizard {
    pub fn new(setup: Setup) -> Self {
        let saved_tokens = setup.stored.as_ref().and_then(Stored::tokens);
        let context = setup.context;
        Wizard {
            screen: if saved_tokens.is_some() { Screen::Existing } else { Screen::Credentials },
            form: Form::new(setup.prefill),
            overlay: None,
            check: Check::Idle,
            route: if context.can_open_browser && !context.wants_qr { Route::Browser } else { Route::Code },
            context,
            saved_tokens,
            picture: None,
            trouble: None,
            notice: None,
            clock_warning: None,
            generation: 0,
            exit: None,
        }
    }

    pub fn step(&self) -> Step {
        self.screen.step()
    }

    /// The link on the Authorize screen (or behind the exchange).
    pub fn link(&self) -> Option<&Link> {
        self.authorize().map(|a| &a.link)
    }

    pub fn authorize(&self) -> Option<&Authorize> {
        match &self.screen {
            Screen::Authorize(a) | Screen::Exchanging { exchange: Exchange { back: Some(a), .. }, .. } => {
                Some(a)
            }
            _ => None,
        }
    }

    /// The call whose loopback listener should be running at `now`: from
    /// asking for a callback link until its redirect, expiry, or leaving
    /// the screen. The event loop stops any other.
    pub fn listening(&self, now: Instant) -> Option<u64> {
        match &self.screen {
            Screen::RequestingLink { route: Route::Browser, .. } => Some(self.generation),
            Screen::Browser { link } if !link.expired(now) => Some(self.generation),
            _ => None,
        }
    }

    /// When the screen next changes by itself: the instant a countdown's
    /// shown seconds (or a spinner's) go over, so "0:00" is followed by
    /// "expired" at once. None when nothing counts: no timer at all.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let countdown = match &self.screen {
            Screen::Authorize(a) => Some(&a.link),
            Screen::Browser { link } => Some(link),
            _ => None,
        }
        .map(|link| link.remaining(now))
        .filter(|left| !left.is_zero())
        // "0:04" shows for 4.x s: the next change is when the .x runs out.
        .map(|left| now + (left - Duration::from_secs(left.as_secs())) + Duration::from_millis(1));
        let since = self.screen.busy_since().or(match self.check {
            Check::Running { since } => Some(since),
            _ => None,
        });
        let spinner = since.map(|since| {
            let waited = now.saturating_duration_since(since);
            now + (Duration::from_secs(1) - Duration::from_nanos(u64::from(waited.subsec_nanos())))
        });
        countdown.into_iter().chain(spinner).min()
    }

    /// The four credentials, once the exchange succeeded.
    pub fn credentials(&self) -> Option<Credentials> {
        let Screen::Save { access, .. } = &self.screen else { return None };
        Some(Credentials::new(self.form.consumer(), access.clone()))
    }
}
