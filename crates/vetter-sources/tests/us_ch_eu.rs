//! US trade.gov CSL (partial, 2023-11-30), BIS Denied Persons List (2023-11-30), the SECO
//! sample file and the EUR-Lex regulation extracts.

use vetter_model::{Property, Schema};
use vetter_sources::{load, program_info, LoadedList, SourceKind};

mod common;
use common::{entity, shared, values};

fn print_rejects(list: &LoadedList) {
    for r in &list.report.rejected {
        eprintln!("rejected {r}");
    }
}

#[test]
fn csl_partial() {
    let Some(path) = shared("us-trade-csl-partial/2023-11-30/csl.csv") else {
        return;
    };
    let list = load(SourceKind::UsCsl, &path, Some("2023-11-30".into())).unwrap();
    print_rejects(&list);
    // The provided file is a partial extract: its last row is cut off mid-address. It is
    // read as far as it goes and reported (file and line).
    assert_eq!(list.report.rejected.len(), 1);
    assert!(list.report.rejected[0].reason.starts_with("truncated row"));
    assert_eq!(list.report.rejected[0].location.line, Some(4233));
    assert_eq!(list.entities.len(), 4227);
    let telecom = entity(&list, "us-csl-30882");
    assert_eq!(
        values(telecom, Property::Name),
        ["China Telecom Corporation Limited"]
    );
    assert!(values(telecom, Property::Alias).contains(&"CHINA TELECOM CORP LTD"));
    assert_eq!(
        values(telecom, Property::RegistrationNumber),
        ["9111000071093019X7"]
    );
    assert_eq!(values(telecom, Property::Country), ["cn"]);
    assert_eq!(telecom.sanctions[0].authority, "US OFAC");
    assert_eq!(telecom.sanctions[0].program, "CMIC-EO13959");
    let el = list
        .entities
        .iter()
        .find(|e| e.sanctions.iter().any(|s| s.program == "EL"))
        .expect("an Entity List party");
    assert_eq!(el.sanctions[0].authority, "US BIS");
    let truncated = entity(&list, "us-csl-11476");
    assert_eq!(
        values(truncated, Property::Name),
        ["BERMUDEZ SUAZA, Pedro Antonio"]
    );
    assert_eq!(truncated.schema, Schema::Person);
}

#[test]
fn bis_dpl() {
    let Some(path) = shared("us-bis-dpl/2023-11-30/dpl.txt") else {
        return;
    };
    let list = load(SourceKind::UsBisDpl, &path, None).unwrap();
    print_rejects(&list);
    assert!(list.report.rejected.is_empty());
    assert_eq!(list.entities.len(), 665);
    let ash = entity(&list, "us-bis-dpl-2");
    assert_eq!(values(ash, Property::Name), ["I. ASH"]);
    assert_eq!(values(ash, Property::Country), ["us"]);
    assert_eq!(ash.sanctions[0].authority, "US BIS");
    assert_eq!(ash.sanctions[0].program, "DPL");
    assert_eq!(ash.sanctions[0].listing_date.as_deref(), Some("2003-06-19"));
    assert_eq!(ash.sanctions[0].measures, ["Denial of export privileges"]);
    let villa = entity(&list, "us-bis-dpl-3");
    assert_eq!(values(villa, Property::Name), ["AARON ABRAHAM VILLA"]);
    assert_eq!(
        values(villa, Property::Address),
        ["3415 RIVERA AVENUE, EL PASO, TX, 79905"]
    );
}

#[test]
fn seco_sample() {
    let Some(path) = shared("ch-seco-sample/seco.xml") else {
        return;
    };
    let list = load(SourceKind::ChSeco, &path, None).unwrap();
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.entities.len(), 3);
    assert_eq!(list.version.as_deref(), Some("2024-01-17"));
    let b = entity(&list, "ch-seco-64398");
    assert_eq!(b.schema, Schema::Person);
    assert_eq!(values(b, Property::Name), ["Test B"]);
    assert_eq!(values(b, Property::Gender), ["female"]);
    assert_eq!(values(b, Property::Nationality), ["gb"]);
    assert_eq!(values(b, Property::BirthDate), ["2025-12-31"]);
    assert_eq!(b.sanctions[0].program, "CH-PPDM");
    assert_eq!(b.sanctions[0].measures, ["Financial measures"]);
    let a = entity(&list, "ch-seco-64393");
    assert_eq!(a.sanctions.len(), 1);
    assert_eq!(
        a.sanctions[0].measures,
        ["Financial measures", "Travel ban"]
    );
}

#[test]
fn eurlex_extracts() {
    let Some(dir) = shared("eu-oj-sanctions-opensanctions") else {
        return;
    };
    let list = load(SourceKind::EuEurlex, &dir, None).unwrap();
    print_rejects(&list);
    // Seven nationality cells of the extract hold identity or passport numbers (rows 241,
    // 313 and 341 of 32002R0881.csv, row 22 of 32005R1183.csv): reported, kept in notes.
    assert_eq!(list.report.rejected.len(), 7);
    assert!(list
        .report
        .rejected
        .iter()
        .all(|r| r.reason.contains("in nationality (kept in notes)")));
    assert_eq!(list.report.records, 8017);
    // Record ids restart in each annex: 7,488 parties (celex, annex, recordId).
    assert_eq!(list.entities.len(), 7488);
    let kalashnikov = entity(&list, "eu-32020R1998-i-a-1");
    assert_eq!(kalashnikov.schema, Schema::Person);
    assert_eq!(
        values(kalashnikov, Property::Name),
        ["Alexander (Alexandr) Petrovich KALASHNIKOV"]
    );
    assert_eq!(
        values(kalashnikov, Property::Alias),
        ["Aлександр Петрович КАЛАШНИКОВ"]
    );
    assert_eq!(values(kalashnikov, Property::BirthDate), ["1964-01-27"]);
    assert_eq!(values(kalashnikov, Property::Nationality), ["ru"]);
    assert_eq!(values(kalashnikov, Property::Gender), ["male"]);
    assert_eq!(values(kalashnikov, Property::IdNumber), ["771670606787"]);
    let sanction = &kalashnikov.sanctions[0];
    assert_eq!(sanction.program, "EU-HR");
    assert_eq!(sanction.listing_date.as_deref(), Some("2021-03-02"));
    assert_eq!(sanction.measures, ["Asset freeze"]);
    assert!(
        program_info(&sanction.authority, &sanction.program)
            .unwrap()
            .magnitsky_style
    );
    let aksyonov = entity(&list, "eu-32014R0269-i-persons-1");
    assert_eq!(values(aksyonov, Property::BirthDate), ["1972-11-26"]);
    assert_eq!(values(aksyonov, Property::Alias).len(), 2);
}
