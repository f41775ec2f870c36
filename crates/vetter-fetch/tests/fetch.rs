//! `Fetcher` against a local HTTP server on 127.0.0.1 serving the real bundled lists: served
//! normally, unchanged (304), truncated, as an HTML error page, with an error status, too
//! small, unparsable, and with the server down. In every failure the last good version stays
//! current, nothing is left behind, and the other lists still update.

mod server;

use server::{dead_url, Mode, Server};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use vetter_fetch::{attempts, history, Config, FetchError, Fetcher, Outcome, Status, Store};
use vetter_sources::SourceKind;

const OFAC_FILES: [&str; 4] = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];

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

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Serves the OFAC SDN files of `dir` under /ofac/ (upper-case names, as OFAC does).
fn serve_ofac(server: &Server, dir: &Path) {
    for name in OFAC_FILES {
        let path = dir.join(name);
        if path.exists() {
            server.serve(&format!("/ofac/{}", name.to_uppercase()), read(&path));
        }
    }
}

fn config(server_url: impl Fn(&str) -> String, un_url: Option<String>) -> Config {
    let mut text = format!(
        "max_shrink = 0.5\ntimeout_secs = 20\n[[lists]]\nkind = \"ofac-sdn\"\nurl = \"{}\"\nfiles = [{}]\n",
        server_url("/ofac/"),
        OFAC_FILES
            .iter()
            .map(|n| format!("{{ name = \"{n}\", url = \"{}\" }}", n.to_uppercase()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(un) = un_url {
        text.push_str(&format!("[[lists]]\nkind = \"un\"\nurl = \"{un}\"\n"));
    }
    Config::parse(&text).unwrap()
}

fn fetch(config: &Config, store: &Store) -> Vec<Result<Status, FetchError>> {
    Fetcher::new(config, store.clone())
        .fetch_all(&config.lists)
        .into_iter()
        .map(|o| o.result)
        .collect()
}

fn updated(result: &Result<Status, FetchError>) -> &vetter_fetch::VersionMeta {
    match result {
        Ok(Status::Updated { version, .. }) => version,
        other => panic!("expected an update, got {other:?}"),
    }
}

/// The recorded last attempt of a kind, checked against `outcome` and the version it
/// produced or kept.
fn last_fetch(
    store: &Store,
    kind: SourceKind,
    outcome: Outcome,
    version: &str,
) -> attempts::LastFetch {
    let last = attempts::last_fetch(store, kind)
        .unwrap()
        .expect("attempt recorded");
    assert_eq!(last.kind, kind.as_str());
    assert_eq!(last.outcome, outcome, "{last:?}");
    assert_eq!(last.version.as_deref(), Some(version), "{last:?}");
    assert_eq!(last.error.is_some(), outcome == Outcome::Failed, "{last:?}");
    assert!(last.attempted_at.ends_with('Z'), "UTC: {last:?}");
    last
}

/// Every entry of a kind directory: versions, `current`, `history.json`; no staging left.
fn entries(store: &Store, kind: SourceKind) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.kind_dir(kind))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn un_file() -> PathBuf {
    bundled().join("un-sc-consolidated-2026-02-27.xml")
}

#[test]
fn served_normally_then_unchanged_then_failures_keep_the_last_good_version() {
    let server = Server::start();
    serve_ofac(&server, &bundled().join("us-ofac-sdn-2023-12-28"));
    server.serve("/un/consolidated.xml", read(&un_file()));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("store"));
    let config = config(|p| server.url(p), Some(server.url("/un/consolidated.xml")));

    // Served normally: both lists stored, byte for byte, with their metadata.
    let results = fetch(&config, &store);
    let ofac = updated(&results[0]).clone();
    let un = updated(&results[1]).clone();
    assert_eq!(ofac.entities, 13_821);
    assert_eq!(ofac.files.len(), 4);
    assert_eq!(un.entities, 1_003);
    assert_eq!(un.list_version, "2026-02-27", "as-of date of the UN file");
    assert_eq!(ofac.list_version.len(), 10, "retrieval date for OFAC CSV");
    assert!(ofac.id.ends_with(&ofac.sha256[..12]));
    for name in OFAC_FILES {
        let stored = read(&store.version_dir(SourceKind::OfacSdn, &ofac.id).join(name));
        assert_eq!(
            stored,
            read(&bundled().join("us-ofac-sdn-2023-12-28").join(name))
        );
    }
    let meta = &ofac.files[0];
    assert!(meta.etag.is_some() && meta.last_modified.is_some());
    assert_eq!(store.current(SourceKind::OfacSdn).unwrap().unwrap(), ofac);
    assert_eq!(store.kinds(), [SourceKind::OfacSdn, SourceKind::Un]);
    let loaded = store.load_current(SourceKind::Un).unwrap().unwrap();
    assert_eq!(loaded.entities.len(), 1_003);
    let hist = history::read(&store, SourceKind::OfacSdn).unwrap().unwrap();
    assert_eq!(hist.entities.len(), 13_821);
    assert_eq!(
        hist.get("ofac-28036").unwrap().first_seen,
        ofac.list_version
    );
    // The attempt is recorded; a first version has no update to describe.
    let last = last_fetch(&store, SourceKind::OfacSdn, Outcome::NewVersion, &ofac.id);
    assert_eq!(last.attempted_at, ofac.retrieved_at);
    assert_eq!(
        last.list_version.as_deref(),
        Some(ofac.list_version.as_str())
    );
    assert!(attempts::latest_update(&store, SourceKind::OfacSdn)
        .unwrap()
        .is_none());

    // Served unchanged: conditional requests, 304, no new version.
    let before = server.requests().len();
    let results = fetch(&config, &store);
    assert!(
        matches!(results[0], Ok(Status::NotModified { .. })),
        "{:?}",
        results[0]
    );
    assert!(
        matches!(results[1], Ok(Status::NotModified { .. })),
        "{:?}",
        results[1]
    );
    let again = &server.requests()[before..];
    assert_eq!(again.len(), 5);
    assert!(again
        .iter()
        .all(|r| r.status == 304 && r.if_none_match.is_some()));
    assert!(again.iter().all(|r| r.if_modified_since.is_some()));
    assert_eq!(store.versions(SourceKind::OfacSdn).unwrap().len(), 1);
    last_fetch(&store, SourceKind::OfacSdn, Outcome::Unchanged, &ofac.id);
    last_fetch(&store, SourceKind::Un, Outcome::Unchanged, &un.id);
    let ofac_entries = entries(&store, SourceKind::OfacSdn);

    // Every failure below: an error naming the URL, the current version unchanged, no
    // staging directory left, and the UN list (fetched after OFAC) still answered.
    let check = |mode: Mode, expect: &str| {
        server.set_mode("/ofac/SDN.CSV", mode);
        let results = fetch(&config, &store);
        let error = results[0].as_ref().expect_err("must fail").to_string();
        assert!(error.contains(expect), "{mode:?}: {error}");
        let last = last_fetch(&store, SourceKind::OfacSdn, Outcome::Failed, &ofac.id);
        assert_eq!(
            last.error.as_deref(),
            Some(error.as_str()),
            "the reason is kept"
        );
        assert!(results[1].is_ok(), "{mode:?}: {:?}", results[1]);
        assert_eq!(store.current(SourceKind::OfacSdn).unwrap().unwrap(), ofac);
        assert_eq!(
            entries(&store, SourceKind::OfacSdn),
            ofac_entries,
            "{mode:?}"
        );
        server.set_mode("/ofac/SDN.CSV", Mode::Normal);
    };
    check(Mode::Truncated, "/ofac/SDN.CSV");
    check(Mode::HtmlPage, "HTML page");
    check(Mode::HtmlDisguised, "HTML page");
    check(Mode::Status(503), "HTTP 503");
    check(Mode::Status(404), "HTTP 404");
    check(Mode::Status(500), "HTTP 500");

    // Truncated: the message says what happened.
    server.set_mode("/ofac/SDN.CSV", Mode::Truncated);
    let error = fetch(&config, &store)[0].as_ref().unwrap_err().to_string();
    assert!(
        error.contains("broken off") || error.contains("truncated"),
        "{error}"
    );
    server.set_mode("/ofac/SDN.CSV", Mode::Normal);

    // A much smaller list (a tenth of sdn.csv) is taken for a broken download.
    let sdn = read(&bundled().join("us-ofac-sdn-2023-12-28/sdn.csv"));
    let lines: Vec<&[u8]> = sdn.split_inclusive(|b| *b == b'\n').collect();
    server.serve("/ofac/SDN.CSV", lines[..lines.len() / 10].concat());
    let results = fetch(&config, &store);
    assert!(
        matches!(results[0], Err(FetchError::Shrink { old: 13_821, .. })),
        "{:?}",
        results[0]
    );
    assert_eq!(store.current(SourceKind::OfacSdn).unwrap().unwrap(), ofac);

    // A body that is not the list's format does not parse.
    server.serve(
        "/un/consolidated.xml",
        b"<?xml version=\"1.0\"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>".to_vec(),
    );
    let results = fetch(&config, &store);
    assert!(
        matches!(results[1], Err(FetchError::Parse(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(store.current(SourceKind::Un).unwrap().unwrap(), un);
    let last = last_fetch(&store, SourceKind::Un, Outcome::Failed, &un.id);
    assert!(last.error.unwrap().contains("do not parse"));
    assert_eq!(
        entries(&store, SourceKind::Un),
        [un.id.as_str(), "current", "history.json", "last-fetch.json"],
    );

    // The good file served again: the stored ETag matches, 304, no new version.
    server.serve("/ofac/SDN.CSV", sdn.clone());
    let results = fetch(&config, &store);
    assert!(
        matches!(results[0], Ok(Status::NotModified { .. })),
        "{:?}",
        results[0]
    );
}

#[test]
fn server_down_leaves_the_store_and_other_lists_update() {
    let server = Server::start();
    server.serve("/un/consolidated.xml", read(&un_file()));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("store"));
    // OFAC on a port where nothing listens; UN on the live server.
    let config = config(dead_url, Some(server.url("/un/consolidated.xml")));
    let results = fetch(&config, &store);
    let error = results[0].as_ref().unwrap_err().to_string();
    assert!(error.contains("unreachable"), "{error}");
    assert!(store.current(SourceKind::OfacSdn).unwrap().is_none());
    assert_eq!(
        entries(&store, SourceKind::OfacSdn),
        ["last-fetch.json"],
        "nothing staged is left, the failed attempt is recorded"
    );
    let last = attempts::last_fetch(&store, SourceKind::OfacSdn)
        .unwrap()
        .unwrap();
    assert_eq!(last.outcome, Outcome::Failed);
    assert_eq!(last.version, None, "no version to keep");
    assert!(last.error.unwrap().contains("unreachable"));
    updated(&results[1]);
    assert_eq!(store.kinds(), [SourceKind::Un]);
}

#[test]
fn a_new_version_becomes_current_and_history_follows() {
    let Some(shared) = shared() else { return };
    let server = Server::start();
    serve_ofac(&server, &shared.join("us-ofac-sdn/2021-07-07"));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("store"));
    let config = config(|p| server.url(p), None);
    let first = updated(&fetch(&config, &store)[0]).clone();
    assert_eq!(first.entities, 8_976);

    serve_ofac(&server, &bundled().join("us-ofac-sdn-2023-12-28"));
    let second = match fetch(&config, &store).remove(0) {
        Ok(Status::Updated { version, previous }) => {
            assert_eq!(previous.as_deref(), Some(first.id.as_str()));
            version
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(second.entities, 13_821);
    assert_ne!(first.id, second.id);
    assert_eq!(store.current(SourceKind::OfacSdn).unwrap().unwrap(), second);
    // The old version is still there, untouched.
    let versions = store.versions(SourceKind::OfacSdn).unwrap();
    assert_eq!(versions, [first.clone(), second.clone()]);
    assert_eq!(
        store
            .load(SourceKind::OfacSdn, &first)
            .unwrap()
            .entities
            .len(),
        8_976
    );

    // History with the versions dated as published (both were retrieved today).
    let mut hist = history::History::default();
    for (meta, date) in [(&first, "2021-07-07"), (&second, "2023-12-28")] {
        let mut meta = meta.clone();
        meta.list_version = date.into();
        let list = store.load(SourceKind::OfacSdn, &meta).unwrap();
        hist.update(&meta, &list.entities);
    }
    let chau = hist.get("ofac-33913").unwrap();
    assert_eq!(
        chau.first_seen, "2023-12-28",
        "CHAU Phirun designated in November 2021"
    );
    assert_eq!(chau.last_changed, "2023-12-28");
    let kim = hist.get("ofac-28036").unwrap();
    assert_eq!(kim.first_seen, "2021-07-07");
    assert_eq!(kim.last_seen, "2023-12-28");
    let disk = history::read(&store, SourceKind::OfacSdn).unwrap().unwrap();
    assert_eq!(disk.versions, [first.id.clone(), second.id.clone()]);
    assert_eq!(disk.entities.len(), hist.entities.len());

    // The update is recorded with its diff, counted here from the entity ids and contents
    // of both versions.
    last_fetch(&store, SourceKind::OfacSdn, Outcome::NewVersion, &second.id);
    let update = attempts::latest_update(&store, SourceKind::OfacSdn)
        .unwrap()
        .expect("update recorded");
    assert_eq!(update.previous.id, first.id);
    assert_eq!(update.current.id, second.id);
    assert_eq!(
        (update.previous.entities, update.current.entities),
        (8_976, 13_821)
    );
    let old = store.load(SourceKind::OfacSdn, &first).unwrap().entities;
    let new = store.load(SourceKind::OfacSdn, &second).unwrap().entities;
    let old_by_id: HashMap<&str, String> = old
        .iter()
        .map(|e| (e.id.as_str(), vetter_diff::fingerprint_text(e)))
        .collect();
    let new_ids: HashSet<&str> = new.iter().map(|e| e.id.as_str()).collect();
    let added: Vec<&str> = new
        .iter()
        .map(|e| e.id.as_str())
        .filter(|id| !old_by_id.contains_key(id))
        .collect();
    let removed = old
        .iter()
        .filter(|e| !new_ids.contains(e.id.as_str()))
        .count();
    let changed = new
        .iter()
        .filter(|e| {
            old_by_id
                .get(e.id.as_str())
                .is_some_and(|print| *print != vetter_diff::fingerprint_text(e))
        })
        .count();
    assert_eq!(update.added, added.len());
    assert_eq!(update.removed, removed);
    assert_eq!(update.changed, changed);
    assert_eq!(update.added + update.changed + update.unchanged, 13_821);
    assert_eq!(update.removed + update.changed + update.unchanged, 8_976);
    // As `vetter diff` counts them (README).
    assert_eq!(
        (
            update.added,
            update.removed,
            update.changed,
            update.unchanged
        ),
        (5_637, 792, 738, 7_446)
    );
    let examples: Vec<&str> = update
        .examples
        .added
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(examples, added[..attempts::EXAMPLES]);
    assert_eq!(update.examples.removed.len(), attempts::EXAMPLES);
    assert!(update.examples.changed.iter().all(|x| !x.fields.is_empty()));
    assert!(update.examples.added.iter().all(|x| !x.caption.is_empty()));

    // A repeated fetch is unchanged and keeps the update; so does a failed one.
    fetch(&config, &store);
    last_fetch(&store, SourceKind::OfacSdn, Outcome::Unchanged, &second.id);
    server.set_mode("/ofac/SDN.CSV", Mode::Status(500));
    fetch(&config, &store);
    last_fetch(&store, SourceKind::OfacSdn, Outcome::Failed, &second.id);
    assert_eq!(store.current(SourceKind::OfacSdn).unwrap().unwrap(), second);
    assert_eq!(
        attempts::latest_update(&store, SourceKind::OfacSdn).unwrap(),
        Some(update)
    );
}
