//! `smugmug-auth logout`: removes user_token and user_secret from the
//! config, keeping the api_key, the api_secret and everything else, with
//! the same care as a save (through the gate: private, atomic, owner
//! kept). No `.bak` is written: it would keep the tokens being removed.

use super::{ConfigError, RESCUE_HEADER, edit, load, read, sibling};
use crate::gate::{Gate, GateError, Target};
use std::path::{Path, PathBuf};

/// What logging out did.
#[derive(Debug)]
pub struct LoggedOut {
    pub path: PathBuf,
    /// The tokens were removed (else there were none in the config).
    pub removed: bool,
    /// Other copies that still hold tokens: a `.bak`, a `.new`, a rescue
    /// file under the temp dir.
    pub copies: Vec<TokenCopy>,
    /// Other hard links of the config: they keep the old content (with the
    /// tokens) when the file is replaced.
    pub other_links: u64,
}

/// A file that holds tokens, and whether they are the ones just removed.
#[derive(Debug, Clone)]
pub struct TokenCopy {
    pub path: PathBuf,
    pub same: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum LogoutError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{path} was left untouched: {reason}. Remove user_token and user_secret by hand")]
    Unchanged { path: PathBuf, reason: String },
    #[error("{path} was left untouched: {source}. Remove user_token and user_secret by hand")]
    Write { path: PathBuf, source: GateError },
}

const TOKENS: [&str; 2] = ["user_token", "user_secret"];

pub fn logout(gate: &Gate) -> Result<LoggedOut, LogoutError> {
    let target = gate.config().to_owned();
    let unchanged = |reason: String| LogoutError::Unchanged { path: target.clone(), reason };
    gate.check_config().map_err(|source| LogoutError::Write { path: target.clone(), source })?;
    // A parse failure (or a file too large to read) is reported by `load` itself.
    let stored = load(&target)?;
    let had_tokens = stored.as_ref().is_some_and(|s| s.user_token.is_some() || s.user_secret.is_some());
    let removed_token = stored.and_then(|s| s.user_token);
    let other_links =
        std::fs::metadata(&target).map_or(0, |m| crate::platform::link_count(&m).saturating_sub(1));
    if had_tokens {
        let text = read::text(&target)
            .map_err(|e| unchanged(e.to_string()))?
            .ok_or_else(|| unchanged("it is no longer there".to_owned()))?;
        let edited = edit::remove(&text, &TOKENS).map_err(|e| unchanged(e.to_string()))?;
        gate.write(Target::Config, edited.as_bytes())
            .map_err(|source| LogoutError::Write { path: target.clone(), source })?;
    }
    let copies = copies_with_tokens(&target, removed_token.as_deref());
    Ok(LoggedOut { copies, path: target, removed: had_tokens, other_links })
}

/// Copies of the credentials that logging out does not touch: the `.bak`
/// and `.new` beside the config, and rescue files in our own folders under
/// the temp dir that name this config.
/// Only our own regular files are read (never a link, a pipe, or a file
/// another user planted under the temp dir); each says whether it holds
/// the token just `removed`.
fn copies_with_tokens(target: &Path, removed: Option<&str>) -> Vec<TokenCopy> {
    let ours = |p: &Path| {
        std::fs::symlink_metadata(p)
            .is_ok_and(|m| m.is_file() && crate::platform::owner_id(&m) == crate::platform::my_id())
    };
    let has_tokens = |p: &Path| {
        ours(p) && load(p).ok().flatten().is_some_and(|s| s.user_token.is_some() || s.user_secret.is_some())
    };
    let copy = |path: PathBuf| {
        let token = load(&path).ok().flatten().and_then(|s| s.user_token);
        TokenCopy { same: removed.is_some() && token.as_deref() == removed, path }
    };
    let mut copies: Vec<PathBuf> =
        ["bak", "new"].into_iter().map(|s| sibling(target, s)).filter(|p| has_tokens(p)).collect();
    let header = format!("{RESCUE_HEADER}{}.", target.display());
    let rescued = std::fs::read_dir(std::env::temp_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("smugmug-auth-rescue-"))
        .filter(|e| {
            std::fs::symlink_metadata(e.path())
                .is_ok_and(|m| m.is_dir() && crate::platform::owner_id(&m) == crate::platform::my_id())
        })
        .map(|e| e.path().join("config.yaml.new"))
        .filter(|p| {
            ours(p)
                && read::text(p).is_ok_and(|t| t.is_some_and(|t| t.lines().next() == Some(header.as_str())))
                && has_tokens(p)
        });
    copies.extend(rescued);
    copies.into_iter().map(copy).collect()
}
