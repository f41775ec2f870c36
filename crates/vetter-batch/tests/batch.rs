//! Batch screening of customer files built from real names (OpenSanctions PEP names and
//! listed names) against the bundled OFAC SDN and UN lists.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use vetter_batch::{Batch, BatchError, BatchOptions, Mapping, Summary};
use vetter_index::Index;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
        let ofac = vetter_sources::load_ofac_sdn(&data.join("us-ofac-sdn-2023-12-28"), None)
            .expect("bundled OFAC SDN");
        let un = vetter_sources::load_un(&data.join("un-sc-consolidated-2026-02-27.xml"), None)
            .expect("bundled UN list");
        Index::build(vec![ofac, un])
    })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn quiet() -> BatchOptions {
    BatchOptions {
        progress: false,
        ..BatchOptions::default()
    }
}

fn run(input: &Path, output: &Path, options: BatchOptions) -> Result<Summary, BatchError> {
    Batch::open(input, options)?.run(index(), Some(output))
}

/// The CSV output as records keyed by column name.
fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// `(row_id, entity_id)` of every alert.
fn alerts(path: &Path) -> Vec<(String, String)> {
    read_csv(path)
        .into_iter()
        .map(|r| (r["row_id"].clone(), r["entity_id"].clone()))
        .collect()
}

#[test]
fn csv_with_detected_headers_alerts_on_listed_names_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("customers.csv");
    let batch = Batch::open(&input, quiet()).unwrap();
    assert!(batch.mapping_detected());
    assert_eq!(
        batch.mapping().to_string(),
        "id=customer_id,name=full_name,birthDate=date_of_birth,nationality=nationality,schema=type"
    );
    let output = dir.path().join("alerts.csv");
    let summary = batch.run(index(), Some(&output)).unwrap();
    assert_eq!(summary.counts.read, 44);
    assert_eq!(summary.counts.screened, 44);
    assert_eq!(summary.counts.rejected, 0);
    assert!(summary.complete);
    let rows = read_csv(&output);
    let find = |id: &str| {
        rows.iter()
            .find(|r| r["row_id"] == id)
            .unwrap_or_else(|| panic!("no alert for {id}: {rows:?}"))
    };
    let kun = find("L001");
    assert_eq!(kun["entity_id"], "ofac-28036");
    assert_eq!(kun["caption"], "KIM, Kun");
    assert_eq!(kun["line"], "7");
    assert_eq!(kun["name"], "Kun Kim");
    assert_eq!(kun["birth_date"], "1954");
    assert_eq!(kun["country"], "kh");
    assert_eq!(kun["schema"], "Person");
    assert!(kun["programs"].contains("us_ofac_sdn: GLOMAG"), "{kun:?}");
    assert!(kun["summary"].starts_with("name 1.00"), "{kun:?}");
    assert!(kun["score"].parse::<f32>().unwrap() >= 0.7);
    assert_eq!(find("L002")["entity_id"], "ofac-28042");
    assert_eq!(find("L003")["entity_id"], "ofac-24682");
    assert_eq!(find("L004")["entity_id"], "ofac-29685");
    assert_eq!(summary.counts.alerts as usize, rows.len());
    // The checkpoint of a finished run is gone.
    assert!(!vetter_batch::checkpoint::path_for(&output).exists());
}

#[test]
fn all_results_writes_a_line_for_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("all.csv");
    let summary = run(
        &fixture("customers.csv"),
        &output,
        BatchOptions {
            all_results: true,
            ..quiet()
        },
    )
    .unwrap();
    let rows = read_csv(&output);
    let without = rows.iter().filter(|r| r["entity_id"].is_empty()).count() as u64;
    assert_eq!(without, summary.counts.screened - summary.counts.alert_rows);
    // In input order: lines never go backwards.
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].parse().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    assert_eq!(lines.first(), Some(&2));
    assert_eq!(lines.last(), Some(&45));
}

