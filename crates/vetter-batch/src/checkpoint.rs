//! The resume checkpoint: `<output>.checkpoint`, JSON, replaced atomically after every
//! chunk whose output lines are flushed and synced.

use crate::summary::Counts;
use crate::BatchError;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Format version of the checkpoint file.
const VERSION: u32 = 1;

/// Identity of an input file: a resumed run refuses an input whose identity changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputIdentity {
    /// The input path, absolute.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u128,
}

impl InputIdentity {
    /// Reads the identity of a file.
    pub fn of(path: &Path) -> Result<Self, BatchError> {
        let metadata = std::fs::metadata(path).map_err(|e| BatchError::io(path, e))?;
        let mtime_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(InputIdentity {
            path: absolute.display().to_string(),
            size: metadata.len(),
            mtime_ns,
        })
    }
}

/// State of an interrupted run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Format version.
    pub version: u32,
    /// The input file.
    pub input: InputIdentity,
    /// Hash of the mapping (hex).
    pub mapping_hash: String,
    /// Hash of everything else that shapes the output: formats, delimiter, cut-off, limit,
    /// schema, date order, `all_results`, and the index's list versions (hex).
    pub options_hash: String,
    /// Records consumed from the input (screened and rejected).
    pub rows_done: u64,
    /// Length of the output file holding exactly the lines of those records.
    pub output_bytes: u64,
    /// Counters so far, for the final summary.
    pub counts: Counts,
}

/// `<output>.checkpoint`.
pub fn path_for(output: &Path) -> PathBuf {
    let mut name = output.as_os_str().to_owned();
    name.push(".checkpoint");
    PathBuf::from(name)
}

impl Checkpoint {
    /// A checkpoint of a run in progress.
    pub fn new(
        input: InputIdentity,
        mapping_hash: u64,
        options_hash: u64,
        rows_done: u64,
        output_bytes: u64,
        counts: Counts,
    ) -> Self {
        Checkpoint {
            version: VERSION,
            input,
            mapping_hash: format!("{mapping_hash:016x}"),
            options_hash: format!("{options_hash:016x}"),
            rows_done,
            output_bytes,
            counts,
        }
    }

    /// Writes the checkpoint to `path` atomically (temporary file, sync, rename).
    pub fn save(&self, path: &Path) -> Result<(), BatchError> {
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let body = serde_json::to_vec_pretty(self).expect("checkpoint is plain data");
        let result = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&body)?;
            file.sync_data()?;
            std::fs::rename(&temporary, path)
        })();
        result.map_err(|e| BatchError::io(path, e))
    }

    /// Reads a checkpoint.
    pub fn load(path: &Path) -> Result<Self, BatchError> {
        let text = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                BatchError::Resume(format!(
                    "no checkpoint {} (the run finished, or never started)",
                    path.display()
                ))
            } else {
                BatchError::io(path, e)
            }
        })?;
        let checkpoint: Checkpoint = serde_json::from_slice(&text)
            .map_err(|e| BatchError::Resume(format!("{}: {e}", path.display())))?;
        if checkpoint.version != VERSION {
            return Err(BatchError::Resume(format!(
                "{}: checkpoint version {} (expected {VERSION})",
                path.display(),
                checkpoint.version
            )));
        }
        Ok(checkpoint)
    }

    /// Checks that a resumed run reads the same input with the same mapping and options.
    pub fn check(
        &self,
        input: &InputIdentity,
        mapping_hash: u64,
        options_hash: u64,
    ) -> Result<(), BatchError> {
        if self.input.path != input.path {
            return Err(BatchError::Resume(format!(
                "the checkpoint is for input {}, not {}",
                self.input.path, input.path
            )));
        }
        if self.input.size != input.size || self.input.mtime_ns != input.mtime_ns {
            return Err(BatchError::Resume(format!(
                "input {} changed since the checkpoint (size {} → {}, modified time changed: {}); start again without --resume",
                input.path,
                self.input.size,
                input.size,
                self.input.mtime_ns != input.mtime_ns
            )));
        }
        if self.mapping_hash != format!("{mapping_hash:016x}") {
            return Err(BatchError::Resume(
                "the column mapping differs from the checkpoint's".into(),
            ));
        }
        if self.options_hash != format!("{options_hash:016x}") {
            return Err(BatchError::Resume(
                "the options (formats, delimiter, cut-off, limit, schema, lists) differ from the checkpoint's".into(),
            ));
        }
        Ok(())
    }
}
