//! The UN Security Council consolidated list loader on the bundled 2026-02-27 list.

use std::path::Path;
use vetter_model::{Entity, Property, Schema};
use vetter_sources::{load, load_un, load_un_from_reader, LoadedList, SourceError, SourceKind};

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/bundled/un-sc-consolidated-2026-02-27.xml"
);

fn bundled() -> &'static LoadedList {
    static LIST: std::sync::OnceLock<LoadedList> = std::sync::OnceLock::new();
    LIST.get_or_init(|| load_un(Path::new(BUNDLED), None).unwrap())
}

fn entity(id: &str) -> &'static Entity {
    bundled()
        .entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not found"))
}

fn values(entity: &Entity, property: Property) -> Vec<&str> {
    entity.values(property).collect()
}

#[test]
fn loads_every_record_without_rejects() {
    let list = bundled();
    assert_eq!(list.dataset, "un_sc_sanctions");
    assert_eq!(list.version.as_deref(), Some("2026-02-27"));
    assert_eq!(list.report.records, 1_003);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    let count = |schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(count(Schema::Person), 730);
    assert_eq!(count(Schema::Organization), 273);
    let by_kind = load(SourceKind::Un, Path::new(BUNDLED), Some("v".into())).unwrap();
    assert_eq!(by_kind.version.as_deref(), Some("v"));
    assert_eq!(by_kind.entities.len(), 1_003);
}

#[test]
fn eric_badege() {
    let badege = entity("un-CDi.001");
    assert_eq!(badege.schema, Schema::Person);
    assert_eq!(values(badege, Property::Name), ["ERIC BADEGE"]);
    assert_eq!(values(badege, Property::FirstName), ["ERIC"]);
    assert_eq!(values(badege, Property::LastName), ["BADEGE"]);
    assert_eq!(values(badege, Property::BirthDate), ["1971"]);
    assert_eq!(values(badege, Property::Nationality), ["cd"]);
    assert_eq!(values(badege, Property::Gender), ["male"]);
    assert_eq!(values(badege, Property::Program), ["DRC"]);
    let sanction = &badege.sanctions[0];
    assert_eq!(sanction.authority, "UN Security Council");
    assert_eq!(sanction.listing_date.as_deref(), Some("2012-12-31"));
    assert_eq!(sanction.measures.len(), 3);
    assert_eq!(badege.sources[0].record_id, "CDi.001");
}

#[test]
fn al_ahdal_with_aliases_documents_and_exact_birth_date() {
    let ahdal = entity("un-QDi.020");
    assert_eq!(
        values(ahdal, Property::Name),
        ["MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL"]
    );
    assert_eq!(values(ahdal, Property::MiddleName), ["HAMDI MOHAMMAD"]);
    assert_eq!(
        values(ahdal, Property::Alias),
        [
            "محمد حمدي محمد صادق الأهدل",
            "Al-Hamati, Muhammad",
            "Muhammad Muhammad Abdullah Al-Ahdal",
            "Mohamed Mohamed Abdullah Al-Ahdal"
        ]
    );
    assert_eq!(
        values(ahdal, Property::WeakAlias),
        ["Abu Asim Al-Makki", "Ahmed"]
    );
    assert_eq!(values(ahdal, Property::BirthDate), ["1971-11-19"]);
    assert_eq!(
        values(ahdal, Property::BirthPlace),
        ["Medina, Saudi Arabia"]
    );
    assert_eq!(values(ahdal, Property::PassportNumber), ["541939"]);
    assert_eq!(values(ahdal, Property::IdNumber), ["216040"]);
    assert_eq!(values(ahdal, Property::Nationality), ["ye"]);
    assert_eq!(values(ahdal, Property::Country), ["ye"]);
    assert_eq!(
        values(ahdal, Property::Address),
        ["Jamal street, Al-Dahima alley, Al-Hudaydah, Yemen"]
    );
    assert!(values(ahdal, Property::Notes)[0].starts_with("Responsible for the finances"));
}

#[test]
fn yun_ho_jin_and_an_entity() {
    let yun = entity("un-KPi.001");
    assert_eq!(values(yun, Property::BirthDate), ["1944-10-13"]);
    assert_eq!(values(yun, Property::Nationality), ["kp"]);
    assert_eq!(
        values(yun, Property::Position),
        ["Director of Namchongang Trading Corporation"]
    );
    assert_eq!(values(yun, Property::Alias), ["Yun Ho-chin"]);
    let adf = entity("un-CDe.001");
    assert_eq!(adf.schema, Schema::Organization);
    assert_eq!(values(adf, Property::Name), ["ADF"]);
    assert_eq!(values(adf, Property::Alias), ["Allied Democratic Forces"]);
    assert_eq!(values(adf, Property::PreviousName).len(), 3);
    assert_eq!(values(adf, Property::Country), ["cd"]);
}

#[test]
fn birth_year_ranges_give_each_year() {
    let list = bundled();
    let ranged = list
        .entities
        .iter()
        .filter(|e| e.values(Property::BirthDate).count() >= 3)
        .count();
    assert!(ranged > 0);
}

#[test]
fn truncated_xml_names_file_and_element() {
    let xml = std::fs::read(BUNDLED).unwrap();
    let cut = xml.len() / 2;
    let err = load_un_from_reader(&xml[..cut], Path::new("UN.xml"), None).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, SourceError::Malformed { .. }), "{message}");
    assert!(message.starts_with("UN.xml: "), "{message}");
    assert!(message.contains("(line "), "{message}");
    assert!(
        message.contains("INDIVIDUAL") || message.contains("ENTITY"),
        "{message}"
    );

    let broken = b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<DATAID>1</DATAID>\n<FIRST_NAME>A</SECOND_NAME>";
    let message = load_un_from_reader(&broken[..], Path::new("UN.xml"), None)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("UN.xml") && message.contains("line 3"),
        "{message}"
    );

    let err = load_un_from_reader(&b"<sdnList/>"[..], Path::new("x.xml"), None).unwrap_err();
    assert!(matches!(err, SourceError::WrongFormat { .. }), "{err}");
}
