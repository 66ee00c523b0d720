//! The one place the wizard's effects are carried out: network calls and
//! the config save run as tokio tasks and come back as messages; the
//! clipboard and browser are quick and run here.

use crate::CodeHint;
use crate::clipboard::{Clipboard, Delivery, Multiplexer};
use crate::config;
use crate::gate::Gate;
use crate::oauth::{CallbackListener, Client, Logins, OUT_OF_BAND};
use crate::platform;
use crate::wizard::{Copied, Effect, LINK_LIFETIME, Link, Msg, Route};
use std::sync::Arc;
use std::time::{Instant, SystemTime};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

pub struct Effects {
    client: Client,
    messages: UnboundedSender<Msg>,
    code_hint: Option<CodeHint>,
    /// What this run may write (the config, the QR picture): shared with
    /// the blocking tasks that write.
    gate: Arc<Gate>,
    clipboard: Clipboard,
    /// The task asking for a callback link and then listening for its
    /// redirect, with its call's generation.
    listening: Option<(u64, AbortHandle)>,
}

impl Effects {
    pub fn new(
        client: Client,
        messages: UnboundedSender<Msg>,
        code_hint: Option<CodeHint>,
        gate: Gate,
    ) -> Self {
        let gate = Arc::new(gate);
        Self { client, messages, code_hint, gate, clipboard: Clipboard::default(), listening: None }
    }

    /// Starts `effect`; its result arrives later on the message channel.
    /// `terminal` receives escape sequences (OSC 52) between frames.
    pub fn run(&mut self, effect: Effect, terminal: &mut impl std::io::Write) {
        let client = self.client.clone();
        let tx = self.messages.clone();
        match effect {
            Effect::RequestLink { generation, consumer, scope, route } => {
                let hint = self.code_hint.clone();
                let task = tokio::spawn(async move {
                    // No listener to be had (a sandbox without loopback):
                    // a code link, which works anywhere.
                    let listener = match route {
                        Route::Browser => CallbackListener::bind().await.ok(),
                        Route::Code => None,
                    };
                    let (callback, route) = match &listener {
                        Some(l) => (l.url(), Route::Browser),
                        None => (OUT_OF_BAND.to_owned(), Route::Code),
                    };
                    let result = client.request_token(&consumer, &callback).await.map(|request| {
                        let urls = (
                            client.authorize_url(&request, scope, Logins::All),
                            client.authorize_url(&request, scope, Logins::PasswordOnly),
                        );
                        let demo_code = hint.and_then(|h| h(&request.token)).filter(|_| route == Route::Code);
                        Link::new(request, urls, Instant::now(), demo_code, route)
                    });
                    let token = result.as_ref().ok().map(|link| link.request.token.clone());
                    let _ = tx.send(Msg::LinkReady { generation, result, wall: SystemTime::now() });
                    if let (Some(listener), Some(token)) = (listener, token) {
                        let redirect = tokio::time::timeout(LINK_LIFETIME, listener.wait_for(&token)).await;
                        if let Ok(result) = redirect {
                            let _ = tx.send(Msg::Redirected { generation, result, wall: SystemTime::now() });
                        }
                    }
                });
                // One listener at a time: a new link's replaces the last one's.
                if route == Route::Browser
                    && let Some((_, previous)) = self.listening.replace((generation, task.abort_handle()))
                {
                    previous.abort();
                }
            }
            Effect::Exchange { generation, consumer, request, code } => {
                tokio::spawn(async move {
                    let result = async {
                        let access = client.access_token(&consumer, &request, &code).await?;
                        let account = client.authuser(&consumer, &access).await?;
                        Ok((access, account))
                    }
                    .await;
                    let _ = tx.send(Msg::Exchanged { generation, result, wall: SystemTime::now() });
                });
            }
            Effect::CheckSaved { consumer, access } => {
                tokio::spawn(async move {
                    let result = client.authuser(&consumer, &access).await;
                    let _ = tx.send(Msg::Checked { result, wall: SystemTime::now() });
                });
            }
            Effect::CheckTokens { generation, consumer, access } => {
                tokio::spawn(async move {
                    let result = client.authuser(&consumer, &access).await;
                    let _ = tx.send(Msg::TokensChecked { generation, result, wall: SystemTime::now() });
                });
            }
            Effect::Save(credentials) => {
                let gate = self.gate.clone();
                tokio::task::spawn_blocking(move || {
                    let result = config::save(&gate, &credentials).map_err(Arc::new);
                    let _ = tx.send(Msg::SaveDone(result));
                });
            }
            Effect::Copy(url) => {
                let copied = match self.clipboard.copy(&url, terminal) {
                    Delivery::System => Copied::System,
                    Delivery::Osc52(multiplexer) => {
                        Copied::Osc52 { multiplexer: multiplexer.map(Multiplexer::name) }
                    }
                    Delivery::Failed(e) => Copied::Failed(format!("could not write to the terminal: {e}")),
                    Delivery::Unsupported(name) => Copied::Failed(format!("{name} has no clipboard escape")),
                };
                let _ = tx.send(Msg::Copied(copied));
            }
            Effect::SavePicture { url } => {
                let gate = self.gate.clone();
                tokio::task::spawn_blocking(move || {
                    let result = crate::qr_png::write(&gate, &url).map_err(Arc::new);
                    let _ = tx.send(Msg::PictureSaved(result));
                });
            }
            Effect::OpenBrowser(url) => {
                // May wait a moment for the opener's verdict: not on the UI's thread.
                tokio::task::spawn_blocking(move || {
                    if let Err(why) = platform::open_browser(&url) {
                        let _ = tx.send(Msg::BrowserFailed(why));
                    }
                });
            }
        }
    }

    /// Stops the loopback listener unless the wizard still waits on it
    /// (`Wizard::listening`): leaving the screen closes the port.
    pub fn keep_listening(&mut self, wanted: Option<u64>) {
        if let Some((generation, task)) = &self.listening
            && Some(*generation) != wanted
        {
            task.abort();
            self.listening = None;
        }
    }

    /// Hands back the clipboard so it outlives the terminal session.
    pub fn into_clipboard(self) -> Clipboard {
        self.clipboard
    }
}
