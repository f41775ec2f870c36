//! Recognising which list a file or directory holds, for commands given files without a
//! kind (`vetter diff OLD NEW`): stored versions (their `meta.json`), kind directories of a
//! store (their `current` version), known file names, and the first bytes of the file.

use crate::store::{read_meta, META_FILE};
use std::io::Read;
use std::path::Path;
use vetter_sources::SourceKind;

/// Detects the kind of a list file or directory from its `meta.json` (a stored version),
/// its file names and its first bytes. `None` when it cannot tell (give the kind then).
pub fn detect_kind(path: &Path) -> Option<SourceKind> {
    if path.is_dir() {
        if let Ok(meta) = read_meta(&path.join(META_FILE)) {
            return meta.kind.parse().ok();
        }
        // A kind directory of the store: its current version.
        if let Ok(id) = std::fs::read_to_string(path.join(crate::store::CURRENT_FILE)) {
            return detect_kind(&path.join(id.trim()));
        }
        let has = |name: &str| path.join(name).is_file();
        if has("sdn.csv") {
            return Some(SourceKind::OfacSdn);
        }
        if has("cons_prim.csv") {
            return Some(SourceKind::OfacCons);
        }
        if has("subjects.csv") {
            return Some(SourceKind::UkFcdo);
        }
        // A directory with one list file.
        let files: Vec<_> = std::fs::read_dir(path)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.file_name() != Some(std::ffi::OsStr::new(META_FILE)))
            .collect();
        return match files.as_slice() {
            [one] => detect_kind(one),
            _ => None,
        };
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    match name.as_str() {
        "sdn.csv" | "add.csv" | "alt.csv" | "sdn_comments.csv" => return Some(SourceKind::OfacSdn),
        n if n.starts_with("cons_") && n.ends_with(".csv") => return Some(SourceKind::OfacCons),
        "targets.simple.csv" => return Some(SourceKind::OsSimple),
        "targets.nested.json" => return Some(SourceKind::OsNested),
        "entities.ftm.json" => return Some(SourceKind::Ftm),
        "subjects.csv" => return Some(SourceKind::UkFcdo),
        _ => {}
    }
    let mut head = vec![0u8; 2048];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let head = String::from_utf8_lossy(&head[..n]);
    let contains = |s: &str| head.contains(s);
    if contains("<CONSOLIDATED_LIST") {
        return Some(SourceKind::Un);
    }
    if contains("<sanctionsData") {
        return Some(SourceKind::OfacEnhanced);
    }
    if contains("<sdnList") {
        return Some(SourceKind::OfacCons);
    }
    if contains("<swiss-sanctions-list") {
        return Some(SourceKind::ChSeco);
    }
    if contains("<data-set") && contains("<record") {
        return Some(SourceKind::CaSema);
    }
    if head.starts_with("Last Updated") || contains("\nName 6,") {
        return Some(SourceKind::UkOfsi);
    }
    if head.starts_with("_id,source,entity_number") {
        return Some(SourceKind::UsCsl);
    }
    if head.starts_with("\"Name\"\t\"Street_Address\"") || head.starts_with("Name\tStreet_Address")
    {
        return Some(SourceKind::UsBisDpl);
    }
    if head.starts_with("PK") {
        // XLSX: DFAT and OFSI publish spreadsheets; tell them by name.
        if name.contains("regulation8") || name.contains("dfat") || name.contains("austral") {
            return Some(SourceKind::AuDfat);
        }
        if name.contains("conlist") || name.contains("uk_sanctions") || name.contains("ofsi") {
            return Some(SourceKind::UkOfsi);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn detects_the_bundled_lists() {
        let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
        assert_eq!(
            detect_kind(&bundled.join("us-ofac-sdn-2023-12-28")),
            Some(SourceKind::OfacSdn)
        );
        assert_eq!(
            detect_kind(&bundled.join("us-ofac-sdn-2023-12-28/sdn.csv")),
            Some(SourceKind::OfacSdn)
        );
        assert_eq!(
            detect_kind(&bundled.join("un-sc-consolidated-2026-02-27.xml")),
            Some(SourceKind::Un)
        );
    }
}
