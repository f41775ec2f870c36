//! End to end on real data: a customer book of real PEP and Interpol names plus varied
//! spellings of OFAC-listed names (given and family names of real people recombined when
//! the book is larger than the real names), monitored against the OFAC SDN list of 2021-07-07, then
//! re-screened after the update to 2023-12-28. Needs ../shared (skips without it); runs on
//! SQLite, and on PostgreSQL too when `VETTER_TEST_DATABASE_URL` is set.
//!
//! The book size is `VETTER_MONITOR_BOOK` (default 4,000 real names + the spellings); the
//! 100,000-record version of the same test is `VETTER_MONITOR_BOOK=100000 cargo test
//! --release -p vetter-monitor --test e2e`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_batch::BatchOptions;
use vetter_index::{Index, SearchOptions};
use vetter_matcher::{Prepared, MATCH_THRESHOLD};
use vetter_model::{Entity, Property, Schema};
use vetter_monitor::{AddOptions, ListPair, Monitor, RunOptions};
use vetter_sources::{LoadedList, SourceKind};
use vetter_store::{alert_id, AlertFilter};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

fn ofac(version: &str) -> Option<LoadedList> {
    let dir = shared(&format!("us-ofac-sdn/{version}"))?;
    Some(vetter_sources::load(SourceKind::OfacSdn, &dir, Some(version.into())).expect("OFAC list"))
}

