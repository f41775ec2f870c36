//! Searching a customer book for the customers a listed entity matches (monitoring's
//! re-screen after a list update) finds every pair that screening each customer against the
//! lists finds, with the same score, although the matcher is not symmetric: a listed name's
//! extra parts cost less than a customer's ("Shaykh Mnangagwa" against OFAC's `MNANGAGWA,
//! Emmerson Dambudzo`).
//! On the bundled OFAC SDN list of 2023-12-28.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::{Prepared, MATCH_THRESHOLD};
use vetter_model::{Entity, Property, Schema};

fn customer(id: String, schema: Schema, name: &str) -> Entity {
    let mut entity = Entity::new(id, schema);
    entity.add(Property::Name, name, 0);
    entity
}

/// Customers named as a customer file names listed parties: "FAMILY, Given Middle" written
/// "Given Family" (middle names dropped) and "Given Middle Family", and the names of
/// organisations in title case; every 8th listed person and organisation.
fn book(lists: &Index) -> Vec<Entity> {
    let title = |s: &str| -> String {
        s.split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::new();
    let listed = lists
        .entities()
        .iter()
        .filter(|e| matches!(e.schema, Schema::Person | Schema::Organization));
    for (i, entity) in listed.step_by(8).enumerate() {
        for name in entity.values(Property::Name).take(3) {
            let spellings = match name.split_once(", ") {
                Some((family, given)) if entity.schema == Schema::Person => {
                    let first = given.split_whitespace().next().unwrap_or(given);
                    vec![
                        format!("{} {}", title(first), title(family)),
                        format!("{} {}", title(given), title(family)),
                    ]
                }
                _ => vec![title(name)],
            };
            for (j, spelling) in spellings.iter().enumerate() {
                let id = format!("c{i}-{}-{j}", out.len());
                out.push(customer(id, entity.schema, spelling));
            }
        }
    }
    // A spelling of a listed name that matches another listed person better seen from the
    // customer's side than from the list's.
    out.push(customer(
        "shaykh".into(),
        Schema::Person,
        "Shaykh Mnangagwa",
    ));
    out
}

#[test]
fn reverse_search_finds_every_pair_screening_finds_with_the_same_score() {
    let lists = common::ofac();
    let customers = book(lists);
    let book = Index::from_entities_with_rarity(Vec::new(), customers, lists.rarity().clone());
    let options = SearchOptions {
        limit: 1000,
        cutoff: MATCH_THRESHOLD,
        ..SearchOptions::default()
    };
    // Listed entity → customer → score, screening each customer.
    let mut forward: BTreeMap<u32, BTreeMap<String, f32>> = BTreeMap::new();
    for entity in book.entities() {
        for hit in lists.search(&Prepared::new(entity), &options) {
            forward
                .entry(hit.entity)
                .or_default()
                .insert(entity.id.clone(), hit.result.score);
        }
    }
    let pairs: usize = forward.values().map(BTreeMap::len).sum();
    assert!(pairs > 1500, "{pairs} pairs");
    let listed = lists.get("ofac-7513").map(|e| e.id.clone()).unwrap();
    let listed = lists
        .entities()
        .iter()
        .position(|e| e.id == listed)
        .unwrap() as u32;
    assert!(
        forward[&listed].contains_key("shaykh"),
        "screening matches Shaykh Mnangagwa with ofac-7513"
    );
    let mut missed = Vec::new();
    for (&listed, customers) in &forward {
        let reverse: BTreeMap<String, f32> = book
            .search_as_queries(lists.prepared(listed), MATCH_THRESHOLD)
            .into_iter()
            .map(|hit| {
                (
                    book.entities()[hit.entity as usize].id.clone(),
                    hit.result.score,
                )
            })
            .collect();
        for (customer, score) in customers {
            match reverse.get(customer) {
                Some(found) => assert_eq!(found, score, "{customer} / {listed}"),
                None => missed.push((
                    book.get(customer).unwrap().caption().to_string(),
                    lists.entities()[listed as usize].id.clone(),
                )),
            }
        }
        // Whatever the reverse search adds, screening the customer scores the same.
        let extra: BTreeSet<&String> = reverse
            .keys()
            .filter(|c| !customers.contains_key(*c))
            .collect();
        for id in extra {
            let entity = book.get(id).unwrap();
            let query = Prepared::weighed(entity, lists.rarity());
            let score = vetter_matcher::score(&query, lists.prepared(listed), lists.rarity()).score;
            assert_eq!(score, reverse[id], "{id} / {listed}");
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {pairs} pairs missed: {missed:?}",
        missed.len()
    );
}
