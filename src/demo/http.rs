//! Just enough HTTP/1.1 for the demo: keep-alive, Content-Length bodies,
//! and ways to misbehave on purpose (cut a reply, stall).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Close the connection after this many bytes of the reply.
    pub cut_after: Option<usize>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, content_type, body: body.into(), headers: Vec::new(), delay: None, cut_after: None }
    }
}

/// The one thing the HTTP layer needs from the service.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> Response;
    /// The server's clock, for the `Date` header.
    fn date(&self) -> String;
}

pub async fn serve(listener: TcpListener, handler: Arc<dyn Handler>, connections: Arc<AtomicUsize>) {
    while let Ok((stream, _)) = listener.accept().await {
        connections.fetch_add(1, Ordering::SeqCst);
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            let _ = connection(stream, handler).await;
        });
    }
}

async fn connection(stream: TcpStream, handler: Arc<dyn Handler>) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    while let Some(request) = read_request(&mut stream).await? {
        let close = request.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close"));
        let response = handler.handle(request);
        if let Some(delay) = response.delay {
            tokio::time::sleep(delay).await;
        }
        let mut bytes = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nDate: {}\r\n",
            response.status,
            reason(response.status),
            response.content_type,
            response.body.len(),
            handler.date()
        )
        .into_bytes();
        for (name, value) in &response.headers {
            bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(&response.body);
        if let Some(cut) = response.cut_after {
            stream.get_mut().write_all(&bytes[..cut.min(bytes.len())]).await?;
            return Ok(());
        }
        stream.get_mut().write_all(&bytes).await?;
        if close {
            return Ok(());
        }
    }
    Ok(())
}

async fn read_request(stream: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers: Vec::new(),
        body: String::new(),
    };
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 || line.trim().is_empty() {
            break;
        }
        if request.headers.len() > 100 {
            return Ok(None);
        }
        if let Some((k, v)) = line.split_once(':') {
            request.headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length: usize = request.header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    stream.read_exact(&mut body).await?;
    request.body = String::from_utf8_lossy(&body).into_owned();
    Ok(Some(request))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
