//! Another local user holding thousands of idle connections to the
//! callback's port: the listener serves a bounded number at once (a new
//! connection replaces the oldest) and backs off when out of file
//! descriptors, so the browser's real redirect still lands. Its own test
//! binary: it lowers this process's file-descriptor limit.

#![cfg(unix)]

use smugmug_auth::oauth::CallbackListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Opens `count` connections to `addr` from another process and holds them.
fn flood(addr: &str, count: usize) -> std::process::Child {
    let (host, port) = addr.split_once(':').unwrap();
    let script = format!(
        "import socket,sys,time\nheld=[]\nfor _ in range({count}):\n  \
         s=socket.socket(); s.connect(('{host}',{port})); held.append(s)\n\
         print('held',flush=True)\ntime.sleep(60)\n"
    );
    Command::new("python3").args(["-c", &script]).stdout(Stdio::piped()).spawn().expect("python3")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_from_another_process_do_not_keep_the_redirect_out() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut flooder = flood(&addr, 900);
    // A small limit for this process only (the flood has its own), so the
    // flood would exhaust it without the bound.
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit read and write only the struct we own.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = 256;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
    let waiting = tokio::spawn(async move { listener.wait_for("ourtoken").await });
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(flooder.stdout.take().unwrap()), &mut line)
        .unwrap();
    assert_eq!(line.trim(), "held", "the flood is in place");
    let path = &url[url.find("/smugmug-auth").unwrap()..];
    // The browser's redirect, from another process too: this one's file
    // descriptors are the listener's to run out of.
    let (host, port) = addr.split_once(':').unwrap();
    let browser = format!(
        "import socket,time\nt=time.time()\ns=socket.create_connection(('{host}',{port}),timeout=1)\n\
         s.sendall(b'GET {path}?oauth_token=ourtoken&oauth_verifier=777777 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')\n\
         print(s.recv(100).decode().split(' ')[1], time.time()-t)\n"
    );
    let started = Instant::now();
    let reply = tokio::task::spawn_blocking(move || Command::new("python3").args(["-c", &browser]).output())
        .await
        .unwrap()
        .unwrap();
    let verifier = tokio::time::timeout(Duration::from_secs(1), waiting).await;
    let _ = flooder.kill();
    let _ = flooder.wait();
    // The bar: under a second (with accept errors in a busy loop it
    // took 3-12 s; idle connections hold on for 10 s).
    let said = String::from_utf8_lossy(&reply.stdout);
    assert!(
        said.starts_with("200 "),
        "no page within 1 s: {said} {}",
        String::from_utf8_lossy(&reply.stderr)
    );
    assert_eq!(verifier.expect("delivered").unwrap().unwrap(), "777777");
    eprintln!("the redirect landed in {:?} behind 900 idle connections", started.elapsed());
}
