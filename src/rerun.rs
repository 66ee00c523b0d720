//! The commands that advice names, carrying the options of the run that
//! printed them: "run smugmug-auth" after `--config other.yaml` must name
//! that file, or following the advice writes somewhere else.

use crate::oauth::Origin;
use std::path::Path;

/// The options a suggested command must repeat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rerun {
    options: Vec<String>,
}

impl Rerun {
    /// `--config` and `--origin` as this run was given them (by flag or
    /// by their environment variables); `None` for the defaults.
    pub fn new(config: Option<&Path>, origin: Option<&str>) -> Self {
        let mut options = Vec::new();
        if let Some(config) = config {
            options.push("--config".to_owned());
            options.push(quote(&config.display().to_string()));
        }
        if let Some(origin) = origin {
            options.push("--origin".to_owned());
            options.push(quote(origin));
        }
        Rerun { options }
    }

    /// The options that differ from the defaults: a config other than
    /// `~/.smugvision/config.yaml`, an origin other than SmugMug's.
    /// Another server's sign-in into a config that holds credentials is
    /// refused unless `--config` names it, so with another origin the
    /// config is always named.
    pub fn for_run(config: &Path, origin: &Origin) -> Self {
        let named = !origin.is_default() || crate::config::default_path().as_deref() != Some(config);
        let config = named.then_some(config);
        let origin = (!origin.is_default()).then(|| origin.to_string());
        Self::new(config, origin.as_deref())
    }

    /// `smugmug-auth` with `words` (a subcommand and its flags), then
    /// this run's options, quoted for a shell.
    pub fn command(&self, words: &[&str]) -> String {
        let mut parts = vec!["smugmug-auth".to_owned()];
        parts.extend(words.iter().map(|w| (*w).to_owned()));
        parts.extend(self.options.iter().cloned());
        parts.join(" ")
    }

    /// Advice text from the table names bare commands (`smugmug-auth
    /// check`); this run's options are added to each.
    pub fn fill(&self, text: &str) -> String {
        if self.options.is_empty() {
            return text.to_owned();
        }
        text.replace("`smugmug-auth check`", &format!("`{}`", self.command(&["check"])))
    }
}

/// A word as this system's shell reads it back unchanged.
fn quote(word: &str) -> String {
    crate::platform::shell_quote(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_carry_the_options_quoted() {
        let rerun = Rerun::new(Some(Path::new("/tmp/my dir/c.yaml")), Some("http://127.0.0.1:9"));
        // Quoted as this system's shell reads it: POSIX quotes, or
        // PowerShell/cmd double quotes.
        let config = if cfg!(windows) { "\"/tmp/my dir/c.yaml\"" } else { "'/tmp/my dir/c.yaml'" };
        assert_eq!(
            rerun.command(&["check"]),
            format!("smugmug-auth check --config {config} --origin http://127.0.0.1:9")
        );
        assert_eq!(Rerun::default().command(&[]), "smugmug-auth");
        assert_eq!(
            rerun.fill("Run `smugmug-auth check` now."),
            format!("Run `smugmug-auth check --config {config} --origin http://127.0.0.1:9` now.")
        );
    }
}
