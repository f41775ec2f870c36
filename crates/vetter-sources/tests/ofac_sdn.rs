//! The OFAC SDN loader on the bundled 2023-12-28 list and the other stored versions.

use std::path::{Path, PathBuf};
use vetter_model::{Entity, LinkKind, Property, Schema};
use vetter_sources::{load_ofac_sdn, LoadedList, SourceError};

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/bundled/us-ofac-sdn-2023-12-28"
);
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn bundled() -> &'static LoadedList {
    static LIST: std::sync::OnceLock<LoadedList> = std::sync::OnceLock::new();
    LIST.get_or_init(|| load_ofac_sdn(Path::new(BUNDLED), Some("2023-12-28".into())).unwrap())
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
fn loads_every_entry_without_rejects() {
    let list = bundled();
    assert_eq!(list.entities.len(), 13_821);
    assert_eq!(list.report.records, 13_821);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    assert_eq!(list.dataset, "us_ofac_sdn");
    assert_eq!(list.version.as_deref(), Some("2023-12-28"));
    // 12300, 15599 and 15600 have comments but are no longer in sdn.csv.
    assert_eq!(list.report.orphan_rows, 3);
    let count = |schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(count(Schema::Person), 6_646);
    assert_eq!(count(Schema::Vessel), 764);
    assert_eq!(count(Schema::Airplane), 378);
    assert_eq!(count(Schema::Company) + count(Schema::Organization), 6_033);
}

#[test]
fn few_remark_clauses_are_left_unparsed() {
    let report = &bundled().report;
    eprintln!(
        "{} unparsed remark clauses, e.g. {:?}",
        report.unparsed_remarks, report.unparsed_examples
    );
    // Measured 63 of about 56,500 clauses; each of them is still in `notes`.
    assert!(report.unparsed_remarks <= 80, "{}", report.unparsed_remarks);
    assert_eq!(report.unparsed_examples.len(), 20);
}

#[test]
fn kim_kun() {
    let kim = entity("ofac-28036");
    assert_eq!(kim.schema, Schema::Person);
    assert_eq!(values(kim, Property::Name), ["KIM, Kun"]);
    assert_eq!(values(kim, Property::LastName), ["KIM"]);
    assert_eq!(values(kim, Property::FirstName), ["Kun"]);
    assert_eq!(values(kim, Property::Program), ["GLOMAG"]);
    assert_eq!(kim.sanctions.len(), 1);
    assert_eq!(kim.sanctions[0].authority, "US OFAC");
    assert_eq!(kim.sanctions[0].program, "GLOMAG");
    assert_eq!(values(kim, Property::BirthDate), ["1954-01-01"]);
    assert_eq!(values(kim, Property::Gender), ["male"]);
    assert_eq!(
        values(kim, Property::PassportNumber),
        ["N0000259216", "D0002907"]
    );
    assert!(values(kim, Property::BirthPlace)[0].starts_with("Chan Toung Village"));
    assert!(values(kim, Property::Notes)[0].contains("Passport N0000259216 (Cambodia)"));
    assert_eq!(values(kim, Property::Country), ["kh"]);
    let source = &kim.sources[0];
    assert_eq!(source.record_id, "28036");
    assert_eq!(source.list_version.as_deref(), Some("2023-12-28"));
}

#[test]
fn chandy_king_links_to_kim_kun() {
    let chandy = entity("ofac-28037");
    assert_eq!(
        values(chandy, Property::BirthDate),
        ["1959-03-01", "1958-03-01"]
    );
    assert_eq!(values(chandy, Property::Gender), ["female"]);
    let link = &chandy.links[0];
    assert_eq!(link.kind, LinkKind::UnknownLink);
    assert_eq!(link.target_name, "KIM, Kun");
    assert_eq!(link.target_id.as_deref(), Some("ofac-28036"));
}

#[test]
fn union_development_group_is_a_company_with_tax_number() {
    let udg = entity("ofac-29685");
    assert_eq!(udg.schema, Schema::Company);
    assert_eq!(values(udg, Property::TaxNumber), ["L001-100119212"]);
}

#[test]
fn aliases_come_from_alt_csv() {
    let hing = entity("ofac-24682");
    assert_eq!(values(hing, Property::Name), ["HIENG, Hing Bun"]);
    assert_eq!(
        values(hing, Property::Alias),
        [
            "BUNHEUNG, Hing",
            "BUNHEANG, Hing",
            "HEANG, Hing Bun",
            "HEANG, Him Bun"
        ]
    );
}

