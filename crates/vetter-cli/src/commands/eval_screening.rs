//! Evaluations that screen names against the index: cross-script pairs, spellings of one
//! listed party, and the false-alert rate over names that should mostly not be listed.

use crate::{bundled, IndexArg};
use anyhow::Context;
use rayon::prelude::*;
use std::path::Path;
use vetter_index::{Hit, Index, SearchOptions};
use vetter_matcher::{score, Prepared};
use vetter_model::{Entity, Property, Schema, SourceRecord};

/// A query entity with one name.
pub fn named(schema: Schema, name: &str) -> Entity {
    let mut entity = Entity::new("query", schema);
    let source = entity.add_source(SourceRecord {
        dataset: "query".into(),
        record_id: "query".into(),
        list_version: None,
    });
    entity.add(Property::Name, name, source);
    entity
}

fn screen(index: &Index, schema: Schema, name: &str, limit: usize) -> Vec<Hit> {
    let options = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    index.search(&Prepared::new(&named(schema, name)), &options)
}

/// Runs `vetter eval cross-script`.
pub fn cross_script(file: &Path, strict: bool, index: &IndexArg) -> anyhow::Result<()> {
    let index = bundled::open_index(index.index.as_deref())?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let rarity = index.rarity();
    let (mut pairs, mut matched, mut listed, mut ranked) = (0, 0, 0, 0);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("query_name,") {
            continue;
        }
        let mut fields = line.splitn(4, ',');
        let (Some(query), Some(expected)) = (fields.next(), fields.next()) else {
            anyhow::bail!("{}:{}: expected query,expected,…", file.display(), n + 1);
        };
        pairs += 1;
        let result = score(
            &Prepared::weighed(&named(Schema::Person, query), rarity),
            &Prepared::weighed(&named(Schema::Person, expected), rarity),
            rarity,
        );
        matched += usize::from(result.is_match);
        // Where the expected name is listed (an exact-name top hit), the query must find it.
        let listed_as = screen(&index, Schema::Person, expected, 1)
            .into_iter()
            .find(|h| h.result.score >= 0.95)
            .map(|h| h.entity);
        let mut rank_note = String::from("not listed");
        if let Some(entity) = listed_as {
            listed += 1;
            let top = screen(&index, Schema::Person, query, 1);
            let first = top
                .first()
                .is_some_and(|h| h.entity == entity && h.result.is_match);
            ranked += usize::from(first);
            rank_note = format!(
                "listed as {} — {}",
                index.entities()[entity as usize].id,
                if first {
                    "ranked first"
                } else {
                    "NOT ranked first"
                }
            );
        }
        println!(
            "{:<5} {:.3}  {query} ~ {expected}  ({rank_note})",
            if result.is_match { "match" } else { "MISS" },
            result.score
        );
    }
    println!("{matched}/{pairs} pairs match; {ranked}/{listed} listed names ranked first");
    if strict {
        anyhow::ensure!(
            matched == pairs && ranked == listed,
            "cross-script evaluation failed"
        );
    }
    Ok(())
}

/// Runs `vetter eval variants`.
pub fn variants(file: &Path, expect: &str, strict: bool, index: &IndexArg) -> anyhow::Result<()> {
    let index = bundled::open_index(index.index.as_deref())?;
    anyhow::ensure!(
        index.get(expect).is_some(),
        "no entity with id {expect:?} in the index"
    );
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let names: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut first = 0;
    for name in &names {
        let hits = screen(&index, Schema::LegalEntity, name, 3);
        let top = hits.first();
        let ok = top
            .is_some_and(|h| index.entities()[h.entity as usize].id == expect && h.result.is_match);
        first += usize::from(ok);
        let described = top.map_or("no result".to_string(), |h| {
            let entity = &index.entities()[h.entity as usize];
            format!("{:.3} {} {}", h.result.score, entity.id, entity.caption())
        });
        println!(
            "{:<4} {name}  → {described}",
            if ok { "ok" } else { "MISS" }
        );
    }
    println!(
        "{first}/{} spellings rank {expect} first as a match",
        names.len()
    );
    if strict {
        anyhow::ensure!(first == names.len(), "variants evaluation failed");
    }
    Ok(())
}

