//! What a run may touch, decided once from the command line and the
//! environment before anything runs: the task, the config it reads and
//! may write, the server it talks to and the picture path. No later code
//! derives a path again; every write goes through the plan's `Gate`.

use crate::cli::{Cli, Command, ConfigArg, OriginArg};
use crate::config::{self, ConfigError};
use crate::gate::{self, Gate, GateError, Target};
use crate::oauth::{Origin, OriginError, Scope};
use crate::qr::QrFormat;
use std::path::{Path, PathBuf};

/// One run, as decided.
pub enum Plan {
    SignIn(SignIn),
    Check {
        config: ConfigTarget,
        origin: Origin,
        json: bool,
        fix_permissions: bool,
    },
    Logout {
        config: ConfigTarget,
        json: bool,
    },
    /// `trial`: a private temporary config for the commands it prints.
    DemoServer {
        port: u16,
        delay_ms: u64,
        code: Option<String>,
        trial: ConfigTarget,
    },
}

/// A sign-in: the wizard or plain mode.
pub struct SignIn {
    pub config: ConfigTarget,
    pub server: Server,
    pub scope: Scope,
    pub plain: bool,
    pub browser: bool,
    /// `--qr` as given (`None`: not given).
    pub qr: Option<QrFormat>,
    /// `--qr-png PATH` was given: write the picture as soon as a link comes.
    pub picture_at_once: bool,
    /// `$SMUGVISION_CONFIG` is set but a demo saves elsewhere: said once.
    pub env_config_ignored: bool,
    /// Not SmugMug (the demo, another server), into a config that holds
    /// credentials because `--config` named it: said before the sign-in.
    pub replaces_credentials: bool,
    /// ...and its `.bak`, which a save replaces, holds credentials too:
    /// perhaps the only copy of the real ones, so that is said as well.
    pub replaces_backup_credentials: bool,
    /// What this run may write: the config (and its `.bak`, `.new`) and
    /// the picture (`--qr-png`, or `p` beside the config).
    pub gate: Gate,
}

/// Who the sign-in talks to.
pub enum Server {
    SmugMug(Origin),
    /// `--origin` or `SMUGMUG_ORIGIN` naming another server.
    Other(Origin),
    /// The built-in stand-in (`--demo`), with its test faults.
    Demo {
        faults: Vec<String>,
    },
}

/// Where a config path came from: only a flag may point a demo, or
/// another server's tokens, at a file that already holds credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    Flag,
    Env,
    Home,
    /// A private folder of the demo's own under the temp dir.
    DemoTemp,
}

/// The config a run reads and may write.
pub struct ConfigTarget {
    /// The file's real path (a symlinked config's final target).
    pub path: PathBuf,
    pub source: ConfigSource,
    /// The demo's folder: removed when the run ends if it is left empty.
    _demo_folder: Option<DemoFolder>,
}

struct DemoFolder(PathBuf);

