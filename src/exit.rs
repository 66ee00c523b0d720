//! The process exit statuses, in one place (README, `--help` and both
//! front ends use these). A stop from outside exits with
//! `platform::Stop::exit_code` (128 + the signal number).

/// Saved, or `check` passed.
pub const OK: u8 = 0;
/// Failed: the message says why and what to do; the config is unchanged.
pub const FAILED: u8 = 1;
/// Bad usage: a flag or environment variable that cannot be used.
pub const USAGE: u8 = 2;
/// Cancelled: Ctrl-C, or the end of input at a prompt.
pub const CANCELLED: u8 = 130;
