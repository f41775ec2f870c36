//! The wire formats: screening requests, results and dead letters (JSON), and the
//! screening of one request with a [`Snapshot`] of the index.

use crate::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vetter_index::SearchOptions;
use vetter_matcher::Prepared;
use vetter_model::{ftm, Entity, SourceRecord};
use vetter_text::{ScanOptions, TextFormat};

/// Results per request when the request gives no limit (as `vetter screen --input`).
pub const DEFAULT_LIMIT: usize = 5;

/// A screening request, published on `<stream>.requests.<batch>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The request id: unique across all batches, the key that makes recording idempotent
    /// (a redelivered request is recorded once) and the `Nats-Msg-Id` of its result.
    pub id: String,
    /// The batch (submission) the request belongs to; also the last subject token.
    pub batch: String,
    /// Line or row of the record in the submitted file, when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Maximum number of alerts (default [`DEFAULT_LIMIT`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Lowest score of an alert (default the match threshold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<f32>,
    /// What to screen.
    #[serde(flatten)]
    pub work: Work,
}

/// What a request screens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Work {
    /// A customer record as a FollowTheMoney entity (`{"schema", "properties"}`), read
    /// strictly (an unknown property or a bad date is an error, not silently dropped).
    Record {
        /// The FtM entity.
        entity: Value,
    },
    /// Free text (remittance information, an article): mentions of listed parties.
    Text {
        /// The text.
        text: String,
    },
    /// A payment message: SWIFT MT103 or ISO 20022 pacs.008; only the party fields are
    /// scanned.
    Payment {
        /// The raw message.
        message: String,
        /// `mt103` or `pacs008` (default: detected).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<String>,
    },
}

impl Work {
    /// `record`, `text` or `payment`.
    pub fn kind(&self) -> &'static str {
        match self {
            Work::Record { .. } => "record",
            Work::Text { .. } => "text",
            Work::Payment { .. } => "payment",
        }
    }
}

/// One alert of a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The listed entity's id.
    pub entity_id: String,
    /// Its display name.
    pub caption: String,
    /// Score of the match.
    pub score: f32,
    /// Datasets the entity comes from.
    pub datasets: Vec<String>,
    /// Sanction programmes.
    pub programs: Vec<String>,
    /// For text and payments: the mention as written, with its byte offsets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<(String, usize, usize)>,
}

/// The result of one request, published on `<stream>.results.<batch>` and recorded in
/// the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningResult {
    /// The request id.
    pub id: String,
    /// The batch.
    pub batch: String,
    /// `record`, `text` or `payment`.
    pub kind: String,
    /// Line or row in the submitted file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The index version the request was screened with.
    pub index_version: String,
    /// The worker that screened it.
    pub worker: String,
    /// Alerts, best first.
    pub alerts: Vec<Alert>,
}

/// An unusable request, published on `<stream>.dead.<batch>` and terminated (never
/// redelivered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// The request id, when it could be read.
    pub id: Option<String>,
    /// The subject the request came on.
    pub subject: String,
    /// Why it cannot be screened.
    pub reason: String,
    /// The request as received (lossy UTF-8), at most 4 KiB of it.
    pub payload: String,
    /// The worker that gave up on it.
    pub worker: String,
}

/// Reads a request; the error is the reason it goes to the dead-letter subject.
pub fn parse(payload: &[u8]) -> Result<Request, String> {
    let request: Request =
        serde_json::from_slice(payload).map_err(|e| format!("invalid request JSON: {e}"))?;
    if request.id.is_empty() {
        return Err("empty request id".into());
    }
    if let Err(reason) = crate::check_token(&request.batch) {
        return Err(format!("batch {:?}: {reason}", request.batch));
    }
    Ok(request)
}

/// The query entity of a record request (`id` is the request id when the entity has
/// none).
pub fn record_entity(value: &Value, id: &str) -> Result<Entity, String> {
    let source = SourceRecord {
        dataset: "query".into(),
        record_id: id.into(),
        list_version: None,
    };
    ftm::from_json(value, ftm::Mode::Strict, source, id)
        .map(|parsed| parsed.entity)
        .map_err(|e| format!("record entity: {e}"))
}

/// A record request for `entity` (written as FtM JSON without provenance).
pub fn record_request(id: String, batch: String, line: Option<u64>, entity: &Entity) -> Request {
    let mut value = ftm::to_json(entity);
    if let Some(object) = value.as_object_mut() {
        object.retain(|k, _| k == "id" || k == "schema" || k == "properties");
    }
    Request {
        id,
        batch,
        line,
        limit: None,
        cutoff: None,
        work: Work::Record { entity: value },
    }
}

/// The format of a payment message: the one named, or detected; an error when it is
/// neither MT103 nor pacs.008.
fn payment_format(message: &str, named: Option<&str>) -> Result<TextFormat, String> {
    let format = match named {
        None | Some("auto") => vetter_text::detect_format(message),
        Some("mt103") => TextFormat::Mt103,
        Some("pacs008") => TextFormat::Pacs008,
        Some(other) => return Err(format!("payment format {other:?}: use mt103 or pacs008")),
    };
    if format == TextFormat::Plain {
        return Err("payment message is neither MT103 nor pacs.008".into());
    }
    Ok(format)
}

