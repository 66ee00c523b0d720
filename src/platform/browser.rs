//! Opening the authorize link in the person's browser, through the
//! `opener` crate (ShellExecuteW on Windows, so a `&` in the link reaches
//! the browser whole; `open` on macOS; xdg-open elsewhere; `$BROWSER` first).

use super::local_desktop;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    #[error("not a web address")]
    NotWebAddress,
    #[error("no local browser here (over SSH or no display); scan the QR code or paste the link")]
    NoLocalDesktop,
    #[error("$BROWSER is the text browser {0}; open the link in a graphical browser by hand")]
    TextBrowser(String),
    #[error("could not start a browser: {0}")]
    Failed(String),
}

/// Browsers that draw in the terminal: they would draw inside our screen.
const TEXT_BROWSERS: [&str; 6] = ["lynx", "w3m", "links", "elinks", "browsh", "www-browser"];

/// Opens `url` in a graphical browser on this machine, never over SSH
/// (it would open on the wrong machine) and never a text browser.
pub fn open_browser(url: &str) -> Result<(), BrowserError> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err(BrowserError::NotWebAddress);
    }
    if !local_desktop() {
        return Err(BrowserError::NoLocalDesktop);
    }
    if let Ok(browser) = std::env::var("BROWSER") {
        let program = browser.rsplit(['/', '\\']).next().unwrap_or_default();
        if let Some(text) = TEXT_BROWSERS.iter().find(|t| program.starts_with(*t)) {
            return Err(BrowserError::TextBrowser((*text).to_owned()));
        }
    }
    if std::env::var_os("BROWSER").is_none() && cfg!(all(unix, not(target_os = "macos"))) {
        // With no xdg-open here, the opener crate's own copy of it.
        if let Some(result) = xdg_open(url) {
            return result;
        }
    }
    opener::open_browser(url).map_err(|e| BrowserError::Failed(e.to_string()))
}

/// How long xdg-open's exit status is waited for: it may run as long as
/// the browser does, but with no browser to start (WSL without one, a
/// minimal desktop) it fails at once, and the person must get the link.
const XDG_OPEN_VERDICT: Duration = Duration::from_secs(3);

/// Runs the system's xdg-open; `None` when there is none.
fn xdg_open(url: &str) -> Option<Result<(), BrowserError>> {
    let mut child = Command::new("xdg-open")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let started = Instant::now();
    while started.elapsed() < XDG_OPEN_VERDICT {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Some(Ok(())),
            Ok(Some(status)) => {
                return Some(Err(BrowserError::Failed(format!("xdg-open found no browser, {status}"))));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => break,
        }
    }
    // Still running: it is showing the browser. Reaped when it ends.
    std::thread::spawn(move || child.wait());
    Some(Ok(()))
}
