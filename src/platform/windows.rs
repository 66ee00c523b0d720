//! Windows: privacy is the access-control list a file inherits from its
//! folder, stopping is console control events.

use super::{Privacy, Stop};
use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::path::Path;
use tokio::signal::windows::{CtrlBreak, CtrlC, CtrlClose, ctrl_break, ctrl_c, ctrl_close};

pub const PRIVATE_FILE_NOTE: &str = "The file gets your user folder's access list, which on Windows lets only you (and administrators) read it.";
pub const PRIVACY_MODEL: &str =
    "the access-control list inherited from the folder (your user profile is private to you)";
pub const ALWAYS_GRAPHICAL: bool = true;

/// A new file. Its access-control list is inherited from the folder: under
/// the user's profile (`%USERPROFILE%\.smugvision`), only that user (plus
/// SYSTEM and Administrators) can read it.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Temp folders under `%TEMP%` inherit the user's private access list.
pub fn private_dir_builder(_: &mut tempfile::Builder<'_, '_>) {}

/// Windows cannot flush a folder handle; NTFS journals the rename itself.
pub fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

pub fn privacy(_: &Metadata) -> Privacy {
    Privacy::Inherited
}

/// Access-control lists are left as Windows made them.
pub fn make_private(_: &Path, _: &Metadata) -> io::Result<Privacy> {
    Ok(Privacy::Inherited)
}

/// A new file under the user's profile is the user's already.
pub fn keep_owner(_: &File, _: &Metadata) -> io::Result<()> {
    Ok(())
}

/// Windows has no shared folders of the Unix kind (world-writable, sticky).
pub fn foreign_link_in_shared_folder(_: &Path) -> Option<std::path::PathBuf> {
    None
}

/// Windows has no shared folders of the Unix kind (world-writable, sticky).
pub fn foreign_file_in_shared_folder(_: &Path) -> bool {
    false
}

/// Windows has no shared folders of the Unix kind (world-writable, sticky).
pub fn foreign_folder_in_shared_folder(_: &Path) -> Option<std::path::PathBuf> {
    None
}

/// Ownership is not inspected on Windows (see `privacy`).
pub fn owner_id(_: &Metadata) -> Option<u32> {
    None
}

pub fn my_id() -> Option<u32> {
    None
}

/// Folders keep the inherited access list; no one is given them.
pub fn give_folder(_: &Path, _: &Metadata) -> io::Result<()> {
    Ok(())
}

/// A new file keeps the inherited access list; no one is given it.
pub fn gives_ownership(_: &Metadata) -> bool {
    false
}

/// A word as PowerShell and cmd read it back: as it is when it needs no
/// quotes (a backslash is an ordinary character there), else in double
/// quotes.
pub fn shell_quote(word: &str) -> String {
    let special = |c: char| c.is_whitespace() || "\"&|<>^%!()';`$,".contains(c);
    if !word.is_empty() && !word.chars().any(special) {
        return word.to_owned();
    }
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// Opens `path` for reading only if it is a regular file, never through a
/// link: a reparse point is opened itself (FILE_FLAG_OPEN_REPARSE_POINT),
/// and then is not a regular file.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    let file = OpenOptions::new().read(true).custom_flags(FILE_FLAG_OPEN_REPARSE_POINT).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok((file, meta))
}

/// Hard links are rare on Windows and their count is not in stable std.
pub fn link_count(_: &Metadata) -> u64 {
    1
}

/// Ownership is not inspected on Windows (see `privacy`).
pub fn same_owner(_: &Metadata, _: &Metadata) -> bool {
    true
}

/// Windows has no job control: nothing ever asks to suspend.
pub struct Suspends;

impl Suspends {
    pub fn new() -> io::Result<Suspends> {
        Ok(Suspends)
    }

    pub async fn next(&mut self) {
        std::future::pending::<()>().await;
    }
}

pub fn suspend_self() {}

/// The console's modes are restored by rpassword itself on Windows.
pub struct TerminalModes;

impl TerminalModes {
    pub fn save() -> TerminalModes {
        TerminalModes
    }

    pub fn restore(&self) {}
}

/// Windows writes no crash dump unless Windows Error Reporting is set up
/// to collect them; nothing to turn off here.
pub fn forbid_core_dumps() {}

/// No cheap way to ask without more of the Windows API: the caller falls
/// back to the file's age.
pub fn process_alive(_: u32) -> Option<bool> {
    None
}

/// ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: what
/// a rename over a file another program holds open fails with.
pub fn file_in_use(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

/// The console gives no cheap way to ask; a paste's rest is not joined.
pub fn input_waiting(_: std::time::Duration) -> bool {
    false
}

/// A console closing is a `Stop` (CTRL_CLOSE_EVENT) here: nothing more to
/// watch.
pub struct TerminalGone;

impl TerminalGone {
    pub fn watch() -> TerminalGone {
        TerminalGone
    }

    pub async fn gone(&mut self) {
        std::future::pending::<()>().await;
    }
}

/// The console window closed, Ctrl-C or Ctrl-Break, as a stream of `Stop`s
/// (watched from creation, so none is missed after `new` returns).
pub struct Stops {
    close: CtrlClose,
    brk: CtrlBreak,
    c: CtrlC,
}

impl Stops {
    pub fn new() -> io::Result<Stops> {
        Ok(Stops { close: ctrl_close()?, brk: ctrl_break()?, c: ctrl_c()? })
    }

    pub async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.close.recv() => Stop::Hangup,
            _ = self.brk.recv() => Stop::Interrupt,
            _ = self.c.recv() => Stop::Interrupt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn paths_are_quoted_as_powershell_and_cmd_read_them() {
        assert_eq!(
            shell_quote(r"C:\Users\ann\.smugvision\config.yaml"),
            r"C:\Users\ann\.smugvision\config.yaml"
        );
        assert_eq!(shell_quote(r"C:\Users\Ann Lee\config.yaml"), r#""C:\Users\Ann Lee\config.yaml""#);
        assert_eq!(shell_quote(""), r#""""#);
    }
}
