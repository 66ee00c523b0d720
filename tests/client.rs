//! The protocol client against the in-process demo server.

use smugmug_auth::demo::{DemoConfig, DemoServer, Fault};
use smugmug_auth::oauth::{
    Client, ClientError, Consumer, Endpoint, Logins, OUT_OF_BAND, Problem, Scope, TransportKind,
};
use smugmug_auth::secret::Secret;
use std::time::Duration;

async fn server() -> (DemoServer, Client) {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let client = Client::new(server.origin());
    (server, client)
}

#[tokio::test]
async fn whole_flow_over_one_connection() {
    let (server, client) = server().await;
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let url = client.authorize_url(&request, Scope::default(), Logins::All);
    assert!(url.starts_with(&format!("{}/services/oauth/1.0a/authorize?oauth_token=", server.origin())));
    assert!(url.ends_with("&Access=Full&Permissions=Modify&allowThirdPartyLogin=1"));
    let short = client.authorize_url(&request, Scope::default(), Logins::PasswordOnly);
    assert!(short.ends_with("&Access=Full&Permissions=Modify"));
    let code = server.code_for(&request.token).unwrap();
    let access = client.access_token(&consumer, &request, &code).await.unwrap();
    let account = client.authuser(&consumer, &access).await.unwrap();
    assert_eq!(account.label(), "demo-photographer (Demo Photographer)");
    assert_eq!(server.connections(), 1, "keep-alive should carry the whole flow");
}

#[tokio::test]
async fn request_token_is_single_use() {
    let (server, client) = server().await;
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let code = server.code_for(&request.token).unwrap();
    client.access_token(&consumer, &request, &code).await.unwrap();
    let again = client.access_token(&consumer, &request, &code).await.unwrap_err();
    assert_eq!(again.problem().map(Problem::as_str), Some("token_used"));
}

#[tokio::test]
async fn request_token_expires() {
    let config = DemoConfig { request_token_lifetime: Duration::ZERO, ..DemoConfig::default() };
    let server = DemoServer::start(config).await.unwrap();
    let client = Client::new(server.origin());
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let err = client.access_token(&consumer, &request, "000000").await.unwrap_err();
    assert_eq!(err.problem().map(Problem::as_str), Some("token_expired"));
}

#[tokio::test]
async fn wrong_secret_gets_signature_invalid_with_the_same_base_string() {
    let (server, client) = server().await;
    let consumer = Consumer { secret: Secret::new("wrong"), ..server.consumer() };
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    let ClientError::OAuth(problem) = err else { panic!("{err:?}") };
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(problem.reply.status, 401);
    assert_eq!(problem.debug_sbs.as_deref(), Some(problem.reply.our_base_string.as_str()));
}

#[tokio::test]
async fn wrong_key_and_wrong_code() {
    let (server, client) = server().await;
    let consumer = Consumer { key: "nope".into(), ..server.consumer() };
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert_eq!(err.problem().map(Problem::as_str), Some("consumer_key_unknown"));
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let err = client.access_token(&consumer, &request, "999999x").await.unwrap_err();
    assert_eq!(err.problem().map(Problem::as_str), Some("verifier_invalid"));
}

#[tokio::test]
async fn clock_skew_is_refused_with_the_window_and_date() {
    let (server, client) = server().await;
    server.set_clock_offset(600);
    let err = client.request_token(&server.consumer(), OUT_OF_BAND).await.unwrap_err();
    let ClientError::OAuth(problem) = err else { panic!("{err:?}") };
    assert_eq!(problem.problem, "timestamp_refused");
    assert!(problem.acceptable_timestamps.is_some());
    let date = problem.reply.server_date.unwrap();
    let skew = date.duration_since(std::time::SystemTime::now()).unwrap().as_secs();
    assert!((590..=610).contains(&skew), "{skew}");
}

#[tokio::test]
async fn faults_become_typed_errors() {
    let (server, client) = server().await;
    let consumer = server.consumer();
    server.set_fault(None, Fault::Http500);
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(matches!(&err, ClientError::Http { reply, .. } if reply.status == 500), "{err:?}");
    server.clear_faults();
    server.set_fault(None, Fault::Html);
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Unexpected { excerpt, .. } if excerpt.contains("Sign in")),
        "{err:?}"
    );
    server.clear_faults();
    server.set_fault(None, Fault::TooManyRequests(42));
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert_eq!(err.reply().unwrap().retry_after, Some(42));
    server.clear_faults();
    server.set_fault(None, Fault::HugeReply);
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(matches!(err, ClientError::Unexpected { .. }), "{err:?}");
    server.clear_faults();
    server.set_fault(None, Fault::CutReply);
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(matches!(err, ClientError::Transport { kind: TransportKind::Broken, .. }), "{err:?}");
    server.clear_faults();
    server.set_fault(Some(Endpoint::AuthUser), Fault::PermissionDenied);
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let code = server.code_for(&request.token).unwrap();
    let access = client.access_token(&consumer, &request, &code).await.unwrap();
    let err = client.authuser(&consumer, &access).await.unwrap_err();
    assert_eq!(err.problem().map(Problem::as_str), Some("permission_denied"));
}