impl Request {
    /// Checks what a worker would refuse (a bad record entity, an unknown payment format,
    /// a cut-off outside 0..1) before the request is published; the error is the reason.
    pub fn check(&self) -> Result<(), String> {
        if let Some(cutoff) = self.cutoff.filter(|c| !(0.0..=1.0).contains(c)) {
            return Err(format!("cutoff {cutoff} outside 0..1"));
        }
        match &self.work {
            Work::Record { entity } => record_entity(entity, &self.id).map(drop),
            Work::Text { .. } => Ok(()),
            Work::Payment { message, format } => {
                payment_format(message, format.as_deref()).map(drop)
            }
        }
    }
}

/// Screens a request with one index snapshot (the whole request sees one version).
/// The error is the reason the request is unusable.
pub fn screen(
    snapshot: &Snapshot,
    request: &Request,
    worker: &str,
) -> Result<ScreeningResult, String> {
    let index = &snapshot.index;
    let cutoff = request.cutoff.unwrap_or(vetter_matcher::MATCH_THRESHOLD);
    if !(0.0..=1.0).contains(&cutoff) {
        return Err(format!("cutoff {cutoff} outside 0..1"));
    }
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 100);
    let alert = |entity: u32, score: f32, mention: Option<Span>| {
        let e = &index.entities()[entity as usize];
        Alert {
            entity_id: e.id.clone(),
            caption: e.caption().to_string(),
            score,
            datasets: e.datasets().into_iter().map(str::to_string).collect(),
            programs: e.sanctions.iter().map(|s| s.program.clone()).collect(),
            mention,
        }
    };
    let alerts = match &request.work {
        Work::Record { entity } => {
            let entity = record_entity(entity, &request.id)?;
            let options = SearchOptions {
                limit,
                cutoff,
                ..SearchOptions::default()
            };
            index
                .search(&Prepared::new(&entity), &options)
                .into_iter()
                .map(|hit| alert(hit.entity, hit.result.score, None))
                .collect()
        }
        Work::Text { text } => scan(snapshot, text, None, cutoff, limit, &alert),
        Work::Payment { message, format } => {
            let format = payment_format(message, format.as_deref())?;
            scan(snapshot, message, Some(format), cutoff, limit, &alert)
        }
    };
    Ok(ScreeningResult {
        id: request.id.clone(),
        batch: request.batch.clone(),
        kind: request.work.kind().to_string(),
        line: request.line,
        index_version: snapshot.version.clone(),
        worker: worker.to_string(),
        alerts,
    })
}

/// Where a mention is in a text: the mentioned text and its byte range.
type Span = (String, usize, usize);

/// Full mentions in a text (partial mentions refer back to one of these).
fn scan(
    snapshot: &Snapshot,
    text: &str,
    format: Option<TextFormat>,
    threshold: f32,
    limit: usize,
    alert: &dyn Fn(u32, f32, Option<Span>) -> Alert,
) -> Vec<Alert> {
    let options = ScanOptions {
        threshold,
        format,
        partial: false,
        ..ScanOptions::default()
    };
    snapshot
        .scanner()
        .scan(&snapshot.index, text, &options)
        .into_iter()
        .filter(|m| !m.partial)
        .take(limit)
        .map(|m| alert(m.entity, m.score, Some((m.text, m.byte_start, m.byte_end))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_model::{Property, Schema};

    #[test]
    fn unusable_requests_have_reasons() {
        assert!(parse(b"not json")
            .unwrap_err()
            .contains("invalid request JSON"));
        let no_id = br#"{"id":"","batch":"b","kind":"text","text":"x"}"#;
        assert_eq!(parse(no_id).unwrap_err(), "empty request id");
        let bad_batch = br#"{"id":"1","batch":"a.b","kind":"text","text":"x"}"#;
        assert!(parse(bad_batch).unwrap_err().contains("batch"));
        let unknown_kind = br#"{"id":"1","batch":"b","kind":"fax","text":"x"}"#;
        assert!(parse(unknown_kind).is_err());
        let bad_date = serde_json::json!({"schema": "Person",
            "properties": {"name": ["Maria Rossi"], "birthDate": ["31/31/1999"]}});
        assert!(record_entity(&bad_date, "1")
            .unwrap_err()
            .contains("birthDate"));
        let unknown_property = serde_json::json!({"schema": "Person",
            "properties": {"nmae": ["Maria Rossi"]}});
        assert!(record_entity(&unknown_property, "1").is_err());
    }

    #[test]
    fn a_record_request_carries_the_query_entity() {
        let mut entity = Entity::new("c-7", Schema::Person);
        let source = entity.add_source(SourceRecord {
            dataset: "query".into(),
            record_id: "c-7".into(),
            list_version: None,
        });
        entity.add(Property::Name, "Maria Rossi", source);
        entity.add(Property::BirthDate, "1961-05-02", source);
        entity.add(Property::Country, "it", source);
        let request = record_request("b1-7".into(), "b1".into(), Some(7), &entity);
        let bytes = serde_json::to_vec(&request).unwrap();
        let back = parse(&bytes).unwrap();
        assert_eq!(back, request);
        let Work::Record { entity: value } = &back.work else {
            panic!("record expected")
        };
        let read = record_entity(value, &back.id).unwrap();
        assert_eq!(read.schema, Schema::Person);
        for property in [Property::Name, Property::BirthDate, Property::Country] {
            assert_eq!(
                read.values(property).collect::<Vec<_>>(),
                entity.values(property).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn batch_tokens_are_single_subject_tokens() {
        assert!(crate::check_token("kill-2026_11").is_ok());
        for bad in ["", "a.b", "a*", "a>", "a b", &"x".repeat(65)] {
            assert!(crate::check_token(bad).is_err(), "{bad:?}");
        }
    }
}
