//! `smugmug-auth check`: are the saved credentials usable? Every problem
//! that can be seen without the network first, then one signed
//! `!authuser` call. Text for people, `--json` for scripts.

mod files;

use crate::config::{self, ConfigError, Stored, StoredProblem};
use crate::credential_lints::{self, Field, Lint};
use crate::diagnose::diagnose_grant;
use crate::oauth::Client;
use crate::report::{AccountJson, Code, Problem, SCHEMA_VERSION};
use crate::rerun::Rerun;
use serde::Serialize;
use std::path::Path;
use std::time::SystemTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Fixed,
    /// Something this check cannot judge here, said plainly.
    Note,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: Code,
    pub level: Level,
    /// The config key it is about (`api_key`), when it is about one.
    pub key: Option<String>,
    pub message: String,
}

/// Whether the one signed call was made, and how it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SignedCheck {
    #[default]
    NotMade,
    Passed,
    Failed,
}

/// The report, as text for people and as `check --json` (docs/json.md).
#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub command: &'static str,
    /// True exactly when `check` exits 0.
    pub ok: bool,
    pub config: String,
    /// Who the tokens belong to, when the signed call succeeded.
    pub account: Option<AccountJson>,
    pub signed_check: SignedCheck,
    pub findings: Vec<Finding>,
    /// The signed call's failure, when it failed.
    pub problem: Option<Problem>,
    /// How many problems (errors, and a failed signed call) there are.
    pub problem_count: usize,
    /// The text report's last line.
    pub summary: String,
    #[serde(skip)]
    rerun: Rerun,
}

impl Report {
    fn new(config: &Path, rerun: &Rerun) -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            command: "check",
            ok: false,
            config: config.display().to_string(),
            account: None,
            signed_check: SignedCheck::NotMade,
            findings: Vec::new(),
            problem: None,
            problem_count: 0,
            summary: String::new(),
            rerun: rerun.clone(),
        }
    }

    fn push(&mut self, level: Level, code: Code, key: Option<&str>, message: String) {
        self.findings.push(Finding { code, level, key: key.map(str::to_owned), message });
    }

    fn error(&mut self, code: Code, message: String) {
        self.push(Level::Error, code, None, message);
    }

    fn warning(&mut self, code: Code, message: String) {
        self.push(Level::Warning, code, None, message);
    }

    fn note(&mut self, code: Code, message: String) {
        self.push(Level::Note, code, None, message);
    }

    fn fixed(&mut self, code: Code, message: String) {
        self.push(Level::Fixed, code, None, message);
    }

    /// The verdict, decided once: `ok`, the count, and the last line.
    fn conclude(mut self) -> Self {
        let errors: Vec<&Finding> = self.findings.iter().filter(|f| f.level == Level::Error).collect();
        let failed = self.problem.as_ref();
        self.problem_count = errors.len() + usize::from(failed.is_some());
        self.ok = self.signed_check == SignedCheck::Passed && errors.is_empty();
        self.summary = if let (true, Some(account)) = (self.ok, &self.account) {
            format!("OK: authorized as {}.", label(account))
        } else {
            // The signed call failing means smugVision cannot work at all: the worst.
            let worst = match (failed, errors.first()) {
                (Some(problem), _) => {
                    format!("the signed check failed ({}): {}", problem.code, problem.meaning)
                }
                (None, Some(first)) => first.message.clone(),
                (None, None) => "the signed check was not made".to_owned(),
            };
            let n = self.problem_count.max(1);
            let noun = if n == 1 { "problem" } else { "problems" };
            format!("NOT OK: {n} {noun}; the worst: {worst}")
        };
        self
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("Checking {}\n", self.config);
        for f in &self.findings {
            let tag = match f.level {
                Level::Error => "problem",
                Level::Warning => "warning",
                Level::Fixed => "fixed",
                Level::Note => "note",
            };
            out.push_str(&format!("  {tag}: {}\n", f.message));
        }
        // The call is made with the values cleaned, as a save writes them:
        // it says so rather than seem to contradict the problems above.
        let cleaned = self
            .findings
            .iter()
            .any(|f| matches!(f.code, Code::ValueSurroundingSpace | Code::ValueSurroundingQuotes));
        let works = if cleaned {
            "With the spaces or quotes above removed (as a sign-in saves them), the tokens work"
        } else {
            "The tokens work"
        };
        match (&self.account, &self.problem) {
            (Some(account), _) => out.push_str(&format!(
                "{works}: authorized as {}. SmugMug does not say what level they were granted; smugVision needs Full access with Modify permission to write keywords and captions.\n",
                label(account)
            )),
            (None, Some(problem)) => {
                out.push_str(&format!("The signed check failed: {}", problem.text));
                if let Some(next) = &problem.next {
                    out.push_str(&format!("Next: {next}.\n"));
                }
            }
            (None, None) => out.push_str("The signed check was not made: fix the problems above first.\n"),
        }
        out.push_str(&self.summary);
        out.push('\n');
        out
    }
}

fn label(account: &AccountJson) -> String {
    if account.name.is_empty() {
        account.nickname.clone()
    } else {
        format!("{} ({})", account.nickname, account.name)
    }
}

