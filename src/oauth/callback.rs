//! The loopback callback: where the person's own browser is sent after
//! "Authorize", so no code needs typing. One unguessable path on 127.0.0.1
//! and a port the system picks; only a redirect carrying the request token
//! we asked for counts, anything else gets a plain 400 or 404 and is ignored.

use super::error::{ClientError, Endpoint, OAuthProblem, Problem, ReplyInfo, Unexpected};
use crate::sanitize::excerpt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Where the one path answered starts; a random part follows.
pub const CALLBACK_PATH: &str = "/smugmug-auth/callback";
/// A request line and headers larger than this are not a browser's redirect.
const MAX_REQUEST: usize = 16 * 1024;
/// How long a connection may take to send its request: a browser's
/// speculative connection that never sends one must not hold anything up.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A bound, not yet answering, callback listener.
pub struct CallbackListener {
    listener: TcpListener,
    addr: SocketAddr,
    /// `CALLBACK_PATH/<128 random bits>`. The request token is in the
    /// authorize link, which any local user can read in the browser's
    /// command line; the callback's path only SmugMug and we know, so no one
    /// else can send a forged redirect to end the wait.
    path: String,
}

impl CallbackListener {
    /// Binds 127.0.0.1 on a port the system picks. The callback names the
    /// address, not `localhost`, so the browser cannot resolve it to `::1`
    /// where nothing listens (RFC 8252 §7.3 recommends the same).
    pub async fn bind() -> std::io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let mut secret = [0u8; 16];
        getrandom::getrandom(&mut secret).map_err(std::io::Error::other)?;
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self { listener, addr, path: format!("{CALLBACK_PATH}/{hex}") })
    }

    /// The `oauth_callback` to send with the request-token call.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Answers requests until one carries `token`: its verifier, or the
    /// refusal the server sent instead. Runs until then; the caller bounds it
    /// (the request token's lifetime) and drops it to stop listening.
    pub async fn wait_for(self, token: &str) -> Result<String, ClientError> {
        let (found, mut results) = mpsc::channel(1);
        // Each connection on its own task, so one that sends nothing cannot
        // delay the browser's real request; dropping the set aborts them.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let (token, path, found) = (token.to_owned(), self.path.clone(), found.clone());
                    connections.spawn(async move {
                        if let Ok(Some(outcome)) = answer(stream, &path, &token).await {
                            let _ = found.send(outcome).await;
                        }
                    });
                }
                Some(outcome) = results.recv() => return outcome,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// What a connection's request meant: `None` when it was not our redirect.
type Outcome = Result<String, ClientError>;

async fn answer(mut stream: TcpStream, ours: &str, token: &str) -> std::io::Result<Option<Outcome>> {
    let Ok(head) = tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await else {
        return Ok(None);
    };
    let target = head?.and_then(|head| {
        let line = head.lines().next()?.to_owned();
        let mut parts = line.split(' ');
        (parts.next() == Some("GET")).then(|| parts.next().map(str::to_owned))?
    });
    let Some((path, query)) = target.as_deref().map(|t| t.split_once('?').unwrap_or((t, ""))) else {
        respond(&mut stream, 400, PAGE_NOT_OURS).await?;
        return Ok(None);
    };
    if path != ours {
        respond(&mut stream, 404, PAGE_NOT_OURS).await?;
        return Ok(None);
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if get("oauth_token") != Some(token) {
        respond(&mut stream, 400, PAGE_NOT_OURS).await?;
        return Ok(None);
    }
    let outcome = match (get("oauth_verifier"), get("oauth_problem")) {
        (Some(verifier), None) if !verifier.is_empty() => Ok(verifier.to_owned()),
        (_, Some(problem)) => Err(ClientError::OAuth(Box::new(OAuthProblem {
            problem: Problem::parse(&excerpt(problem, 200)),
            debug_sbs: None,
            parameters_absent: None,
            acceptable_timestamps: None,
            advice: None,
            reply: redirect_info(),
        }))),
        _ => Err(ClientError::Unexpected {
            kind: Unexpected::MissingFields("oauth_verifier"),
            excerpt: excerpt(query, 200),
            reply: Box::new(redirect_info()),
        }),
    };
    let page = if outcome.is_ok() { PAGE_DONE } else { PAGE_REFUSED };
    respond(&mut stream, 200, page).await?;
    Ok(Some(outcome))
}

fn redirect_info() -> ReplyInfo {
    ReplyInfo {
        endpoint: Endpoint::Authorize,
        status: 200,
        server_date: None,
        retry_after: None,
        our_base_string: String::new(),
    }
}

/// The request line and headers, up to the blank line; `None` if the
/// connection closed first or sent more than a redirect would.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() + n > MAX_REQUEST {
            return Ok(None);
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

const PAGE_DONE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>smugmug-auth: authorized</title></head>\
<body style=\"font-family:sans-serif;max-width:36em;margin:4em auto\"><h1>Authorized</h1>\
<p>smugmug-auth has what it needs from SmugMug. You can close this tab and go back to the terminal.</p></body></html>";

const PAGE_REFUSED: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>smugmug-auth: not authorized</title></head>\
<body style=\"font-family:sans-serif;max-width:36em;margin:4em auto\"><h1>Not authorized</h1>\
<p>SmugMug did not authorize smugmug-auth. You can close this tab; the terminal says what happened and what to do next.</p></body></html>";

const PAGE_NOT_OURS: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>smugmug-auth</title></head>\
<body style=\"font-family:sans-serif;max-width:36em;margin:4em auto\">\
<p>This is not the authorization smugmug-auth is waiting for. Use the link the terminal shows now.</p></body></html>";
