//! smugmug-auth: gets the four SmugMug OAuth 1.0a credentials smugVision
//! needs and saves them in `~/.smugvision/config.yaml`.

// A closed stderr or stdout (`smugmug-auth --plain 2>&1 | head -3`) must
// not panic the program halfway through a run: these replace the standard
// macros in every module below and drop what cannot be written. The exit
// status still says how the run ended.
macro_rules! eprintln {
    ($($arg:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stderr(), $($arg)*); }};
}
macro_rules! eprint {
    ($($arg:tt)*) => {{ use std::io::Write as _; let _ = write!(std::io::stderr(), $($arg)*); }};
}
macro_rules! println {
    ($($arg:tt)*) => {{ use std::io::Write as _; let _ = writeln!(std::io::stdout(), $($arg)*); }};
}
macro_rules! print {
    ($($arg:tt)*) => {{ use std::io::Write as _; let _ = write!(std::io::stdout(), $($arg)*); }};
}

pub mod advice;
pub mod app;
pub mod check;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod credential_lints;
#[cfg(feature = "demo")]
pub mod demo;
pub mod diagnose;
pub mod effects;
pub mod exit;
pub mod gate;
pub mod launch;
pub mod oauth;
pub mod plain;
pub mod plan;
pub mod platform;
pub mod prefill;
pub mod qr;
pub mod qr_png;
pub mod report;
pub mod rerun;
pub mod sanitize;
pub mod sbs_diff;
pub mod secret;
pub mod ui;
pub mod wizard;

/// Looks up the six-digit code for a request token. Only the demo can: it
/// lets the wizard and plain mode show the code the authorize page would.
pub type CodeHint = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;
