//! From parsed flags to a running front end: makes the run's plan (what it
//! may touch), starts the demo server if asked, then picks the wizard or
//! plain mode, or runs a subcommand.

use crate::app::{self, WizardRun};
use crate::cli::Cli;
use crate::exit;
use crate::oauth::{Client, Origin};
use crate::plain::{self, Plain};
use crate::plan::{ConfigSource, Environment, Plan, Server, SignIn};
use crate::platform::{self, Privacy};
use crate::prefill::{EnvCredentials, Prefill, Source};
use crate::qr::QrFormat;
use crate::{config, wizard};
use std::io::IsTerminal;
use std::path::Path;

pub async fn run(cli: Cli, env: EnvCredentials) -> u8 {
    let plan = match Plan::make(&cli, &Environment::from_process()) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return e.exit_code();
        }
    };
    match plan {
        Plan::DemoServer { port, delay_ms, code, trial } => {
            demo_server(port, delay_ms, code, &trial.path).await
        }
        Plan::Check { config, origin, json, fix_permissions } => {
            from_env_note(&config);
            check(&config.path, origin, json, fix_permissions).await
        }
        Plan::Logout { config, json } => {
            from_env_note(&config);
            logout(&config.gate(), json)
        }
        Plan::SignIn(sign_in) => run_sign_in(sign_in, &env).await,
    }
}

