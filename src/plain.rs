//! Plain mode: the flow as line-by-line prompts, for scripts, pipes and
//! terminals where the wizard cannot run. Prompts and progress go to
//! stderr; stdout carries only the authorize URL, so scripts can read it.

use crate::CodeHint;
use crate::advice::{self, Action};
use crate::config::{self, Credentials, SaveError, Saved};
use crate::credential_lints::{self, CODE_TRIES, Field};
use crate::diagnose::{diagnose, diagnose_grant};
use crate::exit;
use crate::gate::Gate;
use crate::oauth::{
    AccessToken, CallbackListener, Client, ClientError, Consumer, Logins, OUT_OF_BAND,
    REQUEST_TOKEN_LIFETIME, Scope,
};
use crate::platform;
use crate::prefill::{Prefill, Source};
use crate::qr::{self, QrMatrix, QrStyle};
use crate::rerun::Rerun;
use crate::secret::Secret;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::time::SystemTime;

/// How many times a value is asked for before giving up; also how many
/// codes SmugMug is sent for one link before the run ends.
const TRIES: usize = 3;
/// How many authorize links one run asks for (a spent or expired link, or
/// `n` at the code prompt, asks for the next).
const LINKS: usize = 3;

pub struct Plain {
    pub client: Client,
    pub scope: Scope,
    /// What the run may write: the config, the QR picture (`--qr-png`).
    pub gate: Gate,
    pub prefill: Prefill,
    /// The demo's code lookup, to show the code its authorize page would.
    pub code_hint: Option<CodeHint>,
    /// Tokens the person already has: checked, then saved; no sign-in.
    pub access: Option<AccessToken>,
    /// `--browser` on a desktop: the browser's redirect brings the verifier.
    pub browser: bool,
    /// `--qr`: the QR code drawn on stderr before the link, in this style.
    pub qr: Option<QrStyle>,
    /// `--qr-png`: the QR code saved as a picture where the gate says.
    pub qr_png: bool,
    /// The server when it is not SmugMug: its tokens are of no use to
    /// smugVision, and the end of the run says so.
    pub not_smugmug: Option<String>,
    /// The options commands in advice repeat (`--config`, `--origin`).
    pub rerun: Rerun,
}

enum Failure {
    Cancelled,
    /// Standard input ended at a prompt (a pipe that gave less than asked).
    /// Standard input ended while this was asked for.
    InputEnded(&'static str),
    /// SIGTERM or SIGHUP (the console closing on Windows).
    Stopped(platform::Stop),
    /// The link could not be written to stdout (a closed pipe).
    Output(std::io::Error),
    Input(String),
    Client(ClientError),
    Save(SaveError),
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        Failure::Client(e)
    }
}

/// Runs the whole flow; returns the process exit status.
pub async fn run(plain: Plain) -> u8 {
    // A hidden prompt turns echo off; a cancel or a stop must turn it back on.
    let modes = platform::TerminalModes::save();
    let mut stops = match platform::Stops::new() {
        Ok(stops) => stops,
        Err(e) => {
            eprintln!("error: cannot watch for signals: {e}");
            return exit::FAILED;
        }
    };
    let outcome = tokio::select! {
        outcome = flow(&plain) => outcome,
        _ = tokio::signal::ctrl_c() => Err(Failure::Cancelled),
        stop = stops.next() => Err(Failure::Stopped(stop)),
    };
    modes.restore();
    match outcome {
        Ok(saved) => {
            eprintln!("Saved to {}", saved.path.display());
            if let Some(backup) = &saved.backup {
                eprintln!("The previous file is kept as {}", backup.display());
            }
            if let Some(note) = saved.links_note() {
                eprintln!("Note: {note}");
            }
            // Tokens from the environment were granted by another run: their level is unknown here.
            let asked = plain.access.is_none().then_some(plain.scope);
            let note = advice::grant_note(asked, Some(&plain.rerun.command(&[])));
            if let Some(note) = &note {
                eprintln!("Note: {note}");
            }
            if let Some(server) = &plain.not_smugmug {
                eprintln!(
                    "These credentials are {server}'s, not SmugMug's: smugVision cannot use them. Run smugmug-auth without --demo or --origin for real ones."
                );
            } else {
                let reach = match note {
                    Some(_) => "smugVision can use these tokens within that grant",
                    None => "smugVision can now reach your account",
                };
                eprintln!(
                    "Next: {reach}; try it on one album, changing nothing: {}",
                    config::smugvision_try_command(&saved.path)
                );
            }
            exit::OK
        }
        Err(Failure::Cancelled) => {
            eprintln!("\nCancelled; {}.", config::untouched(plain.gate.config()));
            exit::CANCELLED
        }
        Err(Failure::InputEnded(what)) => {
            eprintln!(
                "\nThe input ended before the {what} was given (to type it, leave standard input on the terminal); {}.",
                config::untouched(plain.gate.config())
            );
            exit::CANCELLED
        }
        Err(Failure::Stopped(stop)) => {
            eprintln!("\nStopped; {}.", config::untouched(plain.gate.config()));
            stop.exit_code()
        }
        Err(Failure::Output(e)) => {
            eprintln!(
                "error: cannot write the link to standard output ({e}); {}.",
                config::untouched(plain.gate.config())
            );
            exit::FAILED
        }
        Err(Failure::Input(message)) => {
            eprintln!("error: {message}; {}.", config::untouched(plain.gate.config()));
            exit::FAILED
        }
        Err(Failure::Client(error)) => {
            // Tokens from the environment were granted by another run: claim no grant.
            let asked = plain.access.is_none().then_some(plain.scope);
            let mut diagnosis = diagnose_grant(&error, asked, SystemTime::now());
            if plain.access.is_some() {
                diagnosis = diagnosis.of_given_tokens(crate::advice::Failure::EnvTokensRefused);
            }
            eprint!("error: {}", plain.rerun.fill(&diagnosis.to_text()));
            // A path never gets a capital: it is the file's name.
            eprintln!("smugmug-auth: {}.", config::untouched(plain.gate.config()));
            exit::FAILED
        }
        Err(Failure::Save(error)) => {
            eprintln!("error: {error}");
            exit::FAILED
        }
    }
}

