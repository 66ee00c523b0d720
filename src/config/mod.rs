//! smugVision's `~/.smugvision/config.yaml`: where it is, what it holds,
//! and saving the four credentials into it without losing anything else.
//! No terminal and no network here.

mod edit;
pub mod leftovers;
mod lines;
mod logout;
mod nesting;
mod read;

pub use crate::gate::{parent, resolve_symlinks, sibling};
pub use crate::platform::private_temp_dir;
pub use edit::{EditError, merge, quote};
pub use logout::{LoggedOut, LogoutError, logout};
pub use read::regular_or_absent;

use crate::gate::{Gate, GateError, Target};

use crate::oauth::{AccessToken, Consumer};
use crate::secret::Secret;
use serde_yaml::Value;
use std::io;
use std::path::{Path, PathBuf};

/// Where smugVision looks (`Path.home() / ".smugvision" / "config.yaml"`):
/// `$HOME` on Unix, `%USERPROFILE%` on Windows.
pub fn default_path() -> Option<PathBuf> {
    std::env::home_dir()
        .filter(|h| !h.as_os_str().is_empty())
        .map(|h| h.join(".smugvision").join("config.yaml"))
}

/// The command that tries smugVision on one album without changing it;
/// `--config` is named when the config is not where smugVision looks by
/// default (it reads no environment variable for it).
pub fn smugvision_try_command(saved_to: &Path) -> String {
    let mut command = "smugvision --gallery <album_key> --dry-run".to_owned();
    if default_path().is_none_or(|default| resolve_symlinks(&default).unwrap_or(default) != saved_to) {
        command.push_str(&format!(" --config {}", saved_to.display()));
    }
    command
}

/// What a run that saved nothing says of the config: "unchanged" only for
/// a file that is there.
pub fn untouched(path: &Path) -> String {
    if path.exists() {
        format!("{} was not changed", path.display())
    } else {
        format!("nothing was saved ({} was not created)", path.display())
    }
}

/// All four values, ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub api_key: String,
    pub api_secret: Secret,
    pub user_token: String,
    pub user_secret: Secret,
}

impl Credentials {
    pub fn new(consumer: Consumer, access: AccessToken) -> Self {
        Credentials {
            api_key: consumer.key,
            api_secret: consumer.secret,
            user_token: access.token,
            user_secret: access.secret,
        }
    }

    fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("api_key", self.api_key.as_str()),
            ("api_secret", self.api_secret.expose()),
            ("user_token", self.user_token.as_str()),
            ("user_secret", self.user_secret.expose()),
        ]
    }
}

/// What a config file holds now (values trimmed; problems listed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    pub api_key: Option<String>,
    pub api_secret: Option<Secret>,
    pub user_token: Option<String>,
    pub user_secret: Option<Secret>,
    pub problems: Vec<StoredProblem>,
}

impl Stored {
    pub fn has_tokens(&self) -> bool {
        self.user_token.is_some() && self.user_secret.is_some()
    }

    /// The application credentials and the user's tokens, when all four are there.
    pub fn tokens(&self) -> Option<(Consumer, AccessToken)> {
        Some((
            Consumer { key: self.api_key.clone()?, secret: self.api_secret.clone()? },
            AccessToken { token: self.user_token.clone()?, secret: self.user_secret.clone()? },
        ))
    }
}

