//! A small fake SmugMug OAuth service on 127.0.0.1, for `--demo`, the tests
//! and the screenshots. Behind the `demo` cargo feature: the wizard and plain
//! mode never depend on it.

mod http;
mod service;
pub mod verify;

use crate::oauth::{Consumer, Endpoint, Origin};
use crate::secret::Secret;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use crate::credential_lints::{DEMO_API_KEY, DEMO_API_SECRET};

#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub consumer_key: String,
    pub consumer_secret: String,
    /// The six-digit code every authorization shows; random when `None`.
    pub fixed_code: Option<String>,
    pub request_token_lifetime: Duration,
    pub nickname: String,
    pub name: String,
}

impl Default for DemoConfig {
    fn default() -> Self {
        Self {
            consumer_key: DEMO_API_KEY.to_owned(),
            consumer_secret: DEMO_API_SECRET.to_owned(),
            fixed_code: None,
            request_token_lifetime: Duration::from_secs(300),
            nickname: "demo-photographer".to_owned(),
            name: "Demo Photographer".to_owned(),
        }
    }
}

/// A way to make the server fail, switched on by tests or `--demo-fault`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Refuse with `signature_invalid` and the server's base string (which
    /// matches the client's: the classic wrong-secret case).
    SignatureInvalid,
    /// Refuse with `signature_invalid` after building the server's base
    /// string with this change, as a proxy or a buggy signer would.
    Mangled(Mangle),
    /// Refuse with this `oauth_problem`.
    Problem(String),
    /// `parameter_absent` naming `oauth_callback`, like a 1.0 client.
    ParameterAbsent,
    /// `permission_denied`, as SmugMug's API sends it: JSON.
    PermissionDenied,
    /// A SmugMug JSON error with this status and message.
    ApiMessage(u16, String),
    Http500,
    /// This status and raw body, as HTML.
    RawHtml(u16, String),
    /// A sign-in web page with status 200 instead of form data.
    Html,
    /// 429 with `Retry-After` seconds.
    TooManyRequests(u64),
    /// Close the connection partway through the reply.
    CutReply,
    /// A 10 MB reply.
    HugeReply,
    /// Answer correctly, after this long.
    Slow(Duration),
    /// Refuse GET with 405 Method Not Allowed, as a strict RFC 5849 server may.
    PostOnly,
}

/// A fault's name and how to make it.
type NamedFault = (&'static str, fn() -> Fault);

impl Fault {
    /// The faults with names of their own, in one table that both parses
    /// and lists them (any other lowercase name is sent as an `oauth_problem`).
    const NAMED: [NamedFault; 15] = [
        ("signature_invalid", || Fault::SignatureInvalid),
        ("parameter_absent", || Fault::ParameterAbsent),
        ("permission_denied", || Fault::PermissionDenied),
        ("http_500", || Fault::Http500),
        ("html", || Fault::Html),
        ("too_many_requests", || Fault::TooManyRequests(30)),
        ("cut_reply", || Fault::CutReply),
        ("huge_reply", || Fault::HugeReply),
        ("slow", || Fault::Slow(Duration::from_secs(3))),
        ("post_only", || Fault::PostOnly),
        ("sbs_host_case", || Fault::Mangled(Mangle::HostCase)),
        ("sbs_port", || Fault::Mangled(Mangle::DefaultPort)),
        ("sbs_added", || Fault::Mangled(Mangle::AddedParameter)),
        ("sbs_lost", || Fault::Mangled(Mangle::LostParameter)),
        // SmugMug's own wording and status for it.
        ("no_v2_access", || {
            Fault::ApiMessage(
                401,
                "API key lacks v2 access; please accept the terms of service at https://api.smugmug.com/api/developer/accept".into(),
            )
        }),
    ];

    /// The names `parse` knows as faults of their own.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::NAMED.iter().map(|(name, _)| *name)
    }

    /// Parses `--demo-fault` names; the `@endpoint` suffix is handled by the caller.
    pub fn parse(name: &str) -> Option<Fault> {
        if let Some((_, fault)) = Self::NAMED.iter().find(|(named, _)| *named == name) {
            return Some(fault());
        }
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .then(|| Fault::Problem(name.to_owned()))
    }
}

/// How the server's base string differs from a correct one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mangle {
    /// The host in upper case.
    HostCase,
    /// The default port kept (`:80`).
    DefaultPort,
    /// A parameter added on the way (`x_forwarded=1`).
    AddedParameter,
    /// `oauth_version` lost on the way.
    LostParameter,
}

/// The running demo server. Dropping it stops it.
pub struct DemoServer {
    addr: SocketAddr,
    service: Arc<service::Service>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl DemoServer {
    /// Binds 127.0.0.1 on a free port and serves on the current tokio runtime.
    pub async fn start(config: DemoConfig) -> std::io::Result<Self> {
        Self::start_on(config, 0).await
    }

    pub async fn start_on(config: DemoConfig, port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let service = Arc::new(service::Service::new(config));
        let connections = Arc::new(AtomicUsize::new(0));
        let handler: Arc<dyn http::Handler> = service.clone();
        let task = tokio::spawn(http::serve(listener, handler, Arc::clone(&connections)));
        Ok(Self { addr, service, connections, task })
    }

    pub fn origin(&self) -> Origin {
        Origin::parse(&format!("http://{}", self.addr)).unwrap_or_default()
    }

    pub fn consumer(&self) -> Consumer {
        let config = self.service.config();
        Consumer { key: config.consumer_key.clone(), secret: Secret::new(config.consumer_secret.clone()) }
    }

    /// Switches a fault on for one endpoint, or for all with `None`.
    pub fn set_fault(&self, endpoint: Option<Endpoint>, fault: Fault) {
        self.service.with_state(|s| s.faults.push((endpoint, fault)));
    }

    pub fn clear_faults(&self) {
        self.service.with_state(|s| s.faults.clear());
    }

    /// Moves the server's clock (its `Date` header and its timestamp check).
    pub fn set_clock_offset(&self, seconds: i64) {
        self.service.with_state(|s| s.clock_offset = seconds);
    }

    /// TCP connections accepted so far: one per flow when keep-alive works.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The code the authorize page shows for this request token.
    pub fn code_for(&self, token: &str) -> Option<String> {
        self.service.code_for(token)
    }

    /// A shareable lookup of codes, for the wizard and plain mode to show.
    pub fn code_lookup(&self) -> crate::CodeHint {
        let service = Arc::clone(&self.service);
        Arc::new(move |token: &str| service.code_for(token))
    }

    /// The code of the newest request token.
    pub fn last_code(&self) -> Option<String> {
        self.service.with_state(|s| s.last_code.clone())
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
