//! A small HTTP/1.1 server on 127.0.0.1 for fetch tests: serves files from memory with an
//! `ETag` and `Last-Modified`, answers conditional requests with 304, and can misbehave on
//! purpose (truncated body, HTML error page, error status). One request per connection.
//! Shared by the vetter-fetch and vetter-cli tests.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// How a path is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 200 with the body, or 304 when `If-None-Match` names the current ETag.
    Normal,
    /// 200 announcing the full Content-Length, then half the body and the connection closed.
    Truncated,
    /// 200 with `Content-Type: text/html` and an error page instead of the file.
    HtmlPage,
    /// 200 with an HTML error page but a `Content-Type` of the list (`application/xml`).
    HtmlDisguised,
    /// This status with a short text body.
    Status(u16),
}

struct Route {
    body: Arc<Vec<u8>>,
    etag: String,
    mode: Mode,
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Request {
    /// Path.
    pub path: String,
    /// `If-None-Match` header, if sent.
    pub if_none_match: Option<String>,
    /// `If-Modified-Since` header, if sent.
    pub if_modified_since: Option<String>,
    /// Status answered.
    pub status: u16,
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    requests: Vec<Request>,
}

/// The running server; stopped on drop.
pub struct Server {
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

const LAST_MODIFIED: &str = "Thu, 28 Dec 2023 12:00:00 GMT";
const ERROR_PAGE: &[u8] = b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1><p>The list is being updated, try later.</p></body></html>\n";

fn etag_of(body: &[u8]) -> String {
    // FNV-1a: a stable content tag.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{hash:016x}-{}\"", body.len())
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let state = Arc::clone(&state);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let _ = handle(stream, &state);
                    }
                }
            })
        };
        Server {
            port,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// The URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Serves `body` at `path` normally (replacing what was there).
    pub fn serve(&self, path: &str, body: Vec<u8>) {
        let etag = etag_of(&body);
        self.state.lock().unwrap().routes.insert(
            path.to_string(),
            Route {
                body: Arc::new(body),
                etag,
                mode: Mode::Normal,
            },
        );
    }

    /// Changes how `path` is served.
    pub fn set_mode(&self, path: &str, mode: Mode) {
        self.state
            .lock()
            .unwrap()
            .routes
            .get_mut(path)
            .expect("route")
            .mode = mode;
    }

    /// The requests seen so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A URL on 127.0.0.1 where nothing listens (the port was just released).
pub fn dead_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}{path}")
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    let mut if_modified_since = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = Some(value.trim().to_string());
            match name.trim().to_ascii_lowercase().as_str() {
                "if-none-match" => if_none_match = value,
                "if-modified-since" => if_modified_since = value,
                _ => {}
            }
        }
    }
    let route = {
        let state = state.lock().unwrap();
        state
            .routes
            .get(&path)
            .map(|r| (Arc::clone(&r.body), r.etag.clone(), r.mode))
    };
    let (status, head, body): (u16, String, Vec<u8>) = match route {
        None => (404, "Content-Type: text/plain\r\n".into(), b"not found\n".to_vec()),
        Some((body, etag, mode)) => match mode {
            Mode::Normal if if_none_match.as_deref() == Some(etag.as_str()) => (
                304,
                format!("ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"),
                Vec::new(),
            ),
            Mode::Normal => (
                200,
                format!(
                    "Content-Type: application/octet-stream\r\nETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
                ),
                body.to_vec(),
            ),
            Mode::Truncated => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes())?;
                stream.write_all(&body[..body.len() / 2])?;
                stream.flush()?;
                record(state, path, if_none_match, if_modified_since, 200);
                return stream.shutdown(std::net::Shutdown::Both);
            }
            Mode::HtmlPage => (
                200,
                "Content-Type: text/html; charset=utf-8\r\n".into(),
                ERROR_PAGE.to_vec(),
            ),
            Mode::HtmlDisguised => (
                200,
                "Content-Type: application/xml\r\n".into(),
                ERROR_PAGE.to_vec(),
            ),
            Mode::Status(code) => (
                code,
                "Content-Type: text/plain\r\n".into(),
                b"error\n".to_vec(),
            ),
        },
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Error",
    };
    let length = if status == 304 {
        String::new()
    } else {
        format!("Content-Length: {}\r\n", body.len())
    };
    stream.write_all(
        format!("HTTP/1.1 {status} {reason}\r\n{head}{length}Connection: close\r\n\r\n").as_bytes(),
    )?;
    stream.write_all(&body)?;
    stream.flush()?;
    record(state, path, if_none_match, if_modified_since, status);
    Ok(())
}

fn record(
    state: &Mutex<State>,
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    status: u16,
) {
    state.lock().unwrap().requests.push(Request {
        path,
        if_none_match,
        if_modified_since,
        status,
    });
}
