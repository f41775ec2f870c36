//! A schema-driven fuzzer against the OpenAPI document: random requests to every
//! described operation, with the parameters the document lists given valid, invalid and
//! hostile values, and bodies mutated from valid ones. Every answer must be a non-5xx
//! status, and every error a JSON `{"detail": "..."}`; the server must keep answering.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const VALUES: &[&str] = &[
    "",
    "0",
    "1",
    "5",
    "-1",
    "501",
    "99999999999999999999",
    "0.5",
    "1.5",
    "NaN",
    "true",
    "Person",
    "Animal",
    "default",
    "us_ofac_sdn",
    "nope",
    "2024-01-01",
    "yesterday",
    "Kun Kim",
    "ofac-28036",
    "%00",
    "'; DROP TABLE match_audit; --",
    "ЖЖЖ",
    "🙂",
    "{\"a\":1}",
    "[]",
    "kim",
];

const SCHEMAS: &[&str] = &[
    "Person",
    "Company",
    "Organization",
    "LegalEntity",
    "Vessel",
    "Animal",
    "",
    "person",
];
const PROPERTIES: &[&str] = &[
    "name",
    "birthDate",
    "nationality",
    "idNumber",
    "nmae",
    "country",
    "alias",
    "topics",
    "",
];

fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 2 { 5 } else { 7 }) {
        0 => json!(rng.pick(VALUES)),
        1 => json!(rng.next() as i64),
        2 => Value::Null,
        3 => json!(rng.below(2) == 0),
        4 => json!([rng.pick(VALUES), rng.pick(VALUES)]),
        5 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(3) {
                map.insert(
                    rng.pick(PROPERTIES).to_string(),
                    random_value(rng, depth + 1),
                );
            }
            Value::Object(map)
        }
    }
}

fn random_query_entity(rng: &mut Rng) -> Value {
    if rng.below(8) == 0 {
        return random_value(rng, 0);
    }
    let mut properties = serde_json::Map::new();
    for _ in 0..rng.below(4) {
        let value = if rng.below(3) == 0 {
            random_value(rng, 1)
        } else {
            json!([rng.pick(VALUES)])
        };
        properties.insert(rng.pick(PROPERTIES).to_string(), value);
    }
    let mut entity = json!({"schema": rng.pick(SCHEMAS), "properties": properties});
    if rng.below(6) == 0 {
        entity["schema"] = random_value(rng, 1);
    }
    entity
}

fn random_body(rng: &mut Rng, path: &str) -> String {
    if path.starts_with("/reconcile") {
        let queries = json!({"q": {"query": rng.pick(VALUES), "type": rng.pick(SCHEMAS),
            "limit": random_value(rng, 2), "properties": [{"pid": rng.pick(PROPERTIES), "v": random_value(rng, 2)}]}});
        let field = if rng.below(4) == 0 {
            "extend"
        } else {
            "queries"
        };
        let text = if rng.below(5) == 0 {
            rng.pick(VALUES).to_string()
        } else {
            queries.to_string()
        };
        return form_urlencoded::Serializer::new(String::new())
            .append_pair(field, &text)
            .finish();
    }
    let mut queries = serde_json::Map::new();
    for i in 0..rng.below(4) {
        queries.insert(format!("k{i}"), random_query_entity(rng));
    }
    let mut body = json!({"queries": queries});
    match rng.below(10) {
        0 => body = random_value(rng, 0),
        1 => body["weights"] = random_value(rng, 1),
        2 => body["queries"] = random_value(rng, 1),
        _ => {}
    }
    let mut text = body.to_string();
    if rng.below(8) == 0 {
        // Truncated or garbled JSON.
        let cut = rng.below(text.len() + 1);
        text.truncate(cut);
    }
    text
}

#[tokio::test]
async fn random_requests_never_fail_the_server() {
    let app = app();
    let document: Value = serde_json::from_str(vetter_server::OPENAPI).unwrap();
    let mut operations: Vec<(String, String, Vec<String>)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let parameters = operation["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "query")
                        .map(|p| p["name"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            operations.push((method.clone(), path.clone(), parameters));
        }
    }
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let iterations = 400;
    let (mut answered, mut refused) = (0, 0);
    for _ in 0..iterations {
        let (method, path, parameters) = rng.pick(&operations).clone();
        if path == "/admin/reload" {
            continue;
        }
        let dataset = *rng.pick(&[
            "default",
            "sanctions",
            "us_ofac_sdn",
            "nope",
            "%20",
            "d%2Fx",
        ]);
        let id = *rng.pick(&["ofac-28036", "un-CDi.001", "nope", "%F0%9F%99%82"]);
        let mut uri = path.replace("{dataset}", dataset).replace("{id}", id);
        let mut query = form_urlencoded::Serializer::new(String::new());
        for _ in 0..rng.below(4) {
            if parameters.is_empty() {
                break;
            }
            let name = rng.pick(&parameters).clone();
            let value = *rng.pick(VALUES);
            query.append_pair(&name, value);
        }
        let query = query.finish();
        if !query.is_empty() {
            uri = format!("{uri}?{query}");
        }
        let body = if method == "post" {
            random_body(&mut rng, &path)
        } else {
            String::new()
        };
        let content_type = if path.starts_with("/reconcile") && rng.below(3) > 0 {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&uri)
            .header("content-type", content_type)
            .body(Body::from(body.clone()))
            .unwrap();
        let reply = app.send(request).await;
        assert!(
            !reply.status.is_server_error(),
            "{method} {uri} {body}: {} {}",
            reply.status,
            reply.text
        );
        if reply.status.is_client_error() {
            refused += 1;
            assert!(
                reply.json["detail"].is_string(),
                "{method} {uri}: error without detail: {}",
                reply.text
            );
        } else {
            answered += 1;
        }
        if reply.status.is_success() && path != "/metrics" {
            assert!(
                reply.json.is_object(),
                "{method} {uri}: not JSON: {}",
                reply.text
            );
        }
    }
    // The fuzzer reaches both the handlers and their refusals.
    assert!(
        answered > 50 && refused > 50,
        "{answered} answered, {refused} refused"
    );
    let after = app
        .post_json("/match/default", &person_query("Kun Kim"))
        .await;
    assert_eq!(after.status, StatusCode::OK);
}