async fn flow(plain: &Plain) -> Result<Saved, Failure> {
    let interactive = std::io::stdin().is_terminal();
    eprintln!("smugmug-auth: getting SmugMug credentials for smugVision from {}", plain.client.origin());
    let key = match &plain.prefill.key {
        Some((key, source)) => {
            eprintln!("Using the api_key from {source}.");
            key.clone()
        }
        None => ask_credential(Field::ApiKey, interactive).await?,
    };
    warn(Field::ApiKey, &key);
    let secret = match &plain.prefill.secret {
        Some((secret, source)) => {
            eprintln!("Using the api_secret from {source}.");
            secret.clone()
        }
        None => Secret::new(ask_credential(Field::ApiSecret, interactive).await?),
    };
    warn(Field::ApiSecret, secret.expose());
    let consumer = Consumer { key, secret };
    if let Some(access) = &plain.access {
        // Tokens the person already has: prove them, then save; a pair that
        // fails the check is never saved.
        eprintln!("Using the access token from $SMUGMUG_ACCESS_TOKEN; asking SmugMug whether it works…");
        let account = plain.client.authuser(&consumer, access).await?;
        eprintln!("Authorized as {}", account.label());
        let credentials = Credentials::new(consumer, access.clone());
        return config::save(&plain.gate, &credentials).map_err(Failure::Save);
    }

    // `--browser`: a loopback listener for the redirect, else (or if none
    // can be had) the code path.
    let listener = if plain.browser { CallbackListener::bind().await.ok() } else { None };
    let access = match listener {
        Some(listener) => {
            eprintln!("Asking SmugMug for an authorization link…");
            let request = plain.client.request_token(&consumer, &listener.url()).await?;
            let url = plain.client.authorize_url(&request, plain.scope, Logins::All);
            eprintln!("Log in to SmugMug in your browser and press Authorize; this finishes by itself.");
            eprintln!("If no browser opens, open this link on this computer (it works for 5 minutes):");
            writeln!(std::io::stdout(), "{url}").map_err(Failure::Output)?;
            if let Err(why) = platform::open_browser(&url) {
                eprintln!("The browser did not open: {why}.");
            }
            let code = match tokio::time::timeout(REQUEST_TOKEN_LIFETIME, listener.wait_for(&request.token))
                .await
            {
                Ok(verifier) => verifier?,
                Err(_) => {
                    return Err(Failure::Input(
                        "the browser did not come back within 5 minutes; run again without --browser to type a code"
                            .to_owned(),
                    ));
                }
            };
            eprintln!("The browser came back: exchanging the authorization for tokens…");
            plain.client.access_token(&consumer, &request, &code).await?
        }
        None => by_code(plain, &consumer, interactive).await?,
    };

    let account = plain.client.authuser(&consumer, &access).await?;
    eprintln!("Authorized as {}", account.label());

    let credentials = Credentials {
        api_key: consumer.key,
        api_secret: consumer.secret,
        user_token: access.token,
        user_secret: access.secret,
    };
    config::save(&plain.gate, &credentials).map_err(Failure::Save)
}