/// Checks the config at `path`; makes one network call when all four
/// values are present. Commands in its advice carry `rerun`'s options.
pub async fn check(path: &Path, client: &Client, fix_permissions: bool, rerun: &Rerun) -> Report {
    let mut report = Report::new(path, rerun);
    let stored = match config::load(path) {
        Ok(Some(stored)) => stored,
        Ok(None) => {
            report.error(
                Code::ConfigMissing,
                format!(
                    "there is no config at {}: run `{}` to create it",
                    path.display(),
                    rerun.command(&[])
                ),
            );
            return report.conclude();
        }
        Err(e) => {
            let code = match &e {
                ConfigError::Read { .. } => Code::ConfigUnreadable,
                ConfigError::Unusable { .. }
                | ConfigError::TooLarge { .. }
                | ConfigError::WouldGrow { .. } => Code::ConfigUnusable,
                ConfigError::NotAFile { .. } => Code::ConfigNotAFile,
            };
            report.error(code, e.to_string());
            return report.conclude();
        }
    };
    // The file itself, through any symlink: its mode and place are what matter.
    let target = config::resolve_symlinks(path).unwrap_or_else(|_| path.to_owned());
    files::permissions(&target, fix_permissions, &mut report);
    files::other_links(&target, &mut report);
    files::report_leftovers(&target, &mut report);
    files::git_exposure(&target, &mut report);
    // What a sign-in would refuse is said now, not after one: the advice
    // to run one is then not given.
    let editable = match config::check_editable(path) {
        Err(ConfigError::Unusable { reason, .. }) => {
            // A warning: smugVision reads it, and it may hold all four.
            report.warning(
                Code::ConfigNotEditable,
                format!("smugVision can read it, but a sign-in could not save into it: {reason}"),
            );
            false
        }
        _ => true,
    };
    values(&stored, editable, &mut report);
    let Some((consumer, access)) = stored.tokens() else { return report.conclude() };
    // A `--demo` save, checked against SmugMug: it could only say the key
    // is unknown. Say what they are (no server knows its tokens any more).
    if consumer.key == crate::credential_lints::DEMO_API_KEY && client.origin().is_default() {
        report.error(
            Code::DemoCredentials,
            format!(
                "these are the demo's credentials (api_key {}…): SmugMug does not know them, and a `--demo` run takes its tokens with it when it ends. To check them against a `smugmug-auth demo-server` still running, add `--origin` with its address; for real ones, run `smugmug-auth` to sign in",
                &consumer.key[..4]
            ),
        );
        return report.conclude();
    }
    match client.authuser(&consumer, &access).await {
        Ok(account) => {
            report.signed_check = SignedCheck::Passed;
            report.account = Some(AccountJson { nickname: account.nickname, name: account.name });
        }
        Err(error) => {
            report.signed_check = SignedCheck::Failed;
            // These tokens' grant was asked for by some earlier run, not this one.
            let diagnosis = diagnose_grant(&error, None, SystemTime::now());
            report.problem = Some(Problem::new(&diagnosis, rerun));
        }
    }
    report.conclude()
}

/// One finding per cause: a placeholder or a misspelt name is why a value
/// is missing, so it is not also reported as missing.
fn values(stored: &Stored, editable: bool, report: &mut Report) {
    let fill = report.rerun.command(&[]);
    for problem in &stored.problems {
        let (level, code, key, message) = match problem {
            StoredProblem::SurroundingSpace(k) => {
                (Level::Error, Code::ValueSurroundingSpace, *k, problem.to_string())
            }
            StoredProblem::SurroundingQuotes(k) => {
                (Level::Error, Code::ValueSurroundingQuotes, *k, problem.to_string())
            }
            StoredProblem::NotText(k) => (Level::Error, Code::ValueNotText, *k, problem.to_string()),
            StoredProblem::Empty(k) => (
                Level::Error,
                Code::ValueEmpty,
                *k,
                format!("smugmug.{k} is empty: run `{fill}` to fill it in"),
            ),
            StoredProblem::Placeholder(k) => (
                Level::Error,
                Code::ValuePlaceholder,
                *k,
                format!("smugmug.{k} looks like an example value, not yours: run `{fill}` to fill it in"),
            ),
            StoredProblem::Misspelt { found, meant } => (
                Level::Error,
                Code::KeyMisspelt,
                *meant,
                format!(
                    "smugmug.{found} is not a name smugVision reads, so it finds no {meant}: did you mean {meant}? Rename {found} to {meant}"
                ),
            ),
        };
        report.push(level, code, Some(key), message);
    }
    let fields = [
        (Field::ApiKey, stored.api_key.as_deref()),
        (Field::ApiSecret, stored.api_secret.as_ref().map(|s| s.expose())),
        (Field::UserToken, stored.user_token.as_deref()),
        (Field::UserSecret, stored.user_secret.as_ref().map(|s| s.expose())),
    ];
    for (field, value) in fields {
        let name = field.name();
        let Some(value) = value else {
            let explained = report.findings.iter().any(|f| f.key.as_deref() == Some(name));
            if !explained {
                let message = if editable {
                    format!("smugmug.{name} is missing: run `{fill}` to get all four values")
                } else {
                    format!("smugmug.{name} is missing: once the entry is laid out as said, run `{fill}`")
                };
                report.push(Level::Error, Code::ValueMissing, Some(name), message);
            }
            continue;
        };
        for lint in credential_lints::lint(field, value) {
            let message = format!("smugmug.{}", lint.message(field));
            let (level, code) = match lint {
                Lint::Length { .. } => (Level::Warning, Code::ValueLength),
                Lint::Charset => (Level::Warning, Code::ValueCharset),
                Lint::Empty => (Level::Error, Code::ValueEmpty),
                Lint::InnerSpace => (Level::Error, Code::ValueInnerSpace),
                Lint::Quotes => (Level::Error, Code::ValueQuotes),
                Lint::Placeholder => (Level::Error, Code::ValuePlaceholder),
            };
            report.push(level, code, Some(name), message);
        }
    }
}
