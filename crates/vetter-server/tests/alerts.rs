//! `/alerts`, `/alerts/{id}`, `/alerts/{id}/decision` and `/audit` over a monitoring
//! database holding one real alert: a customer "Kun Kim" against OFAC's KUN Kim
//! (`ofac-28036`, bundled SDN list of 2023-12-28), scored by the matcher.

mod common;

use common::{index, TestApp, READ_KEY};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vetter_model::{ftm, Entity, Schema, SourceRecord};
use vetter_server::{hash_key, AppState, AuditLog, KeyConfig, Scope, ServerConfig};
use vetter_store::{alert_id, CustomerRecord, EntitySnapshot, Screening, Step, Store};

const ANALYST_KEY: &str = "analyst-key-for-tests";

async fn app_with_alert() -> (TestApp, String) {
    let dir = tempfile::tempdir().unwrap();
    let audit_path = dir.path().join("audit.sqlite");
    let config = ServerConfig {
        keys: vec![
            KeyConfig {
                id: "reader".into(),
                sha256: hash_key(READ_KEY),
                scope: Scope::Read,
            },
            KeyConfig {
                id: "ana".into(),
                sha256: hash_key(ANALYST_KEY),
                scope: Scope::Analyst,
            },
        ],
        ..ServerConfig::default()
    };
    let state = AppState::new(index(), config, AuditLog::open(&audit_path).unwrap(), None).unwrap();
    let store = Store::connect(dir.path().join("monitor.sqlite").to_str().unwrap())
        .await
        .unwrap();

    // The customer and the listed entity, scored as `vetter monitor add` does.
    let mut customer = Entity::new("c-1", Schema::Person);
    let source = customer.add_source(SourceRecord {
        dataset: "customers".into(),
        record_id: "c-1".into(),
        list_version: None,
    });
    customer.add(vetter_model::Property::Name, "Kun Kim", source);
    let loaded = index();
    let listed = loaded.get("ofac-28036").expect("KUN Kim");
    let result = vetter_matcher::score(
        &vetter_matcher::Prepared::weighed(&customer, loaded.rarity()),
        &vetter_matcher::Prepared::weighed(listed, loaded.rarity()),
        loaded.rarity(),
    );
    assert!(result.is_match);
    let full = ftm::to_json(listed);
    let record = ftm::to_json(&customer);
    let customers = [CustomerRecord {
        id: "c-1".into(),
        name: "Kun Kim".into(),
        record: json!({"id": "c-1", "schema": "Person", "properties": record["properties"]}),
        fingerprint: vetter_store::fingerprint("Kun Kim"),
    }];
    let results = [Screening {
        customer_id: "c-1".into(),
        entity: EntitySnapshot {
            id: listed.id.clone(),
            caption: listed.caption().into(),
            schema: listed.schema.as_str().into(),
            datasets: vec!["us_ofac_sdn".into()],
            fingerprint: vetter_store::fingerprint(&full.to_string()),
            record: full,
        },
        score: f64::from(result.score),
        explanation: serde_json::to_value(&result.explanation).unwrap(),
        algorithm: vetter_matcher::ALGORITHM.into(),
        list_versions: BTreeMap::from([("us_ofac_sdn".into(), "2023-12-28".into())]),
    }];
    let run = store.begin_run("add", &json!({"test": 1})).await.unwrap();
    store
        .commit_step(
            &run.id,
            1,
            Step {
                customers: &customers,
                results: &results,
                ..Step::default()
            },
            None,
        )
        .await
        .unwrap();
    let _ = state.monitor.set(store);
    let app = TestApp {
        router: vetter_server::router(state.clone()),
        state,
        audit_path,
        _dir: dir,
    };
    (app, alert_id("c-1", "ofac-28036"))
}

async fn decide(app: &TestApp, id: &str, key: &str, body: &Value) -> common::Reply {
    app.post_raw(
        &format!("/alerts/{id}/decision"),
        "application/json",
        body.to_string(),
        Some(&format!("Bearer {key}")),
    )
    .await
}

