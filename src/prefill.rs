//! Where the api_key and api_secret come from: the environment, the saved
//! config, or the person. Both front ends ask in the same order.

use crate::config::Stored;
use crate::oauth::AccessToken;
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

/// The credentials given in the environment, read once at start. The
/// secret is then removed from this process's environment, so no child
/// (the browser opener, `git`) inherits it.
#[derive(Debug, Clone, Default)]
pub struct EnvCredentials {
    pub key: Option<String>,
    pub secret: Option<Secret>,
    /// `SMUGMUG_ACCESS_TOKEN` and `SMUGMUG_ACCESS_TOKEN_SECRET` (the names
    /// other SmugMug tools use): tokens the person already has, copied from
    /// SmugMug's Authorized Services page.
    pub access: Option<AccessToken>,
    /// One of the pair set without the other: the one missing (neither is used).
    pub half_access: Option<&'static str>,
}

/// Settings where an empty value means "not set" (as in most tools), not
/// an empty origin or path.
const SETTINGS: [&str; 3] = ["SMUGMUG_ORIGIN", "SMUGVISION_CONFIG", "TMPDIR"];

/// Removes the settings that are set but empty, so they count as unset.
///
/// # Safety
/// Changes the process environment: call it before any other thread
/// exists (first thing in `main`).
pub unsafe fn unset_empty_settings() {
    for name in SETTINGS {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            // SAFETY: the caller guarantees no other thread runs yet.
            unsafe { std::env::remove_var(name) };
        }
    }
}

/// Variables that hold secrets: read, then removed from our environment.
const SECRET_VARS: [&str; 2] = ["SMUGMUG_API_SECRET", "SMUGMUG_ACCESS_TOKEN_SECRET"];

impl EnvCredentials {
    /// Reads `SMUGMUG_API_KEY`, `SMUGMUG_API_SECRET` and the access-token
    /// pair, and removes the two secrets from the environment.
    ///
    /// # Safety
    /// Changes the process environment: call it before any other thread
    /// exists (first thing in `main`).
    pub unsafe fn take() -> Self {
        let read = |name| {
            std::env::var(name).ok().map(|v| crate::credential_lints::clean(&v)).filter(|v| !v.is_empty())
        };
        let (access, half_access) = match (read("SMUGMUG_ACCESS_TOKEN"), read("SMUGMUG_ACCESS_TOKEN_SECRET"))
        {
            (Some(token), Some(secret)) => (Some(AccessToken { token, secret: Secret::new(secret) }), None),
            (Some(_), None) => (None, Some("SMUGMUG_ACCESS_TOKEN_SECRET")),
            (None, Some(_)) => (None, Some("SMUGMUG_ACCESS_TOKEN")),
            (None, None) => (None, None),
        };
        let found = EnvCredentials {
            key: read("SMUGMUG_API_KEY"),
            secret: read("SMUGMUG_API_SECRET").map(Secret::new),
            access,
            half_access,
        };
        for name in SECRET_VARS {
            // SAFETY: the caller guarantees no other thread runs yet.
            unsafe { std::env::remove_var(name) };
        }
        found
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
    pub fn from_env_and_config(
        env: &EnvCredentials,
        stored: Option<&Stored>,
        config_path: &std::path::Path,
    ) -> Self {
        let from_config = || Source::Config(config_path.to_owned());
        let key = env
            .key
            .clone()
            .map(|k| (k, Source::Env("SMUGMUG_API_KEY")))
            .or_else(|| stored.and_then(|s| s.api_key.clone()).map(|k| (k, from_config())));
        let secret = env
            .secret
            .clone()
            .map(|s| (s, Source::Env("SMUGMUG_API_SECRET")))
            .or_else(|| stored.and_then(|s| s.api_secret.clone()).map(|s| (s, from_config())));
        Self { key, secret }
    }
}
