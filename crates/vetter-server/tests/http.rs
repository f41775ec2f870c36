//! The HTTP API end to end (in process, over the bundled OFAC SDN and UN lists): yente
//! request and response shapes field by field, batches, search paging, related entities,
//! reconciliation, API keys and scopes, limits and bad input, the audit log, hot reload and
//! graceful shutdown.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};
use std::sync::Arc;
use vetter_matcher::ALGORITHM;
use vetter_server::AuditLog;

fn assert_entity_shape(entity: &Value) {
    for field in ["id", "caption", "schema"] {
        assert!(entity[field].is_string(), "{field} in {entity}");
    }
    assert!(entity["properties"].is_object());
    for (_, values) in entity["properties"].as_object().unwrap() {
        assert!(values.is_array());
    }
    assert!(entity["datasets"].is_array());
    assert!(entity["referents"].is_array());
    assert!(entity["target"].is_boolean());
    for field in ["first_seen", "last_seen", "last_change"] {
        assert!(
            entity[field].is_null() || entity[field].is_string(),
            "{field} in {entity}"
        );
    }
}

fn assert_versions(body: &Value) {
    assert_eq!(body["versions"]["algorithm"], ALGORITHM);
    let lists = body["versions"]["lists"].as_array().unwrap();
    let names: Vec<&str> = lists
        .iter()
        .map(|l| l["dataset"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["us_ofac_sdn", "un_sc_sanctions"]);
    assert_eq!(lists[0]["version"], "2023-12-28");
    assert!(lists[0]["entities"].as_u64().unwrap() > 10_000);
}

#[tokio::test]
async fn match_kun_kim_in_yente_shape() {
    let app = app();
    let reply = app
        .post_json("/match/default", &person_query("Kun Kim"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_eq!(reply.headers["x-batch-size"], "1");
    let body = &reply.json;
    // EntityMatchResponse: responses, matcher, limit (+ versions).
    assert_eq!(body["limit"], 5);
    assert!(body["matcher"]["name"]["description"].is_string());
    assert!(body["matcher"]["name"]["coefficient"].is_number());
    assert_versions(body);
    let responses = body["responses"].as_object().unwrap();
    assert_eq!(responses.len(), 1);
    // EntityMatches: status, results, total, query.
    let q1 = &body["responses"]["q1"];
    assert_eq!(q1["status"], 200);
    assert_eq!(q1["query"]["id"], "q1");
    assert_eq!(q1["query"]["schema"], "Person");
    assert_eq!(q1["query"]["properties"]["name"], json!(["Kun Kim"]));
    let results = q1["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert_eq!(q1["total"]["value"], results.len());
    assert!(["eq", "gte"].contains(&q1["total"]["relation"].as_str().unwrap()));
    // ScoredEntityResponse, field by field.
    let top = &results[0];
    assert_entity_shape(top);
    assert_eq!(top["id"], "ofac-28036");
    assert_eq!(top["caption"], "KIM, Kun");
    assert_eq!(top["schema"], "Person");
    assert!(top["properties"]["name"]
        .as_array()
        .unwrap()
        .contains(&json!("KIM, Kun")));
    assert_eq!(top["properties"]["birthDate"], json!(["1954-01-01"]));
    assert!(top["properties"]["topics"]
        .as_array()
        .unwrap()
        .contains(&json!("sanction")));
    assert_eq!(top["datasets"], json!(["us_ofac_sdn"]));
    assert_eq!(top["referents"], json!([]));
    assert_eq!(top["target"], true);
    assert_eq!(top["first_seen"], Value::Null);
    assert_eq!(top["last_seen"], "2023-12-28T00:00:00");
    assert_eq!(top["last_change"], Value::Null);
    assert_eq!(top["match"], true);
    let score = top["score"].as_f64().unwrap();
    assert!((0.7..=1.0).contains(&score), "{score}");
    assert!(top["features"]["name"].as_f64().unwrap() > 0.9);
    assert!(top["explanations"]["name"]["detail"]
        .as_str()
        .unwrap()
        .contains("KIM, Kun"));
    assert_eq!(top["explanation"]["algorithm"], ALGORITHM);
    // Best first; `match` follows the threshold.
    for pair in results.windows(2) {
        assert!(pair[0]["score"].as_f64() >= pair[1]["score"].as_f64());
    }
    for result in results {
        assert_eq!(
            result["match"].as_bool().unwrap(),
            result["score"].as_f64().unwrap() >= 0.7 - 1e-6
        );
    }
}

#[tokio::test]
async fn match_batch_keyed_by_client_ids_with_parameters() {
    let app = app();
    let body = json!({"queries": {
        "customer-17": {"schema": "Person", "properties": {"name": ["Kun Kim"], "birthDate": ["1954"]}},
        "customer-18": {"schema": "Person", "properties": {"firstName": ["Eric"], "lastName": ["Badege"]}},
        "vendor-9": {"schema": "Company", "properties": {"name": ["Bank Markazi Jomhouri Islami Iran"]}}
    }});
    let reply = app.post_json("/match/sanctions?limit=3", &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.headers["x-batch-size"], "3");
    assert_eq!(reply.json["limit"], 3);
    let responses = &reply.json["responses"];
    assert_eq!(responses.as_object().unwrap().len(), 3);
    assert_eq!(responses["customer-17"]["results"][0]["id"], "ofac-28036");
    // Eric Badege is on both lists.
    let badege: Vec<&str> = responses["customer-18"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["match"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        badege.contains(&"un-CDi.001") && badege.contains(&"ofac-15718"),
        "{badege:?}"
    );
    assert_eq!(responses["vendor-9"]["results"][0]["id"], "ofac-4632");
    for (_, response) in responses.as_object().unwrap() {
        assert!(response["results"].as_array().unwrap().len() <= 3);
        assert_eq!(response["results"][0]["match"], true);
    }

    // Dataset scopes and filters.
    let un_only = app
        .post_json("/match/un_sc_sanctions", &person_query("Kun Kim"))
        .await;
    assert_eq!(un_only.status, StatusCode::OK);
    for result in un_only.json["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
    {
        assert_eq!(result["datasets"], json!(["un_sc_sanctions"]));
    }
    let excluded = app
        .post_json(
            "/match/default?exclude_dataset=us_ofac_sdn",
            &person_query("Kun Kim"),
        )
        .await;
    assert!(excluded.json["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["datasets"]
            .as_array()
            .unwrap()
            .contains(&json!("un_sc_sanctions"))));
    let without = app
        .post_json(
            "/match/default?exclude_entity_ids=ofac-28036",
            &person_query("Kun Kim"),
        )
        .await;
    assert!(without.json["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"] != "ofac-28036"));
    let strict = app
        .post_json(
            "/match/default?threshold=1.0&cutoff=0.9",
            &person_query("Kun Kim"),
        )
        .await;
    for result in strict.json["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
    {
        assert!(result["score"].as_f64().unwrap() >= 0.9);
        assert_eq!(result["match"], result["score"].as_f64().unwrap() >= 1.0);
    }
    let topics = app
        .post_json("/match/default?topics=role.pep", &person_query("Kun Kim"))
        .await;
    assert_eq!(topics.json["responses"]["q1"]["results"], json!([]));
    let yente_algorithm = app
        .post_json(
            "/match/default?algorithm=logic-v2",
            &person_query("Kun Kim"),
        )
        .await;
    assert_eq!(yente_algorithm.status, StatusCode::OK);
    assert_eq!(yente_algorithm.json["versions"]["algorithm"], ALGORITHM);
}

#[tokio::test]
async fn search_pages_and_filters() {
    let app = app();
    let first = app.get("/search/default?q=kim&limit=5").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_versions(&first.json);
    assert_eq!(first.json["limit"], 5);
    assert_eq!(first.json["offset"], 0);
    let total = first.json["total"]["value"].as_u64().unwrap();
    assert!(total > 10, "{total}");
    let page1: Vec<Value> = first.json["results"].as_array().unwrap().clone();
    assert_eq!(page1.len(), 5);
    for result in &page1 {
        assert_entity_shape(result);
    }
    let second = app.get("/search/default?q=kim&limit=5&offset=5").await;
    assert_eq!(second.json["offset"], 5);
    assert_eq!(second.json["total"]["value"].as_u64().unwrap(), total);
    let page2 = second.json["results"].as_array().unwrap();
    assert_eq!(page2.len(), 5);
    for result in page2 {
        assert!(!page1.iter().any(|r| r["id"] == result["id"]));
    }
    // Both pages are consecutive slices of one ranking.
    let both = app.get("/search/default?q=kim&limit=10").await;
    let ids: Vec<&Value> = both.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    let paged: Vec<&Value> = page1.iter().chain(page2).map(|r| &r["id"]).collect();
    assert_eq!(ids, paged);
    // Facets count every hit once per dataset that lists it (an entity merged across
    // lists counts in each).
    let datasets = &first.json["facets"]["datasets"]["values"];
    let counts: Vec<u64> = datasets
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].as_u64().unwrap())
        .collect();
    assert!(counts.iter().sum::<u64>() >= total);
    assert!(counts.iter().all(|&count| count <= total));

    let people = app
        .get("/search/default?q=kim&schema=Person&limit=50")
        .await;
    assert!(people.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["schema"] == "Person"));
    let un = app.get("/search/un_sc_sanctions?q=kim&limit=50").await;
    assert!(un.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["datasets"]
            .as_array()
            .unwrap()
            .contains(&json!("un_sc_sanctions"))));
    let browse = app.get("/search/un_sc_sanctions?limit=3&offset=2").await;
    assert_eq!(browse.json["results"].as_array().unwrap().len(), 3);
    assert_eq!(
        browse.json["total"]["value"].as_u64().unwrap(),
        browse.json["versions"]["lists"][1]["entities"]
            .as_u64()
            .unwrap()
    );
    assert_eq!(
        app.get("/search/nope?q=kim").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/search/default?q=kim&schema=Animal").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/search/default?q=kim&offset=10001&limit=20")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

fn related_ids(entity: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for (_, values) in entity["properties"].as_object().unwrap() {
        for value in values.as_array().unwrap() {
            if let Some(properties) = value["properties"].as_object() {
                for (_, inner) in properties {
                    for item in inner.as_array().unwrap() {
                        if let Some(id) = item["id"].as_str() {
                            ids.push(id.to_string());
                        }
                    }
                }
            }
        }
    }
    ids
}

#[tokio::test]
async fn entity_with_related_entities() {
    let app = app();
    let reply = app.get("/entities/ofac-28036").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_entity_shape(&reply.json);
    assert_versions(&reply.json);
    assert_eq!(reply.json["id"], "ofac-28036");
    assert_eq!(reply.json["caption"], "KIM, Kun");
    // CHANDY King is linked to KIM Kun: an UnknownLink whose subject is nested.
    let related = related_ids(&reply.json);
    assert!(related.contains(&"ofac-28037".to_string()), "{related:?}");
    let links = reply.json["properties"]["unknownLinkObject"]
        .as_array()
        .unwrap();
    let link = &links[0];
    assert_eq!(link["schema"], "UnknownLink");
    assert_eq!(link["properties"]["subject"][0]["caption"], "CHANDY, King");
    assert_eq!(link["properties"]["object"], json!(["ofac-28036"]));
    // Sanctions nested as FtM Sanction entities.
    let sanctions = reply.json["properties"]["sanctions"].as_array().unwrap();
    assert_eq!(sanctions[0]["schema"], "Sanction");
    assert_eq!(sanctions[0]["properties"]["program"], json!(["GLOMAG"]));
    // The other direction.
    let chandy = app.get("/entities/ofac-28037").await;
    assert!(related_ids(&chandy.json).contains(&"ofac-28036".to_string()));
    let flat = app.get("/entities/ofac-28036?nested=false").await;
    assert!(flat.json["properties"].get("unknownLinkObject").is_none());
    let missing = app.get("/entities/ofac-0").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json["detail"].as_str().unwrap().contains("ofac-0"));
}

#[tokio::test]
async fn reconciliation_manifest_and_queries() {
    let app = app();
    let manifest = app.get("/reconcile/default").await;
    assert_eq!(manifest.status, StatusCode::OK);
    assert_eq!(manifest.json["versions"], json!(["0.2"]));
    assert!(manifest.json["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == "Person"));
    assert!(manifest.json["suggest"]["entity"]["service_path"].is_string());
    let queries = json!({"q0": {"query": "Kun Kim", "type": "Person", "limit": 2,
        "properties": [{"pid": "birthDate", "v": "1954"}, {"pid": "unknownThing", "v": "x"}]}});
    let reply = app
        .post_form("/reconcile/default", "queries", &queries.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let result = &reply.json["q0"]["result"];
    assert!(result.as_array().unwrap().len() <= 2);
    assert_eq!(result[0]["id"], "ofac-28036");
    assert_eq!(result[0]["name"], "KIM, Kun");
    assert_eq!(result[0]["match"], true);
    assert_eq!(result[0]["type"][0]["id"], "Person");
    let suggest = app
        .get("/reconcile/default/suggest/entity?prefix=Kun%20Kim")
        .await;
    assert_eq!(suggest.json["result"][0]["id"], "ofac-28036");
    let extend = json!({"ids": ["ofac-28036"], "properties": [{"id": "birthDate"}]});
    let reply = app
        .post_form("/reconcile/default", "extend", &extend.to_string())
        .await;
    assert_eq!(
        reply.json["rows"]["ofac-28036"]["birthDate"][0]["str"],
        "1954-01-01"
    );
    let bad = app
        .post_raw(
            "/reconcile/default",
            "application/x-www-form-urlencoded",
            "queries=%7Bnot-json",
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn service_endpoints() {
    let app = app();
    let health = app.get("/healthz").await;
    assert_eq!(health.json, json!({"status": "ok"}));
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json["generation"], 1);
    let algorithms = app.get("/algorithms").await;
    assert_eq!(algorithms.json["default"], ALGORITHM);
    assert_eq!(algorithms.json["best"], ALGORITHM);
    assert_eq!(algorithms.json["algorithms"][0]["name"], ALGORITHM);
    let catalog = app.get("/catalog").await;
    let names: Vec<&str> = catalog.json["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["default", "sanctions", "us_ofac_sdn", "un_sc_sanctions"]
    );
    assert_eq!(
        catalog.json["datasets"][0]["children"],
        json!(["us_ofac_sdn", "un_sc_sanctions"])
    );
    assert_eq!(catalog.json["datasets"][2]["version"], "2023-12-28");
    assert!(catalog.json["datasets"][2]["age_days"].as_i64().unwrap() > 700);
    app.post_json("/match/default", &person_query("Kun Kim"))
        .await;
    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    for needle in [
        "vetter_http_request_duration_seconds_bucket{method=\"POST\",route=\"/match/{dataset}\",status=\"200\"",
        "vetter_index_info{algorithm=",
        "vetter_list_age_days{dataset=\"us_ofac_sdn\"}",
        "vetter_list_info{dataset=\"us_ofac_sdn\",version=\"2023-12-28\"} 1",
        "vetter_match_queries_total{dataset=\"default\"} 1",
    ] {
        assert!(metrics.text.contains(needle), "missing {needle} in\n{}", metrics.text);
    }
    let openapi = app.get("/openapi.json").await;
    assert_eq!(
        openapi.json["openapi"].as_str().unwrap().chars().next(),
        Some('3')
    );
}

#[test]
fn openapi_describes_every_route() {
    let document: Value = serde_json::from_str(vetter_server::OPENAPI).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for (method, path) in vetter_server::ROUTES {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} is not in openapi.json"
        );
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            if method == "parameters" {
                continue;
            }
            assert!(
                vetter_server::ROUTES.contains(&(method.as_str(), path.as_str())),
                "openapi.json describes {method} {path}, which the server does not have"
            );
        }
    }
}

#[tokio::test]
async fn every_listed_route_is_routed() {
    let app = app();
    for (method, path) in vetter_server::ROUTES {
        let uri = path
            .replace("{dataset}", "default")
            .replace("{id}", "ofac-28036");
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&uri)
            .header("content-type", "application/json")
            .body(Body::from(person_query("Kun Kim").to_string()))
            .unwrap();
        let reply = app.send(request).await;
        // A handler may answer 404 (this app has no monitoring database behind /alerts),
        // but not with the router's fallback for unknown paths.
        let unrouted = reply.status == StatusCode::METHOD_NOT_ALLOWED
            || (reply.status == StatusCode::NOT_FOUND && reply.json["detail"] == "Not found");
        assert!(!unrouted, "{method} {uri}: {} {}", reply.status, reply.text);
    }
}

#[tokio::test]
async fn api_keys_and_scopes() {
    let reloader: vetter_server::Reloader = Arc::new(|| Ok(Arc::new(un_index())));
    let app = app_with(true, false, Some(reloader));
    let body = person_query("Kun Kim").to_string();
    let none = app
        .post_raw("/match/default", "application/json", body.clone(), None)
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(none.json["detail"].as_str().unwrap().contains("API key"));
    assert!(none.headers.contains_key("www-authenticate"));
    let wrong = app
        .post_raw(
            "/match/default",
            "application/json",
            body.clone(),
            Some("Bearer nope"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let read = app
        .post_raw(
            "/match/default",
            "application/json",
            body.clone(),
            Some(&format!("Bearer {READ_KEY}")),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let apikey = app
        .post_raw(
            "/match/default",
            "application/json",
            body.clone(),
            Some(&format!("ApiKey {READ_KEY}")),
        )
        .await;
    assert_eq!(apikey.status, StatusCode::OK);
    assert_eq!(
        app.get("/search/default?q=kim").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_with_key("/search/default?q=kim", READ_KEY)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/catalog?api_key={READ_KEY}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(app.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    // Probes and the API description are public.
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
    assert_eq!(app.get("/openapi.json").await.status, StatusCode::OK);
    // Admin scope.
    let forbidden = app
        .post_raw(
            "/admin/reload",
            "application/json",
            "",
            Some(&format!("Bearer {READ_KEY}")),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(forbidden.json["detail"].as_str().unwrap().contains("admin"));
    let in_flight = app.state.current();
    let reloaded = app
        .post_raw(
            "/admin/reload",
            "application/json",
            "",
            Some(&format!("Bearer {ADMIN_KEY}")),
        )
        .await;
    assert_eq!(reloaded.status, StatusCode::OK, "{}", reloaded.text);
    assert_eq!(reloaded.json["generation"], 2);
    // The new index is served; a request holding the old one still sees it whole.
    let catalog = app.get_with_key("/catalog", READ_KEY).await;
    assert_eq!(
        catalog.json["versions"]["lists"].as_array().unwrap().len(),
        1
    );
    assert!(in_flight.index.get("ofac-28036").is_some());
    assert_eq!(in_flight.generation, 1);
    assert_eq!(
        app.get_with_key("/entities/ofac-28036", READ_KEY)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unauthenticated_only_when_allowed() {
    let locked = app_with(true, false, None);
    assert_eq!(
        locked.get("/catalog").await.status,
        StatusCode::UNAUTHORIZED
    );
    let open = app_with(true, true, None);
    assert_eq!(open.get("/catalog").await.status, StatusCode::OK);
    // A wrong key is refused even when keyless access is allowed; admin still needs a key.
    assert_eq!(
        open.get_with_key("/catalog", "wrong").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        open.post_raw("/admin/reload", "application/json", "", None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

async fn expect_error(
    app: &TestApp,
    uri: &str,
    body: impl Into<Body>,
    status: StatusCode,
    needle: &str,
) {
    let reply = app.post_raw(uri, "application/json", body, None).await;
    assert_eq!(reply.status, status, "{uri}: {}", reply.text);
    assert_eq!(reply.headers["content-type"], "application/json", "{uri}");
    let detail = reply.json["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("no detail: {}", reply.text));
    assert!(
        detail.contains(needle),
        "{uri}: {detail:?} lacks {needle:?}"
    );
}

#[tokio::test]
async fn bad_input_gets_4xx_json_errors() {
    let app = app();
    let ok = person_query("Kun Kim").to_string();
    let bad = StatusCode::BAD_REQUEST;
    expect_error(
        &app,
        "/match/default",
        "{\"queries\": ",
        bad,
        "Invalid JSON",
    )
    .await;
    expect_error(&app, "/match/default", "", bad, "must be JSON").await;
    expect_error(&app, "/match/default", "[1, 2]", bad, "JSON object").await;
    expect_error(&app, "/match/default", "{}", bad, "queries").await;
    expect_error(&app, "/match/default", "{\"queries\": []}", bad, "queries").await;
    expect_error(
        &app,
        "/match/default",
        "{\"queries\": {}}",
        bad,
        "No queries",
    )
    .await;
    let unknown_schema =
        json!({"queries": {"a": {"schema": "Animal", "properties": {"name": ["Rex"]}}}});
    expect_error(
        &app,
        "/match/default",
        unknown_schema.to_string(),
        bad,
        "Animal",
    )
    .await;
    let unknown_property =
        json!({"queries": {"a": {"schema": "Person", "properties": {"nmae": ["Kun Kim"]}}}});
    expect_error(
        &app,
        "/match/default",
        unknown_property.to_string(),
        bad,
        "nmae",
    )
    .await;
    let wrong_type = json!({"queries": {"a": {"schema": "Person", "properties": {"name": 5}}}});
    expect_error(&app, "/match/default", wrong_type.to_string(), bad, "name").await;
    let null_query = json!({"queries": {"a": null}});
    expect_error(&app, "/match/default", null_query.to_string(), bad, "null").await;
    let numeric_id =
        json!({"queries": {"a": {"id": 5, "schema": "Person", "properties": {"name": ["x"]}}}});
    expect_error(&app, "/match/default", numeric_id.to_string(), bad, "`id`").await;
    let no_schema = json!({"queries": {"a": {"properties": {"name": ["x"]}}}});
    expect_error(&app, "/match/default", no_schema.to_string(), bad, "schema").await;
    let bad_date = json!({"queries": {"a": {"schema": "Person", "properties": {"birthDate": ["31/12/1990"]}}}});
    expect_error(
        &app,
        "/match/default",
        bad_date.to_string(),
        bad,
        "birthDate",
    )
    .await;
    let weights = json!({"weights": {"name_literal": 0.8}, "queries": {"a": {"schema": "Person", "properties": {"name": ["x"]}}}});
    expect_error(&app, "/match/default", weights.to_string(), bad, "weights").await;
    let mut many = serde_json::Map::new();
    for i in 0..101 {
        many.insert(
            format!("q{i}"),
            json!({"schema": "Person", "properties": {"name": ["Kun Kim"]}}),
        );
    }
    let many = json!({"queries": many});
    expect_error(
        &app,
        "/match/default",
        many.to_string(),
        bad,
        "Too many queries",
    )
    .await;
    expect_error(&app, "/match/default?limit=501", ok.clone(), bad, "limit").await;
    expect_error(&app, "/match/default?limit=0", ok.clone(), bad, "limit").await;
    expect_error(&app, "/match/default?limit=ten", ok.clone(), bad, "integer").await;
    expect_error(
        &app,
        "/match/default?threshold=2",
        ok.clone(),
        bad,
        "threshold",
    )
    .await;
    expect_error(
        &app,
        "/match/default?algorithm=magic",
        ok.clone(),
        bad,
        "algorithm",
    )
    .await;
    expect_error(
        &app,
        "/match/default?exclude_schema=Animal",
        ok.clone(),
        bad,
        "Animal",
    )
    .await;
    expect_error(
        &app,
        "/match/default?include_dataset=nope",
        ok.clone(),
        bad,
        "nope",
    )
    .await;
    expect_error(
        &app,
        "/match/default?changed_since=yesterday",
        ok.clone(),
        bad,
        "changed_since",
    )
    .await;
    expect_error(
        &app,
        "/match/no_such_list",
        ok.clone(),
        StatusCode::NOT_FOUND,
        "no_such_list",
    )
    .await;
    let huge = "x".repeat(2 << 20);
    expect_error(
        &app,
        "/match/default",
        huge,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too large",
    )
    .await;
    // Framework-level errors are JSON too.
    let wrong_method = app.get("/match/default").await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.json["detail"].is_string());
    let nowhere = app.get("/nowhere").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(nowhere.json["detail"].is_string());
    // Nothing was audited for refused requests, and the server still answers.
    assert!(AuditLog::read_all(&app.audit_path).unwrap().is_empty());
    let fine = app
        .post_raw("/match/default", "application/json", ok, None)
        .await;
    assert_eq!(fine.status, StatusCode::OK);
}

#[tokio::test]
async fn audit_log_has_one_row_per_match_and_survives_reopening() {
    let app = app_with(true, false, None);
    let auth = format!("Bearer {READ_KEY}");
    for name in ["Kun Kim", "Eric Badege", "Nobody Atall"] {
        let reply = app
            .post_raw(
                "/match/default?limit=2",
                "application/json",
                person_query(name).to_string(),
                Some(&auth),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let batch = json!({"queries": {
        "a": {"schema": "Person", "properties": {"name": ["Kun Kim"]}},
        "b": {"schema": "Person", "properties": {"name": ["King Chandy"]}}
    }});
    app.post_raw(
        "/match/us_ofac_sdn",
        "application/json",
        batch.to_string(),
        Some(&auth),
    )
    .await;
    let path = app.audit_path.clone();
    let dir = app._dir;
    drop(app.router);
    drop(app.state);
    // Reopened from disk by a fresh connection.
    let rows = AuditLog::read_all(&path).unwrap();
    assert_eq!(rows.len(), 4);
    let (id, first) = &rows[0];
    assert_eq!(*id, 1);
    assert_eq!(first.key_id.as_deref(), Some("reader"));
    assert_eq!(first.dataset, "default");
    assert_eq!(first.algorithm, ALGORITHM);
    assert_eq!(first.query_string, "limit=2");
    let request: Value = serde_json::from_str(&first.request).unwrap();
    assert_eq!(request, person_query("Kun Kim"));
    let results: Value = serde_json::from_str(&first.results).unwrap();
    assert_eq!(results["q1"][0]["id"], "ofac-28036");
    assert_eq!(results["q1"][0]["match"], true);
    assert!(results["q1"][0]["score"].as_f64().unwrap() >= 0.7);
    let lists: Value = serde_json::from_str(&first.lists).unwrap();
    assert_eq!(lists[0]["version"], "2023-12-28");
    assert!(first.time.ends_with('Z') && first.time.len() == 24);
    let last: Value = serde_json::from_str(&rows[3].1.results).unwrap();
    assert_eq!(last.as_object().unwrap().len(), 2);
    assert_eq!(rows[3].1.dataset, "us_ofac_sdn");
    // Appending again after reopening continues the same log.
    let log = AuditLog::open(&path).unwrap();
    let mut record = rows[0].1.clone();
    record.time = vetter_server::audit::now_rfc3339();
    assert_eq!(log.append(record).await.unwrap(), 5);
    drop(dir);
}

#[tokio::test]
async fn concurrent_matches_are_all_audited() {
    let app = app();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let name = if i % 2 == 0 { "Kun Kim" } else { "King Chandy" };
            let request = Request::post("/match/default")
                .header("content-type", "application/json")
                .body(Body::from(person_query(name).to_string()))
                .unwrap();
            router.oneshot(request).await.unwrap().status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(AuditLog::read_all(&app.audit_path).unwrap().len(), 40);
}

#[tokio::test]
async fn graceful_shutdown_finishes_and_stops() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(vetter_server::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let body = person_query("Kun Kim").to_string();
    let request = format!(
        "POST /match/default HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("ofac-28036"));
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
    assert!(!app.state.is_ready());
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}
