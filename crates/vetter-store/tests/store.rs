//! The same suite on SQLite (always) and PostgreSQL (when `VETTER_TEST_DATABASE_URL` names a
//! server; `.ci/run` starts one). Listed entities are the real OFAC SDN records of KUN Kim
//! (`ofac-28036`) and HIENG Hing Bun (`ofac-24682`) from the bundled 2023-12-28 list.

use serde_json::{json, Value};
use sqlx::Connection;
use std::collections::BTreeMap;
use std::path::Path;
use vetter_model::{ftm, Entity};
use vetter_sources::SourceKind;
use vetter_store::{
    alert_id, AlertFilter, Completion, CustomerRecord, EntitySnapshot, ListState, Screening, Step,
    StepOutcome, Store, StoreError,
};

fn ofac() -> Vec<Entity> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled/us-ofac-sdn-2023-12-28");
    vetter_sources::load(SourceKind::OfacSdn, &dir, Some("2023-12-28".into()))
        .expect("bundled OFAC list")
        .entities
}

fn snapshot(entity: &Entity) -> EntitySnapshot {
    let full = ftm::to_json(entity);
    EntitySnapshot {
        id: entity.id.clone(),
        caption: entity.caption().to_string(),
        schema: entity.schema.as_str().to_string(),
        datasets: vec!["us_ofac_sdn".into()],
        fingerprint: vetter_store::fingerprint(&full["properties"].to_string()),
        record: json!({"id": entity.id, "schema": full["schema"], "properties": full["properties"]}),
    }
}

fn customer(id: &str, properties: Value) -> CustomerRecord {
    let record = json!({"id": id, "schema": "Person", "properties": properties});
    CustomerRecord {
        id: id.into(),
        name: record["properties"]["name"][0]
            .as_str()
            .unwrap_or("")
            .into(),
        fingerprint: vetter_store::fingerprint(&record.to_string()),
        record,
    }
}

fn result(customer_id: &str, entity: &EntitySnapshot, score: f64) -> Screening {
    Screening {
        customer_id: customer_id.into(),
        entity: entity.clone(),
        score,
        explanation: json!({"algorithm": "vetter-name-evidence-2"}),
        algorithm: "vetter-name-evidence-2".into(),
        list_versions: BTreeMap::from([("us_ofac_sdn".to_string(), "2023-12-28".to_string())]),
    }
}

