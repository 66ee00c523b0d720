//! Unix (Linux, macOS): privacy is the permission bits, stopping is signals.

use super::{Privacy, Stop};
use std::fs::{self, DirBuilder, File, Metadata, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use tokio::signal::unix::{Signal, SignalKind, signal};

pub const PRIVACY_MODEL: &str = "permission bits (0600 for the file, 0700 for its folder)";
pub const PRIVATE_FILE_NOTE: &str = "The file will be readable only by you (mode 0600).";
pub const ALWAYS_GRAPHICAL: bool = cfg!(target_os = "macos");

const FILE_MODE: u32 = 0o600;
const DIR_MODE: u32 = 0o700;

/// A new file readable only by its owner from the moment it exists.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(path)
}

/// Creates the folder and any missing parents with mode 0700.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir)
}

/// Temp folders made private (0700) from their creation.
pub fn private_dir_builder(builder: &mut tempfile::Builder<'_, '_>) {
    builder.permissions(Permissions::from_mode(DIR_MODE));
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

pub fn privacy(meta: &Metadata) -> Privacy {
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 == 0 { Privacy::Private { mode } } else { Privacy::Open { mode } }
}

/// Sets 0600 on a file or 0700 on a folder, keeping a folder's sticky bit.
pub fn make_private(path: &Path, meta: &Metadata) -> io::Result<Privacy> {
    let wanted = if meta.is_dir() { DIR_MODE | (meta.permissions().mode() & 0o1000) } else { FILE_MODE };
    fs::set_permissions(path, Permissions::from_mode(wanted))?;
    Ok(Privacy::Private { mode: wanted })
}

/// Gives a new file the owner and group of `original`, when they differ
/// from ours (only root can give a file away).
pub fn keep_owner(file: &File, original: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let ours = file.metadata()?;
    // Only root can give a file away; anyone else's new file is theirs,
    // and a save must not fail over it.
    // SAFETY: geteuid has no arguments and cannot fail.
    if (ours.uid(), ours.gid()) == (original.uid(), original.gid()) || unsafe { libc::geteuid() } != 0 {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()))
}

/// Gives a folder we created the owner of `like` (root making a folder
/// in a person's home: it is theirs).
pub fn give_folder(dir: &Path, like: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    std::os::unix::fs::chown(dir, Some(like.uid()), Some(like.gid()))
}

/// Whether a new file in this folder should belong to the folder's owner:
/// run as root in a person's own folder (not a sticky one like /tmp, nor
/// one others may write to), the file is theirs, so they can open and
/// replace it.
pub fn gives_ownership(dir: &Metadata) -> bool {
    // SAFETY: geteuid has no arguments and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    root && dir.is_dir() && dir.permissions().mode() & 0o1000 == 0 && !is_shared(dir)
}

/// A symlink on the way to `path` (the path itself or any folder in it)
/// that another user owns inside a shared folder (`is_shared`): what
/// Linux's fs.protected_symlinks refuses in sticky ones, checked here on
/// every system, in world-writable folders without the sticky bit too,
/// and for every part of the path, since we resolve links ourselves.
pub fn foreign_link_in_shared_folder(path: &Path) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no arguments and cannot fail.
    let me = unsafe { libc::geteuid() };
    let mut prefix = std::path::PathBuf::new();
    // Below a shared folder, a folder another user made there is theirs to
    // fill with links too (/tmp/theirs/.smugvision → our files).
    let mut below_shared = false;
    for part in path.components() {
        prefix.push(part);
        let Ok(meta) = fs::symlink_metadata(&prefix) else { return None };
        let folder = prefix.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        below_shared |= fs::metadata(folder).is_ok_and(|f| is_shared(&f));
        if meta.file_type().is_symlink() && meta.uid() != me && below_shared {
            return Some(prefix);
        }
    }
    None
}

/// A folder on `path`'s way that another user made inside a shared folder
/// (/tmp/theirs/config.yaml): what is saved below it would be given
/// to them, or swapped by them. Ours, or the shared folder owner's, is fine.
pub fn foreign_folder_in_shared_folder(path: &Path) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no arguments and cannot fail.
    let me = unsafe { libc::geteuid() };
    let mut prefix = std::path::PathBuf::new();
    let mut parent: Option<Metadata> = None;
    for part in std::path::absolute(path).ok()?.parent()?.components() {
        prefix.push(part);
        let Ok(meta) = fs::symlink_metadata(&prefix) else { return None };
        if let Some(shared) = parent.as_ref().filter(|p| is_shared(p))
            && meta.is_dir()
            && meta.uid() != me
            && meta.uid() != shared.uid()
        {
            return Some(prefix);
        }
        parent = fs::metadata(&prefix).ok();
    }
    None
}

/// A folder other users may add files to and replace ours in: any
/// world-writable one, sticky (/tmp) or not (`mkdir -m0777`, where anyone
/// may even rename our files away), and a sticky group-writable one (a
/// group's /tmp). Group-writable alone is not: user-private groups make
/// homes 0775, and a group's members are the person's own choice.
fn is_shared(folder: &Metadata) -> bool {
    let mode = folder.permissions().mode();
    mode & 0o002 != 0 || (mode & 0o1000 != 0 && mode & 0o020 != 0)
}

/// The user a file belongs to, to notice a change of hands.
pub fn owner_id(meta: &Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.uid())
}

/// This process's user, as `owner_id` gives it.
pub fn my_id() -> Option<u32> {
    // SAFETY: geteuid has no arguments and cannot fail.
    Some(unsafe { libc::geteuid() })
}

