//! What happens to the wizard (`Msg`) and the work it asks for (`Effect`).

use super::{Copied, Link, Route};
use crate::config::{Credentials, SaveError, Saved};
use crate::oauth::{AccessToken, Account, ClientError, Consumer, RequestToken, Scope};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Everything that can happen to the wizard.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(super::Key),
    /// Bracketed paste.
    Paste(String),
    /// The terminal changed size: nothing to update, but redraw.
    Resize,
    /// A second passed (sent only while a countdown or spinner shows).
    Tick,
    /// The outside world asks us to stop (a signal, the console window
    /// closing): exit with this status (143 SIGTERM, 129 SIGHUP or close).
    Terminate(u8),
    /// The request token arrived and its authorize URL was built.
    LinkReady {
        generation: u64,
        result: Result<Link, ClientError>,
        wall: SystemTime,
    },
    /// The browser came back to the loopback listener: the verifier, or
    /// the refusal SmugMug sent instead.
    Redirected {
        generation: u64,
        result: Result<String, ClientError>,
        wall: SystemTime,
    },
    /// getAccessToken and `!authuser` finished.
    Exchanged {
        generation: u64,
        result: Result<(AccessToken, Account), ClientError>,
        wall: SystemTime,
    },
    /// The check of pasted tokens finished.
    TokensChecked {
        generation: u64,
        result: Result<Account, ClientError>,
        wall: SystemTime,
    },
    /// The check of saved tokens finished.
    Checked {
        result: Result<Account, ClientError>,
        wall: SystemTime,
    },
    Copied(Copied),
    /// The QR code was saved as a picture (where), or why not.
    PictureSaved(Result<PathBuf, Arc<crate::gate::GateError>>),
    /// The browser could not be opened (why).
    BrowserFailed(crate::platform::BrowserError),
    /// The config was saved, or why not (with where the credentials went).
    SaveDone(Result<Saved, Arc<SaveError>>),
}

/// Work for the effects runner; each comes back as a `Msg`.
#[derive(Debug, Clone)]
pub enum Effect {
    /// A request token and its link; for `Route::Browser`, then listen for
    /// the redirect (until the event loop stops it).
    RequestLink {
        generation: u64,
        consumer: Consumer,
        scope: Scope,
        route: Route,
    },
    Exchange {
        generation: u64,
        consumer: Consumer,
        request: RequestToken,
        code: String,
    },
    CheckSaved {
        consumer: Consumer,
        access: AccessToken,
    },
    /// `!authuser` with tokens the person pasted.
    CheckTokens {
        generation: u64,
        consumer: Consumer,
        access: AccessToken,
    },
    Copy(String),
    OpenBrowser(String),
    /// The link's QR code as a PNG file.
    /// Where the picture goes is the plan's (the gate's) to say.
    SavePicture {
        url: String,
    },
    Save(Credentials),
}