#[test]
fn explicit_map_on_a_semicolon_file_with_split_names() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("alerts.csv");
    let mapping = Mapping::parse_pairs(
        "id=Kundennummer,firstName=Vorname,lastName=Nachname,birthDate=Geburtsdatum,country=Staat",
    )
    .unwrap();
    let summary = run(
        &fixture("kunden.csv"),
        &output,
        BatchOptions {
            mapping: Some(mapping),
            ..quiet()
        },
    )
    .unwrap();
    assert_eq!(summary.counts.read, 12);
    assert_eq!(summary.counts.rejected, 0);
    let rows = read_csv(&output);
    let kun = rows
        .iter()
        .find(|r| r["row_id"] == "L001")
        .expect("Kun Kim");
    assert_eq!(kun["entity_id"], "ofac-28036");
    assert_eq!(kun["name"], "Kun Kim");
    assert_eq!(kun["schema"], "Person");
    // A mapping naming a column the file lacks is an error before anything is screened.
    let err = Batch::open(
        &fixture("kunden.csv"),
        BatchOptions {
            mapping: Some(Mapping::parse_pairs("name=Name").unwrap()),
            ..quiet()
        },
    )
    .err()
    .expect("missing column");
    assert!(err.to_string().contains("\"Name\""), "{err}");
}

#[test]
fn json_lines_of_ftm_entities_and_flat_objects() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("results.jsonl");
    let summary = run(&fixture("customers.jsonl"), &output, quiet()).unwrap();
    assert_eq!(summary.counts.read, 7);
    assert_eq!(summary.counts.screened, 5);
    assert_eq!(summary.counts.rejected, 2);
    let rejects: Vec<(u64, &str)> = summary
        .counts
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rejects[0].0, 5);
    assert!(rejects[0].1.starts_with("invalid JSON"), "{rejects:?}");
    assert_eq!(rejects[1], (6, "empty name"));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["query_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["J1", "J2", "J3", "J4", "J7"]);
    let top = |i: usize| lines[i]["results"][0]["id"].as_str().unwrap_or("");
    assert_eq!(top(0), "ofac-28042");
    assert_eq!(top(1), "ofac-28036");
    assert_eq!(lines[1]["birth_date"], "1954");
    assert_eq!(lines[1]["country"], "kh");
    assert_eq!(top(4), "ofac-29685");
    let result = &lines[0]["results"][0];
    for key in ["caption", "schema", "score", "programs", "lists", "summary"] {
        assert!(result.get(key).is_some(), "missing {key}");
    }
    assert_eq!(result["explanation"]["name"]["candidate"], "PHEAP, Try");
}

#[test]
fn malformed_rows_are_reported_and_skipped_without_shifting_others() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(fixture("customers.csv")).unwrap();
    let mut lines: Vec<&str> = clean.lines().collect();
    // After line 10: a short row, a bad date, an empty name, an unclosed quote … then the rest.
    let bad = [
        "B001,Kun Kim,1954",
        "B002,Try Pheap,31/02/1960,kh,individual",
        "B003,   ,1960,kh,individual",
    ];
    for (i, row) in bad.iter().enumerate() {
        lines.insert(10 + i, row);
    }
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, lines.join("\n") + "\n").unwrap();

    let clean_out = dir.path().join("clean.csv");
    let broken_out = dir.path().join("broken-alerts.csv");
    run(&fixture("customers.csv"), &clean_out, quiet()).unwrap();
    let summary = run(&broken, &broken_out, quiet()).unwrap();
    assert_eq!(summary.counts.read, 47);
    assert_eq!(summary.counts.rejected, 3);
    let reasons: Vec<(u64, String)> = summary
        .counts
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    assert_eq!(reasons[0], (11, "expected 5 columns, found 3".to_string()));
    assert_eq!(reasons[1].0, 12);
    assert!(
        reasons[1].1.contains("bad date \"31/02/1960\""),
        "{reasons:?}"
    );
    assert_eq!(reasons[2], (13, "empty name".to_string()));
    let text = summary.to_string();
    assert!(text.contains("line 11: expected 5 columns"), "{text}");
    // Every other row gives the same alerts as in the clean file.
    assert_eq!(alerts(&clean_out), alerts(&broken_out));
}

