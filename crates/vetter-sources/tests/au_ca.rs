//! Australia DFAT consolidated list (XLSX 2024-11-11) and Canada SEMA/JVCFOA (XML 2020 and
//! 2025).

use vetter_model::{Property, Schema};
use vetter_sources::{load, program_info, LoadedList, SourceKind};

mod common;
use common::{entity, no_rejects, shared, values};

fn magnitsky(list: &LoadedList) -> usize {
    list.entities
        .iter()
        .filter(|e| {
            e.sanctions
                .iter()
                .any(|s| program_info(&s.authority, &s.program).is_some_and(|p| p.magnitsky_style))
        })
        .count()
}

#[test]
fn dfat_xlsx() {
    let Some(path) = shared("au-dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx") else {
        return;
    };
    let list = load(SourceKind::AuDfat, &path, None).unwrap();
    no_rejects(&list);
    assert_eq!(list.report.records, 9553);
    assert_eq!(list.entities.len(), 3062);
    assert_eq!(list.version.as_deref(), Some("2024-11-11"));
    assert_eq!(list.dataset, "au_dfat_sanctions");
    let count = |schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(count(Schema::Person), 2316);
    let akhund = entity(&list, "au-dfat-2");
    assert_eq!(akhund.schema, Schema::Person);
    assert_eq!(values(akhund, Property::Name), ["MOHAMMAD HASSAN AKHUND"]);
    assert_eq!(values(akhund, Property::Alias), ["محمد حسن أخوند"]);
    assert_eq!(
        values(akhund, Property::BirthDate),
        ["1955", "1956", "1957", "1958", "1945", "1946", "1947", "1948", "1949", "1950"]
    );
    assert_eq!(values(akhund, Property::Nationality), ["af"]);
    assert_eq!(akhund.sanctions[0].program, "AU-UN-1988");
    assert_eq!(
        akhund.sanctions[0].listing_date.as_deref(),
        Some("2001-01-25")
    );
    let anichin = entity(&list, "au-dfat-6830");
    assert_eq!(
        values(anichin, Property::Alias),
        ["Alexei Vasilyevich ANICHIN"]
    );
    assert_eq!(values(anichin, Property::BirthDate), ["1949-12-01"]);
    assert_eq!(anichin.sanctions[0].program, "AU-THEMATIC-HR");
    assert_eq!(anichin.sanctions[0].authority, "Australia DFAT");
    let n = magnitsky(&list);
    eprintln!("{n} Magnitsky-style entities");
    assert!(n > 100, "{n}");
}

#[test]
fn sema_2025() {
    let Some(path) = shared("ca-sema/2025-05-25/cannada.xml") else {
        return;
    };
    let list = load(SourceKind::CaSema, &path, None).unwrap();
    no_rejects(&list);
    assert_eq!(list.entities.len(), 4759);
    assert_eq!(list.version.as_deref(), Some("2025-03-20"));
    assert_eq!(list.dataset, "ca_dfatd_sema_sanctions");
    assert_eq!(magnitsky(&list), 80);
    let maduro = list
        .entities
        .iter()
        .find(|e| e.caption() == "Nicolás MADURO MOROS")
        .expect("Maduro");
    assert_eq!(maduro.schema, Schema::Person);
    assert_eq!(maduro.id, "ca-sema-ca-jvcfoa-1");
    assert_eq!(maduro.sanctions[0].program, "CA-JVCFOA");
    assert_eq!(
        maduro.sanctions[0].listing_date.as_deref(),
        Some("2017-11-03")
    );
    assert_eq!(maduro.sanctions[0].measures, ["Asset freeze", "Travel ban"]);
    let luka = list
        .entities
        .iter()
        .find(|e| e.caption() == "Aleksandr Grigoryevich Lukashenko")
        .expect("Lukashenko");
    assert_eq!(values(luka, Property::BirthDate), ["1954-08-30"]);
    assert_eq!(luka.sanctions[0].program, "CA-SEMA-BLR");
    let ship = list
        .entities
        .iter()
        .find(|e| e.caption() == "Balitiyskiy III")
        .expect("ship");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(values(ship, Property::ImoNumber), ["7612448"]);
    assert_eq!(values(ship, Property::BuildDate), ["1980"]);
}

#[test]
fn sema_2020() {
    let Some(path) = shared("ca-sema/2020-04-15/sema-lmes.xml") else {
        return;
    };
    let list = load(SourceKind::CaSema, &path, Some("2020-04-15".into())).unwrap();
    no_rejects(&list);
    assert_eq!(list.entities.len(), 1369);
    assert_eq!(magnitsky(&list), 70);
    let bagan = entity(&list, "ca-sema-ca-sema-mmr-1-1");
    assert_eq!(values(bagan, Property::Name), ["Air Bagan"]);
    assert_eq!(
        values(bagan, Property::Alias),
        ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"]
    );
    assert_eq!(bagan.sanctions[0].authority, "Canada");
    assert!(bagan.sanctions[0].listing_date.is_none());
}
