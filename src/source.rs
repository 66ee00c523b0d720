//! Where the api_key and api_secret come from: the environment, the saved
//! config, or the person. Both front ends ask in the same order.

use crate::config::Stored;
use crate::secret::Secret;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env(&'static str),
    Config(PathBuf),
    Demo,
    Typed,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(var) => write!(f, "${var}"),
            Source::Config(path) => write!(f, "{}", path.display()),
            Source::Demo => f.write_str("the demo server"),
            Source::Typed => f.write_str("typed in"),
        }
    }
}

impl Source {
    /// A few words for beside a field: `$SMUGMUG_API_KEY`, `your config`.
    pub fn short(&self) -> String {
        match self {
            Source::Config(_) => "your config".into(),
            other => other.to_string(),
        }
    }
}

/// What is known before asking anything.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub key: Option<(String, Source)>,
    pub secret: Option<(Secret, Source)>,
}

impl Prefill {
    /// `SMUGMUG_API_KEY` / `SMUGMUG_API_SECRET`, else the config's values.
    pub fn from_env_and_config(stored: Option<&Stored>, config_path: &std::path::Path) -> Self {
        let env = |name| std::env::var(name).ok().map(|v| crate::input::clean(&v)).filter(|v| !v.is_empty());
        let from_config = || Source::Config(config_path.to_owned());
        let key = env("SMUGMUG_API_KEY")
            .map(|k| (k, Source::Env("SMUGMUG_API_KEY")))
            .or_else(|| stored.and_then(|s| s.api_key.clone()).map(|k| (k, from_config())));
        let secret = env("SMUGMUG_API_SECRET")
            .map(|s| (Secret::new(s), Source::Env("SMUGMUG_API_SECRET")))
            .or_else(|| stored.and_then(|s| s.api_secret.clone()).map(|s| (s, from_config())));
        Self { key, secret }
    }
}
