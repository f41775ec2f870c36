//! The analyst web UI end to end in headless Chromium: starts `vetter serve` on the bundled
//! lists (with a small monitored customer book, so that the alert queue has alerts) on a free loopback
//! port and runs `node web/e2e/ui.mjs` (playwright-core driving Debian's
//! `/usr/bin/chromium`). Skips with a message when node, chromium or `web/node_modules`
//! are missing (`.ci/run` installs them). Screenshots go to `docs/screenshots/` when
//! `VETTER_UPDATE_SCREENSHOTS=1`, else to a temporary directory.
//!
//! The server has a fetch store filled by `vetter fetch` from a local HTTP server: OFAC SDN
//! fetched twice (2021-07-07 from ../shared, then the bundled 2023-12-28: a new version
//! with its update diff; the bundled version alone when ../shared is absent) and the UN
//! list fetched, then failing with HTTP 500, so the lists page shows every kind of outcome.

#[path = "../../vetter-fetch/tests/server/mod.rs"]
mod fetch_server;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const READ_KEY: &str = "ui-test-read-key";
const ANALYST_KEY: &str = "ui-test-analyst-key";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vetter() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vetter"))
}

/// `node` on the PATH, if any.
fn node() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("node"))
        .find(|p| p.is_file())
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
}

/// True once `GET /readyz` answers 200.
fn ready(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply.starts_with("HTTP/1.1 200")
}

const OFAC_FILES: [&str; 4] = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];

fn serve_ofac(server: &fetch_server::Server, dir: &Path) {
    for name in OFAC_FILES {
        let body = std::fs::read(dir.join(name)).unwrap();
        server.serve(&format!("/ofac/{name}"), body);
    }
}

/// `vetter fetch --config CONFIG [ARGS]`; whether it succeeded.
fn fetch(config: &Path, args: &[&str]) -> bool {
    let out = vetter()
        .arg("fetch")
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    eprintln!("vetter fetch: {}", String::from_utf8_lossy(&out.stdout));
    out.status.success()
}

/// Fills the fetch store as the module documentation says; the environment for
/// `web/e2e/ui.mjs` that states what the lists page must show.
fn fill_fetch_store(
    server: &fetch_server::Server,
    config: &Path,
    store: &Path,
) -> Vec<(String, String)> {
    let root = repo();
    let bundled_ofac = root.join("data/bundled/us-ofac-sdn-2023-12-28");
    let old_ofac = root.join("../shared/data/us-ofac-sdn/2021-07-07");
    let un = std::fs::read(root.join("data/bundled/un-sc-consolidated-2026-02-27.xml")).unwrap();
    server.serve("/un/consolidated.xml", un);
    let mut env = Vec::new();
    if old_ofac.is_dir() {
        serve_ofac(server, &old_ofac);
        assert!(fetch(config, &[]), "first fetch");
    } else {
        eprintln!("../shared/data is absent: one OFAC SDN version, no update diff shown");
    }
    serve_ofac(server, &bundled_ofac);
    assert!(fetch(config, &[]), "second fetch");
    server.set_mode("/un/consolidated.xml", fetch_server::Mode::Status(500));
    assert!(!fetch(config, &["--list", "un"]), "the UN list fails");
    let update = store.join("ofac-sdn/latest-update.json");
    if update.is_file() {
        let update: serde_json::Value =
            serde_json::from_slice(&std::fs::read(update).unwrap()).unwrap();
        for field in ["added", "removed", "changed"] {
            env.push((
                format!("VETTER_UPDATE_{}", field.to_uppercase()),
                update[field].to_string(),
            ));
        }
        let example = update["examples"]["added"][0]["caption"].as_str().unwrap();
        env.push(("VETTER_UPDATE_EXAMPLE".into(), example.to_string()));
    }
    env
}

fn hash(key: &str) -> String {
    let out = vetter()
        .args(["serve", "--hash-key", key])
        .output()
        .expect("vetter serve --hash-key");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn analyst_ui_in_headless_chromium() {
    let root = repo();
    let Some(node) = node() else {
        eprintln!("skipping the browser test: node is not installed");
        return;
    };
    if !Path::new(CHROMIUM).is_file() {
        eprintln!("skipping the browser test: {CHROMIUM} is missing (apt-get install chromium)");
        return;
    }
    if !root.join("web/node_modules/playwright-core").is_dir() {
        eprintln!("skipping the browser test: web/node_modules is missing (cd web && npm ci)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("vetter.toml");
    let monitor_db = dir.path().join("monitor.sqlite");
    let fetch_server = fetch_server::Server::start();
    let store = dir.path().join("store");
    let ofac_files: Vec<String> = OFAC_FILES.iter().map(|n| format!("\"{n}\"")).collect();
    let toml = format!(
        "store = \"{}\"\n\
         [[lists]]\nkind = \"ofac-sdn\"\nurl = \"{}\"\nfiles = [{}]\n\
         [[lists]]\nkind = \"un\"\nurl = \"{}\"\n\
         [server]\n\
         [[server.keys]]\nid = \"reader\"\nsha256 = \"{}\"\nscope = \"read\"\n\
         [[server.keys]]\nid = \"analyst-e2e\"\nsha256 = \"{}\"\nscope = \"analyst\"\n\
         \n[monitor]\ndatabase = \"{}\"\n",
        store.display(),
        fetch_server.url("/ofac/"),
        ofac_files.join(", "),
        fetch_server.url("/un/consolidated.xml"),
        hash(READ_KEY),
        hash(ANALYST_KEY),
        monitor_db.display()
    );
    std::fs::write(&config, toml).unwrap();
    let fetch_env = fill_fetch_store(&fetch_server, &config, &store);
    let index = dir.path().join("index.bin");
    {
        // A small book: KUN Kim is on the bundled OFAC list.
        let customers = dir.path().join("customers.csv");
        std::fs::write(
            &customers,
            "id,name,birth_date,country\nc-1,Kun Kim,1970-05-02,fr\nc-2,Jane Doe,1980-01-01,gb\n",
        )
        .unwrap();
        let out = vetter()
            .arg("monitor")
            .arg("add")
            .arg("--input")
            .arg(&customers)
            .arg("--config")
            .arg(&config)
            .env("VETTER_INDEX", &index)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "vetter monitor add: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let addr = free_port();
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let _server = Server(
        vetter()
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .arg("--bind")
            .arg(addr.to_string())
            .arg("--audit-db")
            .arg(dir.path().join("audit.sqlite"))
            .env("VETTER_INDEX", &index)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("vetter serve"),
    );
    let started = Instant::now();
    while !ready(addr) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "vetter serve did not become ready: {}",
            std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let screenshots = if std::env::var_os("VETTER_UPDATE_SCREENSHOTS").is_some() {
        root.join("docs/screenshots")
    } else {
        dir.path().join("screenshots")
    };
    let out = Command::new(node)
        .arg(root.join("web/e2e/ui.mjs"))
        .env("VETTER_URL", format!("http://{addr}"))
        .env("VETTER_READ_KEY", READ_KEY)
        .env("VETTER_ANALYST_KEY", ANALYST_KEY)
        .env("VETTER_ALERTS", "1")
        .env("VETTER_SCREENSHOTS", &screenshots)
        .env("VETTER_FETCH_STORE", "1")
        .envs(fetch_env)
        .current_dir(root.join("web"))
        .output()
        .expect("node web/e2e/ui.mjs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\nserver log:\n{}",
        std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
    );
    assert!(stdout.contains("SEARCH LATENCY"), "latency measured");
}