/// A value that will not work as written: the guide's most common failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredProblem {
    SurroundingSpace(&'static str),
    SurroundingQuotes(&'static str),
    NotText(&'static str),
    /// Written but empty (`api_key: ""`, or only spaces): taken as absent.
    Empty(&'static str),
    /// Still the example value (`YOUR_API_KEY_HERE`): taken as absent.
    Placeholder(&'static str),
    /// A name close to one of the four (`api_kye`): smugVision ignores it.
    Misspelt {
        found: String,
        meant: &'static str,
    },
}

impl std::fmt::Display for StoredProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredProblem::SurroundingSpace(k) => {
                write!(f, "smugmug.{k} has spaces around it, which SmugMug will not ignore; remove them")
            }
            StoredProblem::SurroundingQuotes(k) => {
                write!(f, "smugmug.{k} has quote characters inside its value; keep only one pair of quotes")
            }
            StoredProblem::NotText(k) => write!(f, "smugmug.{k} is not a piece of text; write it in quotes"),
            StoredProblem::Empty(k) => {
                write!(f, "smugmug.{k} is empty; it is ignored (a sign-in asks for it)")
            }
            StoredProblem::Placeholder(k) => write!(
                f,
                "smugmug.{k} looks like an example value, not yours; it is ignored (a sign-in asks for it)"
            ),
            StoredProblem::Misspelt { found, meant } => write!(
                f,
                "smugmug.{found} is not a name smugVision reads: did you mean {meant}? A sign-in saves {meant} and leaves {found} as it is; delete {found} afterwards"
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path} cannot be used: {reason}; fix it by hand, or move it aside and run again")]
    Unusable { path: PathBuf, reason: EditError },
    #[error("{path} is {what}, not a regular file: give the config file with --config PATH")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{path} is {}, and smugmug-auth reads no config over 256 KiB (smugVision's are a few KB); it was not read and is unchanged. Make sure it is your smugVision config, or move it aside and run again",
        read::size_text(*size)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{path} would be {} with the four values in it, over the 256 KiB smugmug-auth reads back, so a save could not be undone by logout; it is unchanged. Move other settings out of it, or give another file with --config",
        read::size_text(*size)
    )]
    WouldGrow { path: PathBuf, size: u64 },
}

/// Whether the four values could be saved into `path` as it is now,
/// decided before any sign-in: the same merge a save does, with stand-in
/// values.
pub fn check_editable(path: &Path) -> Result<(), ConfigError> {
    let Some(text) = read::text(path)? else { return Ok(()) };
    // As long as a server's tokens may be: the file must still be one
    // this tool reads back afterwards (logout, check, the next sign-in).
    let long = "x".repeat(crate::oauth::MAX_TOKEN);
    let stand_in =
        [("api_key", &*long), ("api_secret", &long), ("user_token", &long), ("user_secret", &long)];
    let merged = edit::merge(&text, &stand_in)
        .map_err(|reason| ConfigError::Unusable { path: path.to_owned(), reason })?;
    match merged.len() as u64 {
        size if size > read::MAX_BYTES => Err(ConfigError::WouldGrow { path: path.to_owned(), size }),
        _ => Ok(()),
    }
}

/// Reads the saved credentials; `Ok(None)` when there is no file.
pub fn load(path: &Path) -> Result<Option<Stored>, ConfigError> {
    let Some(text) = read::text(path)? else { return Ok(None) };
    stored_in(&text).map(Some).map_err(|reason| ConfigError::Unusable { path: path.to_owned(), reason })
}

/// What a config's text holds (values trimmed; problems listed).
fn stored_in(text: &str) -> Result<Stored, EditError> {
    let doc = edit::parse(text)?;
    let section = match doc.get(edit::SECTION) {
        None | Some(Value::Null) => return Ok(Stored::default()),
        Some(Value::Mapping(m)) => m,
        Some(other) => return Err(EditError::SectionNotMapping(edit::kind(other))),
    };
    let mut stored = Stored::default();
    let mut read = |key: &'static str| -> Option<String> {
        let raw = match section.get(key)? {
            Value::String(s) => s.clone(),
            Value::Null => return None,
            Value::Number(n) => {
                stored.problems.push(StoredProblem::NotText(key));
                n.to_string()
            }
            _ => {
                stored.problems.push(StoredProblem::NotText(key));
                return None;
            }
        };
        let cleaned = crate::credential_lints::clean(&raw);
        if cleaned.is_empty() {
            stored.problems.push(StoredProblem::Empty(key));
            return None;
        }
        if crate::credential_lints::is_placeholder(&cleaned) {
            // An example value is not a credential: ask instead of sending it.
            stored.problems.push(StoredProblem::Placeholder(key));
            return None;
        }
        if raw.trim() != raw {
            stored.problems.push(StoredProblem::SurroundingSpace(key));
        } else if cleaned != raw {
            stored.problems.push(StoredProblem::SurroundingQuotes(key));
        }
        Some(cleaned)
    };
    let (api_key, api_secret) = (read("api_key"), read("api_secret"));
    let (user_token, user_secret) = (read("user_token"), read("user_secret"));
    let names: Vec<&str> = section.keys().filter_map(Value::as_str).collect();
    for found in &names {
        if let Some(meant) = crate::credential_lints::misspelt_key(found, &names) {
            stored.problems.push(StoredProblem::Misspelt { found: (*found).to_owned(), meant });
        }
    }
    Ok(Stored {
        api_key,
        api_secret: api_secret.map(Secret::new),
        user_token,
        user_secret: user_secret.map(Secret::new),
        problems: stored.problems,
    })
}

/// Where a save went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file written (a symlinked config's target).
    pub path: PathBuf,
    /// The previous file, kept as `<name>.bak`.
    pub backup: Option<PathBuf>,
    /// Other hard links the old file had: they still hold the old version
    /// (a save replaces the file; it cannot write through a hard link and
    /// stay atomic). Said to the person, never silent.
    pub other_links: u64,
}

impl Saved {
    /// A sentence about hard links left with the old content, if any.
    pub fn links_note(&self) -> Option<String> {
        (self.other_links > 0).then(|| {
            format!(
                "{} had {} other hard link(s); they still hold the previous version. Point them at the new file (ln -f) or delete them.",
                self.path.display(),
                self.other_links
            )
        })
    }
}