async fn suite(url: &str) {
    let store = Store::connect(url).await.expect("connect");
    let entities = ofac();
    let find = |id: &str| snapshot(entities.iter().find(|e| e.id == id).expect(id));
    let kun = find("ofac-28036");
    let hieng = find("ofac-24682");

    // A run resumes while incomplete and is new once complete.
    let params = json!({"input": "book.csv"});
    let run = store.begin_run("add", &params).await.unwrap();
    assert_eq!(run.step, 0);
    assert_eq!(store.begin_run("add", &params).await.unwrap().id, run.id);

    let customers = [
        customer("c1", json!({"name": ["Kun Kim"]})),
        customer(
            "c2",
            json!({"name": ["Hing Bun Heang"], "birthDate": ["1952"]}),
        ),
    ];
    let results = [result("c1", &kun, 0.91), result("c2", &hieng, 0.88)];
    let step = Step {
        customers: &customers,
        results: &results,
        ..Step::default()
    };
    let StepOutcome::Applied(counts) = store
        .commit_step(&run.id, 1, step.clone(), None)
        .await
        .unwrap()
    else {
        panic!("first step refused");
    };
    assert_eq!((counts.customers_new, counts.alerts_new), (2, 2));
    // The same step again writes nothing.
    assert_eq!(
        store.commit_step(&run.id, 1, step, None).await.unwrap(),
        StepOutcome::AlreadyApplied
    );
    assert_eq!(
        store.list_alerts(&AlertFilter::default()).await.unwrap().0,
        2
    );
    assert!(store.run(&run.id).await.unwrap().completed_at.is_none());
    let lists = vec![ListState {
        dataset: "us_ofac_sdn".into(),
        kind: "ofac-sdn".into(),
        version: "2023-12-28".into(),
        source: "bundled".into(),
    }];
    let completion = Completion {
        lists: lists.clone(),
        remove_unseen: false,
    };
    store
        .commit_step(&run.id, 2, Step::default(), Some(&completion))
        .await
        .unwrap();
    let done = store.run(&run.id).await.unwrap();
    assert!(done.completed_at.is_some());
    assert_eq!(done.summary["alerts_new"], 2);
    assert_eq!(store.lists().await.unwrap(), lists);
    assert_ne!(store.begin_run("add", &params).await.unwrap().id, run.id);

    // Decisions: checked, recorded with the alert's status and an audit event.
    let c1 = alert_id("c1", "ofac-28036");
    assert!(matches!(
        store.decide(&c1, "maybe", "ana", "x").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.decide(&c1, "false_positive", "ana", "  ").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .decide("a-unknown", "false_positive", "ana", "x")
            .await,
        Err(StoreError::NotFound(_))
    ));
    let decided = store
        .decide(
            &c1,
            "false_positive",
            "ana",
            "customer born 1990, KUN Kim 1954",
        )
        .await
        .unwrap();
    assert_eq!(decided.summary.status, "false_positive");
    assert_eq!(decided.decisions.len(), 1);
    assert_eq!(decided.decisions[0].analyst, "ana");

    // The same pair screened again (a queue request, twice): suppressed, not re-raised.
    let again = [result("c1", &kun, 0.91)];
    let StepOutcome::Applied(counts) = store.record_alerts("req-1", &again).await.unwrap() else {
        panic!("request refused");
    };
    assert_eq!((counts.alerts_suppressed, counts.alerts_new), (1, 0));
    assert_eq!(
        store.record_alerts("req-1", &again).await.unwrap(),
        StepOutcome::AlreadyApplied
    );
    assert_eq!(
        store.alert(&c1).await.unwrap().summary.status,
        "false_positive"
    );

    // The customer record changes: the false positive reopens with the change shown.
    let run2 = store
        .begin_run("add", &json!({"input": "book2.csv"}))
        .await
        .unwrap();
    let changed = [customer(
        "c1",
        json!({"name": ["Kun Kim"], "birthDate": ["1954"]}),
    )];
    let StepOutcome::Applied(counts) = store
        .commit_step(
            &run2.id,
            1,
            Step {
                customers: &changed,
                results: &again,
                ..Step::default()
            },
            Some(&completion),
        )
        .await
        .unwrap()
    else {
        panic!("refused");
    };
    assert_eq!((counts.customers_changed, counts.alerts_reopened), (1, 1));
    let reopened = store.alert(&c1).await.unwrap();
    assert_eq!(reopened.summary.status, "open");
    assert!(reopened.summary.reopened);
    assert_eq!(reopened.summary.customer["version"], 2);
    assert_eq!(reopened.changes.len(), 1);
    assert_eq!(reopened.changes[0].side, "customer");
    assert_eq!(reopened.changes[0].field, "birthDate");
    assert_eq!(reopened.changes[0].added, vec!["1954".to_string()]);
    assert_eq!(reopened.decisions.len(), 1);
    let states = store
        .customer_states(&["c1".into(), "c2".into(), "c3".into()])
        .await
        .unwrap();
    assert_eq!(states.len(), 2);
    assert_eq!(states["c1"].version, 2);

    // Delisting closes the alert; listing again reopens it.
    let run3 = store.begin_run("run", &json!({"n": 3})).await.unwrap();
    let delisted = ["ofac-24682".to_string()];
    store
        .commit_step(
            &run3.id,
            1,
            Step {
                delisted: &delisted,
                ..Step::default()
            },
            Some(&completion),
        )
        .await
        .unwrap();
    let c2 = alert_id("c2", "ofac-24682");
    assert_eq!(store.alert(&c2).await.unwrap().summary.status, "delisted");
    let relisted = [result("c2", &hieng, 0.88)];
    let StepOutcome::Applied(counts) = store.record_alerts("req-2", &relisted).await.unwrap()
    else {
        panic!("refused");
    };
    assert_eq!(counts.alerts_reopened, 1);
    let back = store.alert(&c2).await.unwrap();
    assert_eq!(back.summary.status, "open");
    assert_eq!(back.changes[0].field, "listed");

    // Listing with filters and pages.
    let open = AlertFilter {
        status: Some("open".into()),
        ..AlertFilter::default()
    };
    let (total, page) = store.list_alerts(&open).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(page[0].id, c1, "highest score first");
    let (total, _) = store
        .list_alerts(&AlertFilter {
            min_score: Some(0.9),
            ..AlertFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 1);
    let (total, page) = store
        .list_alerts(&AlertFilter {
            dataset: Some("un_sc_sanctions".into()),
            ..AlertFilter::default()
        })
        .await
        .unwrap();
    assert_eq!((total, page.len()), (0, 0));
    let (_, page) = store
        .list_alerts(&AlertFilter {
            limit: 1,
            offset: 1,
            ..AlertFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, c2);

    // The audit trail has every decision and run, and refuses changes.
    let (total, events) = store.audit(1000, 0).await.unwrap();
    assert_eq!(total as usize, events.len());
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    for kind in [
        "add_started",
        "decision",
        "monitor_run",
        "alert_reopened",
        "alert_delisted",
        "alerts_recorded",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(
        store.audit_after(events[1].seq, 1).await.unwrap()[0],
        events[2]
    );
    let mut raw = sqlx::AnyConnection::connect(&raw_url(url)).await.unwrap();
    assert!(sqlx::query("UPDATE audit SET actor = 'mallory'")
        .execute(&mut raw)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM decisions")
        .execute(&mut raw)
        .await
        .is_err());

    // Full loads remove the customers they do not contain.
    let run4 = store
        .begin_run("add", &json!({"full": true}))
        .await
        .unwrap();
    let seen = ["c1".to_string()];
    let StepOutcome::Applied(counts) = store
        .commit_step(
            &run4.id,
            1,
            Step {
                seen: &seen,
                ..Step::default()
            },
            Some(&Completion {
                lists,
                remove_unseen: true,
            }),
        )
        .await
        .unwrap()
    else {
        panic!("refused");
    };
    assert_eq!(counts.customers_removed, 1);
    let status = store.status().await.unwrap();
    assert_eq!((status.customers, status.removed), (1, 1));
    assert_eq!(status.alerts["open"], 2);
    let mut pages = Vec::new();
    store
        .for_each_customer_page(1, |page| {
            pages.push(page);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0][0].id, "c1");
    assert_eq!(pages[0][0].version, 2);
    store.close().await;
}

fn raw_url(url: &str) -> String {
    if url.starts_with("postgres") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    }
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.sqlite");
    suite(path.to_str().unwrap()).await;
    // WAL journal.
    let mut raw = sqlx::AnyConnection::connect(&raw_url(path.to_str().unwrap()))
        .await
        .unwrap();
    let row: (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(row.0, "wal");
}

#[tokio::test]
async fn postgres() {
    let Ok(base) = std::env::var("VETTER_TEST_DATABASE_URL") else {
        eprintln!("skipped: VETTER_TEST_DATABASE_URL is not set (no PostgreSQL server; .ci/run starts one)");
        return;
    };
    let url = Store::create_postgres_database(&base, "vetter_store_suite")
        .await
        .expect("create database");
    suite(&url).await;
}