#[test]
fn vessels_and_weak_aliases() {
    let ebano = entity("ofac-4243");
    assert_eq!(ebano.schema, Schema::Vessel);
    assert_eq!(values(ebano, Property::ImoNumber), ["7406784"]);
    assert_eq!(values(ebano, Property::Flag), ["pa"]);
    assert_eq!(values(ebano, Property::Type), ["General Cargo"]);
    assert_eq!(values(ebano, Property::GrossRegisteredTonnage), ["1865"]);
    assert_eq!(
        values(ebano, Property::PreviousName),
        ["ANA I", "SAND SWAN"]
    );
    let bnc = entity("ofac-306");
    assert_eq!(values(bnc, Property::WeakAlias), ["BNC"]);
    assert_eq!(values(bnc, Property::Alias), ["NATIONAL BANK OF CUBA"]);
}

#[test]
fn approximate_and_ranged_birth_dates() {
    assert_eq!(values(entity("ofac-7782"), Property::BirthDate), ["1951"]);
    assert_eq!(
        values(entity("ofac-15496"), Property::BirthDate),
        ["1929", "1930"]
    );
}

#[test]
fn truncated_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let sdn = std::fs::read(Path::new(BUNDLED).join("sdn.csv")).unwrap();
    let lines: Vec<&[u8]> = sdn.split(|b| *b == b'\n').take(10).collect();
    let mut truncated = lines[..9].join(&b'\n');
    truncated.extend_from_slice(b"\n999,\"CUT");
    std::fs::write(dir.path().join("sdn.csv"), &truncated).unwrap();
    let err = load_ofac_sdn(dir.path(), None).unwrap_err();
    assert!(matches!(err, SourceError::Malformed { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("sdn.csv:10"), "{message}");

    std::fs::write(dir.path().join("sdn.csv"), b"36,\"X\",-0- ,\"CUBA\"\r\n").unwrap();
    let message = load_ofac_sdn(dir.path(), None).unwrap_err().to_string();
    assert!(
        message.contains("sdn.csv:1") && message.contains("columns"),
        "{message}"
    );

    let row = b"abc,\"X\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    std::fs::write(dir.path().join("sdn.csv"), row).unwrap();
    let message = load_ofac_sdn(dir.path(), None).unwrap_err().to_string();
    assert!(
        message.contains("sdn.csv:1") && message.contains("ent_num"),
        "{message}"
    );

    std::fs::remove_file(dir.path().join("sdn.csv")).unwrap();
    let err = load_ofac_sdn(dir.path(), None).unwrap_err();
    assert!(matches!(err, SourceError::Io { .. }) && err.to_string().contains("sdn.csv"));
}

#[test]
fn readers_and_paths_agree() {
    let read = |name: &str| std::fs::read(Path::new(BUNDLED).join(name)).unwrap();
    let (sdn, add, alt, comments) = (
        read("sdn.csv"),
        read("add.csv"),
        read("alt.csv"),
        read("sdn_comments.csv"),
    );
    let list = vetter_sources::load_ofac_sdn_from_readers(
        vetter_sources::OfacSdnReaders {
            dir: PathBuf::from("embedded"),
            sdn: &mut &sdn[..],
            add: Some(&mut &add[..]),
            alt: Some(&mut &alt[..]),
            comments: Some(&mut &comments[..]),
        },
        Some("2023-12-28".into()),
    )
    .unwrap();
    assert_eq!(list.entities, bundled().entities);
}

fn shared_version(version: &str) -> Option<PathBuf> {
    let dir = Path::new(SHARED).join("us-ofac-sdn").join(version);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent (no ../shared data)", dir.display());
        None
    }
}

#[test]
fn version_2021_07_07() {
    let Some(dir) = shared_version("2021-07-07") else {
        return;
    };
    let list = load_ofac_sdn(&dir, Some("2021-07-07".into())).unwrap();
    assert_eq!(list.entities.len(), 8_976);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    eprintln!(
        "2021-07-07: {} unparsed clauses",
        list.report.unparsed_remarks
    );
    assert!(list.report.unparsed_remarks <= 80);
    let kim = list.entities.iter().find(|e| e.id == "ofac-28036").unwrap();
    assert_eq!(kim.first(Property::Name), Some("KIM, Kun"));
}

#[test]
fn version_2024_05_03_sdn_only() {
    let Some(dir) = shared_version("2024-05-03") else {
        return;
    };
    let list = load_ofac_sdn(&dir, Some("2024-05-03".into())).unwrap();
    assert_eq!(list.entities.len(), 14_965);
    assert!(
        list.report.rejected.is_empty(),
        "{:?}",
        list.report.rejected
    );
    eprintln!(
        "2024-05-03: {} unparsed clauses",
        list.report.unparsed_remarks
    );
    assert!(list.report.unparsed_remarks <= 100);
}
