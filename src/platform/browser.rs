//! Opening the authorize link in the person's browser, through the
//! `opener` crate (ShellExecuteW on Windows, so a `&` in the link reaches
//! the browser whole; `open` on macOS; xdg-open elsewhere; `$BROWSER` first).

use super::local_desktop;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    #[error("not a web address")]
    NotWebAddress,
    #[error("no local browser here (over SSH or no display); scan the QR code or paste the link")]
    NoLocalDesktop,
    #[error("$BROWSER is the text browser {0}; open the link in a graphical browser by hand")]
    TextBrowser(String),
    #[error("could not start a browser ({0}); open the link by hand")]
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
    opener::open_browser(url).map_err(|e| BrowserError::Failed(e.to_string()))
}