async fn run_sign_in(plan: SignIn, env: &EnvCredentials) -> u8 {
    let setup = match prepare(&plan, env).await {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    // A terminal that cannot place the cursor (TERM=dumb: Emacs shells,
    // some CI logs) gets the line-by-line prompts.
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let use_wizard =
        !plan.plain && !dumb && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let config_path = plan.config.path.clone();
    // The demo's server (and its temporary config) end with the run: a
    // command naming them could not be followed afterwards.
    let rerun = match plan.server {
        Server::Demo { .. } => crate::rerun::Rerun::default(),
        _ => crate::rerun::Rerun::for_run(&config_path, setup.client.origin()),
    };
    let code = if use_wizard {
        let context = wizard::Context {
            scope: plan.scope,
            config_exists: config_path.exists(),
            config_path,
            warnings: setup.warnings.into_iter().chain(env.access.as_ref().map(|_| {
                "SMUGMUG_ACCESS_TOKEN and SMUGMUG_ACCESS_TOKEN_SECRET are used by --plain; here, Ctrl-O takes an access token and secret you have".to_owned()
            })).collect(),
            can_open_browser: platform::local_desktop(),
            qr: platform::qr_style(plan.qr.unwrap_or(QrFormat::Auto)),
            qr_png_at_once: plan.picture_at_once,
            wants_qr: plan.qr.is_some() || plan.picture_at_once,
            not_smugmug: plan.server.not_smugmug(),
            rerun,
        };
        let wizard = wizard::Setup { prefill: setup.prefill, stored: setup.stored, context };
        let run =
            WizardRun { setup: wizard, client: setup.client, code_hint: setup.code_hint, gate: plan.gate };
        app::run(run).await
    } else {
        for warning in &setup.warnings {
            eprintln!("warning: {warning}");
        }
        let browser = plan.browser && platform::local_desktop();
        if plan.browser && !browser {
            eprintln!("note: no local browser here (over SSH or no display): you will type a code instead.");
        }
        let plain = Plain {
            browser,
            qr: plan.qr.and_then(platform::qr_style),
            qr_png: plan.picture_at_once,
            client: setup.client,
            scope: plan.scope,
            gate: plan.gate,
            prefill: setup.prefill,
            code_hint: setup.code_hint,
            access: env.access.clone(),
            not_smugmug: plan.server.not_smugmug(),
            rerun,
        };
        plain::run(plain).await
    };
    drop(setup.demo);
    code
}

/// What both front ends start from.
struct Setup {
    client: Client,
    prefill: Prefill,
    stored: Option<config::Stored>,
    /// Warnings about the config and the environment, said before the
    /// sign-in: printed by plain mode, shown on the wizard's first screen
    /// (printed before a full-screen run, they would reappear after it as
    /// if still true).
    warnings: Vec<String>,
    code_hint: Option<crate::CodeHint>,
    /// The demo server, kept alive for the whole run.
    demo: Option<Box<dyn std::any::Any + Send>>,
}

async fn prepare(plan: &SignIn, env: &EnvCredentials) -> Result<Setup, u8> {
    let config_path = &plan.config.path;
    let mut setup = Setup {
        client: Client::new(Origin::default()),
        prefill: Prefill::default(),
        stored: None,
        warnings: Vec::new(),
        code_hint: None,
        demo: None,
    };
    let origin = match &plan.server {
        Server::SmugMug(origin) | Server::Other(origin) => origin.clone(),
        Server::Demo { faults } => {
            let run = start_demo(faults).await.map_err(|message| {
                eprintln!("error: {message}");
                exit::USAGE
            })?;
            let note = match plan.config.source {
                ConfigSource::DemoTemp => " (a folder of its own, removed if nothing is saved there)",
                _ => "",
            };
            eprintln!(
                "Demo mode: a built-in SmugMug stand-in on {}; saving to {}{note}",
                run.origin,
                config_path.display()
            );
            if plan.env_config_ignored {
                eprintln!(
                    "note: the demo does not use $SMUGVISION_CONFIG; give --config PATH to save the demo's values there."
                );
            }
            setup.prefill.key = Some((run.consumer.key, Source::Demo));
            setup.prefill.secret = Some((run.consumer.secret, Source::Demo));
            setup.code_hint = Some(run.code_hint);
            setup.demo = Some(run.server);
            run.origin
        }
    };
    if !matches!(plan.server, Server::Demo { .. }) {
        match config::load(config_path) {
            Ok(found) => setup.stored = found,
            Err(e) => setup.warnings.push(e.to_string()),
        }
        for problem in setup.stored.iter().flat_map(|s| &s.problems) {
            setup.warnings.push(format!("{}: {problem}", config_path.display()));
        }
        setup.warnings.extend(too_open(config_path));
        setup.prefill = Prefill::from_env_and_config(env, setup.stored.as_ref(), config_path);
    }
    if let Some(missing) = env.half_access {
        setup.warnings.push(format!(
            "{missing} is not set, so the access-token pair in the environment is not used; set both to use tokens you have"
        ));
    }
    if plan.replaces_credentials
        && let Some(server) = plan.server.not_smugmug()
    {
        // Said before the sign-in, so worded as what a save would do.
        let mut note = format!(
            "{} holds credentials; a save replaces them with {server}'s, which smugVision cannot use, and keeps the current file as {}.bak",
            config_path.display(),
            config_path.display()
        );
        if plan.replaces_backup_credentials {
            note.push_str(", replacing the older .bak, which holds credentials too (copy it elsewhere first to keep them)");
        }
        setup.warnings.push(note);
    }
    setup.client = Client::new(origin);
    Ok(setup)
}

async fn check(path: &Path, origin: Origin, json: bool, fix_permissions: bool) -> u8 {
    let rerun = crate::rerun::Rerun::for_run(path, &origin);
    let client = Client::new(origin);
    let report = crate::check::check(path, &client, fix_permissions, &rerun).await;
    if json {
        println!("{}", crate::report::to_json(&report));
    } else {
        print!("{}", report.to_text());
    }
    if report.ok { exit::OK } else { exit::FAILED }
}

/// Where a person revokes an app's access: the API has no call for it.
const REVOKE_AT: &str =
    "SmugMug's Account Settings (also called Site Settings) → Privacy → Authorized Services";

fn logout(gate: &crate::gate::Gate, json: bool) -> u8 {
    let outcome = config::logout(gate);
    if json {
        let report = crate::report::Logout::new(gate.config(), &outcome, REVOKE_AT);
        println!("{}", crate::report::to_json(&report));
        return if report.ok { exit::OK } else { exit::FAILED };
    }
    match outcome {
        Ok(done) => {
            let path = done.path.display();
            if done.removed {
                // Only what the file held is named: removed, and kept.
                let the =
                    |keys: &[&str]| keys.iter().map(|k| format!("the {k}")).collect::<Vec<_>>().join(" and ");
                let kept = match done.kept_keys.len() {
                    0 => String::new(),
                    1 => format!(" ({} is kept)", the(&done.kept_keys)),
                    _ => format!(" ({} are kept)", the(&done.kept_keys)),
                };
                // Its new file is private: from an open mode, that is said.
                let mode = done
                    .was_open
                    .map(|m| format!(", but it is now readable only by you (it was mode {m:o})"))
                    .unwrap_or_default();
                println!(
                    "Removed {} from {path}; nothing else in it changed{kept}{mode}.",
                    done.removed_keys.join(" and ")
                );
            } else if done.path.exists() {
                println!("{path} holds no user_token or user_secret: nothing to remove there.");
            } else {
                println!("There is no config at {path}: nothing to remove there.");
            }
            if done.other_links > 0 {
                println!(
                    "Note: {path} had {} other hard link(s); they still hold the tokens. Delete them, or point them at the new file (ln -f).",
                    done.other_links
                );
            }
            for copy in &done.copies {
                let which = match (done.removed, copy.same) {
                    (false, _) => "tokens",
                    (true, true) => "the tokens just removed",
                    (true, false) => "other tokens",
                };
                // Where a temp file came from: its name alone does not say.
                let from = match copy.kind {
                    config::leftovers::Kind::Temp => " (a temp file an interrupted save left)",
                    _ => "",
                };
                println!(
                    "Note: {}{from} still holds {which}; delete it if you do not need it.",
                    crate::sanitize::path_shown(&copy.path)
                );
            }
            if done.removed || !done.copies.is_empty() || done.other_links > 0 {
                println!(
                    "SmugMug still lists the authorization until you revoke it: {REVOKE_AT}, then remove the app there (SmugMug's API has no call to revoke it)."
                );
            }
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::FAILED
        }
    }
}

/// A config path that came from `$SMUGVISION_CONFIG` and names no file:
/// say where it came from (a typo there is invisible otherwise).
fn from_env_note(config: &crate::plan::ConfigTarget) {
    if config.source == ConfigSource::Env && !config.path.exists() {
        eprintln!(
            "note: {} comes from $SMUGVISION_CONFIG, and there is no file there",
            config.path.display()
        );
    }
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
        let fault = Fault::parse(name).ok_or_else(|| {
            format!(
                "unknown --demo-fault '{name}': give an oauth_problem name (lowercase letters and _, such as signature_invalid), or one of {}, clock_skew",
                Fault::names().collect::<Vec<_>>().join(", ")
            )
        })?;
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
async fn demo_server(port: u16, delay_ms: u64, code: Option<String>, trial: &Path) -> u8 {
    use crate::demo::{DemoConfig, DemoServer, Fault};
    let shown_code = code.clone();
    let config = DemoConfig { fixed_code: code, ..DemoConfig::default() };
    let server = match DemoServer::start_on(config, port).await {
        Ok(server) => server,
        Err(e) => {
            let hint =
                if port == 0 { "" } else { "; choose another --port, or leave it out for any free one" };
            eprintln!("error: cannot start the demo server on 127.0.0.1:{port}: {e}{hint}");
            return exit::FAILED;
        }
    };
    // Watched before the first line is printed: whoever reads that line
    // and stops the server at once gets the same clean end.
    let mut stops = match platform::Stops::new() {
        Ok(stops) => stops,
        Err(e) => {
            eprintln!("error: cannot watch for signals: {e}");
            return exit::FAILED;
        }
    };
    let consumer = server.consumer();
    println!("Demo OAuth 1.0a server on {}", server.origin());
    println!("  api_key:    {}", consumer.key);
    println!("  api_secret: {}  (a demo value, not a real secret)", consumer.secret.expose());
    // Commands that try it without touching the person's real config: a
    // new private folder of its own, removed at the end if left empty.
    let origin = server.origin().to_string();
    let rerun = crate::rerun::Rerun::new(Some(trial), Some(&origin));
    println!(
        "Try smugmug-auth against it, saving to a private file of its own (your config is not touched):"
    );
    println!("  {}", rerun.command(&[]));
    println!("  {}", rerun.command(&["check"]));
    match shown_code {
        Some(code) => println!("Every link's code is {code} (--code). Ctrl-C stops the server."),
        None => println!("The code for a link is shown on its authorize page. Ctrl-C stops the server."),
    }
    if delay_ms > 0 {
        server.set_fault(None, Fault::Slow(std::time::Duration::from_millis(delay_ms)));
    }
    // Ctrl-C is the way to stop it; SIGTERM and SIGHUP end it the same way
    // (the trial folder is removed if left empty), with their own status.
    let code = match stops.next().await {
        platform::Stop::Interrupt => exit::OK,
        other => other.exit_code(),
    };
    println!("Served {} connections.", server.connections());
    code
}

#[cfg(not(feature = "demo"))]
async fn demo_server(_: u16, _: u64, _: Option<String>, _: &Path) -> u8 {
    eprintln!("error: this build has no demo server (built without the `demo` feature)");
    exit::FAILED
}