impl Drop for DemoFolder {
    fn drop(&mut self) {
        // Only an empty folder goes: a saved demo config (or picture) was
        // named to the person and stays. And only ours: in a shared temp
        // folder another user could have put their own in its place.
        let ours = std::fs::symlink_metadata(&self.0)
            .is_ok_and(|meta| meta.is_dir() && crate::platform::owner_id(&meta) == crate::platform::my_id());
        if ours {
            let _ = std::fs::remove_dir(&self.0);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("{flag} is for the sign-in; `smugmug-auth {command}` does not use it")]
    SignInFlag { flag: &'static str, command: &'static str },
    #[error(
        "--demo applies to the sign-in only: `smugmug-auth {command}` works on a real config. Use `smugmug-auth --demo` to try the sign-in, or `smugmug-auth {command} --config PATH`"
    )]
    DemoWith { command: &'static str },
    #[error("`smugmug-auth demo-server` is the demo server already: run it without --demo")]
    DemoTwice,
    #[error(
        "{link} is a symbolic link owned by another user, in or below a folder others can write to; smugmug-auth does not follow it. Give the config's real path with --config"
    )]
    ForeignLink { link: PathBuf },
    #[error(
        "{path} belongs to another user, in a shared folder: smugmug-auth does not write secrets or changes where they could read or replace them. Give a config of your own with --config"
    )]
    ForeignFile { path: PathBuf },
    #[error(
        "{given} is {path:?}, which starts with ~: only a shell turns ~ into your home folder, and it did not here. Give the full path (or $HOME/… unquoted)"
    )]
    Tilde { path: PathBuf, given: &'static str },
    #[error(
        "{given} is {path:?}, which holds a control character (a line break, an escape, a direction mark): give a path without one"
    )]
    ControlCharacter { path: PathBuf, given: &'static str },
    #[error("{given} is {path:?}, which ends with a folder separator: give the path of a file")]
    Folder { path: PathBuf, given: &'static str },
    #[error("--{flag} means nothing to `smugmug-auth {command}`")]
    Unused { flag: &'static str, command: &'static str },
    #[error("--{flag} is given twice with different values; give it once")]
    Twice { flag: &'static str },
    #[error("--origin cannot be used with --demo, which runs its own server")]
    DemoOrigin,
    #[error("--demo-fault makes the built-in demo fail: add --demo")]
    FaultWithoutDemo,
    #[error("cannot tell your home folder; give the config file with --config PATH")]
    NoHome,
    #[error(transparent)]
    Origin(#[from] OriginError),
    #[error(
        "{origin} is not SmugMug, and {config} already holds credentials that its tokens would replace. Save them to a file of their own: smugmug-auth --origin {origin} --config \"$(mktemp -d)/config.yaml\" (or name this config with --config on the command line to replace them)"
    )]
    WouldReplace { origin: String, config: PathBuf },
    #[error(
        "$SMUGMUG_ORIGIN names {origin}, not SmugMug, and check would send {config}'s credentials there in a signed call. To check them against that server, give --origin (or --config) on the command line; to check them with SmugMug, unset SMUGMUG_ORIGIN"
    )]
    CheckElsewhere { origin: String, config: PathBuf },
    #[error(
        "{backup} is a folder, and a save keeps the config's previous version under that name: it cannot replace a folder. Nothing was changed and no sign-in was started; move that folder aside (or remove it) and run again"
    )]
    BackupIsAFolder { backup: PathBuf },
    #[error("--qr-png: {0}")]
    Picture(GateError),
    #[error("cannot make a private folder for the demo's config under the temp dir: {0}")]
    DemoFolder(std::io::Error),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl PlanError {
    /// Bad usage (2) or a file that cannot be used (1).
    pub fn exit_code(&self) -> u8 {
        match self {
            PlanError::DemoFolder(_) | PlanError::Config(_) | PlanError::BackupIsAFolder { .. } => {
                crate::exit::FAILED
            }
            _ => crate::exit::USAGE,
        }
    }
}

/// The environment the plan reads (so tests can give their own).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `SMUGVISION_CONFIG`.
    pub config: Option<PathBuf>,
    /// `SMUGMUG_ORIGIN`.
    pub origin: Option<String>,
    /// Where `~/.smugvision/config.yaml` is, if there is a home folder.
    pub default_config: Option<PathBuf>,
}

impl Environment {
    pub fn from_process() -> Environment {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        Environment {
            config: var("SMUGVISION_CONFIG").map(PathBuf::from),
            origin: var("SMUGMUG_ORIGIN").and_then(|o| o.into_string().ok()),
            default_config: config::default_path(),
        }
    }
}

