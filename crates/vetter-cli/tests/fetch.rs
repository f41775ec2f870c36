//! End-to-end tests of `vetter fetch`, `vetter index build --from-store`, `vetter entity
//! --store` and `vetter diff`, against a local HTTP server on 127.0.0.1 serving the real
//! bundled lists (and the other OFAC SDN versions of ../shared when present).

#[path = "../../vetter-fetch/tests/server/mod.rs"]
mod server;

use serde_json::Value;
use server::{dead_url, Mode, Server};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vetter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vetter"))
        .args(args)
        .output()
        .expect("run vetter")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled")
}

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data is absent");
        None
    }
}

const OFAC_FILES: [&str; 4] = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];

fn write_config(dir: &Path, ofac: &str, un: &str) -> PathBuf {
    let files = OFAC_FILES
        .iter()
        .map(|n| format!("{{ name = \"{n}\", url = \"{}\" }}", n.to_uppercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let path = dir.join("vetter.toml");
    std::fs::write(
        &path,
        format!(
            "timeout_secs = 20\n[[lists]]\nkind = \"ofac-sdn\"\nurl = \"{ofac}\"\nfiles = [{files}]\n\n[[lists]]\nkind = \"un\"\nurl = \"{un}\"\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn fetch_store_index_entity_and_diff_from_the_store() {
    let server = Server::start();
    for name in OFAC_FILES {
        let bytes = std::fs::read(bundled().join("us-ofac-sdn-2023-12-28").join(name)).unwrap();
        server.serve(&format!("/ofac/{}", name.to_uppercase()), bytes);
    }
    let un = std::fs::read(bundled().join("un-sc-consolidated-2026-02-27.xml")).unwrap();
    server.serve("/un/consolidated.xml", un);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &server.url("/ofac/"),
        &server.url("/un/consolidated.xml"),
    );
    let store = dir.path().join("store");
    let fetch = |extra: &[&str]| {
        let mut args = vec![
            "fetch",
            "--config",
            config.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        vetter(&args)
    };

    let first = fetch(&[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    assert!(out.contains("ofac-sdn: updated to "), "{out}");
    assert!(out.contains("13821 entities"), "{out}");
    assert!(out.contains("un: updated to ") && out.contains("list version 2026-02-27"));

    let second = fetch(&[]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    let out = text(&second.stdout);
    assert!(out.contains("ofac-sdn: unchanged (not modified)"), "{out}");
    assert!(out.contains("un: unchanged (not modified)"), "{out}");

    // An HTML error page for the UN list: non-zero exit naming the list, OFAC still
    // fetched, the last good UN version kept.
    server.set_mode("/un/consolidated.xml", Mode::HtmlPage);
    let broken = fetch(&[]);
    assert!(!broken.status.success());
    let err = text(&broken.stderr);
    assert!(err.contains("error: un: "), "{err}");
    assert!(err.contains("HTML page") && err.contains("kept"), "{err}");
    assert!(err.contains("1 list(s) not updated: un"), "{err}");
    assert!(text(&broken.stdout).contains("ofac-sdn: unchanged"));
    // Only the OFAC list: succeeds.
    let only = fetch(&["--list", "ofac-sdn"]);
    assert!(only.status.success(), "{}", text(&only.stderr));
    assert!(!text(&only.stdout).contains("un:"));

    // The index built from the store records each list's version.
    let index = dir.path().join("store.idx");
    let build = vetter(&[
        "index",
        "build",
        "--from-store",
        store.to_str().unwrap(),
        "--output",
        index.to_str().unwrap(),
    ]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let info = text(&vetter(&["index", "info", index.to_str().unwrap()]).stdout);
    assert!(
        info.contains("un\tun_sc_sanctions\t2026-02-27\t1003 entities"),
        "{info}"
    );
    let ofac_line = info.lines().find(|l| l.starts_with("ofac-sdn")).unwrap();
    assert!(ofac_line.ends_with("13821 entities"), "{info}");
    let retrieved = ofac_line.split('\t').nth(2).unwrap();
    assert_eq!(retrieved.len(), 10, "retrieval date: {ofac_line}");

    // first/last seen on `vetter entity`.
    let entity = vetter(&[
        "entity",
        "ofac-28036",
        "--index",
        index.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    let out = text(&entity.stdout);
    assert!(entity.status.success(), "{}", text(&entity.stderr));
    assert!(
        out.contains(&format!(
            "ofac-sdn: first seen {retrieved}, last seen {retrieved}, last changed {retrieved}"
        )),
        "{out}"
    );

    // The stored version diffs as equal to the files it came from.
    let kind_dir = store.join("ofac-sdn");
    let diff = vetter(&[
        "diff",
        kind_dir.to_str().unwrap(),
        bundled().join("us-ofac-sdn-2023-12-28").to_str().unwrap(),
        "--summary",
    ]);
    assert!(diff.status.success(), "{}", text(&diff.stderr));
    assert!(
        text(&diff.stdout).contains("added 0, removed 0, changed 0, unchanged 13821"),
        "{}",
        text(&diff.stdout)
    );
}

#[test]
fn fetch_with_the_server_down_fails_naming_the_list() {
    let server = Server::start();
    let un = std::fs::read(bundled().join("un-sc-consolidated-2026-02-27.xml")).unwrap();
    server.serve("/un/consolidated.xml", un);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &dead_url("/ofac/"),
        &server.url("/un/consolidated.xml"),
    );
    let store = dir.path().join("store");
    let output = vetter(&[
        "fetch",
        "--config",
        config.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let err = text(&output.stderr);
    assert!(
        err.contains("error: ofac-sdn: ") && err.contains("unreachable"),
        "{err}"
    );
    assert!(err.contains("no version stored yet"), "{err}");
    assert!(text(&output.stdout).contains("un: updated to "));
    assert!(!store.join("ofac-sdn/current").exists());
    assert!(store.join("un/current").exists());
}

#[test]
fn diff_ofac_2021_to_2023_shows_the_november_2021_glomag_designations() {
    let Some(shared) = shared() else { return };
    let output = vetter(&[
        "diff",
        shared.join("us-ofac-sdn/2021-07-07").to_str().unwrap(),
        bundled().join("us-ofac-sdn-2023-12-28").to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diff["kind"], "ofac-sdn", "kind detected");
    let added = diff["added"].as_array().unwrap();
    for (id, caption) in [("ofac-33913", "CHAU, Phirun"), ("ofac-33914", "TEA, Vinh")] {
        let entry = added
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} not added"));
        assert_eq!(entry["caption"], caption);
        assert_eq!(entry["programs"][0], "GLOMAG");
    }
    // KIM Kun was listed in 2019: in both versions.
    assert!(!added.iter().any(|e| e["id"] == "ofac-28036"));
    assert!(!diff["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "ofac-28036"));
    assert_eq!(diff["counts"]["added"], 5637);
    assert_eq!(diff["counts"]["removed"], 792);
    assert_eq!(diff["old"]["entities"], 8976);
    assert_eq!(diff["new"]["entities"], 13821);

    // Text output: the added section lists them with their program.
    let output = vetter(&[
        "diff",
        shared.join("us-ofac-sdn/2021-07-07").to_str().unwrap(),
        bundled().join("us-ofac-sdn-2023-12-28").to_str().unwrap(),
    ]);
    let out = text(&output.stdout);
    let added_section = &out[out.find("\nADDED\n").unwrap()..out.find("\nREMOVED\n").unwrap()];
    assert!(
        added_section.contains("CHAU, Phirun  [GLOMAG]"),
        "{added_section:.300}"
    );
    assert!(added_section.contains("TEA, Vinh  [GLOMAG]"));
}
