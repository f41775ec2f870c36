//! (in progress)
use crate::{LoadedList, SourceError, SourceKind};
use std::path::Path;

pub(crate) fn load(
    path: &Path,
    _version: Option<String>,
    _kind: SourceKind,
) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
pub(crate) fn load_simple(
    path: &Path,
    _version: Option<String>,
) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