impl Plan {
    pub fn make(cli: &Cli, env: &Environment) -> Result<Plan, PlanError> {
        let Some(command) = &cli.command else { return sign_in(cli, env).map(Plan::SignIn) };
        let name = match command {
            Command::Check { .. } => "check",
            Command::Logout { .. } => "logout",
            Command::DemoServer { .. } => "demo-server",
        };
        let demo_after = match command {
            Command::Check { demo, .. } | Command::Logout { demo, .. } | Command::DemoServer { demo, .. } => {
                *demo
            }
        };
        if cli.demo || demo_after {
            return Err(match command {
                Command::DemoServer { .. } => PlanError::DemoTwice,
                _ => PlanError::DemoWith { command: name },
            });
        }
        if let Some(flag) = sign_in_flags(cli).first() {
            return Err(PlanError::SignInFlag { flag, command: name });
        }
        match command {
            Command::Check { origin, config, json, fix_permissions, .. } => {
                let flag_origin = one("origin", &cli.origin, origin)?;
                let by_flag = flag_origin.is_some();
                let origin = match flag_origin.or_else(|| env.origin.clone()) {
                    Some(o) => Origin::parse(&o)?,
                    None => Origin::default(),
                };
                let config = real_config(one_config(&cli.config, config)?, env)?;
                // The sign-in's rule: the environment alone never sends a
                // config's credentials (here, a signed call) to another server.
                if !origin.is_default()
                    && !by_flag
                    && config.source != ConfigSource::Flag
                    && holds_credentials(&config.path)
                {
                    return Err(PlanError::CheckElsewhere {
                        origin: origin.to_string(),
                        config: config.path,
                    });
                }
                Ok(Plan::Check { config, origin, json: *json, fix_permissions: *fix_permissions })
            }
            Command::Logout { config, json, .. } => {
                if cli.origin.origin.is_some() {
                    return Err(PlanError::Unused { flag: "origin", command: name });
                }
                Ok(Plan::Logout {
                    config: to_write(real_config(one_config(&cli.config, config)?, env)?)?,
                    json: *json,
                })
            }
            Command::DemoServer { port, delay_ms, code, .. } => {
                for (flag, given) in
                    [("origin", cli.origin.origin.is_some()), ("config", cli.config.config.is_some())]
                {
                    if given {
                        return Err(PlanError::Unused { flag, command: name });
                    }
                }
                let trial = demo_config()?;
                Ok(Plan::DemoServer { port: *port, delay_ms: *delay_ms, code: code.clone(), trial })
            }
        }
    }
}

/// The sign-in flags given on this command line.
fn sign_in_flags(cli: &Cli) -> Vec<&'static str> {
    [
        ("--plain", cli.plain),
        ("--browser", cli.browser),
        ("--qr", cli.qr.is_some()),
        ("--qr-png", cli.qr_png.is_some()),
        ("--access", cli.access.is_some()),
        ("--permissions", cli.permissions.is_some()),
        ("--demo-fault", !cli.demo_faults.is_empty()),
    ]
    .into_iter()
    .filter_map(|(flag, given)| given.then_some(flag))
    .collect()
}

/// A flag given before the subcommand and after it is one flag.
fn one(flag: &'static str, top: &OriginArg, sub: &OriginArg) -> Result<Option<String>, PlanError> {
    match (&top.origin, &sub.origin) {
        (Some(a), Some(b)) if a != b => Err(PlanError::Twice { flag }),
        (a, b) => Ok(a.clone().or_else(|| b.clone())),
    }
}

fn one_config(top: &ConfigArg, sub: &ConfigArg) -> Result<Option<PathBuf>, PlanError> {
    match (&top.config, &sub.config) {
        (Some(a), Some(b)) if a != b => Err(PlanError::Twice { flag: "config" }),
        (a, b) => Ok(a.clone().or_else(|| b.clone())),
    }
}

