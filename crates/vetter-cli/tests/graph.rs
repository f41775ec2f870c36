//! `vetter entity --graph` and related parties in screening results, on the bundled lists.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A bundled index built once for all tests of this file.
fn index_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("vetter-graph-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bundled.idx");
        vetter(&["index", "build", "--output", path.to_str().unwrap()]);
        path
    })
}

/// Runs vetter and returns its standard output; fails on a non-zero exit.
fn vetter(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_vetter"))
        .args(args)
        .output()
        .expect("run vetter");
    assert!(
        output.status.success(),
        "vetter {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn with_index<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--index", index_path().to_str().unwrap()]);
    all
}

#[test]
fn kun_kim_graph_lists_wife_children_and_their_companies() {
    let text = vetter(&with_index(&["entity", "ofac-28036", "--graph"]));
    assert!(text.starts_with("KIM, Kun (Person) ofac-28036: "), "{text}");
    for expected in [
        "ofac-28037     Person       CHANDY, King",
        "ofac-28130     Person       SOPHARY, Kim",
        "ofac-28131     Person       PHARA, Kim",
        "ofac-28038     Company      7 MAKARA PHARY CO., LTD.",
        "KIM, Kun <-[Linked To]- SOPHARY, Kim <-[Linked To]- 7 MAKARA PHARY CO., LTD.",
        "ofac-28038 -[Linked To]-> ofac-28130  UnknownLink  [us_ofac_sdn 28038]",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }

    let json: Value = serde_json::from_str(&vetter(&with_index(&[
        "entity",
        "ofac-28036",
        "--graph",
        "--format",
        "json",
    ])))
    .unwrap();
    let ids: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for id in [
        "ofac-28036",
        "ofac-28037",
        "ofac-28130",
        "ofac-28131",
        "ofac-28038",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert_eq!(json["nodes"][0]["programs"][0], "GLOMAG");
    let edge = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "ofac-28037")
        .unwrap();
    assert_eq!(edge["to"], "ofac-28036");
    assert_eq!(edge["kind"], "UnknownLink");
    assert_eq!(edge["detail"], "Linked To");
    assert_eq!(edge["sources"][0]["record_id"], "28037");

    let dot = vetter(&with_index(&[
        "entity",
        "ofac-28036",
        "--graph",
        "--depth",
        "1",
        "--format",
        "dot",
    ]));
    assert!(dot.starts_with("digraph neighbourhood {"), "{dot}");
    assert!(dot.contains("\"ofac-28037\" -> \"ofac-28036\""), "{dot}");
    // Depth 1: the companies of the children are two links away.
    assert!(!dot.contains("ofac-28038"), "{dot}");
}

#[test]
fn company_result_shows_its_link_to_sophary_and_through_her_to_kun_kim() {
    let json: Value = serde_json::from_str(&vetter(&with_index(&[
        "screen",
        "7 Makara Phary Co., Ltd.",
        "--json",
    ])))
    .unwrap();
    let top = &json["results"][0];
    assert_eq!(top["id"], "ofac-28038");
    assert_eq!(top["match"], true);
    assert_eq!(top["programs"][0], "GLOMAG");
    let related = top["related"].as_array().unwrap();
    assert_eq!(related[0]["id"], "ofac-28130");
    assert_eq!(related[0]["kind"], "UnknownLink");
    assert_eq!(related[0]["detail"], "Linked To");
    assert_eq!(related[0]["exposure"], "direct");
    let kun = related.iter().find(|r| r["id"] == "ofac-28036").unwrap();
    assert_eq!(kun["depth"], 2);
    assert_eq!(kun["exposure"], "indirect");
    assert_eq!(
        kun["path"],
        "7 MAKARA PHARY CO., LTD. -[Linked To]-> SOPHARY, Kim -[Linked To]-> KIM, Kun"
    );

    let table = vetter(&with_index(&["screen", "7 Makara Phary Co., Ltd."]));
    assert!(
        table.contains("linked to: SOPHARY, Kim ofac-28130 (Linked To); "),
        "{table}"
    );
    assert!(
        table.contains("KIM, Kun ofac-28036 (Linked To) via SOPHARY, Kim"),
        "{table}"
    );

    let json: Value = serde_json::from_str(&vetter(&with_index(&[
        "screen",
        "7 Makara Phary Co., Ltd.",
        "--json",
        "--related-depth",
        "1",
    ])))
    .unwrap();
    let related = json["results"][0]["related"].as_array().unwrap();
    assert!(related.iter().all(|r| r["depth"] == 1), "{related:?}");
}