#[tokio::test]
async fn alerts_are_listed_shown_and_decided_by_analysts() {
    let (app, id) = app_with_alert().await;
    let list = app.get_with_key("/alerts", READ_KEY).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.json["total"], 1);
    let alert = &list.json["alerts"][0];
    assert_eq!(alert["id"], id.as_str());
    assert_eq!(alert["status"], "open");
    assert_eq!(alert["customer"]["id"], "c-1");
    assert_eq!(alert["customer"]["version"], 1);
    assert_eq!(alert["entity"]["id"], "ofac-28036");
    assert_eq!(alert["entity"]["datasets"][0], "us_ofac_sdn");
    assert!(alert["score"].as_f64().unwrap() >= 0.7);
    for bad in [
        "/alerts?status=closed",
        "/alerts?min_score=high",
        "/alerts?limit=-1",
        "/audit?offset=x",
    ] {
        let reply = app.get_with_key(bad, READ_KEY).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text);
        assert!(reply.json["detail"].is_string());
    }
    assert_eq!(
        app.get_with_key("/alerts?dataset=un_sc_sanctions", READ_KEY)
            .await
            .json["total"],
        0
    );

    let detail = app.get_with_key(&format!("/alerts/{id}"), READ_KEY).await;
    assert_eq!(detail.status, 200);
    assert_eq!(detail.json["algorithm"], "vetter-name-evidence-2");
    assert_eq!(detail.json["list_versions"]["us_ofac_sdn"], "2023-12-28");
    assert_eq!(
        detail.json["customer_record"]["properties"]["name"][0],
        "Kun Kim"
    );
    assert_eq!(detail.json["entity_record"]["id"], "ofac-28036");
    assert_eq!(detail.json["explanation"]["name"]["candidate"], "KIM, Kun");
    assert_eq!(detail.json["changes"], json!([]));
    assert_eq!(detail.json["decisions"], json!([]));
    let missing = app.get_with_key("/alerts/a-0000", READ_KEY).await;
    assert_eq!(missing.status, 404);
    assert!(missing.json["detail"].is_string());

    // Deciding needs the analyst scope, a known decision and a reason.
    let body = json!({"decision": "false_positive", "reason": "customer born 1990"});
    let forbidden = decide(&app, &id, READ_KEY, &body).await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.text);
    for bad in [
        json!({"decision": "false_positive", "reason": ""}),
        json!({"decision": "cleared", "reason": "x"}),
        json!({"decision": "true_match"}),
    ] {
        assert_eq!(
            decide(&app, &id, ANALYST_KEY, &bad).await.status,
            400,
            "{bad}"
        );
    }
    assert_eq!(decide(&app, "a-0000", ANALYST_KEY, &body).await.status, 404);
    let decided = decide(&app, &id, ANALYST_KEY, &body).await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    assert_eq!(decided.json["status"], "false_positive");
    assert_eq!(decided.json["decisions"][0]["analyst"], "ana");
    assert_eq!(decided.json["decisions"][0]["reason"], "customer born 1990");
    assert_eq!(app.get_with_key("/alerts", READ_KEY).await.json["total"], 0);
    let fp = app
        .get_with_key("/alerts?status=false_positive", READ_KEY)
        .await;
    assert_eq!(fp.json["total"], 1);
    assert_eq!(
        app.get_with_key("/alerts?status=all", READ_KEY).await.json["total"],
        1
    );

    let audit = app.get_with_key("/audit", READ_KEY).await;
    assert_eq!(audit.status, 200);
    let events = audit.json["events"].as_array().unwrap();
    assert_eq!(audit.json["total"].as_u64().unwrap() as usize, events.len());
    let decision = events.iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(decision["actor"], "ana");
    assert_eq!(decision["subject"], id.as_str());
}

#[tokio::test]
async fn without_a_monitoring_database_the_routes_answer_404() {
    let app = common::app();
    let reply = app.get("/alerts").await;
    assert_eq!(reply.status, 404);
    assert!(reply.json["detail"]
        .as_str()
        .unwrap()
        .contains("monitoring database"));
}
