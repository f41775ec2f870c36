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
