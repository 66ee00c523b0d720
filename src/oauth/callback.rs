//! The loopback callback: where the person's own browser is sent after
//! "Authorize", so no code needs typing. One unguessable path on 127.0.0.1
//! and a port the system picks; only a redirect carrying the request token
//! we asked for counts, anything else gets a plain 400 or 404 and is ignored.

use super::error::{ClientError, Endpoint, OAuthProblem, Problem, ReplyInfo, Unexpected};
use crate::sanitize::excerpt;
use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

/// Where the one path answered starts; a random part follows.
pub const CALLBACK_PATH: &str = "/smugmug-auth/callback";
/// A request line longer than this is not a browser's redirect (ours is a
/// few hundred bytes). The headers after it are not judged: cookies for
/// 127.0.0.1 reach every port and can be large.
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// How much of the headers is read (and dropped) before answering.
const MAX_HEAD: usize = 1024 * 1024;
/// How long a connection may take to send its request line: a browser's
/// speculative connection that never sends one must not hold anything up.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once. A new one past this replaces the oldest, so
/// another local user holding idle connections can neither keep the
/// browser's redirect out nor run us out of file descriptors.
const MAX_CONNECTIONS: usize = 32;
/// The pause after a failed accept (out of file descriptors): no busy loop.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

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
        let mut oldest_first: VecDeque<AbortHandle> = VecDeque::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else {
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    };
                    oldest_first.retain(|task| !task.is_finished());
                    if oldest_first.len() >= MAX_CONNECTIONS
                        && let Some(oldest) = oldest_first.pop_front()
                    {
                        oldest.abort();
                    }
                    let (token, path, found) = (token.to_owned(), self.path.clone(), found.clone());
                    oldest_first.push_back(connections.spawn(async move {
                        if let Some(outcome) = answer(stream, &path, &token).await {
                            let _ = found.try_send(outcome);
                        }
                    }));
                }
                Some(outcome) = results.recv() => return outcome,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// What a connection's request meant: `None` when it was not our redirect.
type Outcome = Result<String, ClientError>;

/// Judges a connection by its request line alone. Our redirect counts as
/// soon as that line is read: the answer is written afterwards, on a task
/// of its own, and whatever happens to it (a browser that closes the tab
/// first) the verifier is delivered.
async fn answer(mut stream: TcpStream, ours: &str, token: &str) -> Option<Outcome> {
    let (line, rest) = tokio::time::timeout(READ_TIMEOUT, read_request_line(&mut stream)).await.ok()??;
    let (outcome, status, page) = judge(&line, ours, token);
    let reply = async move {
        let _ = tokio::time::timeout(READ_TIMEOUT, drain_head(&mut stream, rest)).await;
        let _ = respond(&mut stream, status, page).await;
    };
    if outcome.is_some() {
        // Not aborted with the other connections when the wait ends.
        tokio::spawn(reply);
    } else {
        reply.await;
    }
    outcome
}

/// What a request line means (the outcome, if it is our redirect) and the
/// answer it gets.
fn judge(line: &str, ours: &str, token: &str) -> (Option<Outcome>, u16, &'static str) {
    let mut parts = line.split(' ');
    let target = (parts.next() == Some("GET")).then(|| parts.next()).flatten();
    let Some((path, query)) = target.map(|t| t.split_once('?').unwrap_or((t, ""))) else {
        return (None, 400, PAGE_NOT_OURS);
    };
    if path != ours {
        return (None, 404, PAGE_NOT_OURS);
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if get("oauth_token") != Some(token) {
        return (None, 400, PAGE_NOT_OURS);
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
    (Some(outcome), 200, page)
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

/// The request line, and what was read past it; `None` if the connection
/// closed first or the line is longer than a redirect's.
async fn read_request_line(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = head.iter().position(|&b| b == b'\n') {
            let rest = head.split_off(end + 1);
            return Some((String::from_utf8_lossy(&head).trim_end().to_owned(), rest));
        }
        if head.len() > MAX_REQUEST_LINE {
            return None;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
}

/// Reads the headers up to the blank line (or a bound), so the answer is
/// not met by a reset; what they say does not matter.
async fn drain_head(stream: &mut TcpStream, rest: Vec<u8>) {
    let mut buf = [0u8; 4096];
    let mut total = rest.len();
    // The request line's own line break first: the blank line is "\n\r\n".
    let mut tail = [b"\n".as_slice(), &rest].concat();
    while total <= MAX_HEAD && !tail.windows(3).any(|w| w == b"\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                total += n;
                // The blank line may straddle two reads: keep the last bytes.
                tail.drain(..tail.len().saturating_sub(2));
                tail.extend_from_slice(&buf[..n]);
            }
        }
    }
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