/// Runs `vetter eval alerts`.
pub fn alerts(
    file: &Path,
    schema: Schema,
    top: usize,
    max_rate: Option<f64>,
    index: &IndexArg,
) -> anyhow::Result<()> {
    let index = bundled::open_index(index.index.as_deref())?;
    let mut reader =
        csv::Reader::from_path(file).with_context(|| format!("reading {}", file.display()))?;
    let headers = reader.headers()?.clone();
    let column = headers
        .iter()
        .position(|h| h == "name")
        .with_context(|| format!("{}: no `name` column", file.display()))?;
    let mut names = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}:{}", file.display(), n + 2))?;
        names.push(record.get(column).unwrap_or_default().to_string());
    }
    let mut alerts: Vec<(f32, &str, u32)> = names
        .par_iter()
        .filter_map(|name| {
            let hit = screen(&index, schema, name, 1).into_iter().next()?;
            hit.result
                .is_match
                .then_some((hit.result.score, name.as_str(), hit.entity))
        })
        .collect();
    alerts.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let rate = alerts.len() as f64 / names.len().max(1) as f64;
    println!(
        "{}: {} names screened, {} alerts ({:.2} %)",
        file.display(),
        names.len(),
        alerts.len(),
        rate * 100.0
    );
    for (score, name, entity) in alerts.iter().take(top) {
        let entity = &index.entities()[*entity as usize];
        println!(
            "{score:.3}  {name}  →  {} {} [{}]",
            entity.id,
            entity.caption(),
            crate::output::programs(entity)
        );
    }
    if let Some(max) = max_rate {
        anyhow::ensure!(rate <= max, "alert rate {:.4} is above {max}", rate);
    }
    Ok(())
}

/// Runs `vetter eval retrieval` over pairs already read.
pub fn retrieval(pairs: &[super::compare::Pair], strict: bool) -> anyhow::Result<()> {
    let mut lists = bundled::lists()?;
    let base = lists.iter().map(|l| l.entities.len()).sum::<usize>();
    // The listed side of every pair, with ids that cannot collide with list entities.
    let mut listed = Vec::with_capacity(pairs.len());
    for (n, pair) in pairs.iter().enumerate() {
        let mut entity = pair.right.clone();
        entity.id = format!("pair-{n}");
        listed.push(entity);
    }
    let mut versions: Vec<vetter_index::ListVersion> = lists
        .iter()
        .map(|l| vetter_index::ListVersion {
            kind: l.kind.to_string(),
            dataset: l.dataset.clone(),
            version: l.version.clone(),
            entities: l.entities.len(),
        })
        .collect();
    versions.push(vetter_index::ListVersion {
        kind: "pairs".into(),
        dataset: "pairs".into(),
        version: None,
        entities: listed.len(),
    });
    let mut entities: Vec<Entity> = lists
        .iter_mut()
        .flat_map(|l| std::mem::take(&mut l.entities))
        .collect();
    entities.extend(listed);
    let index = Index::from_entities(versions, entities);
    let rarity = index.rarity();
    let options = SearchOptions {
        limit: 50,
        cutoff: vetter_matcher::MATCH_THRESHOLD,
        ..SearchOptions::default()
    };
    let results: Vec<(bool, bool)> = pairs
        .par_iter()
        .enumerate()
        .map(|(n, pair)| {
            let target = index.get(&format!("pair-{n}")).expect("indexed");
            let pairwise = score(
                &Prepared::weighed(&pair.left, rarity),
                &Prepared::weighed(target, rarity),
                rarity,
            );
            let found = index
                .search(&Prepared::new(&pair.left), &options)
                .iter()
                .any(|hit| hit.entity as usize == base + n);
            (pairwise.is_match, found)
        })
        .collect();
    let matched = results.iter().filter(|(m, _)| *m).count();
    let missed: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, (m, found))| *m && !found)
        .map(|(n, _)| n)
        .collect();
    for n in &missed {
        println!(
            "missed {} {:?} ~ {:?}",
            pairs[*n].id,
            pairs[*n].left.caption(),
            pairs[*n].right.caption()
        );
    }
    println!(
        "retrieval recall {:.4}: {} of {} pairs the matcher scores ≥ {} were retrieved (index of {} entities)",
        (matched - missed.len()) as f64 / matched.max(1) as f64,
        matched - missed.len(),
        matched,
        vetter_matcher::MATCH_THRESHOLD,
        index.entities().len()
    );
    if strict {
        anyhow::ensure!(
            missed.is_empty(),
            "{} pairs missed by retrieval",
            missed.len()
        );
    }
    Ok(())
}
