//! From parsed flags to a running front end: resolves the origin, the
//! config path and the demo server, then picks the wizard or plain mode.

use crate::app::{self, WizardRun};
use crate::cli::{Cli, Command};
use crate::exit;
use crate::oauth::{Client, Origin};
use crate::plain::{self, Plain};
use crate::platform::{self, Privacy};
use crate::prefill::{EnvCredentials, Prefill, Source};
use crate::{config, wizard};
use std::io::IsTerminal;
use std::path::PathBuf;

pub async fn run(cli: Cli, env: EnvCredentials) -> u8 {
    match cli.command {
        Some(Command::DemoServer { port, delay_ms, ref code }) => {
            return demo_server(port, delay_ms, code.clone()).await;
        }
        Some(Command::Check { json, fix_permissions }) => return check(&cli, json, fix_permissions).await,
        Some(Command::Logout { json }) => return logout(&cli, json),
        None => {}
    }
    let setup = match prepare(&cli, &env).await {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    // A terminal that cannot place the cursor (TERM=dumb: Emacs shells,
    // some CI logs) gets the line-by-line prompts.
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let use_wizard = !cli.plain && !dumb && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let code = if use_wizard {
        let can_open_browser = platform::local_desktop();
        let wizard = wizard::Setup {
            prefill: setup.prefill,
            stored: setup.stored,
            scope: cli.scope(),
            config_exists: setup.config_path.exists(),
            config_path: setup.config_path.clone(),
            config_note: setup.config_note,
            can_open_browser,
            qr: platform::qr_style(cli.qr_format()),
            qr_png: cli.qr_png.clone().unwrap_or_else(|| default_qr_png(&setup.config_path)),
            qr_png_at_once: cli.qr_png.is_some(),
            wants_qr: cli.qr.is_some() || cli.qr_png.is_some(),
        };
        let run = WizardRun {
            setup: wizard,
            client: setup.client,
            code_hint: setup.code_hint,
            config_path: setup.config_path,
        };
        app::run(run).await
    } else {
        let browser = cli.browser && platform::local_desktop();
        if cli.browser && !browser {
            eprintln!("note: no local browser here (over SSH or no display): you will type a code instead.");
        }
        let plain = Plain {
            browser,
            qr: cli.qr.and_then(|_| platform::qr_style(cli.qr_format())),
            qr_png: cli.qr_png.clone(),
            client: setup.client,
            scope: cli.scope(),
            config_path: setup.config_path,
            prefill: setup.prefill,
            code_hint: setup.code_hint,
            access: env.access.clone(),
        };
        plain::run(plain).await
    };
    drop(setup.demo);
    code
}

/// What both front ends start from.
struct Setup {
    client: Client,
    config_path: PathBuf,
    prefill: Prefill,
    stored: Option<config::Stored>,
    /// Why the existing config cannot be used, if it cannot.
    config_note: Option<String>,
    code_hint: Option<crate::CodeHint>,
    /// The demo server, kept alive for the whole run.
    demo: Option<Box<dyn std::any::Any + Send>>,
}

async fn prepare(cli: &Cli, env: &EnvCredentials) -> Result<Setup, u8> {
    let usage = |message: String| {
        eprintln!("error: {message}");
        exit::USAGE
    };
    let mut origin = match &cli.common.origin {
        Some(o) => Origin::parse(o).map_err(|e| usage(e.to_string()))?,
        None => Origin::default(),
    };
    let mut config_path = config::resolve_path(cli.common.config.clone()).ok_or_else(|| {
        usage("cannot tell your home folder; give the config file with --config PATH".into())
    })?;
    let mut prefill = Prefill::default();
    let mut stored = None;
    let mut config_note = None;
    let mut code_hint = None;
    let mut demo: Option<Box<dyn std::any::Any + Send>> = None;
    if cli.demo {
        let run = start_demo(&cli.demo_faults).await.map_err(usage)?;
        origin = run.origin;
        if cli.common.config.is_none() {
            let dir = config::private_temp_dir("smugmug-auth-demo-").map_err(|e| {
                eprintln!(
                    "error: cannot make a private folder for the demo's config under the temp dir: {e}"
                );
                exit::FAILED
            })?;
            config_path = dir.join("config.yaml");
        }
        editable(&config_path)?;
        eprintln!("Demo mode: a built-in SmugMug stand-in on {origin}; saving to {}", config_path.display());
        prefill.key = Some((run.consumer.key, Source::Demo));
        prefill.secret = Some((run.consumer.secret, Source::Demo));
        code_hint = Some(run.code_hint);
        demo = Some(run.server);
    } else {
        editable(&config_path)?;
        match config::load(&config_path) {
            Ok(found) => stored = found,
            Err(e) => {
                eprintln!("warning: {e}");
                config_note = Some(e.to_string());
            }
        }
        for problem in stored.iter().flat_map(|s| &s.problems) {
            eprintln!("warning: {}: {problem}", config_path.display());
            if matches!(problem, config::StoredProblem::Misspelt { .. }) {
                config_note.get_or_insert(problem.to_string());
            }
        }
        if let Some(note) = too_open(&config_path) {
            eprintln!("warning: {note}");
            config_note.get_or_insert(note);
        }
        prefill = Prefill::from_env_and_config(env, stored.as_ref(), &config_path);
    }
    let client = Client::new(origin);
    Ok(Setup { client, config_path, prefill, stored, config_note, code_hint, demo })
}

async fn check(cli: &Cli, json: bool, fix_permissions: bool) -> u8 {
    let origin = match cli.common.origin.as_deref().map(Origin::parse).transpose() {
        Ok(origin) => origin.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    let Some(path) = config::resolve_path(cli.common.config.clone()) else {
        eprintln!("error: cannot tell your home folder; give the config file with --config PATH");
        return exit::USAGE;
    };
    let rerun = crate::rerun::Rerun::for_run(&path, &origin);
    let client = Client::new(origin);
    let report = crate::check::check(&path, &client, fix_permissions, &rerun).await;
    if json {
        println!("{}", crate::report::to_json(&report));
    } else {
        print!("{}", report.to_text());
    }
    if report.ok { exit::OK } else { exit::FAILED }
}

/// Where `p` on the Authorize screen saves the QR code: beside the config,
/// in a folder of the person's own (not a shared temp folder).
fn default_qr_png(config_path: &std::path::Path) -> PathBuf {
    config::parent(config_path).join("smugmug-authorize-qr.png")
}

/// Where a person revokes an app's access: the API has no call for it.
const REVOKE_AT: &str =
    "SmugMug's Account Settings (once called Site Settings) → Privacy → Authorized Services";

fn logout(cli: &Cli, json: bool) -> u8 {
    let Some(path) = config::resolve_path(cli.common.config.clone()) else {
        eprintln!("error: cannot tell your home folder; give the config file with --config PATH");
        return exit::USAGE;
    };
    let outcome = config::logout(&path);
    if json {
        let report = crate::report::Logout::new(&path, &outcome, REVOKE_AT);
        println!("{}", crate::report::to_json(&report));
        return if report.ok { exit::OK } else { exit::FAILED };
    }
    match outcome {
        Ok(config::LoggedOut::NoTokens { path }) => {
            println!("{} holds no user_token or user_secret: nothing to remove.", path.display());
            exit::OK
        }
        Ok(config::LoggedOut::Removed { path, copies }) => {
            println!(
                "Removed user_token and user_secret from {}; the api_key, the api_secret and your other settings are kept.",
                path.display()
            );
            for copy in copies {
                println!(
                    "Note: {} still holds the old tokens; delete it if you do not need it.",
                    copy.display()
                );
            }
            println!(
                "SmugMug still lists the authorization until you revoke it: {REVOKE_AT}, then remove the app there (SmugMug's API has no call to revoke it)."
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::FAILED
        }
    }
}

/// What cannot be saved is said now, before the sign-in, not after it.
fn editable(path: &std::path::Path) -> Result<(), u8> {
    config::check_editable(path).map_err(|e| {
        eprintln!("error: {e}");
        exit::FAILED
    })
}

/// A config others can read: saving will replace it with a 0600 file.
fn too_open(path: &std::path::Path) -> Option<String> {
    match platform::privacy(&std::fs::metadata(path).ok()?) {
        Privacy::Open { mode } => Some(format!(
            "{} is readable by others (mode {:o}); saving will make it private (0600)",
            path.display(),
            mode & 0o777
        )),
        Privacy::Private { .. } | Privacy::Inherited => None,
    }
}

/// A running demo server, as the front ends need it.
struct DemoRun {
    origin: Origin,
    consumer: crate::oauth::Consumer,
    code_hint: crate::CodeHint,
    /// Keeps the server alive; dropping it stops the server.
    server: Box<dyn std::any::Any + Send>,
}

#[cfg(feature = "demo")]
async fn start_demo(faults: &[String]) -> Result<DemoRun, String> {
    use crate::demo::{DemoConfig, DemoServer, Fault};
    use crate::oauth::Endpoint;
    let server = DemoServer::start(DemoConfig::default())
        .await
        .map_err(|e| format!("cannot start the demo server: {e}"))?;
    for spec in faults {
        let (name, at) = spec.split_once('@').map_or((spec.as_str(), None), |(n, a)| (n, Some(a)));
        let endpoint = match at {
            None => None,
            Some("request") => Some(Endpoint::RequestToken),
            Some("authorize") => Some(Endpoint::Authorize),
            Some("access") => Some(Endpoint::AccessToken),
            Some("authuser") => Some(Endpoint::AuthUser),
            Some(other) => {
                return Err(format!(
                    "unknown endpoint '{other}' in --demo-fault; use request, authorize, access or authuser"
                ));
            }
        };
        if name == "clock_skew" {
            server.set_clock_offset(600);
            continue;
        }
        let fault = Fault::parse(name).ok_or_else(|| format!("unknown --demo-fault '{name}'"))?;
        server.set_fault(endpoint, fault);
    }
    Ok(DemoRun {
        origin: server.origin(),
        consumer: server.consumer(),
        code_hint: server.code_lookup(),
        server: Box::new(server),
    })
}

#[cfg(not(feature = "demo"))]
async fn start_demo(_: &[String]) -> Result<DemoRun, String> {
    Err("this build has no demo server (built without the `demo` feature)".into())
}

#[cfg(feature = "demo")]
async fn demo_server(port: u16, delay_ms: u64, code: Option<String>) -> u8 {
    use crate::demo::{DemoConfig, DemoServer, Fault};
    let config = DemoConfig { fixed_code: code, ..DemoConfig::default() };
    let server = match DemoServer::start_on(config, port).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot start the demo server: {e}");
            return exit::FAILED;
        }
    };
    let consumer = server.consumer();
    println!("Demo OAuth 1.0a server on {}", server.origin());
    println!("  api_key:    {}", consumer.key);
    println!("  api_secret: {}  (a demo value, not a real secret)", consumer.secret.expose());
    println!("The code for a link is shown on its authorize page. Ctrl-C stops the server.");
    if delay_ms > 0 {
        server.set_fault(None, Fault::Slow(std::time::Duration::from_millis(delay_ms)));
    }
    let _ = tokio::signal::ctrl_c().await;
    println!("Served {} connections.", server.connections());
    0
}

#[cfg(not(feature = "demo"))]
async fn demo_server(_: u16, _: u64, _: Option<String>) -> u8 {
    eprintln!("error: this build has no demo server (built without the `demo` feature)");
    exit::FAILED
}
