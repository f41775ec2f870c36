//! UK: OFSI ConList (CSV 2018-04-13 and XLSX 2025-04-10) and the FCDO UK Sanctions List
//! normalised CSV set (2026-05-13).

use vetter_model::{Property, Schema};
use vetter_sources::{load, un_reference, SourceKind};

mod common;
use common::{entity, no_rejects, shared, values};

#[test]
fn ofsi_csv_2018() {
    let Some(path) = shared("uk-ofsi-conlist/2018-04-13/sanctionsconlist.csv") else {
        return;
    };
    let list = load(SourceKind::UkOfsi, &path, None).unwrap();
    no_rejects(&list);
    assert_eq!(list.report.records, 9487);
    assert_eq!(list.entities.len(), 2106);
    assert_eq!(list.version.as_deref(), Some("2018-04-13"));
    assert_eq!(list.dataset, "gb_hmt_sanctions");
    let q = entity(&list, "gb-hmt-13349");
    assert_eq!(q.schema, Schema::Person);
    assert!(values(q, Property::Alias).contains(&"Sheikh Farooq AL-QAHTANI"));
    assert!(values(q, Property::BirthDate).contains(&"1980"));
    assert_eq!(values(q, Property::Nationality), ["sa", "qa"]);
    assert!(values(q, Property::PassportNumber).contains(&"592667"));
    assert_eq!(un_reference(q), Some("QDe.004"));
    assert_eq!(q.sanctions[0].program, "UK-AQD");
    assert_eq!(q.sanctions[0].listing_date.as_deref(), Some("2016-04-01"));
}

#[test]
fn ofsi_xlsx_2025() {
    let Some(path) = shared("uk-ofsi-conlist/2025-04-10/UK_Sanctions_List.xlsx") else {
        return;
    };
    let list = load(SourceKind::UkOfsi, &path, None).unwrap();
    no_rejects(&list);
    assert_eq!(list.report.records, 18796);
    assert_eq!(list.entities.len(), 4686);
    assert_eq!(list.version.as_deref(), Some("2025-04-10"));
    let count = |schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(count(Schema::Person), 3662);
    assert_eq!(count(Schema::Vessel), 15);
    let haq = entity(&list, "gb-hmt-15672");
    assert_eq!(haq.schema, Schema::Person);
    assert!(values(haq, Property::Alias).contains(&"Mian MITHOO"));
    assert_eq!(values(haq, Property::Gender), ["male"]);
    assert_eq!(values(haq, Property::Nationality), ["pk"]);
    assert_eq!(haq.sanctions.len(), 1);
    assert_eq!(haq.sanctions[0].authority, "UK");
    assert_eq!(haq.sanctions[0].program, "UK-GHR");
    assert_eq!(haq.sanctions[0].listing_date.as_deref(), Some("2022-12-09"));
    assert!(
        vetter_sources::program_info("UK", &haq.sanctions[0].program)
            .unwrap()
            .magnitsky_style
    );
    assert!(values(haq, Property::Notes).contains(&"UK Sanctions List reference: GHR0086"));
    let magnitsky = list
        .entities
        .iter()
        .filter(|e| {
            e.sanctions.iter().any(|s| {
                vetter_sources::program_info(&s.authority, &s.program)
                    .is_some_and(|p| p.magnitsky_style)
            })
        })
        .count();
    assert!(magnitsky > 150, "{magnitsky}");
}

#[test]
fn fcdo_derived() {
    let Some(dir) = shared("uk-fcdo-sanctions-list-derived/2026-05-13") else {
        return;
    };
    let list = load(SourceKind::UkFcdo, &dir, Some("2026-05-13".into())).unwrap();
    no_rejects(&list);
    assert_eq!(list.entities.len(), 6046);
    assert_eq!(list.report.orphan_rows, 0);
    assert_eq!(list.dataset, "gb_fcdo_sanctions");
    let afg = entity(&list, "gb-fcdo-AFG0001");
    assert!(afg.schema.is_organisation_like());
    assert_eq!(
        values(afg, Property::Name),
        ["HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"]
    );
    assert!(values(afg, Property::Alias).contains(&"Haji Alim Hawala"));
    assert_eq!(un_reference(afg), Some("TAe.010"));
    assert_eq!(afg.sanctions[0].program, "UK-AFG");
    assert_eq!(afg.sanctions[0].listing_date.as_deref(), Some("2012-06-29"));
    let person = entity(&list, "gb-fcdo-AFG0006");
    assert!(values(person, Property::BirthDate).contains(&"1967-01-01"));
    assert!(values(person, Property::BirthDate).contains(&"1968"));
    let ghr = list
        .entities
        .iter()
        .filter(|e| e.sanctions.iter().any(|s| s.program == "UK-GHR"))
        .count();
    let gac = list
        .entities
        .iter()
        .filter(|e| e.sanctions.iter().any(|s| s.program == "UK-GAC"))
        .count();
    assert_eq!((ghr, gac), (174, 65));
}
