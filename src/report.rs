//! The JSON that `check --json` and `logout --json` print: one versioned
//! shape for scripts, documented in docs/json.md (a test holds the two
//! equal). Field names and codes are stable within a `schema_version`.

use crate::advice::Action;
use crate::diagnose::Diagnosis;
use crate::rerun::Rerun;
use serde::Serialize;

/// Bumped when a field is removed, renamed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// What a finding is about, as a stable snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    ConfigMissing,
    ConfigUnreadable,
    ConfigUnusable,
    ConfigNotAFile,
    ConfigNotEditable,
    DemoCredentials,
    ConfigReadableByOthers,
    ConfigModeFixed,
    ConfigHardLinked,
    ModeNotChanged,
    AclNotChecked,
    FolderOpen,
    FolderModeFixed,
    FolderLeftAsIs,
    BackupPresent,
    RescueFilePresent,
    TempFilePresent,
    NotGitIgnored,
    GitNotAsked,
    ValueMissing,
    ValuePlaceholder,
    ValueSurroundingSpace,
    ValueSurroundingQuotes,
    ValueNotText,
    KeyMisspelt,
    ValueEmpty,
    ValueInnerSpace,
    ValueQuotes,
    ValueLength,
    ValueCharset,
}

impl Code {
    /// Every code, for the documentation test.
    pub const ALL: &[Code] = &[
        Code::ConfigMissing,
        Code::ConfigUnreadable,
        Code::ConfigUnusable,
        Code::ConfigNotAFile,
        Code::ConfigNotEditable,
        Code::DemoCredentials,
        Code::ConfigReadableByOthers,
        Code::ConfigModeFixed,
        Code::ConfigHardLinked,
        Code::ModeNotChanged,
        Code::AclNotChecked,
        Code::FolderOpen,
        Code::FolderModeFixed,
        Code::FolderLeftAsIs,
        Code::BackupPresent,
        Code::RescueFilePresent,
        Code::TempFilePresent,
        Code::NotGitIgnored,
        Code::GitNotAsked,
        Code::ValueMissing,
        Code::ValuePlaceholder,
        Code::ValueSurroundingSpace,
        Code::ValueSurroundingQuotes,
        Code::ValueNotText,
        Code::KeyMisspelt,
        Code::ValueEmpty,
        Code::ValueInnerSpace,
        Code::ValueQuotes,
        Code::ValueLength,
        Code::ValueCharset,
    ];

    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// A failed call, as scripts read it: the advice table's entry name
/// (an `oauth_problem` value, SmugMug's message, or our own failure name).
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub headline: String,
    pub meaning: &'static str,
    pub details: Vec<String>,
    pub fixes: Vec<String>,
    pub causes: Vec<&'static str>,
    /// The whole diagnosis as text, for people.
    #[serde(skip)]
    pub text: String,
    /// The command that acts on it, with this run's options: a sign-in
    /// when the tokens or the key must change, the same check to try again.
    #[serde(skip)]
    pub next: Option<String>,
}

impl Problem {
    pub fn new(diagnosis: &Diagnosis, rerun: &Rerun) -> Self {
        Problem {
            code: diagnosis.advice.key,
            headline: diagnosis.headline.clone(),
            meaning: diagnosis.advice.meaning,
            details: diagnosis.details.clone(),
            fixes: diagnosis.advice.fixes.iter().map(|f| rerun.fill(f)).collect(),
            causes: diagnosis.advice.causes.to_vec(),
            text: rerun.fill(&diagnosis.to_text()),
            next: match diagnosis.action {
                Action::Quit => None,
                Action::Retry => Some(format!("run `{}` again", rerun.command(&["check"]))),
                Action::NewLink
                | Action::ReenterCode
                | Action::ReenterCredentials
                | Action::ReenterSecret
                | Action::ReenterTokens => {
                    Some(format!("run `{}` to sign in again and save new tokens", rerun.command(&[])))
                }
            },
        }
    }
}

/// Who the tokens belong to.
#[derive(Debug, Clone, Serialize)]
pub struct AccountJson {
    pub nickname: String,
    pub name: String,
}

/// `logout --json`.
#[derive(Debug, Serialize)]
pub struct Logout {
    pub schema_version: u32,
    pub command: &'static str,
    pub ok: bool,
    pub config: String,
    /// Whether user_token and user_secret were removed (false: there were none, or it failed).
    pub removed: bool,
    /// Other copies that still hold tokens: the `.bak`, the `.new` and the
    /// temp files of an interrupted save beside the config, rescue files
    /// under the temp dir.
    pub copies_with_tokens: Vec<String>,
    /// Other hard links of the config: they keep the old content, tokens included.
    pub other_links: u64,
    /// Where the authorization is revoked on SmugMug (its API has no call for it).
    pub revoke_at: &'static str,
    /// Why it failed, when it did.
    pub error: Option<LogoutError>,
}

#[derive(Debug, Serialize)]
pub struct LogoutError {
    pub code: &'static str,
    pub message: String,
}

impl Logout {
    pub fn new(
        config: &std::path::Path,
        outcome: &Result<crate::config::LoggedOut, crate::config::LogoutError>,
        revoke_at: &'static str,
    ) -> Self {
        use crate::config::{ConfigError, LoggedOut, LogoutError as E};
        let mut out = Logout {
            schema_version: SCHEMA_VERSION,
            command: "logout",
            ok: outcome.is_ok(),
            config: config.display().to_string(),
            removed: false,
            copies_with_tokens: Vec::new(),
            other_links: 0,
            revoke_at,
            error: None,
        };
        match outcome {
            Ok(LoggedOut { path, removed, copies, other_links, .. }) => {
                out.config = path.display().to_string();
                out.removed = *removed;
                out.copies_with_tokens = copies.iter().map(|c| c.path.display().to_string()).collect();
                out.other_links = *other_links;
            }
            Err(e) => {
                let code = match e {
                    E::Config(ConfigError::Read { .. }) => "config_unreadable",
                    E::Config(
                        ConfigError::Unusable { .. }
                        | ConfigError::TooLarge { .. }
                        | ConfigError::WouldGrow { .. },
                    ) => "config_unusable",
                    E::Config(ConfigError::NotAFile { .. }) => "config_not_a_file",
                    E::Unchanged { .. } | E::Write { .. } => "config_not_changed",
                };
                out.error = Some(LogoutError { code, message: e.to_string() });
            }
        }
        out
    }
}

/// The codes `logout --json` may give in `error.code`.
pub const LOGOUT_ERROR_CODES: &[&str] =
    &["config_unreadable", "config_unusable", "config_not_a_file", "config_not_changed"];

/// Pretty JSON, one document, for stdout.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
