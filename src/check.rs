//! `smugmug-auth check`: are the saved credentials usable? Every problem
//! that can be seen without the network first, then one signed
//! `!authuser` call. Text for people, `--json` for scripts.

use crate::config::{self, Stored};
use crate::credential_lints::{self, Field, Lint};
use crate::diagnose::diagnose;
use crate::oauth::{Client, Scope};
use crate::platform::{self, Privacy};
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
    pub level: Level,
    pub message: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub config: String,
    pub findings: Vec<Finding>,
    /// `NickName (Name)` when the signed call succeeded.
    pub authorized_as: Option<String>,
    /// The diagnosis when it failed: headline, then what to do.
    pub problem: Option<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.authorized_as.is_some() && !self.findings.iter().any(|f| f.level == Level::Error)
    }

    fn error(&mut self, message: String) {
        self.findings.push(Finding { level: Level::Error, message });
    }

    fn warning(&mut self, message: String) {
        self.findings.push(Finding { level: Level::Warning, message });
    }

    fn note(&mut self, message: String) {
        self.findings.push(Finding { level: Level::Note, message });
    }

    fn fixed(&mut self, message: String) {
        self.findings.push(Finding { level: Level::Fixed, message });
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
        match (&self.authorized_as, &self.problem) {
            (Some(who), _) => out.push_str(&format!(
                "OK: authorized as {who}. (SmugMug does not report the access level; smugVision needs the Full/Modify grant this tool asks for.)\n"
            )),
            (None, Some(problem)) => out.push_str(&format!("The signed check failed: {problem}")),
            (None, None) => out.push_str("The signed check was not made: fix the problems above first.\n"),
        }
        out
    }
}

/// Checks the config at `path`; makes one network call when all four values are present.
pub async fn check(path: &Path, client: &Client, fix_permissions: bool) -> Report {
    let mut report = Report { config: path.display().to_string(), ..Report::default() };
    let stored = match config::load(path) {
        Ok(Some(stored)) => stored,
        Ok(None) => {
            report.error(format!("there is no config at {}: run smugmug-auth to create it", path.display()));
            return report;
        }
        Err(e) => {
            report.error(e.to_string());
            return report;
        }
    };
    // The file itself, through any symlink: its mode and place are what matter.
    let target = config::resolve_symlinks(path).unwrap_or_else(|_| path.to_owned());
    permissions(&target, fix_permissions, &mut report);
    report_leftovers(&target, &mut report);
    git_exposure(&target, &mut report);
    values(&stored, &mut report);
    let Some((consumer, access)) = stored.tokens() else { return report };
    match client.authuser(&consumer, &access).await {
        Ok(account) => report.authorized_as = Some(account.label()),
        Err(error) => report.problem = Some(diagnose(&error, Scope::default(), SystemTime::now()).to_text()),
    }
    report
}

fn values(stored: &Stored, report: &mut Report) {
    for problem in &stored.problems {
        report.error(problem.to_string());
    }
    let fields = [
        (Field::ApiKey, stored.api_key.as_deref()),
        (Field::ApiSecret, stored.api_secret.as_ref().map(|s| s.expose())),
        (Field::UserToken, stored.user_token.as_deref()),
        (Field::UserSecret, stored.user_secret.as_ref().map(|s| s.expose())),
    ];
    for (field, value) in fields {
        let Some(value) = value else {
            report.error(format!(
                "smugmug.{} is missing: run smugmug-auth to get all four values",
                field.name()
            ));
            continue;
        };
        for lint in credential_lints::lint(field, value) {
            let message = format!("smugmug.{}", lint.message(field));
            match lint {
                Lint::Length { .. } | Lint::Charset => report.warning(message),
                _ => report.error(message),
            }
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
        Privacy::Inherited => report.note(format!(
            "on this system {} is protected by {}; this check does not read access-control lists",
            target.display(),
            platform::PRIVACY_MODEL
        )),
        Privacy::Open { mode } if fix => match platform::make_private(target, &meta) {
            Ok(_) => report.fixed(format!("{} was mode {:o}, now 600", target.display(), mode & 0o777)),
            Err(e) => report.error(format!("could not change the mode of {}: {e}", target.display())),
        },
        Privacy::Open { mode } => report.error(format!(
            "the config {} is mode {:o}: others can read your secrets. Run `smugmug-auth check --fix-permissions` (or chmod 600)",
            target.display(),
            mode & 0o777
        )),
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
                report.fixed(format!("{} was mode {shown}, now {now:o}", folder.display()));
            }
            Ok(_) => {}
            Err(e) => report.error(format!("could not change the mode of {}: {e}", folder.display())),
        },
        (true, false) => report.note(format!(
            "{} (mode {shown}) was left as it is: it is not the config's own .smugvision folder",
            folder.display()
        )),
        (false, _) => report.note(format!(
            "its folder {} is mode {shown}: others can see the config's name, not read it; `chmod 700` hides the name too",
            folder.display()
        )),
    }
}

/// Files beside the config that hold secrets too: the backup (the old
/// secrets), a rescue file (new ones not saved in), a temp file a killed
/// save left behind.
fn leftovers(target: &Path) -> Vec<(std::path::PathBuf, &'static str)> {
    let (Some(folder), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let temp = format!(".{name}.tmp-");
    let mut found: Vec<_> = entries
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_str()?.to_owned();
            let what = if file == format!("{name}.bak") {
                "the backup, with the previous secrets"
            } else if file == format!("{name}.new") {
                "credentials that were not saved into the config: copy its smugmug: block in, then delete it"
            } else if file.starts_with(&temp) {
                "a temp file left by an interrupted save, with secrets in it: delete it"
            } else {
                return None;
            };
            Some((entry.path(), what))
        })
        .collect();
    found.sort();
    found
}

fn report_leftovers(target: &Path, report: &mut Report) {
    for (path, what) in leftovers(target) {
        if what.starts_with("the backup") {
            report.note(format!("{} is {what}", path.display()));
        } else {
            report.warning(format!("{} holds {what}", path.display()));
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
    let files = std::iter::once(target.to_owned()).chain(leftovers(target).into_iter().map(|(p, _)| p));
    for file in files {
        let ignored = std::process::Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["check-ignore", "-q", "--"])
            .arg(&file)
            .status();
        match ignored {
            Ok(status) if status.code() == Some(0) => {}
            Ok(status) if status.code() == Some(1) => report.error(format!(
                "{} is inside a git work tree and not ignored, and it holds secrets: add it to .gitignore (a line `{}*` covers the config and the files beside it)",
                file.display(),
                target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )),
            _ => report.warning(format!(
                "{} is inside a git work tree; could not ask git whether it is ignored",
                file.display()
            )),
        }
    }
}