/// "FAMILY, Given" written as "Given Family"; other names in title case.
fn spelling(entity: &Entity) -> String {
    let caption = entity.caption();
    let title = |s: &str| {
        s.split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    match caption.split_once(", ") {
        Some((family, given)) if entity.schema == Schema::Person => {
            format!("{} {}", title(given), title(family))
        }
        _ => title(caption),
    }
}

fn material(change: &vetter_diff::EntityChange) -> bool {
    change.fields.iter().any(|f| {
        !f.added.is_empty()
            && f.field.parse::<Property>().is_ok_and(|p| {
                p.kind() == vetter_model::PropertyType::Name
                    || p.kind() == vetter_model::PropertyType::Identifier
                    || p == Property::BirthDate
            })
    })
}

struct Book {
    path: PathBuf,
    /// Customer id → listed entity id its name is a spelling of.
    spellings: HashMap<String, String>,
    material: HashSet<String>,
    immaterial: HashSet<String>,
}

/// Writes the book: real PEP and Interpol names, and spellings of listed names that the
/// update adds, removes, or changes (materially or not).
fn write_book(dir: &Path, old: &LoadedList, new: &LoadedList, size: usize) -> Option<Book> {
    let peps = shared("opensanctions/peps-names-sample/peps_names_32k.csv")?;
    let interpol = shared("opensanctions/interpol_red_notices-2025-05-23/targets.simple.csv")?;
    let path = dir.join("book.csv");
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(["customer_id", "full_name", "date_of_birth", "type"])
        .unwrap();
    let mut rows = 0usize;
    let peps: Vec<(String, String)> = csv::Reader::from_path(peps)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    for (id, name) in peps.iter().take(size * 3 / 4) {
        let id = format!("pep-{id}");
        out.write_record([id.as_str(), name, "", "Person"]).unwrap();
        rows += 1;
    }
    let mut interpol = csv::Reader::from_path(interpol).unwrap();
    for record in interpol.records() {
        let record = record.unwrap();
        if rows >= size {
            break;
        }
        let id = format!("int-{}", &record[0]);
        out.write_record([id.as_str(), &record[2], &record[4], "Person"])
            .unwrap();
        rows += 1;
    }
    // The real names run out at about 38,000: the rest are the given name of one real
    // person with the family name of another, as a customer book is mostly people who are
    // not listed.
    let words = |name: &str| {
        name.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut mixed = 0usize;
    while rows < size && !peps.is_empty() {
        let given = words(&peps[mixed * 7919 % peps.len()].1);
        let family = words(&peps[(mixed * 104_729 + 13) % peps.len()].1);
        mixed += 1;
        if let (Some(given), Some(family)) = (given.first(), family.last()) {
            let id = format!("mix-{mixed}");
            out.write_record([id.as_str(), &format!("{given} {family}"), "", "Person"])
                .unwrap();
            rows += 1;
        }
    }
    // Spellings of listed names touched by the update.
    let diff = vetter_diff::diff(&old.entities, &new.entities);
    let by_id = |list: &LoadedList, id: &str| -> Option<Entity> {
        list.entities.iter().find(|e| e.id == id).cloned()
    };
    let mut spellings = HashMap::new();
    let mut material_ids = HashSet::new();
    let mut immaterial_ids = HashSet::new();
    let usable = |e: &Entity| {
        matches!(
            e.schema,
            Schema::Person | Schema::Organization | Schema::Company
        )
    };
    let mut picked: Vec<Entity> = Vec::new();
    let glomag = ["ofac-33913", "ofac-33914"];
    picked.extend(glomag.iter().filter_map(|id| by_id(new, id)));
    picked.extend(
        diff.added
            .iter()
            .filter_map(|s| by_id(new, &s.id))
            .filter(|e| usable(e) && !glomag.contains(&e.id.as_str()))
            .step_by(40)
            .take(48),
    );
    picked.extend(
        diff.removed
            .iter()
            .filter_map(|s| by_id(old, &s.id))
            .filter(usable)
            .step_by(8)
            .take(50),
    );
    for change in diff.changed.iter() {
        let Some(entity) = by_id(old, &change.id).filter(usable) else {
            continue;
        };
        if material(change) && material_ids.len() < 50 {
            material_ids.insert(entity.id.clone());
            picked.push(entity);
        } else if !material(change) && immaterial_ids.len() < 50 {
            immaterial_ids.insert(entity.id.clone());
            picked.push(entity);
        }
    }
    for (i, entity) in picked.iter().enumerate() {
        let id = format!("var-{i}");
        let kind = if entity.schema == Schema::Person {
            "Person"
        } else {
            "Company"
        };
        let name = spelling(entity);
        out.write_record([id.as_str(), name.as_str(), "", kind])
            .unwrap();
        spellings.insert(id, entity.id.clone());
    }
    out.flush().unwrap();
    Some(Book {
        path,
        spellings,
        material: material_ids,
        immaterial: immaterial_ids,
    })
}

fn all_alerts(monitor: &Monitor) -> Vec<vetter_store::AlertSummary> {
    let filter = AlertFilter {
        limit: 1_000_000,
        ..AlertFilter::default()
    };
    monitor
        .block_on(monitor.store().list_alerts(&filter))
        .unwrap()
        .1
}

fn scenario(url: &str, dir: &Path) {
    let (Some(old), Some(new)) = (ofac("2021-07-07"), ofac("2023-12-28")) else {
        return;
    };
    let size: usize = std::env::var("VETTER_MONITOR_BOOK")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4000);
    let Some(book) = write_book(dir, &old, &new, size) else {
        return;
    };
    let index_2021 = Index::build(vec![old.clone()]);
    let monitor = Monitor::open(url).unwrap();
    let options = BatchOptions {
        progress: false,
        ..BatchOptions::default()
    };
    let added = monitor
        .add(
            &book.path,
            options.clone(),
            &index_2021,
            &AddOptions::default(),
        )
        .unwrap();
    eprintln!("add: {} read, {}", added.read, added.counts);
    assert!(added.rejected * 100 <= added.read, "{:?}", added.rejects);
    assert!(added.counts.alerts_new > 0);
    let before = all_alerts(&monitor);
    let alerted: HashSet<(String, String)> = before
        .iter()
        .map(|a| {
            (
                a.customer["id"].as_str().unwrap().to_string(),
                a.entity["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for glomag in ["ofac-33913", "ofac-33914"] {
        assert!(
            !alerted.iter().any(|(_, e)| e == glomag),
            "{glomag} is not listed in 2021"
        );
    }
    // Loading the same file again changes nothing.
    let again = monitor
        .add(&book.path, options, &index_2021, &AddOptions::default())
        .unwrap();
    assert_eq!((again.screened, again.counts.alerts_new), (0, 0));

    // Analysts clear a spelling of a materially and of an immaterially changed entity, the
    // first in customer order so that every run clears the same alerts. A material change
    // reopens a cleared alert that the new list still raises: the spelling cleared for it
    // is one that still matches its entity in the new list.
    let mut spellings: Vec<(&String, &String)> = book.spellings.iter().collect();
    spellings.sort();
    let index_2023 = Index::build(vec![new.clone()]);
    let search = SearchOptions {
        limit: 10,
        cutoff: MATCH_THRESHOLD,
        ..SearchOptions::default()
    };
    let material_customers: HashSet<&str> = (spellings.iter())
        .filter(|(_, e)| book.material.contains(*e))
        .map(|(c, _)| c.as_str())
        .collect();
    let mut customer_entities = HashMap::new();
    monitor
        .block_on(monitor.store().for_each_customer_page(5000, |page| {
            for c in page
                .iter()
                .filter(|c| material_customers.contains(c.id.as_str()))
            {
                let entity = vetter_monitor::customer_entity(&c.id, &c.record).unwrap();
                customer_entities.insert(c.id.clone(), entity);
            }
            Ok(())
        }))
        .unwrap();
    let matches_in_2023 = |customer: &str, entity: &str| {
        customer_entities.get(customer).is_some_and(|c| {
            (index_2023.search(&Prepared::new(c), &search).iter())
                .any(|hit| index_2023.entities()[hit.entity as usize].id == entity)
        })
    };
    let decide = |ids: &HashSet<String>, still_raised: bool| -> String {
        let (customer, entity) = spellings
            .iter()
            .filter(|(_, e)| ids.contains(*e))
            .filter(|(c, e)| !still_raised || matches_in_2023(c, e))
            .find(|(c, e)| alerted.contains(&(c.to_string(), e.to_string())))
            .expect("an alerted spelling");
        let id = alert_id(customer, entity);
        monitor
            .block_on(
                monitor
                    .store()
                    .decide(&id, "false_positive", "test", "other person"),
            )
            .unwrap();
        id
    };
    let cleared_unchanged = decide(&book.immaterial, false);
    let cleared_material = decide(&book.material, true);

    // The update.
    let pair = ListPair {
        old: old.clone(),
        new: new.clone(),
        old_source: "2021-07-07".into(),
        new_source: "2023-12-28".into(),
    };
    let report = monitor
        .run(std::slice::from_ref(&pair), &RunOptions::default())
        .unwrap();
    eprintln!(
        "run: {} added, {} changed, {} removed; book {}; index {:?}; {:?}; {}",
        report.added,
        report.changed,
        report.removed,
        report.book,
        report.index_time,
        report.elapsed,
        report.counts
    );
    assert!(!report.up_to_date);
    let after = all_alerts(&monitor);
    let status: HashMap<&str, &str> = after
        .iter()
        .map(|a| (a.id.as_str(), a.status.as_str()))
        .collect();
    // The November 2021 GLOMAG designations in the book are new alerts.
    for (customer, entity) in book
        .spellings
        .iter()
        .filter(|(_, e)| ["ofac-33913", "ofac-33914"].contains(&e.as_str()))
    {
        assert_eq!(
            status.get(alert_id(customer, entity).as_str()),
            Some(&"open"),
            "{customer} {entity}"
        );
    }
    // Every alert of a removed entity is closed as delisted.
    let diff = vetter_diff::diff(&old.entities, &new.entities);
    let removed: HashSet<&str> = diff.removed.iter().map(|e| e.id.as_str()).collect();
    let delisted: Vec<_> = after
        .iter()
        .filter(|a| removed.contains(a.entity["id"].as_str().unwrap()))
        .collect();
    assert!(!delisted.is_empty());
    assert!(delisted.iter().all(|a| a.status == "delisted"));
    assert_eq!(report.counts.alerts_delisted as usize, delisted.len());
    // A false positive on an immaterially changed entity stays cleared; a material change
    // reopens it with the change shown.
    assert_eq!(status[cleared_unchanged.as_str()], "false_positive");
    let reopened = monitor
        .block_on(monitor.store().alert(&cleared_material))
        .unwrap();
    assert_eq!(reopened.summary.status, "open");
    assert!(reopened.summary.reopened);
    assert!(reopened
        .changes
        .iter()
        .any(|c| c.side == "entity" && !c.added.is_empty()));
    assert!(report.counts.alerts_suppressed >= 1);

    // Completeness: every pair a full re-screen of the book against the new list finds
    // with an added or changed entity has its alert.
    let delta: HashSet<&str> = diff
        .added
        .iter()
        .map(|e| e.id.as_str())
        .chain(diff.changed.iter().map(|e| e.id.as_str()))
        .collect();
    let have: HashSet<(String, String)> = after
        .iter()
        .map(|a| {
            (
                a.customer["id"].as_str().unwrap().to_string(),
                a.entity["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected = BTreeSet::new();
    monitor
        .block_on(monitor.store().for_each_customer_page(5000, |page| {
            for c in page {
                let entity = vetter_monitor::customer_entity(&c.id, &c.record).unwrap();
                for hit in index_2023.search(&Prepared::new(&entity), &search) {
                    let listed = &index_2023.entities()[hit.entity as usize];
                    if delta.contains(listed.id.as_str()) {
                        expected.insert((c.id.clone(), listed.id.clone()));
                    }
                }
            }
            Ok(())
        }))
        .unwrap();
    let missing: Vec<_> = expected.iter().filter(|p| !have.contains(*p)).collect();
    eprintln!(
        "full re-screen finds {} pairs with changed entities; missing {}",
        expected.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "missed by the run: {missing:?}");

    // Running again does nothing; forced, it creates no duplicates and re-raises nothing.
    let second = monitor
        .run(std::slice::from_ref(&pair), &RunOptions::default())
        .unwrap();
    assert!(second.up_to_date);
    let forced = monitor
        .run(
            std::slice::from_ref(&pair),
            &RunOptions {
                force: true,
                ..RunOptions::default()
            },
        )
        .unwrap();
    assert_eq!(
        (forced.counts.alerts_new, forced.counts.alerts_reopened),
        (0, 0)
    );
    let last = all_alerts(&monitor);
    assert_eq!(last.len(), after.len());
    let statuses = |alerts: &[vetter_store::AlertSummary]| -> Vec<(String, String)> {
        alerts
            .iter()
            .map(|a| (a.id.clone(), a.status.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(statuses(&last), statuses(&after));
    // The audit trail has the runs and the decisions.
    let events = monitor
        .block_on(monitor.store().audit(10_000, 0))
        .unwrap()
        .1;
    assert_eq!(events.iter().filter(|e| e.kind == "decision").count(), 2);
    assert_eq!(events.iter().filter(|e| e.kind == "monitor_run").count(), 4);
    let mut log = std::io::stderr();
    writeln!(log, "alerts after the update: {}", last.len()).unwrap();
}

#[test]
fn sqlite_book_through_the_2021_to_2023_update() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("monitor.sqlite");
    scenario(db.to_str().unwrap(), dir.path());
}

#[test]
fn postgres_book_through_the_2021_to_2023_update() {
    let Ok(base) = std::env::var("VETTER_TEST_DATABASE_URL") else {
        eprintln!("skipped: VETTER_TEST_DATABASE_URL is not set (no PostgreSQL server; .ci/run starts one)");
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime
        .block_on(vetter_store::Store::create_postgres_database(
            &base,
            "vetter_monitor_e2e",
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    scenario(&url, dir.path());
}