#[test]
fn resume_after_an_interruption_gives_the_uninterrupted_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("customers.csv");
    let small_chunks = || BatchOptions {
        chunk_size: 5,
        all_results: true,
        ..quiet()
    };
    let whole = dir.path().join("whole.csv");
    run(&input, &whole, small_chunks()).unwrap();

    let output = dir.path().join("resumed.csv");
    let first = run(
        &input,
        &output,
        BatchOptions {
            stop_after: Some(12),
            ..small_chunks()
        },
    )
    .unwrap();
    assert!(!first.complete);
    assert_eq!(first.counts.read, 15);
    let checkpoint = vetter_batch::checkpoint::path_for(&output);
    assert!(checkpoint.exists());
    // A crash after the next chunk was partly written, before its checkpoint.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&output)
        .unwrap();
    std::io::Write::write_all(&mut file, b"P099,16,half a line").unwrap();
    drop(file);

    let second = run(
        &input,
        &output,
        BatchOptions {
            resume: true,
            ..small_chunks()
        },
    )
    .unwrap();
    assert!(second.complete);
    assert_eq!(second.resumed_after, 15);
    assert_eq!(second.rows_this_run, 29);
    assert_eq!(second.counts.read, 44);
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        std::fs::read_to_string(&whole).unwrap()
    );
    assert!(!checkpoint.exists());
}

#[test]
fn resume_refuses_a_changed_input_or_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    std::fs::copy(fixture("customers.csv"), &input).unwrap();
    let output = dir.path().join("alerts.csv");
    let options = || BatchOptions {
        chunk_size: 10,
        ..quiet()
    };
    run(
        &input,
        &output,
        BatchOptions {
            stop_after: Some(10),
            ..options()
        },
    )
    .unwrap();
    let resume = |options: BatchOptions| {
        run(
            &input,
            &output,
            BatchOptions {
                resume: true,
                ..options
            },
        )
    };
    let err = resume(BatchOptions {
        mapping: Some(Mapping::parse_pairs("name=full_name,id=customer_id").unwrap()),
        ..options()
    })
    .unwrap_err();
    assert!(err.to_string().contains("mapping"), "{err}");
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("X001,Kun Kim,1954,kh,individual\n");
    std::fs::write(&input, text).unwrap();
    let err = resume(options()).unwrap_err();
    assert!(err.to_string().contains("changed"), "{err}");
    // Without a checkpoint there is nothing to resume.
    let err = run(
        &input,
        &dir.path().join("other.csv"),
        BatchOptions {
            resume: true,
            ..options()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no checkpoint"), "{err}");
}

#[test]
fn parquet_rows_stream_from_the_shared_splink_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/data/eval-candidates/splink-datasets/historical_figures_with_errors_50k.parquet",
    );
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let batch = Batch::open(&path, quiet()).unwrap();
    assert_eq!(
        batch.mapping().to_string(),
        "id=unique_id,name=full_name,firstName=first_name,lastName=surname,birthDate=dob,gender=gender"
    );
    let output = dir.path().join("alerts.jsonl");
    let mut options = quiet();
    options.stop_after = Some(3000);
    options.chunk_size = 1000;
    let summary = Batch::open(&path, options)
        .unwrap()
        .run(index(), Some(&output))
        .unwrap();
    assert_eq!(summary.counts.read, 3000);
    // The file's "errors" include impossible dates: those rows are rejected with their row.
    assert_eq!(
        summary.counts.screened + summary.counts.rejected,
        3000,
        "{summary}"
    );
    assert!(summary.counts.screened > 2700, "{summary}");
    let first = &summary.counts.rejects[0];
    assert_eq!(first.line, 21, "{summary}");
    assert_eq!(first.reason, "bad date \"1856-86-18\" in column \"dob\"");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, summary.counts.screened);
    // Rows are numbered from 1 in file order and keep the caller's id.
    assert_eq!(lines[0]["line"], 1);
    assert!(!lines[0]["query_id"].as_str().unwrap().is_empty());
    assert!(lines
        .windows(2)
        .all(|w| w[0]["line"].as_u64() < w[1]["line"].as_u64()));
    // Dates in the file are ISO and come through normalised.
    assert!(lines
        .iter()
        .any(|l| l["birth_date"].as_str().is_some_and(|d| d.len() == 10)));
}