/// Like Linux's protected_regular: a file in a shared folder (/tmp, any
/// world-writable one) that belongs to someone else than us and the
/// folder's owner. Secrets
/// written into it, or into a file given its owner, would be theirs.
pub fn foreign_file_in_shared_folder(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no arguments and cannot fail.
    let me = unsafe { libc::geteuid() };
    let Ok(file) = fs::symlink_metadata(path) else { return false };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(folder) = fs::metadata(folder) else { return false };
    is_shared(&folder) && file.uid() != me && file.uid() != folder.uid()
}

/// A word as a POSIX shell reads it back unchanged.
pub fn shell_quote(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_owned(), |q| q.into_owned())
}

/// Opens `path` for reading only if it is a regular file: never through a
/// link (O_NOFOLLOW), never waiting for a FIFO's writer (O_NONBLOCK), never
/// taking a terminal as ours (O_NOCTTY). What was opened is judged, not
/// the name, so a swap after a look cannot slip anything else in.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok((file, meta))
}

/// How many names the file has (hard links).
pub fn link_count(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

/// Both belong to the same user.
pub fn same_owner(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.uid() == b.uid()
}

/// SIGTSTP (`kill -TSTP`; Ctrl-Z in a cooked terminal) as a stream: the
/// wizard restores the terminal before it stops.
pub struct Suspends(Signal);

impl Suspends {
    pub fn new() -> io::Result<Suspends> {
        Ok(Suspends(signal(SignalKind::from_raw(libc::SIGTSTP))?))
    }

    pub async fn next(&mut self) {
        self.0.recv().await;
    }
}

/// The terminal going away (its window closed, the SSH connection lost)
/// even when SIGHUP is ignored (`nohup`, `trap '' HUP`): crossterm's reader
/// spins on a hung-up terminal instead of reporting it, so a thread of our
/// own waits in `poll` for the hang-up that a terminal always reports.
pub struct TerminalGone(tokio::sync::oneshot::Receiver<()>);

impl TerminalGone {
    pub fn watch() -> TerminalGone {
        let (tx, rx) = tokio::sync::oneshot::channel();
        // The terminal crossterm reads: standard input if it is one, else
        // the controlling terminal.
        let tty = if io::IsTerminal::is_terminal(&io::stdin()) { None } else { File::open("/dev/tty").ok() };
        let fd = tty.as_ref().map_or(0, std::os::fd::AsRawFd::as_raw_fd);
        let _ = std::thread::Builder::new().name("hang-up watch".into()).spawn(move || {
            let _tty = tty;
            // No events asked for: poll returns only for a hang-up or an error.
            let mut watched = libc::pollfd { fd, events: 0, revents: 0 };
            loop {
                // SAFETY: one valid pollfd, kept open by `_tty` or being stdin.
                let n = unsafe { libc::poll(&mut watched, 1, -1) };
                if n > 0 && watched.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    let _ = tx.send(());
                    return;
                }
                if n < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                    return; // cannot watch: never reports
                }
            }
        });
        TerminalGone(rx)
    }

    /// Returns once the terminal has hung up; never if that can't be told.
    pub async fn gone(&mut self) {
        if (&mut self.0).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Whether standard input has something to read within `wait`: the rest
/// of a paste that a line break inside it cut short.
pub fn input_waiting(wait: std::time::Duration) -> bool {
    let mut watched = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd for standard input, which stays open.
    unsafe { libc::poll(&mut watched, 1, ms) > 0 && watched.revents & libc::POLLIN != 0 }
}

/// Stops this process until it is continued (`fg`, SIGCONT).
pub fn suspend_self() {
    // SAFETY: raise sends a signal to ourselves; SIGSTOP cannot be caught.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

/// The terminal's line settings (echo, line editing) as they were, put
/// back when plain mode is cancelled or stopped while a hidden prompt has
/// echo off.
pub struct TerminalModes(Option<libc::termios>);

impl TerminalModes {
    pub fn save() -> TerminalModes {
        // SAFETY: tcgetattr writes into the zeroed struct we own; on error
        // (stdin is not a terminal) nothing is kept.
        unsafe {
            let mut modes: libc::termios = std::mem::zeroed();
            TerminalModes((libc::tcgetattr(libc::STDIN_FILENO, &mut modes) == 0).then_some(modes))
        }
    }

    pub fn restore(&self) {
        if let Some(modes) = &self.0 {
            // SAFETY: tcsetattr reads the struct tcgetattr filled.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, modes);
            }
        }
    }
}

/// No core file can be written from this process: it holds secrets. On
/// Linux the process is also made non-dumpable (no ptrace by other
/// processes of the same user); elsewhere the core size limit is set to 0.
pub fn forbid_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_DUMPABLE takes an integer and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: setrlimit reads the struct we pass and nothing else.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
}

/// Whether process `pid` still runs, where `/proc` can tell (Linux); `None`
/// where it cannot (macOS).
pub fn process_alive(pid: u32) -> Option<bool> {
    Path::new("/proc/self").exists().then(|| Path::new("/proc").join(pid.to_string()).exists())
}

pub fn file_in_use(_: &io::Error) -> bool {
    false
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT as a stream of `Stop`s, so each
/// ends the program through the same clean-up. (Ctrl-C typed in the
/// wizard arrives as a key, the terminal being raw.)
pub struct Stops {
    terminate: Signal,
    hangup: Signal,
    interrupt: Signal,
    quit: Signal,
}

impl Stops {
    pub fn new() -> io::Result<Stops> {
        Ok(Stops {
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
            quit: signal(SignalKind::quit())?,
        })
    }

    pub async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.terminate.recv() => Stop::Terminate,
            _ = self.hangup.recv() => Stop::Hangup,
            _ = self.interrupt.recv() => Stop::Interrupt,
            _ = self.quit.recv() => Stop::Quit,
        }
    }
}
