//! `rasid serve` as a process: it listens on 127.0.0.1 by default, answers over a real socket,
//! refuses a missing store or a weak token as usage errors, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn rasid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasid"))
}

fn seed() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-libya-africom.txt")
}

/// One HTTP/1.1 GET over a fresh connection; the status line and the body.
fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or_default().to_string();
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serves_on_loopback_by_default_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    let out = rasid()
        .args(["ingest", "--store", store.to_str().unwrap(), seed().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut child = rasid()
        .args(["serve", "--store", store.to_str().unwrap(), "--port", "0"])
        .env_remove("RASID_WRITE_TOKEN")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    // «rasid: serving s.db on http://127.0.0.1:PORT/ (read-only); Ctrl-C stops»
    assert!(line.contains("read-only"), "{line}");
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect(&line).to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let (status, body) = get(&addr, "/api/stats");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("\"articles\":1") && body.contains("\"writable\":false"), "{body}");
    let (status, body) = get(&addr, "/api/nothing");
    assert!(status.contains("404") && body.contains("no_route"), "{status} {body}");
    // SIGTERM: a graceful stop, exit code 0.
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
}

#[test]
fn refuses_a_missing_store_and_a_weak_token() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let out = rasid().args(["serve", "--store", missing.to_str().unwrap(), "--port", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("none.db") && err.contains("no store"), "{err}");
    assert!(!missing.exists(), "a read-only server must not create a store");
    let token = dir.path().join("token");
    std::fs::write(&token, "short\n").unwrap();
    let out = rasid()
        .args(["serve", "--store", missing.to_str().unwrap(), "--port", "0", "--write-token-file"])
        .arg(&token)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 8 characters"));
}
