//! (in progress)
use crate::{LoadedList, SourceError};
use std::path::Path;
use vetter_model::Property;

/// Default columns.
pub const DEFAULT_COLUMNS: &[(&str, Property)] = &[];
/// Default mapping.
pub fn default_mapping(_header: &[String]) -> Vec<(Property, String)> {
    Vec::new()
}
/// Loads a custom list.
pub fn load_custom(
    path: &Path,
    _mapping: &[(Property, String)],
    _version: Option<String>,
) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
pub(crate) fn header(_path: &Path, _bytes: &[u8]) -> Result<Vec<String>, SourceError> {
    Ok(Vec::new())
}
