//! The config as a file: its mode and its folder's, the files beside it
//! that hold secrets too, and whether git would publish them.

use super::Report;
use crate::config::{self, leftovers::Kind};
use crate::platform::{self, Privacy};
use crate::report::Code;
use std::path::Path;

/// Like ssh with an unprotected key: secrets must be readable only by
/// you. The file's mode is what protects them; an open folder only shows
/// the file's name, so it is a note, and `--fix-permissions` changes a
/// folder only when it is the config's own (`.smugvision`, same owner).
pub(super) fn permissions(target: &Path, fix: bool, report: &mut Report) {
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
                format!("{} was mode {:o}, now 600{}", target.display(), mode & 0o777, shared_mode(&meta)),
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
    // The folder as it really is: ~/.smugvision may be a link to a folder
    // of another name (a shared project's), which is not the config's own,
    // and whatever is changed is named by its real path.
    let real = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let folder = real.as_path();
    let Ok(folder_meta) = std::fs::metadata(folder) else { return };
    let Privacy::Open { mode } = platform::privacy(&folder_meta) else { return };
    // A shared folder (sticky, like /tmp) is never the config's own, even
    // when ~/.smugvision is a link to it: changing it would lock others out.
    let shared = mode & 0o1000 != 0;
    let own = !shared
        && folder.file_name().is_some_and(|n| n == ".smugvision")
        && platform::same_owner(&meta, &folder_meta);
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
        (false, _) if shared => report.note(Code::FolderOpen, format!(
            "its folder {} is a shared folder (mode {shown}): others can see the config's name, not read it; a folder of your own hides the name too",
            folder.display()
        )),
        (false, _) => report.note(Code::FolderOpen, format!(
            "its folder {} is mode {shown}: others can see the config's name, not read it; `chmod 700` hides the name too",
            folder.display()
        )),
    }
}

/// A mode belongs to the file, not to a name: a change is seen through
/// every other hard link too, and is said.
fn shared_mode(meta: &std::fs::Metadata) -> String {
    match platform::link_count(meta).saturating_sub(1) {
        0 => String::new(),
        others => {
            format!("; the mode is the file's, so its {others} other name(s) (hard links) changed to 600 too")
        }
    }
}

/// Other names of the config's file (hard links): the secrets can be read
/// through each, and a sign-in or a logout replaces only this name,
/// leaving the old secrets under the others.
pub(super) fn other_links(target: &Path, report: &mut Report) {
    let Ok(meta) = std::fs::metadata(target) else { return };
    let others = platform::link_count(&meta).saturating_sub(1);
    if others == 0 {
        return;
    }
    report.warning(
        Code::ConfigHardLinked,
        format!(
            "{} has {others} other name(s) (hard links): the secrets in it can be read through them, and a sign-in or logout replaces only this name, leaving the old secrets under the others. Remove the other name(s), or keep a copy (cp) instead of a link",
            target.display()
        ),
    );
}

/// Files beside the config that hold secrets too (the finder `logout`
/// uses as well): the backup (the old secrets), a rescue file (new ones
/// not saved in), a temp file a killed save left behind.
fn leftovers(target: &Path) -> Vec<(std::path::PathBuf, Code, &'static str)> {
    config::leftovers::beside(target)
        .into_iter()
        .filter(|found| found.holds_secrets)
        .map(|found| {
            let (code, what) = match found.kind {
                Kind::Backup => (Code::BackupPresent, "the backup, with the previous secrets"),
                Kind::Rescue => (
                    Code::RescueFilePresent,
                    "credentials that were not saved into the config: copy its smugmug: block in, then delete it",
                ),
                Kind::Temp => {
                    (Code::TempFilePresent, "a temp file left by an interrupted save, with secrets in it: delete it")
                }
            };
            (found.path.clone(), code, what)
        })
        .collect()
}

pub(super) fn report_leftovers(target: &Path, report: &mut Report) {
    for (path, code, what) in leftovers(target) {
        if code == Code::BackupPresent {
            report.note(code, format!("{} is {what}", crate::sanitize::path_shown(&path)));
        } else {
            report.warning(code, format!("{} holds {what}", crate::sanitize::path_shown(&path)));
        }
    }
}

/// A config, or a file beside it holding secrets, inside a git work tree
/// that does not ignore it is one commit away from being published.
pub(super) fn git_exposure(target: &Path, report: &mut Report) {
    let Some(folder) = target.parent() else { return };
    if !folder.ancestors().any(|dir| dir.join(".git").exists()) {
        return;
    }
    let files = std::iter::once(target.to_owned()).chain(leftovers(target).into_iter().map(|(p, _, _)| p));
    for file in files {
        // git's own messages stay out of our report (its advice for a
        // repository another user owns would be to trust it), and no hook
        // of the repository's runs for a question about ignoring.
        let ignored = std::process::Command::new("git")
            .args(["-c", "core.fsmonitor=false", "-C"])
            .arg(folder)
            .args(["check-ignore", "-q", "--"])
            .arg(&file)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
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
