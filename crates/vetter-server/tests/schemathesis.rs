//! Schemathesis, the schema-driven API fuzzer from PyPI, against the served OpenAPI
//! document over real HTTP: every operation with generated valid and invalid inputs and
//! all of its checks (no 5xx, responses conform to the document, schema-valid requests
//! accepted, invalid ones rejected, authentication enforced, stateful link sequences).
//! CI installs it and sets `VETTER_SCHEMATHESIS` to its `st` executable; without it this
//! test is skipped with a message. The seed is fixed, so a failure reproduces.

mod common;

use common::*;
use std::process::Command;
use std::sync::Arc;

/// Examples per operation and phase: enough to reach every parameter, short enough for CI.
const MAX_EXAMPLES: &str = "25";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_failure_against_the_openapi_document() {
    let Ok(st) = std::env::var("VETTER_SCHEMATHESIS") else {
        eprintln!(
            "skipped: VETTER_SCHEMATHESIS is not set (path of schemathesis' `st`; \
             `pip install schemathesis`, as .ci/run does)"
        );
        return;
    };

    // Reloads (POST /admin/reload is in the document) swap in the same index, so the
    // served datasets never change during the run.
    let reloader: vetter_server::Reloader = Arc::new(|| Ok(index()));
    // A fetch store, so that `/lists` answers with a last fetch and a latest update.
    let fetched = fetched_store();
    let app = app_with_store(
        true,
        false,
        Some(reloader),
        fetched.as_ref().map(|f| &f.store),
    );
    // Schemathesis keeps a cache in its working directory.
    let workdir = tempfile::tempdir().unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(vetter_server::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));

    let url = format!("http://{address}/openapi.json");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(st)
            .args([
                "run",
                &url,
                "--checks",
                "all",
                "--seed",
                "1",
                "--request-timeout",
                "60",
            ])
            .args(["--max-examples", MAX_EXAMPLES])
            .args(["-H", &format!("Authorization: Bearer {ADMIN_KEY}")])
            .env("NO_COLOR", "1")
            .current_dir(workdir.path())
            .output()
            .expect("run schemathesis")
    })
    .await
    .unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();

    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "schemathesis reported failures (see its report above)"
    );
    assert!(
        report.contains("Tested: "),
        "schemathesis printed no summary: {report}"
    );
}
