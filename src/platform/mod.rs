//! Everything that differs between Unix (Linux, macOS) and Windows, behind
//! one small interface: how a secret-bearing file is made private, how the
//! outside world asks us to stop, and whether a browser can be opened here.
//! The rest of the program has no `cfg` for the operating system.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;

mod browser;
mod console;

pub use browser::{BrowserError, open_browser};
pub use console::qr_style;
pub use imp::{
    Stops, Suspends, TerminalGone, TerminalModes, create_new_private, create_private_dir_all,
    forbid_core_dumps, foreign_file_in_shared_folder, foreign_folder_in_shared_folder,
    foreign_link_in_shared_folder, give_folder, gives_ownership, input_waiting, keep_owner, link_count,
    make_private, my_id, open_regular, owner_id, privacy, process_alive, same_owner, shell_quote,
    suspend_self, sync_dir,
};

/// The name of this operating system's way of keeping a file private, for
/// messages (`check`, docs).
pub const PRIVACY_MODEL: &str = imp::PRIVACY_MODEL;

/// What a new config's privacy means here, for the Save screen.
pub const PRIVATE_FILE_NOTE: &str = imp::PRIVATE_FILE_NOTE;

/// How private a file or folder is, as far as this system lets us tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Unix: no permission bits for group or others.
    Private { mode: u32 },
    /// Unix: group or others may read, write or enter it.
    Open { mode: u32 },
    /// Windows: access comes from the access-control list inherited from the
    /// folder (a user's profile is private to that user); not inspected here.
    Inherited,
}

/// Why the outside world asked us to stop, and the exit status that says so
/// (128 + the Unix signal number, as shells report it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM: `kill`, a service manager, a shutdown.
    Terminate,
    /// SIGHUP, or the console window was closed: the terminal is gone.
    Hangup,
    /// SIGINT from outside (`kill -INT`), or Ctrl-Break on Windows
    /// (Ctrl-C typed in the wizard arrives as a key).
    Interrupt,
    /// SIGQUIT (Ctrl-\\ in a cooked terminal, `kill -QUIT`).
    Quit,
}

impl Stop {
    pub fn exit_code(self) -> u8 {
        match self {
            Stop::Terminate => 143,
            Stop::Hangup => 129,
            Stop::Interrupt => 130,
            Stop::Quit => 131,
        }
    }
}

/// A new folder under the temp dir with a random name, private to us
/// (0700 on Unix), that no one else can have made first: a name that
/// exists is refused and another drawn. It is kept after we exit.
pub fn private_temp_dir(prefix: &str) -> std::io::Result<std::path::PathBuf> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    imp::private_dir_builder(&mut builder);
    Ok(builder.tempdir()?.keep())
}

/// Logged in over SSH: this machine's screen, browser and clipboard are
/// not the person's.
fn over_ssh() -> bool {
    ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"].iter().any(|v| env_set(v))
}

/// A graphical session on this machine that a browser or clipboard can use:
/// always on macOS and Windows, an X11 or Wayland display elsewhere.
fn graphical_session() -> bool {
    imp::ALWAYS_GRAPHICAL || env_set("DISPLAY") || env_set("WAYLAND_DISPLAY")
}

/// A browser (and the system clipboard) here would be the person's own.
pub fn local_desktop() -> bool {
    graphical_session() && !over_ssh()
}

/// An error from the file system that means another program has the file
/// open and Windows will not let it be replaced.
pub fn file_in_use(error: &std::io::Error) -> bool {
    imp::file_in_use(error)
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}
