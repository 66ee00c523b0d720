//! Copies of the config's secrets that saves leave behind: the `.bak` (the
//! previous version), a `.new` rescue file, the temp files an interrupted
//! save left (`.config.yaml.tmp-…`, `.config.yaml.bak.tmp-…`,
//! `.config.yaml.new.tmp-…`), and rescue files in our own folders under
//! the temp dir. One finder for `check` (which names those holding
//! secrets) and `logout` (which names those still holding tokens). Each
//! file is read once, and only as a regular file: never through a link,
//! never waiting on a FIFO.

use super::{RESCUE_HEADER, stored_in};
use crate::platform;
use crate::secret::Secret;
use std::path::{Path, PathBuf};

/// Why the file is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<config>.bak`: the previous version.
    Backup,
    /// `<config>.new` beside it, or a rescue file under the temp dir.
    Rescue,
    /// A temp file an interrupted save left.
    Temp,
}

/// A file that may hold the config's secrets, as read.
#[derive(Debug)]
pub struct Leftover {
    pub path: PathBuf,
    pub kind: Kind,
    /// It belongs to this process's user.
    pub ours: bool,
    /// A line gives api_secret, user_token or user_secret a value that is
    /// not an example; or it is not text, and may hold anything.
    pub holds_secrets: bool,
    /// Its user_token and user_secret, as far as they can be read: as YAML,
    /// else line by line (a temp file cut short is not YAML).
    pub user_token: Option<String>,
    pub user_secret: Option<Secret>,
}

impl Leftover {
    pub fn holds_tokens(&self) -> bool {
        self.user_token.is_some() || self.user_secret.is_some()
    }
}

/// A config is a few hundred bytes; no more than this is read.
const READ_AT_MOST: u64 = 1 << 20;

/// The `.bak`, the `.new` and the temp files beside `config` that are
/// regular files, by path.
pub fn beside(config: &Path) -> Vec<Leftover> {
    let Some(name) = config.file_name().and_then(|n| n.to_str()) else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(super::parent(config)) else { return Vec::new() };
    // The atomic writer's temp files for the config and its two siblings.
    let temps = ["", ".bak", ".new"].map(|s| format!(".{name}{s}.tmp-"));
    let (bak, new) = (format!("{name}.bak"), format!("{name}.new"));
    let mut found: Vec<Leftover> = entries
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name();
            let file = file.to_str()?;
            let kind = if file == bak {
                Kind::Backup
            } else if file == new {
                Kind::Rescue
            } else if temps.iter().any(|t| file.starts_with(t.as_str())) {
                Kind::Temp
            } else {
                return None;
            };
            // Named as the config is (a relative config, relative siblings).
            read(config.with_file_name(file), kind, |_| true)
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Rescue files under the temp dir, in folders of ours, whose first line
/// names `config`: a save that could not write beside it left them.
pub fn elsewhere(config: &Path) -> Vec<Leftover> {
    let header = format!("{RESCUE_HEADER}{}.", config.display());
    let ours = |m: &std::fs::Metadata| platform::owner_id(m) == platform::my_id();
    std::fs::read_dir(std::env::temp_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("smugmug-auth-rescue-"))
        .filter(|e| std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_dir() && ours(&m)))
        .filter_map(|e| {
            let first_line = |bytes: &[u8]| {
                let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
                line.strip_suffix(b"\r").unwrap_or(line) == header.as_bytes()
            };
            read(e.path().join("config.yaml.new"), Kind::Rescue, first_line)
        })
        .collect()
}

/// Reads a regular file (never a link, a FIFO or a device) once, if
/// `wanted` accepts its bytes, and judges what it holds.
fn read(path: PathBuf, kind: Kind, wanted: impl Fn(&[u8]) -> bool) -> Option<Leftover> {
    use std::io::Read;
    let (file, meta) = platform::open_regular(&path).ok()?;
    let room = meta.len().min(READ_AT_MOST) as usize + 1;
    // Zeroed when dropped, like every other copy of a secret.
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(room));
    file.take(READ_AT_MOST).read_to_end(&mut bytes).ok()?;
    if !wanted(&bytes) {
        return None;
    }
    let ours = platform::owner_id(&meta) == platform::my_id();
    let Ok(text) = std::str::from_utf8(&bytes) else {
        // Not text: say what it may hold rather than stay silent.
        return Some(Leftover { path, kind, ours, holds_secrets: true, user_token: None, user_secret: None });
    };
    let holds_secrets =
        ["api_secret", "user_token", "user_secret"].iter().any(|k| line_value(text, k).is_some());
    // Parsed as a config is (within its size limit), else read line by line.
    let parsed = (bytes.len() as u64 <= super::read::MAX_BYTES).then(|| stored_in(text).ok()).flatten();
    let (user_token, user_secret) = match parsed {
        Some(stored) => (stored.user_token, stored.user_secret),
        None => (line_value(text, "user_token"), line_value(text, "user_secret").map(Secret::new)),
    };
    Some(Leftover { path, kind, ours, holds_secrets, user_token, user_secret })
}

/// The first value a `key:` line gives, read as a line (a file cut short
/// is not YAML): without its quotes or a comment after it, and not empty
/// or an example value.
fn line_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix(key)?.strip_prefix(':')?.trim();
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or_default(),
            _ => value.split(" #").next().unwrap_or_default().trim(),
        };
        let real = !value.is_empty() && !value.starts_with('#');
        (real && !crate::credential_lints::is_placeholder(value)).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::line_value;

    #[test]
    fn a_line_value_is_read_without_quotes_comments_or_examples() {
        let text = "smugmug:\n  user_token: \"abc\"  # mine\n  user_secret: 'cut";
        assert_eq!(line_value(text, "user_token").as_deref(), Some("abc"));
        assert_eq!(line_value(text, "user_secret").as_deref(), Some("cut"));
        assert_eq!(line_value("  api_secret: # none\n", "api_secret"), None);
        assert_eq!(line_value("  api_secret: \"\"\n", "api_secret"), None);
        assert_eq!(line_value("  api_secret: YOUR_API_SECRET_HERE\n", "api_secret"), None);
        assert_eq!(line_value("  api_secret_old: x\n", "api_secret"), None);
    }
}