/// `--qr` and `--qr-png`: the code on stderr (dark on light in colours
/// themes do not remap, when stderr is a terminal), and as a picture.
fn show_qr(url: &str, style: Option<QrStyle>, png: Option<&Gate>) {
    if let Some(gate) = png {
        match crate::qr_png::write(gate, url) {
            Ok(path) => eprintln!("The QR code is saved as {} (it holds only the link).", path.display()),
            Err(e) => eprintln!("warning: the QR code was not saved: {e}"),
        }
    }
    let (Some(style), Some(matrix)) = (style, QrMatrix::encode(url)) else { return };
    let Some(plan) = matrix.fit(style, usize::MAX, usize::MAX) else { return };
    let colour = std::io::stderr().is_terminal();
    let mut out = String::new();
    for line in plan.lines() {
        let mut dark_behind = None;
        for c in line.chars() {
            let dark = matches!(c, '█' | '#');
            if colour && dark_behind != Some(dark) {
                // The wizard's colours: the cube's black on its black or white.
                let behind = if dark { qr::DARK } else { qr::LIGHT };
                out.push_str(&format!("\x1b[38;5;{};48;5;{behind}m", qr::DARK));
                dark_behind = Some(dark);
            }
            out.push(c);
        }
        out.push_str(if colour { "\x1b[0m\n" } else { "\n" });
    }
    eprint!("{out}");
}

fn warn(field: Field, value: &str) {
    for lint in credential_lints::lint(field, value) {
        eprintln!("warning: {}", lint.message(field));
    }
}

/// How soon after a hidden line more input is the same paste's rest: a
/// terminal delivers a paste at once, and nobody types that fast.
const PASTE_REST: std::time::Duration = std::time::Duration::from_millis(50);

async fn ask_credential(field: Field, interactive: bool) -> Result<String, Failure> {
    for _ in 0..TRIES {
        let raw = if field == Field::ApiSecret && interactive {
            let prompt = format!("{} (typing is not shown): ", field.name());
            let mut raw = tokio::task::spawn_blocking(move || rpassword::prompt_password(prompt))
                .await
                .map_err(|e| Failure::Input(e.to_string()))?
                .map_err(|_| Failure::Cancelled)?;
            // A paste holding a line break ends the hidden read early; its
            // rest is already waiting, and would reach the shell after us
            // (and its history) if left there. It is the same secret.
            while platform::input_waiting(PASTE_REST) {
                match read_line().await? {
                    Some(more) => raw.push_str(more.trim_end_matches(['\r', '\n'])),
                    None => break,
                }
            }
            raw
        } else {
            if interactive {
                eprint!("{}: ", field.name());
            }
            read_line().await?.ok_or(Failure::InputEnded(field.name()))?
        };
        let value = credential_lints::clean(&raw);
        if !value.is_empty() {
            let from = if interactive { Source::Typed.to_string() } else { "from standard input".to_owned() };
            eprintln!("Using the {} {from}.", field.name());
            return Ok(value);
        }
        eprintln!("{} is empty; paste it from your SmugMug API key page.", field.name());
    }
    Err(Failure::Input(format!("no {} was given", field.name())))
}

/// What was typed at the code prompt.
enum CodeInput {
    Code(String),
    /// `n`: this link is lost, spent or expired; ask for another.
    NewLink,
}

