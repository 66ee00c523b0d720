//! The three OAuth 1.0a calls and the `!authuser` check, over one
//! keep-alive `reqwest::Client`. Nothing here prints: errors are returned.

use super::error::{ClientError, Endpoint, ReplyInfo, TransportKind};
use super::origin::Origin;
use super::reply::{self, RawReply};
use super::signer::{SignInput, sign};
use crate::sanitize::sanitize;
use crate::secret::Secret;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, RETRY_AFTER};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

pub const REQUEST_TOKEN_PATH: &str = "/services/oauth/1.0a/getRequestToken";
pub const AUTHORIZE_PATH: &str = "/services/oauth/1.0a/authorize";
pub const ACCESS_TOKEN_PATH: &str = "/services/oauth/1.0a/getAccessToken";
pub const AUTHUSER_PATH: &str = "/api/v2!authuser";

/// SmugMug's own example client uses GET for the token calls; RFC 5849
/// prefers POST. We send GET and retry once with POST if the server
/// answers 405 Method Not Allowed.
const TOKEN_METHOD: &str = "GET";
/// How long SmugMug's request tokens (and so the authorize link) last.
pub const REQUEST_TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// The callback that asks the server to show the verifier as a code.
pub const OUT_OF_BAND: &str = "oob";
/// The most of a reply we read: token replies are tiny, and a huge reply
/// must not fill memory.
const MAX_BODY: usize = 64 * 1024;

/// The application's credentials from SmugMug's developer portal.
#[derive(Debug, Clone)]
pub struct Consumer {
    pub key: String,
    pub secret: Secret,
}

/// Temporary credentials: valid five minutes, single use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestToken {
    pub token: String,
    pub secret: Secret,
    pub server_date: Option<SystemTime>,
}

/// Token credentials: what smugVision keeps as user_token / user_secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub token: String,
    pub secret: Secret,
}

/// Who the tokens belong to, from `!authuser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub nickname: String,
    pub name: String,
    pub server_date: Option<SystemTime>,
}

impl Account {
    /// `NickName (Name)`, or just the nickname when there is no name.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.nickname.clone()
        } else {
            format!("{} ({})", self.nickname, self.name)
        }
    }
}

/// What data the app may see: SmugMug's `Access` authorize parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    Full,
}

/// What the app may do: SmugMug's `Permissions` authorize parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permissions {
    Read,
    Add,
    Modify,
}

/// Which sign-ins the authorize page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logins {
    /// SmugMug's password, and Facebook, Google and Apple.
    All,
    /// SmugMug's password only: a shorter link (a smaller QR code).
    PasswordOnly,
}

/// The level of access asked for on the authorize page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub access: Access,
    pub permissions: Permissions,
}

impl Default for Scope {
    /// What smugVision needs: it reads photos and writes captions and keywords.
    fn default() -> Self {
        Self { access: Access::Full, permissions: Permissions::Modify }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}/{:?}", self.access, self.permissions)
    }
}

/// One HTTP client for the whole flow, so every call reuses one connection.
/// It is built on the first call, not at start: for an https origin that
/// loads the system's trust roots (about 150 files on Linux), which would
/// otherwise delay the first prompt. Clones share it.
#[derive(Clone, Debug)]
pub struct Client {
    http: Arc<OnceLock<Result<reqwest::Client, String>>>,
    origin: Origin,
    connect: Duration,
    call: Duration,
}

/// How long to wait to connect, and for a whole call.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const CALL_TIMEOUT: Duration = Duration::from_secs(30);

impl Client {
    pub fn new(origin: Origin) -> Self {
        Self::with_timeouts(origin, CONNECT_TIMEOUT, CALL_TIMEOUT)
    }

    pub fn with_timeouts(origin: Origin, connect: Duration, call: Duration) -> Self {
        Self { http: Arc::default(), origin, connect, call }
    }