/// A path as a person meant it, or a usage error: a `~` no shell expanded
/// (quoted, or set in a file) would make a folder named `~` here; a line
/// break or an escape in it would forge lines or drive the terminal in
/// every message that names it.
fn as_given(path: &Path, given: &'static str) -> Result<(), PlanError> {
    let text = path.to_string_lossy();
    // `~`, `~/…`, `~alice/…`, `~+/…`: all a shell's to expand.
    if text.starts_with('~') {
        return Err(PlanError::Tilde { path: path.to_owned(), given });
    }
    if text.chars().any(crate::sanitize::is_unsafe) {
        return Err(PlanError::ControlCharacter { path: path.to_owned(), given });
    }
    // `dir/`: a folder, not a file; saving would fail after the sign-in.
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err(PlanError::Folder { path: path.to_owned(), given });
    }
    Ok(())
}

fn source_name(source: ConfigSource) -> &'static str {
    match source {
        ConfigSource::Env => "$SMUGVISION_CONFIG",
        ConfigSource::Home => "the config under $HOME",
        _ => "--config",
    }
}

/// `--config`, else `$SMUGVISION_CONFIG`, else `~/.smugvision/config.yaml`.
fn real_config(flag: Option<PathBuf>, env: &Environment) -> Result<ConfigTarget, PlanError> {
    let (path, source) = match (flag, &env.config, &env.default_config) {
        (Some(path), _, _) => (path, ConfigSource::Flag),
        (None, Some(path), _) => (path.clone(), ConfigSource::Env),
        (None, None, Some(path)) => (path.clone(), ConfigSource::Home),
        (None, None, None) => return Err(PlanError::NoHome),
    };
    as_given(&path, source_name(source))?;
    // Like Linux's protected_symlinks: a link another user planted in a
    // shared folder (/tmp, any world-writable one) is not followed to a
    // file of ours.
    if let Some(link) = crate::platform::foreign_link_in_shared_folder(&path) {
        return Err(PlanError::ForeignLink { link });
    }
    let resolved = config::resolve_symlinks(&path).unwrap_or_else(|_| path.clone());
    // Where the names lead nowhere but the system reaches something
    // (/dev/stdout resolves to "pipe:[…]", a name that is no file), what it
    // reaches is judged: a pipe is refused now, not written after a sign-in.
    if !resolved.exists() {
        config::regular_or_absent(&path)?;
    }
    Ok(ConfigTarget { path: resolved, source, _demo_folder: None })
}

/// A config this run writes. Like protected_regular: another user's file
/// in a shared folder is not filled with our secrets (a save keeps its
/// owner). `check` only reads, so it may look at one.
fn to_write(target: ConfigTarget) -> Result<ConfigTarget, PlanError> {
    // The `.bak` a save would replace too: a planted one is refused now,
    // not after the sign-in.
    for path in [target.path.clone(), crate::gate::sibling(&target.path, "bak")] {
        if crate::platform::foreign_file_in_shared_folder(&path) {
            return Err(PlanError::ForeignFile { path });
        }
    }
    if let Some(folder) = crate::platform::foreign_folder_in_shared_folder(&target.path) {
        return Err(PlanError::ForeignFile { path: folder });
    }
    Ok(target)
}

