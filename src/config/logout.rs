//! `smugmug-auth logout`: removes user_token and user_secret from the
//! config, keeping the api_key, the api_secret and everything else, with
//! the same care as a save (through the gate: private, atomic, owner
//! kept). No `.bak` is written: it would keep the tokens being removed.

use super::leftovers::{self, Kind};
use super::read;
use super::{ConfigError, edit, load};
use crate::gate::{Gate, GateError, Target};
use crate::secret::Secret;
use std::path::{Path, PathBuf};

/// What logging out did.
#[derive(Debug)]
pub struct LoggedOut {
    pub path: PathBuf,
    /// The tokens were removed (else there were none in the config).
    pub removed: bool,
    /// Which of user_token and user_secret the file named, now removed.
    pub removed_keys: Vec<&'static str>,
    /// Which of api_key and api_secret it names, kept.
    pub kept_keys: Vec<&'static str>,
    /// Other copies that still hold tokens: a `.bak`, a `.new`, a temp
    /// file of an interrupted save, a rescue file under the temp dir.
    pub copies: Vec<TokenCopy>,
    /// Other hard links of the config: they keep the old content (with the
    /// tokens) when the file is replaced.
    pub other_links: u64,
    /// The mode the file had when others could read it: the new file is
    /// private, which is a change too and is said.
    pub was_open: Option<u32>,
}

/// A file that holds tokens, and whether they are the ones just removed.
#[derive(Debug, Clone)]
pub struct TokenCopy {
    pub path: PathBuf,
    pub kind: Kind,
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
    let (removed_token, removed_secret) = stored.map_or((None, None), |s| (s.user_token, s.user_secret));
    let other_links =
        std::fs::metadata(&target).map_or(0, |m| crate::platform::link_count(&m).saturating_sub(1));
    let (mut removed_keys, mut kept_keys) = (Vec::new(), Vec::new());
    let mut was_open = None;
    if had_tokens {
        if let Ok(meta) = std::fs::metadata(&target)
            && let crate::platform::Privacy::Open { mode } = crate::platform::privacy(&meta)
        {
            was_open = Some(mode & 0o777);
        }
        let text = read::text(&target)
            .map_err(|e| unchanged(e.to_string()))?
            .ok_or_else(|| unchanged("it is no longer there".to_owned()))?;
        let edited = edit::remove(&text, &TOKENS).map_err(|e| unchanged(e.to_string()))?;
        gate.write(Target::Config, edited.as_bytes())
            .map_err(|source| LogoutError::Write { path: target.clone(), source })?;
        // Said from the file, not assumed: a file may hold one token alone.
        removed_keys = named(&text, &TOKENS);
        kept_keys = named(&edited, &["api_key", "api_secret"]);
    }
    let copies = copies_with_tokens(&target, removed_token.as_deref(), removed_secret.as_ref());
    Ok(LoggedOut {
        copies,
        path: target,
        removed: had_tokens,
        removed_keys,
        kept_keys,
        other_links,
        was_open,
    })
}

/// Which of `keys` the smugmug: block of `text` names, whatever their values.
fn named(text: &str, keys: &[&'static str]) -> Vec<&'static str> {
    let Ok(doc) = edit::parse(text) else { return Vec::new() };
    let Some(serde_yaml::Value::Mapping(section)) = doc.get(edit::SECTION) else { return Vec::new() };
    keys.iter().copied().filter(|key| section.contains_key(*key)).collect()
}

/// Copies of the credentials that logging out does not touch, found as
/// `check` finds them (`leftovers`): the `.bak`, the `.new` and the temp
/// files of an interrupted save beside the config, and rescue files in our
/// own folders under the temp dir that name this config. Only our own
/// regular files count (never a link, a pipe, or a file another user
/// planted); each says whether it holds a token just removed.
fn copies_with_tokens(target: &Path, token: Option<&str>, secret: Option<&Secret>) -> Vec<TokenCopy> {
    leftovers::beside(target)
        .into_iter()
        .chain(leftovers::elsewhere(target))
        .filter(|copy| copy.ours && copy.holds_tokens())
        .map(|copy| {
            let same = token.is_some_and(|t| copy.user_token.as_deref() == Some(t))
                || secret.is_some_and(|s| copy.user_secret.as_ref() == Some(s));
            TokenCopy { same, kind: copy.kind, path: copy.path }
        })
        .collect()
}
