//! (in progress)
use crate::{LoadedList, SourceError};
use std::path::Path;

pub(crate) fn load_csl(path: &Path, _version: Option<String>) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
pub(crate) fn load_dpl(path: &Path, _version: Option<String>) -> Result<LoadedList, SourceError> {
    Err(SourceError::malformed(
        crate::Location::line(path, 1),
        "not implemented",
    ))
}