#[test]
fn merges_are_listed_with_evidence_and_a_split_decision_undoes_one() {
    // The bundled OFAC and UN lists name many of the same parties.
    let merges: Vec<Value> = vetter(&["index", "merges", "--json", index_path().to_str().unwrap()])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(merges.len() > 100, "{} merged entities", merges.len());
    let merged = merges
        .iter()
        .find(|m| {
            m["referents"].as_array().unwrap().len() == 1
                && m["datasets"].as_array().unwrap().len() == 2
        })
        .expect("an OFAC record merged with a UN record");
    let evidence = &merged["merges"][0];
    assert!(
        !evidence["rule"].as_str().unwrap().is_empty()
            && !evidence["evidence"].as_str().unwrap().is_empty(),
        "{merged}"
    );
    // The canonical id and the id of the record merged into it.
    let referents = [
        merged["id"].as_str().unwrap(),
        merged["referents"][0].as_str().unwrap(),
    ];
    // Either source record id resolves to the canonical entity.
    for id in &referents {
        let shown: Value =
            serde_json::from_str(&vetter(&with_index(&["entity", id, "--json"]))).unwrap();
        assert_eq!(shown["id"], merged["id"], "{id}");
    }

    let text = vetter(&with_index(&["entity", referents[1]]));
    assert!(
        text.contains(&format!(
            "({} is a record merged into {})",
            referents[1],
            merged["id"].as_str().unwrap()
        )) && text.contains("merged records: ")
            && text.contains(&format!("by {}", evidence["rule"].as_str().unwrap())),
        "{text}"
    );

    // A decisions file splits the merge again.
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("decisions.toml");
    std::fs::write(
        &decisions,
        format!(
            "[[split]]\nids = [\"{}\", \"{}\"]\nreason = \"test: keep apart\"\n",
            referents[0], referents[1]
        ),
    )
    .unwrap();
    let split = dir.path().join("split.idx");
    vetter(&[
        "index",
        "build",
        "--output",
        split.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    let after = vetter(&["index", "merges", "--json", split.to_str().unwrap()]);
    assert!(
        !after
            .lines()
            .any(|l| l.contains(referents[0]) && l.contains(referents[1])),
        "still merged after the split decision"
    );
    assert_eq!(after.lines().count(), merges.len() - 1);
}

#[test]
fn batch_results_carry_related_listed_parties_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    std::fs::write(&input, "id,name\nc1,7 Makara Phary Co. Ltd\n").unwrap();
    let jsonl = dir.path().join("out.jsonl");
    let csv = dir.path().join("out.csv");
    // Screens the file into `output` with extra options.
    let screen = |output: &Path, extra: &[&str]| {
        let mut args = vec![
            "screen",
            "--quiet",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ];
        args.extend(extra);
        vetter(&with_index(&args));
    };
    screen(&jsonl, &["--related-depth", "2"]);
    screen(&csv, &["--related-depth", "2"]);
    let row: Value = serde_json::from_str(
        std::fs::read_to_string(&jsonl)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let related = row["results"][0]["related"]
        .as_array()
        .expect("related parties");
    let kun_kim = related
        .iter()
        .find(|r| r["id"] == "ofac-28036")
        .unwrap_or_else(|| panic!("KUN Kim is two links away: {related:?}"));
    assert_eq!(kun_kim["depth"], 2, "{kun_kim}");
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    let header = csv_text.lines().next().unwrap();
    assert!(header.ends_with(",related"), "{header}");
    assert!(csv_text.contains("KIM, Kun"), "{csv_text}");

    // Without the option the output keeps its usual shape.
    let plain = dir.path().join("plain.jsonl");
    screen(&plain, &[]);
    assert!(!std::fs::read_to_string(&plain)
        .unwrap()
        .contains("\"related\""));
}
