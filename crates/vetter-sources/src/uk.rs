//! (in progress)
use crate::{LoadedList, SourceError};
use std::path::Path;

pub(crate) fn load_ofsi(
    path: &Path,
    _version: Option<String>,
    _xlsx: bool,
) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
pub(crate) fn load_fcdo(path: &Path, _version: Option<String>) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
