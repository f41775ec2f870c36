//! Cross-list resolution over the real UN Security Council list (2026-02-27) and the FCDO
//! UK Sanctions List (2026-05-13), which cites UN reference numbers.

use std::path::{Path, PathBuf};
use vetter_resolve::{resolve, Decisions};
use vetter_sources::{load, LoadedList, SourceKind};

fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

fn lists() -> Option<Vec<LoadedList>> {
    let un = shared("un-sc-consolidated/2026-02-27/UN_consolidated.xml")?;
    let fcdo = shared("uk-fcdo-sanctions-list-derived/2026-05-13")?;
    Some(vec![
        load(SourceKind::Un, &un, None).unwrap(),
        load(SourceKind::UkFcdo, &fcdo, None).unwrap(),
    ])
}

fn entities(lists: Vec<LoadedList>) -> Vec<vetter_model::Entity> {
    lists.into_iter().flat_map(|l| l.entities).collect()
}

#[test]
fn uk_records_citing_un_references_merge_with_the_un_record() {
    let Some(lists) = lists() else { return };
    let records: usize = lists.iter().map(|l| l.entities.len()).sum();
    let resolved = resolve(entities(lists), &Decisions::default());
    let report = &resolved.report;
    eprintln!(
        "{records} records → {} entities; {} merged entities of {} records; {:?}; {} refused",
        report.canonical,
        report.merged_entities,
        report.merged_records,
        report.by_rule,
        report.refused.len()
    );
    assert_eq!(report.records, records);
    assert_eq!(
        report.canonical + report.merged_records - report.merged_entities,
        records
    );
    // FCDO AFG0001 cites TAe.010 (Haji Khairullah Haji Sattar Money Exchange).
    let merged = resolved
        .entities
        .iter()
        .find(|e| e.id == "un-TAe.010")
        .unwrap();
    assert!(merged.referents.contains(&"gb-fcdo-AFG0001".to_string()));
    assert_eq!(merged.datasets().len(), 2, "{:?}", merged.datasets());
    assert_eq!(merged.merges[0].rule, "un_reference");
    assert_eq!(merged.merges[0].evidence, "UN reference TAe.010");
    assert!(report.by_rule["un_reference"] > 300, "{:?}", report.by_rule);
    // No merged entity holds two records of one list or mixes a person with an organisation.
    for entity in resolved.entities.iter().filter(|e| !e.referents.is_empty()) {
        let mut datasets: Vec<&str> = entity.sources.iter().map(|s| s.dataset.as_str()).collect();
        let all = datasets.len();
        datasets.dedup();
        assert_eq!(datasets.len(), all, "{}: {datasets:?}", entity.id);
        assert!(
            entity.merges.len() == entity.referents.len(),
            "{}",
            entity.id
        );
    }
    for refusal in &report.refused {
        assert!(!refusal.reason.is_empty());
    }
}

#[test]
fn a_split_decision_undoes_a_merge() {
    let Some(lists) = lists() else { return };
    let decisions = Decisions::from_toml(
        "[[split]]\nids = [\"un-TAe.010\", \"gb-fcdo-AFG0001\"]\nreason = \"review\"\n",
    )
    .unwrap();
    let resolved = resolve(entities(lists), &decisions);
    let un = resolved
        .entities
        .iter()
        .find(|e| e.id == "un-TAe.010")
        .unwrap();
    assert!(un.referents.is_empty());
    assert!(resolved.entities.iter().any(|e| e.id == "gb-fcdo-AFG0001"));
    assert!(resolved
        .report
        .refused
        .iter()
        .any(|r| r.reason == "split decision: review"));
}
