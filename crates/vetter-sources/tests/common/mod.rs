//! Helpers shared by the tests over the real list files.
#![allow(dead_code)] // each test file uses some of them

use std::path::{Path, PathBuf};
use vetter_model::{Entity, Property};
use vetter_sources::LoadedList;

/// The read-only shared data folder beside the repository.
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// A file under the shared data folder, or `None` (with a message) when it is absent.
pub fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// The entity with this id in a loaded list.
pub fn entity<'a>(list: &'a LoadedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not found"))
}

/// The values of a property.
pub fn values(entity: &Entity, property: Property) -> Vec<&str> {
    entity.values(property).collect()
}

/// Asserts that a list has no rejected record (printing any).
pub fn no_rejects(list: &LoadedList) {
    for r in &list.report.rejected {
        eprintln!("rejected {r}");
    }
    assert!(
        list.report.rejected.is_empty(),
        "{} rejected",
        list.report.rejected.len()
    );
}