/// The code path: a link, then codes until SmugMug takes one. A wrong
/// code is typed again (up to `CODE_TRIES` for a link); a spent or expired
/// link, or `n`, brings a new link without starting over.
async fn by_code(plain: &Plain, consumer: &Consumer, interactive: bool) -> Result<AccessToken, Failure> {
    let mut refused: Option<ClientError> = None;
    for link in 1..=LINKS {
        eprintln!("Asking SmugMug for an authorization link…");
        let request = plain.client.request_token(consumer, OUT_OF_BAND).await?;
        let url = plain.client.authorize_url(&request, plain.scope, Logins::All);
        show_qr(&url, plain.qr, plain.qr_png.then_some(&plain.gate));
        eprintln!("Open this link, log in to SmugMug and press Authorize (it works for 5 minutes):");
        writeln!(std::io::stdout(), "{url}").map_err(Failure::Output)?;
        if let Some(code) = plain.code_hint.as_ref().and_then(|hint| hint(&request.token)) {
            eprintln!("Demo: the authorize page would show the code {code}.");
        }
        let mut sent = 0;
        let another = link < LINKS;
        loop {
            let code = match ask_code(interactive, another).await {
                Ok(CodeInput::Code(code)) => code,
                Ok(CodeInput::NewLink) => {
                    // Asked for: an end of input now is a cancel, not the old link's refusal.
                    refused = None;
                    break;
                }
                // The input ended after SmugMug refused a code: that refusal is the outcome.
                Err(Failure::InputEnded(_)) if refused.is_some() => {
                    eprintln!("\nThe input ended: no other code was given, so that refusal ends the run.");
                    return Err(Failure::Client(refused.take().expect("checked")));
                }
                Err(e) => return Err(e),
            };
            eprintln!("Exchanging the code for tokens…");
            let error = match plain.client.access_token(consumer, &request, &code).await {
                Ok(access) => return Ok(access),
                Err(error) => error,
            };
            sent += 1;
            let diagnosis = diagnose(&error, plain.scope, SystemTime::now());
            match diagnosis.action {
                Action::ReenterCode if sent < CODE_TRIES => {
                    let left = CODE_TRIES - sent;
                    let tries = if left == 1 { "try" } else { "tries" };
                    eprintln!(
                        "SmugMug refused that code ({}): {} {} Type it again ({left} {tries} left for this link){}.",
                        diagnosis.advice.key,
                        diagnosis.advice.meaning,
                        diagnosis.advice.fixes.first().copied().unwrap_or_default(),
                        if another { ", or n for a new link" } else { "" },
                    );
                }
                // A spent link, or a code refused on the link's last try: a
                // new link, as `n` would get (the prompts offered it).
                Action::NewLink | Action::ReenterCode => {
                    // The last link's refusal is the run's outcome: no new one is promised.
                    let next = if link < LINKS {
                        "Getting a new one: open it, press Authorize and type its code."
                    } else {
                        "That was the last of this run's links."
                    };
                    let what = if diagnosis.action == Action::ReenterCode {
                        format!(
                            "That code was refused too ({}), on this link's last try.",
                            diagnosis.advice.key
                        )
                    } else {
                        format!(
                            "SmugMug refused that link ({}): {}",
                            diagnosis.advice.key, diagnosis.advice.meaning
                        )
                    };
                    eprintln!("{what} {next}");
                    refused = Some(error);
                    break;
                }
                _ => return Err(error.into()),
            }
            refused = Some(error);
        }
    }
    // The last link offers no `n`: it ends only with SmugMug's refusal.
    Err(Failure::Client(refused.expect("the last link ends with a refusal")))
}

/// Lines that are not a code at all (a typo, a stray Enter) before the
/// run gives up: they are not sent to SmugMug, so they cost no try of the
/// link's; the bound only stops an endless stream of them.
const TYPOS: usize = 10;

/// `another`: whether this run has a new link left to offer (`n`).
async fn ask_code(interactive: bool, another: bool) -> Result<CodeInput, Failure> {
    let mut typos = 0;
    let or_new = if another { " (or n for a new link)" } else { "" };
    loop {
        if interactive {
            eprint!("Six-digit code{or_new}: ");
        } else {
            eprintln!("Reading the six-digit code{or_new} from standard input…");
        }
        let line = read_line().await?.ok_or(Failure::InputEnded("six-digit code"))?;
        if line.trim().eq_ignore_ascii_case("n") {
            if another {
                return Ok(CodeInput::NewLink);
            }
            typos += 1;
            if typos == TYPOS {
                return Err(Failure::Input(format!("{TYPOS} lines in a row were not a six-digit code")));
            }
            eprintln!(
                "That was this run's last link ({LINKS}): type its code, or press Ctrl-C and run again for new links."
            );
            continue;
        }
        if let Some(code) = credential_lints::clean_code(&line) {
            return Ok(CodeInput::Code(code));
        }
        if line.trim().is_empty() {
            continue;
        }
        typos += 1;
        if typos == TYPOS {
            return Err(Failure::Input(format!("{TYPOS} lines in a row were not a six-digit code")));
        }
        eprintln!("That is not a six-digit code (spaces are fine, like 123 456); type it again.");
    }
}

/// The longest line of input taken: a key, a secret or a code is short,
/// and a stream with no line break must not fill memory.
const MAX_LINE: u64 = 64 * 1024;

/// One line from stdin, read on a blocking thread so Ctrl-C still works.
async fn read_line() -> Result<Option<String>, Failure> {
    let read = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let n = std::io::stdin().lock().take(MAX_LINE + 1).read_line(&mut line)?;
        if line.len() as u64 > MAX_LINE {
            return Err(std::io::Error::other("a line of input is longer than 64 KiB"));
        }
        Ok((n > 0).then_some(line))
    });
    read.await
        .map_err(|e| Failure::Input(e.to_string()))?
        .map_err(|e| Failure::Input(format!("cannot read input: {e}")))
}
