//! Writes files that hold secrets (and the QR picture): private from the moment they exist (0600
//! in a 0700 folder on Unix), atomically (temp file, fsync, rename, fsync
//! the folder).

use crate::platform;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Replaces `target` with `contents`. Readers see the old file or the new
/// one, never a part; on any error the old file is untouched. The new file
/// gets `owner`'s owner and group when given (the gate picks the person
/// whose file it is): run as root for a user, the user can still read it.
/// Only the gate calls this.
pub(super) fn write_private(target: &Path, contents: &[u8], owner: Option<&fs::Metadata>) -> io::Result<()> {
    let dir = parent(target);
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("config");
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.tmp-{}-{nanos}", std::process::id()));
    remove_stale_temps(dir, name);
    let result = (|| {
        let mut file = platform::create_new_private(&temp)?;
        if let Some(owner) = owner {
            platform::keep_owner(&file, owner)?;
        }
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    // The new file is in place now: a failure to flush the folder must not
    // be reported as "left untouched". The rename is already visible; only
    // its durability across a power cut is in question.
    let _ = platform::sync_dir(dir);
    Ok(())
}

/// Temp files left by a writer that was killed mid-save: they hold
/// credentials, so they go as soon as their process is gone.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let pid = rest.split('-').next().unwrap_or_default();
        // Where the system cannot say whether the writer still runs, an
        // hour-old temp file counts as abandoned.
        let alive = pid.parse().ok().and_then(platform::process_alive).unwrap_or_else(|| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default().as_secs() < 3600)
        });
        if !alive {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates the folder (and any missing parents) private to the user. An
/// existing folder keeps its mode: `check` reports one that is too open.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    platform::create_private_dir_all(dir)
}

/// Follows symlinks, so a linked config is written through to its target
/// instead of being replaced by a regular file.
pub fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() { link } else { parent(&current).join(link) };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