    /// The HTTP client, built once on first use.
    fn http(&self, endpoint: Endpoint) -> Result<&reqwest::Client, ClientError> {
        let built = self.http.get_or_init(|| {
            let mut builder = reqwest::Client::builder()
                .user_agent(concat!("smugmug-auth/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(self.connect)
                .timeout(self.call)
                .pool_idle_timeout(Duration::from_secs(600))
                // An OAuth endpoint has no reason to redirect; following one
                // would reach a server (even plain http off this machine)
                // that --origin would refuse. A 3xx is an unexpected reply.
                .redirect(reqwest::redirect::Policy::none());
            if self.origin.to_string().starts_with("http://") {
                // Only loopback may be plain http (Origin enforces it): no
                // proxy from the environment may capture it, and no trust
                // roots are needed.
                builder = builder.no_proxy().tls_certs_only(Vec::new());
            }
            builder.build().map_err(|e| format!("could not set up HTTPS: {}", error_chain(&e)))
        });
        built.as_ref().map_err(|detail| ClientError::Transport {
            kind: TransportKind::Tls,
            detail: detail.clone(),
            endpoint,
        })
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// A request token bound to `callback`: [`OUT_OF_BAND`] (SmugMug shows
    /// a six-digit code) or a loopback URL the browser is sent to.
    pub async fn request_token(
        &self,
        consumer: &Consumer,
        callback: &str,
    ) -> Result<RequestToken, ClientError> {
        let url = self.origin.join(REQUEST_TOKEN_PATH);
        let input = SignInput { callback: Some(callback), ..sign_input(&url, consumer, None) };
        let raw = self.token_call(Endpoint::RequestToken, &input).await?;
        let server_date = raw.info.server_date;
        let (token, secret) = reply::token_pair(raw)?;
        Ok(RequestToken { token, secret: Secret::new(secret), server_date })
    }

    /// The authorize page's link. With `Logins::All` it also offers the
    /// Facebook, Google and Apple sign-ins (`allowThirdPartyLogin=1`;
    /// SmugMug's default leaves them out, locking out accounts that have
    /// no SmugMug password).
    pub fn authorize_url(&self, token: &RequestToken, scope: Scope, logins: Logins) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("oauth_token", &token.token)
            .append_pair("Access", &format!("{:?}", scope.access))
            .append_pair("Permissions", &format!("{:?}", scope.permissions));
        if logins == Logins::All {
            query.append_pair("allowThirdPartyLogin", "1");
        }
        format!("{}?{}", self.origin.join(AUTHORIZE_PATH), query.finish())
    }

    pub async fn access_token(
        &self,
        consumer: &Consumer,
        request: &RequestToken,
        verifier: &str,
    ) -> Result<AccessToken, ClientError> {
        let token = (request.token.as_str(), request.secret.expose());
        let url = self.origin.join(ACCESS_TOKEN_PATH);
        let input = SignInput { verifier: Some(verifier), ..sign_input(&url, consumer, Some(token)) };
        let raw = self.token_call(Endpoint::AccessToken, &input).await?;
        let (token, secret) = reply::token_pair(raw)?;
        Ok(AccessToken { token, secret: Secret::new(secret) })
    }

    /// A signed `GET /api/v2!authuser`: proves the tokens work.
    pub async fn authuser(&self, consumer: &Consumer, access: &AccessToken) -> Result<Account, ClientError> {
        let token = (access.token.as_str(), access.secret.expose());
        let url = self.origin.join(AUTHUSER_PATH);
        let input = sign_input(&url, consumer, Some(token));
        let raw = self.send(Endpoint::AuthUser, "GET", &input).await?;
        let server_date = raw.info.server_date;
        let (nickname, name) = reply::account(raw)?;
        Ok(Account { nickname, name, server_date })
    }

    async fn token_call(&self, endpoint: Endpoint, input: &SignInput<'_>) -> Result<RawReply, ClientError> {
        let raw = self.send(endpoint, TOKEN_METHOD, input).await?;
        if raw.info.status == 405 {
            return self.send(endpoint, "POST", input).await;
        }
        Ok(raw)
    }

    async fn send(
        &self,
        endpoint: Endpoint,
        method: &str,
        input: &SignInput<'_>,
    ) -> Result<RawReply, ClientError> {
        let signed = sign(&SignInput { method, ..*input });
        let transport = |e: reqwest::Error| transport_error(endpoint, &e);
        let http = self.http(endpoint)?;
        let request = match method {
            "POST" => http.post(input.url).header(CONTENT_TYPE, "application/x-www-form-urlencoded"),
            _ => http.get(input.url),
        };
        let mut response = request
            .header(AUTHORIZATION, signed.authorization)
            .header(ACCEPT, if endpoint == Endpoint::AuthUser { "application/json" } else { "*/*" })
            .send()
            .await
            .map_err(transport)?;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let info = ReplyInfo {
            endpoint,
            status: response.status().as_u16(),
            server_date: header(DATE).and_then(|d| httpdate::parse_http_date(&d).ok()),
            retry_after: header(RETRY_AFTER).and_then(|r| r.trim().parse().ok()),
            our_base_string: signed.base_string,
        };
        let content_type = header(CONTENT_TYPE);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            let room = MAX_BODY - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= MAX_BODY {
                break; // dropping the response closes this one connection
            }
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        Ok(RawReply { body, content_type, info })
    }
}

fn sign_input<'a>(url: &'a str, consumer: &'a Consumer, token: Option<(&'a str, &'a str)>) -> SignInput<'a> {
    SignInput {
        method: TOKEN_METHOD,
        url,
        query: &[],
        consumer_key: &consumer.key,
        consumer_secret: consumer.secret.expose(),
        token,
        callback: None,
        verifier: None,
        with_version: true,
    }
}

fn transport_error(endpoint: Endpoint, error: &reqwest::Error) -> ClientError {
    let detail = error_chain(error);
    let lower = detail.to_ascii_lowercase();
    let kind = if error.is_timeout() || lower.contains("timed out") {
        TransportKind::Timeout
    } else if lower.contains("dns") || lower.contains("lookup address") || lower.contains("name or service") {
        TransportKind::Dns
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        TransportKind::Tls
    } else if lower.contains("proxy") || lower.contains("tunnel") {
        TransportKind::Proxy
    } else if error.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Broken
    };
    ClientError::Transport { kind, detail, endpoint }
}

/// reqwest's own `Display` says only "error sending request"; the cause is
/// further down the `source()` chain.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![sanitize(&error.to_string())];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = sanitize(&cause.to_string());
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}
