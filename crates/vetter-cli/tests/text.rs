//! End-to-end test of `vetter text` on the bundled lists and a real news article.

use serde_json::Value;
use std::process::Command;

#[test]
fn text_json_lines_on_the_cnrp_article() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("bundled.idx");
    let vetter = env!("CARGO_BIN_EXE_vetter");
    let built = Command::new(vetter)
        .args(["index", "build", "--output", index.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../vetter-text/tests/fixtures/cnrp-magnitsky-2020-10.txt"
    );
    let output = Command::new(vetter)
        .args([
            "text",
            "--json",
            "--index",
            index.to_str().unwrap(),
            article,
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(article).unwrap();
    let mentions: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut ids: Vec<&str> = mentions
        .iter()
        .filter(|m| m["partial"] == false)
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids,
        ["ofac-24682", "ofac-28036", "ofac-28042", "ofac-29685"]
    );
    let first = &mentions[0];
    assert_eq!(first["text"], "Kun Kim");
    assert_eq!(first["schema"], "Person");
    assert_eq!(first["programs"][0], "GLOMAG");
    let (start, end) = (
        first["start"].as_u64().unwrap(),
        first["end"].as_u64().unwrap(),
    );
    let by_chars: String = text
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(by_chars, "Kun Kim");
    assert!(first["explanation"]["name"]["score"].as_f64().unwrap() > 0.9);
}
