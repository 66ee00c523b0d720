//! `smugmug-auth check`: are the saved credentials usable? Every problem
//! that can be seen without the network first, then one signed
//! `!authuser` call. Text for people, `--json` for scripts.

use crate::config::{self, ConfigError, Stored, StoredProblem};
use crate::credential_lints::{self, Field, Lint};
use crate::diagnose::diagnose_grant;
use crate::oauth::Client;
use crate::platform::{self, Privacy};
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
        match (&self.account, &self.problem) {
            (Some(account), _) => out.push_str(&format!(
                "The tokens work: authorized as {}. SmugMug does not say what level they were granted; smugVision needs Full access with Modify permission to write keywords and captions.\n",
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
                ConfigError::Unusable { .. } => Code::ConfigUnusable,
                ConfigError::NotAFile { .. } => Code::ConfigNotAFile,
            };
            report.error(code, e.to_string());
            return report.conclude();
        }
    };
    // The file itself, through any symlink: its mode and place are what matter.
    let target = config::resolve_symlinks(path).unwrap_or_else(|_| path.to_owned());
    permissions(&target, fix_permissions, &mut report);
    report_leftovers(&target, &mut report);
    git_exposure(&target, &mut report);
    values(&stored, &mut report);
    let Some((consumer, access)) = stored.tokens() else { return report.conclude() };
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
fn values(stored: &Stored, report: &mut Report) {
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
                let message = format!("smugmug.{name} is missing: run `{fill}` to get all four values");
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

/// Like ssh with an unprotected key: secrets must be readable only by
/// you. The file's mode is what protects them; an open folder only shows
/// the file's name, so it is a note, and `--fix-permissions` changes a
/// folder only when it is the config's own (`.smugvision`, same owner).
fn permissions(target: &Path, fix: bool, report: &mut Report) {
    let Ok(meta) = std::fs::metadata(target) else { return };
    match platform::privacy(&meta) {
        Privacy::Private { .. } => {}
        Privacy::Inherited => report.note(
            Code::AclNotChecked,
            format!(
                "on this system {} is protected by {}; this check does not read access-control lists",
                target.display(),
                platform::PRIVACY_MODEL
            ),
        ),
        Privacy::Open { mode } if fix => match platform::make_private(target, &meta) {
            Ok(_) => report.fixed(
                Code::ConfigModeFixed,
                format!("{} was mode {:o}, now 600", target.display(), mode & 0o777),
            ),
            Err(e) => report.error(
                Code::ModeNotChanged,
                format!("could not change the mode of {}: {e}", target.display()),
            ),
        },
        Privacy::Open { mode } => report.error(
            Code::ConfigReadableByOthers,
            format!(
                "the config {} is mode {:o}: others can read your secrets. Run `{}` (or chmod 600)",
                target.display(),
                mode & 0o777,
                report.rerun.command(&["check", "--fix-permissions"])
            ),
        ),
    }
    let folder = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(folder_meta) = std::fs::metadata(folder) else { return };
    let Privacy::Open { mode } = platform::privacy(&folder_meta) else { return };
    let own =
        folder.file_name().is_some_and(|n| n == ".smugvision") && platform::same_owner(&meta, &folder_meta);
    let shown = format!("{:o}", mode & 0o7777);
    match (fix, own) {
        (true, true) => match platform::make_private(folder, &folder_meta) {
            Ok(Privacy::Private { mode: now }) => {
                report.fixed(Code::FolderModeFixed, format!("{} was mode {shown}, now {now:o}", folder.display()));
            }
            Ok(_) => {}
            Err(e) => {
                report.error(Code::ModeNotChanged, format!("could not change the mode of {}: {e}", folder.display()))
            }
        },
        (true, false) => report.note(Code::FolderLeftAsIs, format!(
            "{} (mode {shown}) was left as it is: it is not the config's own .smugvision folder",
            folder.display()
        )),
        (false, _) => report.note(Code::FolderOpen, format!(
            "its folder {} is mode {shown}: others can see the config's name, not read it; `chmod 700` hides the name too",
            folder.display()
        )),
    }
}

/// Files beside the config that hold secrets too: the backup (the old
/// secrets), a rescue file (new ones not saved in), a temp file a killed
/// save left behind.
fn leftovers(target: &Path) -> Vec<(std::path::PathBuf, Code, &'static str)> {
    let (Some(folder), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let temp = format!(".{name}.tmp-");
    let mut found: Vec<_> = entries
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_str()?.to_owned();
            let (code, what) = if file == format!("{name}.bak") {
                (Code::BackupPresent, "the backup, with the previous secrets")
            } else if file == format!("{name}.new") {
                (
                    Code::RescueFilePresent,
                    "credentials that were not saved into the config: copy its smugmug: block in, then delete it",
                )
            } else if file.starts_with(&temp) {
                (Code::TempFilePresent, "a temp file left by an interrupted save, with secrets in it: delete it")
            } else {
                return None;
            };
            Some((entry.path(), code, what))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn report_leftovers(target: &Path, report: &mut Report) {
    for (path, code, what) in leftovers(target) {
        if code == Code::BackupPresent {
            report.note(code, format!("{} is {what}", path.display()));
        } else {
            report.warning(code, format!("{} holds {what}", path.display()));
        }
    }
}

/// A config, or a file beside it holding secrets, inside a git work tree
/// that does not ignore it is one commit away from being published.
fn git_exposure(target: &Path, report: &mut Report) {
    let Some(folder) = target.parent() else { return };
    if !folder.ancestors().any(|dir| dir.join(".git").exists()) {
        return;
    }
    let files = std::iter::once(target.to_owned()).chain(leftovers(target).into_iter().map(|(p, _, _)| p));
    for file in files {
        let ignored = std::process::Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["check-ignore", "-q", "--"])
            .arg(&file)
            .status();
        match ignored {
            Ok(status) if status.code() == Some(0) => {}
            Ok(status) if status.code() == Some(1) => report.error(Code::NotGitIgnored, format!(
                "{} is inside a git work tree and not ignored, and it holds secrets: add it to .gitignore (a line `{}*` covers the config and the files beside it)",
                file.display(),
                target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )),
            _ => report.warning(Code::GitNotAsked, format!(
                "{} is inside a git work tree; could not ask git whether it is ignored",
                file.display()
            )),
        }
    }
}