/// Why a save could not put the new file in place.
#[derive(Debug, thiserror::Error)]
pub enum SaveFailure {
    #[error("{0}")]
    Unusable(ConfigError),
    #[error("it could not be read ({0})")]
    Unreadable(io::Error),
    #[error("it is not UTF-8 text")]
    NotUtf8,
    #[error("{0}")]
    Merge(EditError),
    #[error("the backup could not be written ({0})")]
    Backup(GateError),
    #[error("another program has it open ({0}); close that program and run smugmug-auth again")]
    InUse(GateError),
    #[error("it could not be written ({0})")]
    Write(GateError),
    #[error(
        "with these values it would be {}, over the 256 KiB smugmug-auth reads back (logout could not remove them)",
        read::size_text(*.0)
    )]
    TooLarge(u64),
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{path} was left untouched because {reason}. Your new credentials are in {rescue} (readable only by you): copy its smugmug: block into your config by hand"
    )]
    Rescued { path: PathBuf, reason: Box<SaveFailure>, rescue: PathBuf },
    #[error(
        "could not save {path}: {reason}; nothing was changed. Also could not keep the new credentials in {rescue}: {rescue_error}"
    )]
    Lost { path: PathBuf, reason: Box<SaveFailure>, rescue: PathBuf, rescue_error: Box<GateError> },
}

/// Saves the four credentials into the plan's config, keeping every other
/// setting, comment and the layout; keeps the old file as `.bak`. On any
/// failure the config is byte-for-byte unchanged and the new values go to
/// `<name>.new` beside it (0600), so they are not lost.
pub fn save(gate: &Gate, credentials: &Credentials) -> Result<Saved, SaveError> {
    match try_save(gate, credentials) {
        Ok(saved) => Ok(saved),
        Err(reason) => Err(rescue(gate, credentials, reason)),
    }
}

fn try_save(gate: &Gate, credentials: &Credentials) -> Result<Saved, SaveFailure> {
    let target = gate.config();
    // Read only what would be written: not through a link planted since.
    gate.check_config().map_err(SaveFailure::Write)?;
    let original = read::bytes(target).map_err(|e| match e {
        ConfigError::Read { source, .. } => SaveFailure::Unreadable(source),
        other => SaveFailure::Unusable(other),
    })?;
    let text = match &original {
        Some(bytes) => std::str::from_utf8(bytes).map_err(|_| SaveFailure::NotUtf8)?,
        None => "",
    };
    let merged = edit::merge(text, &credentials.pairs()).map_err(SaveFailure::Merge)?;
    // The check before the sign-in allowed for tokens; a key or secret of
    // kilobytes (not SmugMug's) can still push it over: never a file this
    // tool cannot read back.
    if merged.len() as u64 > read::MAX_BYTES {
        return Err(SaveFailure::TooLarge(merged.len() as u64));
    }
    let other_links =
        std::fs::metadata(target).map_or(0, |m| crate::platform::link_count(&m).saturating_sub(1));
    // The backup a failed save would leave replaced is put back: a failed
    // save changes nothing, the older backup included.
    // Only a regular file: a `.bak` that is a link is not read through.
    let older_backup = gate
        .path(Target::Backup)
        .filter(|b| std::fs::symlink_metadata(b).is_ok_and(|m| m.is_file()))
        .and_then(|b| std::fs::read(b).ok());
    let backup = match original {
        Some(old) => Some(gate.write(Target::Backup, &old).map_err(SaveFailure::Backup)?),
        None => None,
    };
    gate.write(Target::Config, merged.as_bytes()).map_err(|e| {
        if let Some(older) = &older_backup {
            let _ = gate.write(Target::Backup, older);
        } else if let Some(backup) = &backup {
            let _ = std::fs::remove_file(backup);
        }
        if e.io().is_some_and(crate::platform::file_in_use) {
            SaveFailure::InUse(e)
        } else {
            SaveFailure::Write(e)
        }
    })?;
    Ok(Saved { path: target.to_owned(), backup, other_links })
}

fn rescue(gate: &Gate, credentials: &Credentials, reason: SaveFailure) -> SaveError {
    let target = gate.config().to_owned();
    let text = format!(
        "{RESCUE_HEADER}{}.\n# Copy this block into that file, then delete this one.\n{}",
        target.display(),
        edit::merge("", &credentials.pairs()).unwrap_or_default()
    );
    // Beside the config first; if that folder is read-only or full, a
    // private folder of our own under the temp dir.
    // An earlier rescue file beside the config is not replaced: it may hold
    // credentials from another run.
    let earlier = gate.path(Target::Rescue).is_some_and(|p| std::fs::symlink_metadata(p).is_ok());
    let beside = if earlier {
        Err(GateError::NotInPlan { what: "a second rescue file beside the config" })
    } else {
        gate.write(Target::Rescue, text.as_bytes())
    };
    let beside_error = match beside {
        Ok(rescue) => return SaveError::Rescued { path: target, reason: Box::new(reason), rescue },
        Err(e) => e,
    };
    match gate.rescue_elsewhere(text.as_bytes()) {
        Ok(rescue) => SaveError::Rescued { path: target, reason: Box::new(reason), rescue },
        Err(rescue_error) => {
            let rescue = gate.path(Target::Rescue).unwrap_or_default();
            let rescue_error =
                if matches!(rescue_error, GateError::Io { .. }) { rescue_error } else { beside_error };
            SaveError::Lost {
                path: target,
                reason: Box::new(reason),
                rescue,
                rescue_error: Box::new(rescue_error),
            }
        }
    }
}

/// The first line of a rescue file, followed by the config's path: how
/// `logout` finds rescued copies that still hold tokens.
pub const RESCUE_HEADER: &str = "# New SmugMug credentials from smugmug-auth, not yet in ";
