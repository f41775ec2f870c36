//! The OFAC non-SDN consolidated list: CSV set (2025-12-19) and XML (2025-03-28).

use vetter_model::{Property, Schema};
use vetter_sources::{load, SourceKind};

mod common;
use common::{entity, shared, values};

#[test]
fn csv_set() {
    let Some(dir) = shared("us-ofac-consolidated/2025-12-19") else {
        return;
    };
    let list = load(SourceKind::OfacCons, &dir, Some("2025-12-19".into())).unwrap();
    assert_eq!(list.entities.len(), 442);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.dataset, "us_ofac_cons");
    assert_eq!(list.report.orphan_rows, 0);
    let haniya = entity(&list, "ofac-cons-9639");
    assert_eq!(haniya.schema, Schema::Person);
    assert_eq!(
        values(haniya, Property::Name),
        ["HANIYA, Ismail Abdul Salah"]
    );
    assert_eq!(values(haniya, Property::BirthDate), ["1962"]);
    assert_eq!(values(haniya, Property::Program), ["NS-PLC"]);
    assert_eq!(haniya.sanctions[0].authority, "US OFAC");
    assert_eq!(haniya.sanctions[0].program, "NS-PLC");
    assert!(haniya.sanctions[0].measures.is_empty());
    let zahhar = entity(&list, "ofac-cons-9647");
    assert_eq!(values(zahhar, Property::Program), ["SDGT", "NS-PLC"]);
    assert_eq!(values(zahhar, Property::BirthDate), ["1945"]);
    assert_eq!(values(zahhar, Property::Gender), ["male"]);
    assert!(values(zahhar, Property::WeakAlias)
        .iter()
        .chain(values(zahhar, Property::Alias).iter())
        .any(|a| *a == "ZAHAR, Mahmoud"));
    // A CMIC company: the program's measure comes from the vocabulary.
    let telecom = list
        .entities
        .iter()
        .find(|e| e.caption() == "CHINA TELECOM CORPORATION LIMITED")
        .expect("China Telecom");
    assert_eq!(telecom.schema, Schema::Company);
    assert_eq!(telecom.sanctions[0].program, "CMIC-EO13959");
    assert_eq!(
        telecom.sanctions[0].measures,
        ["Prohibition of securities transactions"]
    );
}

#[test]
fn xml() {
    let Some(path) = shared("us-ofac-consolidated/2025-03-28/consolidated.xml") else {
        return;
    };
    let list = load(SourceKind::OfacCons, &path, None).unwrap();
    assert_eq!(list.entities.len(), 443);
    assert_eq!(list.report.records, 443);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.version.as_deref(), Some("2025-03-28"));
    let haniya = entity(&list, "ofac-cons-9639");
    assert_eq!(haniya.schema, Schema::Person);
    assert_eq!(
        values(haniya, Property::Name),
        ["HANIYA, Ismail Abdul Salah"]
    );
    assert_eq!(
        values(haniya, Property::Alias),
        ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    );
    assert_eq!(values(haniya, Property::BirthDate), ["1962"]);
    assert_eq!(values(haniya, Property::BirthPlace), ["Shati"]);
    assert_eq!(values(haniya, Property::Program), ["NS-PLC"]);
    let telecom = list
        .entities
        .iter()
        .find(|e| e.caption() == "CHINA TELECOM CORPORATION LIMITED")
        .expect("China Telecom");
    assert_eq!(telecom.schema, Schema::Company);
    assert_eq!(
        values(telecom, Property::RegistrationNumber),
        ["9111000071093019X7"]
    );
    assert!(values(telecom, Property::Country).contains(&"cn"));
}

#[test]
fn xml_given_as_sdn_is_wrong_format() {
    let Some(path) = shared("us-ofac-consolidated/2025-03-28/consolidated.xml") else {
        return;
    };
    let err = load(SourceKind::Un, &path, None).unwrap_err();
    assert!(err.to_string().contains("consolidated.xml"), "{err}");
    let Some(xlsx) = shared("au-dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx") else {
        return;
    };
    let err = load(SourceKind::Un, &xlsx, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a un list (found an XLSX spreadsheet)",
            xlsx.display()
        )
    );
}

#[test]
fn enhanced_xml() {
    let Some(path) = shared("us-ofac-sls-enhanced-xml-filtered/2024-05-24/yemen_sanctions.xml")
    else {
        return;
    };
    let list = load(SourceKind::OfacEnhanced, &path, None).unwrap();
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.entities.len(), 10);
    assert_eq!(list.version.as_deref(), Some("2024-05-24"));
    let zabin = entity(&list, "ofac-30624");
    assert_eq!(zabin.schema, Schema::Person);
    assert_eq!(values(zabin, Property::Name), ["ZABIN, Sultan"]);
    assert!(values(zabin, Property::WeakAlias).contains(&"SAQAR, Abu"));
    assert!(values(zabin, Property::Alias).contains(&"سلطان صالح عیضة عیضة زابن"));
    assert_eq!(values(zabin, Property::BirthDate), ["1986"]);
    assert_eq!(values(zabin, Property::Gender), ["male"]);
    assert_eq!(values(zabin, Property::Nationality), ["ye"]);
    let glomag = zabin
        .sanctions
        .iter()
        .find(|s| s.program == "GLOMAG")
        .unwrap();
    assert_eq!(glomag.listing_date.as_deref(), Some("2020-12-10"));
    assert!(
        vetter_sources::program_info("US OFAC", "GLOMAG")
            .unwrap()
            .magnitsky_style
    );
    let Some(path) = shared("us-ofac-sls-enhanced-xml-filtered/2024-08-28/IRGC_sanctions.xml")
    else {
        return;
    };
    let list = load(SourceKind::OfacEnhanced, &path, None).unwrap();
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.entities.len(), 293);
    let linked = list.entities.iter().filter(|e| !e.links.is_empty()).count();
    assert!(linked > 100, "{linked}");
}
