//! A person's name matched on given names alone rests on names many people share: the
//! lists' "FAMILY, Given" names tell which words are given names, and those lend a match
//! little support however few listed entities bear them. On the bundled OFAC SDN list of
//! 2023-12-28.

mod common;

use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{Entity, Property, Schema};
use vetter_names::{analyze, NameKind};

/// The score of the best match of `name` (a person) with the listed entity `id`.
fn score(lists: &Index, name: &str, id: &str) -> f32 {
    let mut query = Entity::new("q", Schema::Person);
    query.add(Property::Name, name, 0);
    let options = SearchOptions {
        limit: 50,
        cutoff: 0.0,
        ..SearchOptions::default()
    };
    let hits = lists.search(&Prepared::new(&query), &options);
    let hit = hits
        .iter()
        .find(|hit| lists.entities()[hit.entity as usize].id == id);
    hit.map_or(0.0, |hit| hit.result.score)
}

#[test]
fn the_lists_tell_given_names_from_family_names() {
    let lists = common::ofac();
    let given = |word: &str| {
        let name = analyze(word, NameKind::Person);
        lists.rarity().is_given_name(&name.parts[0].key)
    };
    for word in [
        "Qasim", "Ismail", "Said", "Nazir", "Nazeer", "Vladimir", "Luis", "Iqbal", "Saleh",
    ] {
        assert!(given(word), "{word} is a given name");
    }
    for word in ["Kim", "Putin", "Mnangagwa", "Sanchez", "Hanif"] {
        assert!(!given(word), "{word} is not (only) a given name");
    }
}

#[test]
fn a_name_matched_on_given_names_alone_is_weak_support() {
    let lists = common::ofac();
    // Two given names equal to a listed name: a namesake as often as not.
    assert!(score(lists, "Muhammad Qasim", "ofac-15581") < 0.75);
    assert!(score(lists, "Mohammed Said", "ofac-11740") < 0.75);
    assert!(score(lists, "Muhammad Amin", "ofac-6940") < 0.7);
    assert!(score(lists, "Mohammad Ismail", "ofac-9595") < 0.75);
    // A word the lists write as a given name as often as a family name (Iqbal, Saleh) is
    // a given name as often as not.
    assert!(score(lists, "Mohammed Iqbal", "ofac-17164") < 0.75);
    assert!(score(lists, "Ali Saleh", "ofac-12992") < 0.7);
    // A family name is support enough.
    assert!(score(lists, "Emmerson Dambudzo Mnangagwa", "ofac-7513") > 0.99);
    assert!(score(lists, "Vladimir Putin", "ofac-35096") > 0.99);
    // An 'Abd compound is one given name: its 'Abd adds no support to the divine name's.
    assert!(score(lists, "Muhammad Abdul Nasir", "ofac-32151") < 0.7);
    assert!(score(lists, "Aboul Khan", "ofac-11357") < 0.7);
    assert!(score(lists, "Abdul Qadeer Khan", "ofac-11357") > 0.9);
}

#[test]
fn a_given_name_searched_alone_does_not_find_the_family_it_leaves_out() {
    let lists = common::ofac();
    assert!(score(lists, "Shahzad", "ofac-30525") < 0.7);
    // A family name searched alone finds its bearer.
    assert!(score(lists, "Mnangagwa", "ofac-7513") >= 0.7);
    assert!(score(lists, "Thaung", "ofac-34660") >= 0.7);
    // A name written in Burmese has none: U Thaung is a given name searched alone, not
    // the family of "THAUNG, Jonathan Myo Kyaw".
    assert!(score(lists, "ဦးေသာင္း", "ofac-34660") < 0.7);
}
