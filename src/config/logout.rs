//! `smugmug-auth logout`: removes user_token and user_secret from the
//! config, keeping the api_key, the api_secret and everything else, with
//! the same care as a save (a private file, written atomically, owner
//! kept). No `.bak` is written: it would keep the tokens being removed.

use super::{ConfigError, edit, load, regular_or_absent, resolve_symlinks, sibling, write_private};
use std::path::{Path, PathBuf};

/// What logging out did.
#[derive(Debug)]
pub enum LoggedOut {
    /// The two tokens were removed from `path`.
    Removed {
        path: PathBuf,
        /// Older copies that still hold the tokens (a `.bak`, a `.new`).
        copies: Vec<PathBuf>,
    },
    /// The config holds no tokens (or does not exist): nothing changed.
    NoTokens { path: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum LogoutError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{path} was left untouched: {reason}. Remove user_token and user_secret by hand")]
    Unchanged { path: PathBuf, reason: String },
}

const TOKENS: [&str; 2] = ["user_token", "user_secret"];

pub fn logout(path: &Path) -> Result<LoggedOut, LogoutError> {
    let target = resolve_symlinks(path).unwrap_or_else(|_| path.to_owned());
    let unchanged = |reason: String| LogoutError::Unchanged { path: target.clone(), reason };
    let has_tokens =
        |p: &Path| load(p).ok().flatten().is_some_and(|s| s.user_token.is_some() || s.user_secret.is_some());
    if !regular_or_absent(&target)? || !has_tokens(&target) {
        // A parse failure is reported by `load` itself.
        load(&target)?;
        return Ok(LoggedOut::NoTokens { path: target });
    }
    let text =
        std::fs::read_to_string(&target).map_err(|e| unchanged(format!("it could not be read ({e})")))?;
    let edited = edit::remove(&text, &TOKENS).map_err(|e| unchanged(e.to_string()))?;
    write_private(&target, edited.as_bytes(), &target)
        .map_err(|e| unchanged(format!("it could not be written ({e})")))?;
    let copies = ["bak", "new"].into_iter().map(|s| sibling(&target, s)).filter(|p| has_tokens(p)).collect();
    Ok(LoggedOut::Removed { path: target, copies })
}
