//! The one gate every file write goes through. The plan (`plan.rs`) names
//! what a run may write — its config, and maybe a QR picture — and the
//! gate refuses anything else: no other path, never through a symlink,
//! never over the config or its siblings, never over a file that is not
//! ours to replace. Files are private and atomic (`atomic.rs`), with the
//! owner of the person whose file it is.

mod atomic;

pub use atomic::{ensure_private_dir, parent, resolve_symlinks};

use crate::platform;
use std::io;
use std::path::{Path, PathBuf};

/// What a write is for; each kind has its own path, derived from the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The config itself (a save, a logout's edit).
    Config,
    /// `<config>.bak`: the previous config, before a save replaces it.
    Backup,
    /// `<config>.new`: new credentials a failed save could not put in place.
    Rescue,
    /// The QR code as a PNG (`--qr-png`, `p`).
    Picture,
}

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error("this run was not asked to write {what}")]
    NotInPlan { what: &'static str },
    #[error(
        "{path} is a symbolic link; smugmug-auth does not write through one. Give a path that is not a link"
    )]
    Symlink { path: PathBuf },
    #[error(
        "{path} is {what}; the QR picture goes to a new file, or over an existing PNG picture of at most 64 KiB. Give another path"
    )]
    NotOurs { path: PathBuf, what: &'static str },
    #[error(
        "the folder {folder} does not exist, and smugmug-auth makes none for the QR picture. Create it first, or give a path in a folder that exists"
    )]
    NoFolder { folder: PathBuf },
    #[error("{path} is the config (or its backup); the QR picture must go somewhere else. Give another path")]
    IsConfig { path: PathBuf },
    #[error(
        "{path} is no longer where this run found it (a folder on its way became a link since); nothing was written there"
    )]
    Moved { path: PathBuf },
    #[error(
        "{path} goes through a symbolic link another user owns in a shared folder; smugmug-auth does not follow it. Give another path"
    )]
    ForeignLink { path: PathBuf },
    #[error(
        "{path} belongs to another user, in a shared folder: what is written there would be theirs to read. Remove it, or give another path"
    )]
    ForeignFile { path: PathBuf },
    #[error(
        "{path} is a folder another user made in a shared folder: what is saved below it would be theirs. Give a path of your own"
    )]
    ForeignFolder { path: PathBuf },
    #[error(
        "{path} changed hands since this run started (another user's file is there now); nothing was written to it"
    )]
    ChangedHands { path: PathBuf },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl GateError {
    /// The file-system error underneath, if that is what it was.
    pub fn io(&self) -> Option<&io::Error> {
        match self {
            GateError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What a run may write, fixed when the plan is made.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The config's real path (a symlinked config's final target).
    config: PathBuf,
    /// Whether the config (and its `.bak`, `.new`) may be written at all:
    /// `check` only reads.
    writes_config: bool,
    /// Where the QR picture may go, if anywhere.
    picture: Option<PathBuf>,
    /// The config's folder as it resolved when the plan was made: a write
    /// goes nowhere else, even if a link appears on the way since.
    config_dir: Option<PathBuf>,
    /// Whose the config was when the plan was made: a file of another
    /// user's put there since is not written into or given away to them.
    config_owner: Option<u32>,
}

impl Gate {
    pub fn new(config: PathBuf, writes_config: bool, picture: Option<PathBuf>) -> Gate {
        let config_dir = real_place(parent(&config));
        let config_owner = std::fs::symlink_metadata(&config).ok().as_ref().and_then(platform::owner_id);
        Gate { config, writes_config, picture, config_dir, config_owner }
    }

    /// A gate for saving into the config at `path` (through its links),
    /// and nothing else.
    pub fn for_config(path: &Path) -> Gate {
        Gate::new(resolve_symlinks(path).unwrap_or_else(|_| path.to_owned()), true, None)
    }

    /// The config's real path: what a save writes and messages name.
    pub fn config(&self) -> &Path {
        &self.config
    }

    pub fn picture(&self) -> Option<&Path> {
        self.picture.as_deref()
    }

    /// The path a write of this kind goes to, if the plan has one.
    pub fn path(&self, kind: Target) -> Option<PathBuf> {
        match kind {
            Target::Config if self.writes_config => Some(self.config.clone()),
            Target::Backup if self.writes_config => Some(sibling(&self.config, "bak")),
            Target::Rescue if self.writes_config => Some(sibling(&self.config, "new")),
            Target::Picture => self.picture.clone(),
            _ => None,
        }
    }

    /// Replaces the file for `kind` with `contents`, privately and
    /// atomically, after checking it is the plan's and ours to replace.
    pub fn write(&self, kind: Target, contents: &[u8]) -> Result<PathBuf, GateError> {
        let what = match kind {
            Target::Config => "the config",
            Target::Backup => "a backup of the config",
            Target::Rescue => "a rescue copy of the credentials",
            Target::Picture => "a QR picture",
        };
        let path = self.path(kind).ok_or(GateError::NotInPlan { what })?;
        let io = |source| GateError::Io { path: path.clone(), source };
        if kind == Target::Picture {
            self.check_picture(&path)?;
        } else {
            self.check_config()?;
            // The folder is compared, not the name: a `.bak` that is a
            // link is replaced itself, never followed.
            if real_place(parent(&path)) != self.config_dir {
                return Err(GateError::Moved { path });
            }
            if platform::foreign_file_in_shared_folder(&path) {
                return Err(GateError::ForeignFile { path });
            }
        }
        let dir = parent(&path);
        make_folders(dir).map_err(io)?;
        // The person whose file it is: the config's owner for the config
        // and its siblings (else, run as root, the owner of the person's
        // folder); for a picture, whoever owns what it replaces, else the
        // folder it lands in (not a sticky or shared one).
        let of_folder = || std::fs::metadata(dir).ok().filter(platform::gives_ownership);
        let owner = match kind {
            Target::Picture => std::fs::metadata(&path).ok().or_else(of_folder),
            _ => self.config_owner().or_else(of_folder),
        };
        atomic::write_private(&path, contents, owner.as_ref()).map_err(io)?;
        Ok(path)
    }

    /// A private file under the temp dir for credentials that could not be
    /// saved beside the config (a read-only or full folder).
    pub fn rescue_elsewhere(&self, contents: &[u8]) -> Result<PathBuf, GateError> {
        if !self.writes_config {
            return Err(GateError::NotInPlan { what: "a rescue copy of the credentials" });
        }
        let dir = platform::private_temp_dir("smugmug-auth-rescue-")
            .map_err(|source| GateError::Io { path: std::env::temp_dir(), source })?;
        let path = dir.join("config.yaml.new");
        atomic::write_private(&path, contents, self.config_owner().as_ref()).map_err(|source| {
            let _ = std::fs::remove_dir(&dir);
            GateError::Io { path: path.clone(), source }
        })?;
        Ok(path)
    }

    /// Whether the config is still the one the plan named, to read before a
    /// save or a logout and again to write: no link appeared in its place
    /// (the plan resolved its links; a new one is neither followed nor
    /// silently replaced), its folder resolves where it did, and it is not
    /// another user's file in a shared folder.
    pub fn check_config(&self) -> Result<(), GateError> {
        let path = &self.config;
        if is_symlink(path) {
            return Err(GateError::Symlink { path: path.clone() });
        }
        if real_place(parent(path)) != self.config_dir {
            return Err(GateError::Moved { path: path.clone() });
        }
        if platform::foreign_file_in_shared_folder(path) {
            return Err(GateError::ForeignFile { path: path.clone() });
        }
        if let Some(folder) = platform::foreign_folder_in_shared_folder(path) {
            return Err(GateError::ForeignFolder { path: folder });
        }
        let now = std::fs::symlink_metadata(path).ok().as_ref().and_then(platform::owner_id);
        if now.is_some() && now != platform::my_id() && now != self.config_owner {
            return Err(GateError::ChangedHands { path: path.clone() });
        }
        Ok(())
    }

    /// Whose the config's siblings are: the config's owner when the plan
    /// was made, unless that is another user's file in a shared folder
    /// (then nobody's but ours).
    fn config_owner(&self) -> Option<std::fs::Metadata> {
        if platform::foreign_file_in_shared_folder(&self.config) {
            return None;
        }
        // Only the owner it had when the plan was made.
        std::fs::metadata(&self.config).ok().filter(|m| platform::owner_id(m) == self.config_owner)
    }

    /// Whether the picture may go to `path`: a new file in a folder that
    /// exists, or an existing regular PNG that is not the config; never a
    /// link. Checked when the plan is made (before any sign-in) and again
    /// when writing.
    pub fn check_picture(&self, path: &Path) -> Result<(), GateError> {
        // `p` beside a config not saved yet: that folder is the config's,
        // which this run makes anyway.
        let configs_folder = real_place(parent(path)) == self.config_dir;
        picture_rule(path, std::slice::from_ref(&self.config), configs_folder)
    }
}

/// The rule for a picture path, given the configs it must never replace
/// (this run's, and the person's own when a demo saves elsewhere).
pub fn check_picture(path: &Path, configs: &[PathBuf]) -> Result<(), GateError> {
    picture_rule(path, configs, false)
}

/// The picture rule; its folder must exist unless `folder_may_be_made`.
fn picture_rule(path: &Path, configs: &[PathBuf], folder_may_be_made: bool) -> Result<(), GateError> {
    let refuse = |what| Err(GateError::NotOurs { path: path.to_owned(), what });
    if is_symlink(path) {
        return Err(GateError::Symlink { path: path.to_owned() });
    }
    if platform::foreign_link_in_shared_folder(path).is_some() {
        return Err(GateError::ForeignLink { path: path.to_owned() });
    }
    if platform::foreign_file_in_shared_folder(path) {
        return Err(GateError::ForeignFile { path: path.to_owned() });
    }
    let config_like = configs.iter().flat_map(|c| [c.to_owned(), sibling(c, "bak"), sibling(c, "new")]);
    if config_like.into_iter().any(|c| same_place(path, &c)) {
        return Err(GateError::IsConfig { path: path.to_owned() });
    }
    // A run touches only what it was asked to: no folders for a picture.
    let folder = parent(path);
    let missing = std::fs::metadata(folder).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
    if missing && !folder_may_be_made {
        return Err(GateError::NoFolder { folder: folder.to_owned() });
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(GateError::Io { path: path.to_owned(), source }),
        Ok(meta) if meta.is_dir() => refuse("a folder"),
        Ok(meta) if !meta.is_file() => refuse("a pipe, socket or device"),
        Ok(meta) if meta.len() > crate::qr_png::REPLACEABLE_BYTES => refuse("a file over 64 KiB"),
        Ok(_) if !is_png(path) => refuse("a file that is not a PNG picture (it does not decode as one)"),
        Ok(_) => Ok(()),
    }
}

/// The same file (for regular files that exist), or the same name in the
/// same real folder (for names that do not exist yet, in folders that may
/// not exist yet either).
fn same_place(a: &Path, b: &Path) -> bool {
    // Only regular files are opened: opening a FIFO would wait for a writer.
    let file = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file());
    if file(a) && file(b) && same_file::is_same_file(a, b).unwrap_or(false) {
        return true;
    }
    matches!((real_place(a), real_place(b)), (Some(x), Some(y)) if x == y)
}

