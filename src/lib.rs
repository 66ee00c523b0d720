//! smugmug-auth: gets the four SmugMug OAuth 1.0a credentials smugVision
//! needs and saves them in `~/.smugvision/config.yaml`.

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
pub mod launch;
pub mod oauth;
pub mod plain;
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
