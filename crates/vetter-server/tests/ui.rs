//! The web UI as the server serves it (page, files, caching, fallback next to the API) and
//! the read-only endpoints the UI uses: `/session`, `/entities/{id}/graph`, `/lists`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app, app_with, app_with_store, fetch_server, fetched_store, ADMIN_KEY, READ_KEY};
use vetter_sources::SourceKind;

fn header<'a>(reply: &'a common::Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn page_and_assets_without_a_key_with_types_and_caching() {
    let app = app_with(true, false, None);
    for path in [
        "/",
        "/ui",
        "/ui/search",
        "/ui/entity/ofac-28036",
        "/ui/alerts/a-1",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(header(&page, "content-type"), "text/html; charset=utf-8");
        assert_eq!(header(&page, "cache-control"), "no-cache");
        assert!(header(&page, "content-security-policy").contains("script-src 'self'"));
        assert!(
            page.text.contains("<div id=\"app\">"),
            "{path}: {}",
            page.text
        );
    }
    // Every file the page references is served with its type and a year of caching.
    let page = app.get("/").await;
    let mut assets: Vec<&str> = page
        .text
        .split('"')
        .filter(|s| s.starts_with("/assets/"))
        .collect();
    assets.sort();
    assets.dedup();
    assert!(assets.iter().any(|a| a.ends_with(".js")), "{assets:?}");
    assert!(assets.iter().any(|a| a.ends_with(".css")), "{assets:?}");
    for asset in assets {
        let reply = app.get(asset).await;
        assert_eq!(reply.status, StatusCode::OK, "{asset}");
        let expected = if asset.ends_with(".js") {
            "text/javascript"
        } else {
            "text/css"
        };
        assert!(
            header(&reply, "content-type").starts_with(expected),
            "{asset}: {}",
            header(&reply, "content-type")
        );
        assert_eq!(
            header(&reply, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&reply, "x-content-type-options"), "nosniff");
        // Revalidation with the ETag answers 304 without a body.
        let etag = header(&reply, "etag").to_string();
        assert!(etag.starts_with('"') && etag.len() == 66, "{etag}");
        let again = app
            .send(
                Request::get(asset)
                    .header("if-none-match", &etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.text.is_empty());
    }
    let icon = app.get("/favicon.svg").await;
    assert_eq!(header(&icon, "content-type"), "image/svg+xml");
}

#[tokio::test]
async fn the_fallback_never_shadows_the_api() {
    let app = app_with(true, false, None);
    // API routes still need a key and answer JSON.
    for path in [
        "/search/default?q=Kun",
        "/entities/ofac-28036",
        "/lists",
        "/session",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(reply.json["detail"].is_string(), "{path}");
    }
    // Unknown paths outside /ui/ are the API's JSON 404, not the page.
    for path in [
        "/nope",
        "/index.html",
        "/assets/missing.js",
        "/entities",
        "/uix",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.json["detail"], "Not found", "{path}");
    }
    // Only GET and HEAD reach the page.
    let post = app.post_raw("/ui/search", "text/plain", "x", None).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let head = app
        .send(Request::head("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(head.status, StatusCode::OK);
}

#[tokio::test]
async fn session_tells_the_scope_of_the_key() {
    let app = app_with(true, false, None);
    let reader = app.get_with_key("/session", READ_KEY).await;
    assert_eq!(reader.status, StatusCode::OK);
    assert_eq!(reader.json["key"], "reader");
    assert_eq!(reader.json["scope"], "read");
    let admin = app.get_with_key("/session", ADMIN_KEY).await;
    assert_eq!(admin.json["key"], "ops");
    assert_eq!(admin.json["scope"], "admin");
    let open = app_with(false, true, None).get("/session").await;
    assert_eq!(open.json["key"], serde_json::Value::Null);
    assert_eq!(open.json["scope"], "read");
}

#[tokio::test]
async fn graph_of_kun_kim_has_his_family_and_paths() {
    let app = app();
    let reply = app.get("/entities/ofac-28036/graph?depth=1").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = &reply.json;
    assert_eq!(body["center"], "ofac-28036");
    let nodes = body["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["id"], "ofac-28036");
    let captions: Vec<&str> = nodes.iter().filter_map(|n| n["caption"].as_str()).collect();
    for name in ["CHANDY", "SOPHARY", "PHARA"] {
        assert!(
            captions.iter().any(|c| c.contains(name)),
            "{name} in {captions:?}"
        );
    }
    assert!(nodes.iter().all(|n| n["listed"].is_boolean()));
    let edges = body["edges"].as_array().unwrap();
    // OFAC states these links as "Linked To" (its remarks name the relation).
    assert_eq!(edges.len(), 3, "{edges:?}");
    assert!(
        edges
            .iter()
            .all(|e| e["to"] == "ofac-28036" && e["detail"] == "Linked To"),
        "{edges:?}"
    );
    let related = body["related"].as_array().unwrap();
    assert!(related
        .iter()
        .all(|r| r["exposure"] == "direct" && r["depth"] == 1));
    assert!(related.len() >= 3, "{related:?}");
    assert!(body["versions"]["lists"].is_array());
    // Depth 2 reaches at least as far.
    let wider = app.get("/entities/ofac-28036/graph?depth=2").await;
    assert!(wider.json["nodes"].as_array().unwrap().len() >= nodes.len());
    assert_eq!(
        app.get("/entities/no-such-id/graph").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/entities/ofac-28036/graph?depth=9").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn lists_have_versions_and_counts() {
    let app = app();
    let reply = app.get("/lists").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let lists = reply.json["lists"].as_array().unwrap();
    let ofac = lists
        .iter()
        .find(|l| l["dataset"] == "us_ofac_sdn")
        .expect("OFAC SDN in the index");
    assert_eq!(ofac["version"], "2023-12-28");
    assert_eq!(ofac["kind"], "ofac-sdn");
    let entities = ofac["entities"].as_u64().unwrap();
    assert!(entities > 10_000, "{entities}");
    let by_schema: u64 = ofac["schemata"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_schema, entities);
    assert!(ofac["designated"].as_u64().unwrap() > 0);
    assert!(ofac["age_days"].as_i64().unwrap() > 0);
    let programs = ofac["programs"].as_array().unwrap();
    assert!(programs
        .iter()
        .any(|p| p["program"] == "GLOMAG" && p["entities"].as_u64().unwrap() > 0));
    assert!(lists.iter().any(|l| l["dataset"] == "un_sc_sanctions"));
    // No fetch store configured: nothing to say about fetches.
    assert!(ofac["last_fetch"].is_null() && ofac["latest_update"].is_null());
}

#[tokio::test]
async fn lists_show_the_last_fetch_and_the_latest_update() {
    // A fetch store with two versions of OFAC SDN, fetched over HTTP as `vetter fetch` does.
    let Some(fetched) = fetched_store() else {
        return;
    };
    let store = &fetched.store;
    let [old, new] = store
        .versions(SourceKind::OfacSdn)
        .unwrap()
        .try_into()
        .unwrap();
    let app = app_with_store(false, true, None, Some(store));
    let ofac_of = |json: &serde_json::Value| {
        json["lists"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["kind"] == "ofac-sdn")
            .unwrap()
            .clone()
    };
    let reply = app.get("/lists").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let ofac = ofac_of(&reply.json);
    let last = &ofac["last_fetch"];
    assert_eq!(last["outcome"], "new_version", "{last}");
    assert_eq!(last["version"], new.id.as_str());
    assert!(last["error"].is_null());
    assert_eq!(last["attempted_at"], new.retrieved_at.as_str());

    // The diff counts are those of the two versions.
    let diff = vetter_diff::diff(
        &store.load(SourceKind::OfacSdn, &old).unwrap().entities,
        &store.load(SourceKind::OfacSdn, &new).unwrap().entities,
    );
    let update = &ofac["latest_update"];
    assert_eq!(update["previous"]["id"], old.id.as_str());
    assert_eq!(update["previous"]["entities"], 8_976);
    assert_eq!(update["current"]["id"], new.id.as_str());
    assert_eq!(update["current"]["entities"], 13_821);
    assert_eq!(update["added"], diff.added.len());
    assert_eq!(update["removed"], diff.removed.len());
    assert_eq!(update["changed"], diff.changed.len());
    assert_eq!(update["unchanged"], diff.unchanged);
    assert!(diff.added.len() > 4_000 && !diff.removed.is_empty() && !diff.changed.is_empty());
    assert_eq!(
        update["examples"]["added"][0]["id"],
        diff.added[0].id.as_str()
    );
    assert_eq!(
        update["examples"]["added"][0]["caption"],
        diff.added[0].caption.as_str()
    );
    assert_eq!(update["examples"]["removed"].as_array().unwrap().len(), 5);
    assert!(!update["examples"]["changed"][0]["fields"]
        .as_array()
        .unwrap()
        .is_empty());
    // The UN list was never fetched into this store.
    let un = reply.json["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "un")
        .unwrap()
        .clone();
    assert!(un["last_fetch"].is_null() && un["latest_update"].is_null());

    // A failed fetch is shown with its reason; the update it did not replace stays.
    fetched
        .server
        .set_mode("/ofac/sdn.csv", fetch_server::Mode::Status(500));
    assert!(fetched.fetch().is_err());
    let ofac = ofac_of(&app.get("/lists").await.json);
    assert_eq!(ofac["last_fetch"]["outcome"], "failed");
    assert_eq!(
        ofac["last_fetch"]["version"],
        new.id.as_str(),
        "current version kept"
    );
    let error = ofac["last_fetch"]["error"].as_str().unwrap();
    assert!(error.contains("HTTP 500"), "{error}");
    assert_eq!(&ofac["latest_update"], update);
}

#[tokio::test]
async fn entity_lists_its_source_records() {
    let app = app();
    let reply = app.get("/entities/ofac-28036").await;
    let sources = reply.json["sources"].as_array().unwrap();
    assert!(sources
        .iter()
        .any(|s| s["dataset"] == "us_ofac_sdn" && s["list_version"] == "2023-12-28"));
}