/// Where `path` really is: each part that exists with its links
/// resolved, the rest (and any `..` after it) taken as written.
fn real_place(path: &Path) -> Option<PathBuf> {
    let mut real = PathBuf::new();
    for part in std::path::absolute(path).ok()?.components() {
        match part {
            std::path::Component::ParentDir => {
                real.pop();
            }
            std::path::Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(resolved) = std::fs::canonicalize(&real) {
                    real = resolved;
                }
            }
        }
    }
    Some(real)
}

/// Creates the folder and any missing parents, private; run as root in a
/// person's folder, the new folders are theirs.
fn make_folders(dir: &Path) -> io::Result<()> {
    let existing = dir.ancestors().find(|a| a.as_os_str().is_empty() || a.is_dir()).unwrap_or(dir);
    ensure_private_dir(dir)?;
    let Some(owner) = std::fs::metadata(existing).ok().filter(platform::gives_ownership) else {
        return Ok(());
    };
    for made in dir.ancestors().take_while(|a| *a != existing) {
        platform::give_folder(made, &owner)?;
    }
    Ok(())
}

/// Whether the file decodes as a PNG picture (not only its signature),
/// reading no more than a picture we would replace can hold.
fn is_png(path: &Path) -> bool {
    use std::io::Read;
    let cap = crate::qr_png::REPLACEABLE_BYTES;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(cap + 1).read_to_end(&mut bytes));
    read.is_ok() && bytes.len() as u64 <= cap && crate::qr_png::decodes(&bytes)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `config.yaml` → `config.yaml.<suffix>` in the same folder.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}