fn sign_in(cli: &Cli, env: &Environment) -> Result<SignIn, PlanError> {
    let flag_origin = cli.origin.origin.as_deref();
    let (config, server) = if cli.demo {
        if flag_origin.is_some() {
            return Err(PlanError::DemoOrigin);
        }
        // The environment never points a demo at a real file: only a
        // `--config` typed on this command line does.
        let config = match &cli.config.config {
            Some(path) => to_write(real_config(Some(path.clone()), env)?)?,
            None => demo_config()?,
        };
        (config, Server::Demo { faults: cli.demo_faults.clone() })
    } else {
        if !cli.demo_faults.is_empty() {
            return Err(PlanError::FaultWithoutDemo);
        }
        let origin = match flag_origin.map(str::to_owned).or_else(|| env.origin.clone()) {
            Some(o) => Origin::parse(&o)?,
            None => Origin::default(),
        };
        let config = to_write(real_config(cli.config.config.clone(), env)?)?;
        let server = if origin.is_default() { Server::SmugMug(origin) } else { Server::Other(origin) };
        (config, server)
    };
    // What cannot be saved is said now, before the sign-in.
    config::check_editable(&config.path)?;
    backup_replaceable(&config.path)?;
    if let Server::Other(origin) = &server
        && config.source != ConfigSource::Flag
        && holds_credentials(&config.path)
    {
        return Err(PlanError::WouldReplace { origin: origin.to_string(), config: config.path.clone() });
    }
    let picture = match &cli.qr_png {
        Some(path) => {
            as_given(path, "--qr-png")?;
            // Never over a config: this run's, nor the person's own ones
            // that a demo leaves alone.
            let mut configs = vec![config.path.clone()];
            configs.extend(
                env.config
                    .iter()
                    .chain(&env.default_config)
                    .map(|c| config::resolve_symlinks(c).unwrap_or_else(|_| c.clone())),
            );
            gate::check_picture(path, &configs).map_err(PlanError::Picture)?;
            path.clone()
        }
        // `p` on the Authorize screen: beside the config, in a folder of
        // the person's own (not a shared temp folder).
        None => config::parent(&config.path).join("smugmug-authorize-qr.png"),
    };
    let gate = Gate::new(config.path.clone(), true, Some(picture));
    let env_config_ignored = config.source == ConfigSource::DemoTemp && env.config.is_some();
    let replaces_credentials = !matches!(server, Server::SmugMug(_)) && holds_credentials(&config.path);
    let replaces_backup_credentials =
        replaces_credentials && gate.path(Target::Backup).is_some_and(|bak| holds_credentials(&bak));
    Ok(SignIn {
        config,
        server,
        scope: cli.scope(),
        plain: cli.plain,
        browser: cli.browser,
        qr: cli.qr.map(|_| cli.qr_format()),
        picture_at_once: cli.qr_png.is_some(),
        env_config_ignored,
        replaces_credentials,
        replaces_backup_credentials,
        gate,
    })
}

/// A save renames the old config's copy over `<config>.bak`; nothing but
/// a folder stops a rename there (a link or a file is replaced itself),
/// and the save would fail only after the sign-in.
fn backup_replaceable(config: &Path) -> Result<(), PlanError> {
    let backup = gate::sibling(config, "bak");
    // Only a config that exists is backed up.
    let backed_up = std::fs::symlink_metadata(config).is_ok();
    match std::fs::symlink_metadata(&backup) {
        Ok(meta) if backed_up && meta.is_dir() => Err(PlanError::BackupIsAFolder { backup }),
        _ => Ok(()),
    }
}

/// A new private folder of the demo's own: its config never existed.
fn demo_config() -> Result<ConfigTarget, PlanError> {
    let dir = config::private_temp_dir("smugmug-auth-demo-").map_err(PlanError::DemoFolder)?;
    Ok(ConfigTarget {
        path: dir.join("config.yaml"),
        source: ConfigSource::DemoTemp,
        _demo_folder: Some(DemoFolder(dir)),
    })
}

/// Any of the four values is there (not an example placeholder).
fn holds_credentials(path: &Path) -> bool {
    config::load(path).ok().flatten().is_some_and(|s| {
        s.api_key.is_some() || s.api_secret.is_some() || s.user_token.is_some() || s.user_secret.is_some()
    })
}

impl Server {
    /// The server's address, when it is not SmugMug: its tokens are of no
    /// use to smugVision, and the end of a run says so.
    pub fn not_smugmug(&self) -> Option<String> {
        match self {
            Server::SmugMug(_) => None,
            Server::Other(origin) => Some(origin.to_string()),
            Server::Demo { .. } => Some("the demo server".to_owned()),
        }
    }
}

impl ConfigTarget {
    /// A gate for a run that only reads the config (`check`).
    pub fn read_only(&self) -> Gate {
        Gate::new(self.path.clone(), false, None)
    }

    pub fn gate(&self) -> Gate {
        Gate::new(self.path.clone(), true, None)
    }
}
