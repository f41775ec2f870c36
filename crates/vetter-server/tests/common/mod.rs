//! Shared fixtures: one index of the bundled lists per test binary, apps over it, a fetch
//! store with a recorded update, and a request helper.
#![allow(dead_code)]

#[path = "../../../vetter-fetch/tests/server/mod.rs"]
pub mod fetch_server;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;
use vetter_index::Index;
use vetter_server::{hash_key, AppState, AuditLog, KeyConfig, Reloader, Scope, ServerConfig};

pub const READ_KEY: &str = "read-key-for-tests";
pub const ADMIN_KEY: &str = "admin-key-for-tests";

fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled")
}

/// The UN list alone (small; used as the "new version" in reload tests).
pub fn un_index() -> Index {
    let un = vetter_sources::load_un(&bundled().join("un-sc-consolidated-2026-02-27.xml"), None)
        .expect("UN list");
    Index::build(vec![un])
}

/// OFAC SDN 2023-12-28 and the UN list, built once per test binary.
pub fn index() -> Arc<Index> {
    static INDEX: OnceLock<Arc<Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let ofac = vetter_sources::load_ofac_sdn(
                &bundled().join("us-ofac-sdn-2023-12-28"),
                Some("2023-12-28".into()),
            )
            .expect("OFAC list");
            let un =
                vetter_sources::load_un(&bundled().join("un-sc-consolidated-2026-02-27.xml"), None)
                    .expect("UN list");
            Arc::new(Index::build(vec![ofac, un]))
        })
        .clone()
}

pub struct TestApp {
    pub router: Router,
    pub state: Arc<AppState>,
    pub audit_path: PathBuf,
    pub _dir: tempfile::TempDir,
}

const OFAC_FILES: [&str; 4] = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];

/// A fetch store filled over HTTP by `vetter_fetch::Fetcher`, as `vetter fetch` fills it.
pub struct FetchedStore {
    /// Serves the OFAC SDN files under /ofac/ (change its modes to make fetches fail).
    pub server: fetch_server::Server,
    /// The configuration fetching OFAC SDN from `server`.
    pub config: vetter_fetch::Config,
    pub store: vetter_fetch::Store,
    pub dir: tempfile::TempDir,
}

impl FetchedStore {
    /// Fetches the configured OFAC SDN list once more.
    pub fn fetch(&self) -> Result<vetter_fetch::Status, vetter_fetch::FetchError> {
        vetter_fetch::Fetcher::new(&self.config, self.store.clone()).fetch(&self.config.lists[0])
    }

    fn serve_ofac(&self, dir: &Path) {
        for name in OFAC_FILES {
            let body = std::fs::read(dir.join(name)).unwrap();
            self.server.serve(&format!("/ofac/{name}"), body);
        }
    }
}

/// OFAC SDN 2021-07-07 (../shared) fetched, then the bundled 2023-12-28: a store whose
/// OFAC SDN has a last fetch and a latest update. `None`, with a message, when ../shared is
/// absent.
pub fn fetched_store() -> Option<FetchedStore> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !shared.is_dir() {
        eprintln!(
            "no fetch store: ../shared/data is absent (OFAC SDN 2021-07-07 is the old version)"
        );
        return None;
    }
    let server = fetch_server::Server::start();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = OFAC_FILES.iter().map(|n| format!("\"{n}\"")).collect();
    let config = vetter_fetch::Config::parse(&format!(
        "[[lists]]\nkind = \"ofac-sdn\"\nurl = \"{}\"\nfiles = [{}]\n",
        server.url("/ofac/"),
        files.join(", ")
    ))
    .unwrap();
    let store = vetter_fetch::Store::new(dir.path().join("store"));
    let fetched = FetchedStore {
        server,
        config,
        store,
        dir,
    };
    fetched.serve_ofac(&shared.join("us-ofac-sdn/2021-07-07"));
    fetched.fetch().unwrap();
    fetched.serve_ofac(&bundled().join("us-ofac-sdn-2023-12-28"));
    fetched.fetch().unwrap();
    Some(fetched)
}

/// A server over the shared index; `keys`: with a read and an admin key, else open.
pub fn app_with(keys: bool, allow_unauthenticated: bool, reloader: Option<Reloader>) -> TestApp {
    app_with_store(keys, allow_unauthenticated, reloader, None)
}

/// [`app_with`], reporting the fetches of `fetch_store` on `/lists`.
pub fn app_with_store(
    keys: bool,
    allow_unauthenticated: bool,
    reloader: Option<Reloader>,
    fetch_store: Option<&vetter_fetch::Store>,
) -> TestApp {
    let mut config = ServerConfig {
        allow_unauthenticated,
        fetch_store: fetch_store.map(|s| s.root().to_path_buf()),
        ..ServerConfig::default()
    };
    if keys {
        config.keys = vec![
            KeyConfig {
                id: "reader".into(),
                sha256: hash_key(READ_KEY),
                scope: Scope::Read,
            },
            KeyConfig {
                id: "ops".into(),
                sha256: hash_key(ADMIN_KEY),
                scope: Scope::Admin,
            },
        ];
    }
    app_from(config, reloader)
}

/// A server over the shared index with `config`, auditing to a fresh database.
pub fn app_from(config: ServerConfig, reloader: Option<Reloader>) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let audit_path = dir.path().join("audit.sqlite");
    let audit = AuditLog::open(&audit_path).unwrap();
    let state = AppState::new(index(), config, audit, reloader).unwrap();
    TestApp {
        router: vetter_server::router(state.clone()),
        state,
        audit_path,
        _dir: dir,
    }
}

/// An open server (no keys, unauthenticated access allowed).
pub fn app() -> TestApp {
    app_with(false, true, None)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with_key(&self, uri: &str, key: &str) -> Reply {
        self.send(
            Request::get(uri)
                .header("authorization", format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&self, uri: &str, body: &Value) -> Reply {
        self.post_raw(uri, "application/json", body.to_string(), None)
            .await
    }

    /// POSTs one form field (`name=value`, URL-encoded), as OpenRefine sends `queries`.
    pub async fn post_form(&self, uri: &str, name: &str, value: &str) -> Reply {
        let form: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(name, value)
            .finish();
        self.post_raw(uri, "application/x-www-form-urlencoded", form, None)
            .await
    }

    pub async fn post_raw(
        &self,
        uri: &str,
        content_type: &str,
        body: impl Into<Body>,
        authorization: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("content-type", content_type);
        if let Some(auth) = authorization {
            builder = builder.header("authorization", auth);
        }
        self.send(builder.body(body.into()).unwrap()).await
    }
}

/// A yente match request with one Person query.
pub fn person_query(name: &str) -> Value {
    serde_json::json!({
        "queries": {"q1": {"schema": "Person", "properties": {"name": [name]}}}
    })
}