#[tokio::test]
async fn unreachable_host_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(smugmug_auth::oauth::Origin::parse(&origin).unwrap());
    let consumer = Consumer { key: "k".into(), secret: Secret::new("s") };
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(matches!(err, ClientError::Transport { kind: TransportKind::Connect, .. }), "{err:?}");
}

#[tokio::test]
async fn falls_back_to_post_when_get_is_refused() {
    let (server, client) = server().await;
    server.set_fault(Some(Endpoint::RequestToken), Fault::PostOnly);
    server.set_fault(Some(Endpoint::AccessToken), Fault::PostOnly);
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let code = server.code_for(&request.token).unwrap();
    let access = client.access_token(&consumer, &request, &code).await.unwrap();
    client.authuser(&consumer, &access).await.unwrap();
}

#[tokio::test]
async fn a_changed_base_string_is_named() {
    use smugmug_auth::demo::Mangle;
    use smugmug_auth::sbs_diff::{Difference, first_difference};
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    // localhost, so the host has letters whose case can change.
    let origin = server.origin().to_string().replace("127.0.0.1", "localhost");
    let client = Client::new(smugmug_auth::oauth::Origin::parse(&origin).unwrap());
    type IsExpected = fn(&Difference) -> bool;
    let cases: [(Mangle, IsExpected); 4] = [
        (Mangle::HostCase, |d| matches!(d, Difference::HostCase { .. })),
        (Mangle::DefaultPort, |d| matches!(d, Difference::Port { .. })),
        (Mangle::AddedParameter, |d| matches!(d, Difference::Missing { name } if name == "x_forwarded")),
        (Mangle::LostParameter, |d| matches!(d, Difference::Added { name } if name == "oauth_version")),
    ];
    for (mangle, expected) in cases {
        server.clear_faults();
        server.set_fault(None, Fault::Mangled(mangle));
        let err = client.request_token(&server.consumer(), OUT_OF_BAND).await.unwrap_err();
        let ClientError::OAuth(problem) = err else { panic!("{err:?}") };
        let difference =
            first_difference(&problem.reply.our_base_string, problem.debug_sbs.as_deref().unwrap());
        assert!(expected(&difference), "{mangle:?} gave {difference:?}");
    }
}

#[tokio::test]
async fn a_stalled_server_hits_the_timeout_with_a_clear_message() {
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    server.set_fault(None, Fault::Slow(Duration::from_secs(5)));
    let client = Client::with_timeouts(server.origin(), Duration::from_secs(1), Duration::from_millis(300));
    let err = client.request_token(&server.consumer(), OUT_OF_BAND).await.unwrap_err();
    assert!(matches!(err, ClientError::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
    let diagnosis = smugmug_auth::diagnose::diagnose(&err, Scope::default(), std::time::SystemTime::now());
    assert_eq!(diagnosis.advice.key, "timeout");
    assert!(diagnosis.to_text().contains("took too long"));
}

/// A redirect is not followed: it would reach a server `--origin` would
/// refuse (plain http off this machine, say). It is a failed call, and the
/// server it pointed at hears nothing.
#[tokio::test]
async fn a_redirect_is_not_followed() {
    use std::io::{Read, Write};
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    elsewhere.set_nonblocking(true).unwrap();
    let target = format!("http://{}/services/oauth/1.0a/getRequestToken", elsewhere.local_addr().unwrap());
    let redirecting = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", redirecting.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in redirecting.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let reply = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    let client = Client::new(smugmug_auth::oauth::Origin::parse(&origin).unwrap());
    let consumer = Consumer { key: "k".into(), secret: Secret::new("s") };
    let err = client.request_token(&consumer, OUT_OF_BAND).await.unwrap_err();
    assert!(err.to_string().contains("307"), "{err}");
    assert!(elsewhere.accept().is_err(), "the redirect's target was not called");
}
