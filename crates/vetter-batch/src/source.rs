//! Record sources: CSV (delimiter sniffed), JSON lines (FtM entities or flat objects) and
//! Parquet (row groups read batch by batch), each yielding records in chunks with the line
//! (or row) number they start on.

use crate::BatchError;
use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use vetter_model::{ftm, Entity, SourceRecord};

/// A file format of customer records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Delimited text with a header line.
    Csv,
    /// One JSON object per line: an FtM entity (`schema` + `properties`) or a flat object.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl InputFormat {
    /// The format named by a file's extension (`.csv`, `.tsv`, `.txt`, `.jsonl`, `.ndjson`,
    /// `.json`, `.parquet`, `.pq`).
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" | "psv" => Some(InputFormat::Csv),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::JsonLines),
            "parquet" | "pq" => Some(InputFormat::Parquet),
            _ => None,
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" | "tsv" => Ok(InputFormat::Csv),
            "jsonl" | "json" | "ndjson" => Ok(InputFormat::JsonLines),
            "parquet" => Ok(InputFormat::Parquet),
            _ => Err(format!("unknown input format {s:?} (csv, jsonl, parquet)")),
        }
    }
}

/// One record as read, before mapping.
#[derive(Debug)]
pub(crate) enum Raw {
    /// A row of a table (CSV, Parquet), by column index.
    Values(Vec<String>),
    /// A flat JSON object.
    Object(Map<String, Value>),
    /// An FtM entity.
    Entity(Box<Entity>),
    /// A record that could not be read, with the reason.
    Bad(String),
}

/// A record and the line (CSV, JSON lines) or row (Parquet) it starts on, from 1.
#[derive(Debug)]
pub(crate) struct RawRecord {
    pub line: u64,
    pub raw: Raw,
}

/// Progress through the input: bytes (text formats) or rows (Parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Bytes,
    Rows,
}

/// A reader of records.
pub(crate) trait Source: Send {
    /// Column names (for JSON lines: the keys seen in the first records).
    fn columns(&self) -> &[String];
    /// Restricts reading to these columns (by index), where the format can.
    fn project(&mut self, _columns: &[usize]) -> Result<(), BatchError> {
        Ok(())
    }
    /// Up to `max` records; empty at the end.
    fn read(&mut self, max: usize) -> Result<Vec<RawRecord>, BatchError>;
    /// How far reading has got, and the total if known, in `unit()`.
    fn progress(&self) -> (u64, Option<u64>);
    /// The unit of [`Source::progress`].
    fn unit(&self) -> Unit;
}

/// A reader that counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A buffered text input, its byte counter and its size when known.
type TextInput = (
    BufReader<Counting<Box<dyn Read + Send>>>,
    Arc<AtomicU64>,
    Option<u64>,
);

fn open_text(path: &Path) -> Result<TextInput, BatchError> {
    let count = Arc::new(AtomicU64::new(0));
    let (inner, total): (Box<dyn Read + Send>, Option<u64>) = if path == Path::new("-") {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = File::open(path).map_err(|e| BatchError::io(path, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let reader = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner,
            count: count.clone(),
        },
    );
    Ok((reader, count, total))
}

/// Opens a source of the given format.
pub(crate) fn open(
    path: &Path,
    format: InputFormat,
    delimiter: Option<u8>,
) -> Result<Box<dyn Source>, BatchError> {
    Ok(match format {
        InputFormat::Csv => Box::new(CsvSource::open(path, delimiter)?),
        InputFormat::JsonLines => Box::new(JsonSource::open(path)?),
        InputFormat::Parquet => Box::new(ParquetSource::open(path)?),
    })
}

/// The most frequent of `,` `;` tab `|` outside quotes on the first line (`,` on a tie or
/// when none occurs).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Text of a field: UTF-8, or Windows-1252 when it is not valid UTF-8.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

struct CsvSource {
    reader: csv::Reader<BufReader<Counting<Box<dyn Read + Send>>>>,
    columns: Vec<String>,
    record: csv::ByteRecord,
    /// Lines end in CRLF: the csv reader then reports a record on the line before it (it
    /// has consumed the previous record's `\r` but not yet its `\n`).
    crlf: bool,
    count: Arc<AtomicU64>,
    total: Option<u64>,
    path: PathBuf,
}

impl CsvSource {
    fn open(path: &Path, delimiter: Option<u8>) -> Result<Self, BatchError> {
        let (mut buffered, count, total) = open_text(path)?;
        let head = buffered.fill_buf().map_err(|e| BatchError::io(path, e))?;
        let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(head));
        let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
        let crlf = first_line.len() < head.len() && first_line.ends_with(b"\r");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(buffered);
        let headers = reader
            .byte_headers()
            .map_err(|e| BatchError::Input {
                path: path.to_path_buf(),
                line: 1,
                reason: e.to_string(),
            })?
            .clone();
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = decode(h);
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}').to_string()
                } else {
                    h
                };
                h.trim().to_string()
            })
            .collect();
        Ok(CsvSource {
            reader,
            columns,
            record: csv::ByteRecord::new(),
            crlf,
            count,
            total,
            path: path.to_path_buf(),
        })
    }
}

impl Source for CsvSource {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn read(&mut self, max: usize) -> Result<Vec<RawRecord>, BatchError> {
        let mut out = Vec::with_capacity(max.min(1 << 16));
        while out.len() < max {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| BatchError::Input {
                    path: self.path.clone(),
                    line: e.position().map_or(0, |p| p.line()),
                    reason: e.to_string(),
                })?;
            if !more {
                break;
            }
            let line = self.record.position().map_or(0, |p| p.line()) + u64::from(self.crlf);
            let raw = if self.record.len() != self.columns.len() {
                Raw::Bad(format!(
                    "expected {} columns, found {}",
                    self.columns.len(),
                    self.record.len()
                ))
            } else {
                Raw::Values(self.record.iter().map(decode).collect())
            };
            out.push(RawRecord { line, raw });
        }
        Ok(out)
    }

    fn progress(&self) -> (u64, Option<u64>) {
        (self.count.load(Ordering::Relaxed), self.total)
    }

    fn unit(&self) -> Unit {
        Unit::Bytes
    }
}

struct JsonSource {
    reader: BufReader<Counting<Box<dyn Read + Send>>>,
    columns: Vec<String>,
    /// Records read to learn the columns, returned first.
    pending: VecDeque<RawRecord>,
    line: u64,
    buffer: Vec<u8>,
    count: Arc<AtomicU64>,
    total: Option<u64>,
    path: PathBuf,
}

/// How many records JSON lines looks at to learn the keys of flat objects.
const JSON_PEEK: usize = 100;

impl JsonSource {
    fn open(path: &Path) -> Result<Self, BatchError> {
        let (reader, count, total) = open_text(path)?;
        let mut source = JsonSource {
            reader,
            columns: Vec::new(),
            pending: VecDeque::new(),
            line: 0,
            buffer: Vec::new(),
            count,
            total,
            path: path.to_path_buf(),
        };
        let first = source.read_lines(JSON_PEEK)?;
        for record in &first {
            if let Raw::Object(object) = &record.raw {
                for key in object.keys() {
                    if !source.columns.contains(key) {
                        source.columns.push(key.clone());
                    }
                }
            }
        }
        source.pending.extend(first);
        Ok(source)
    }

    fn read_lines(&mut self, max: usize) -> Result<Vec<RawRecord>, BatchError> {
        let mut out = Vec::new();
        while out.len() < max {
            self.buffer.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buffer)
                .map_err(|e| BatchError::io(&self.path, e))?;
            if n == 0 {
                break;
            }
            self.line += 1;
            let line = self.line;
            let raw = match std::str::from_utf8(&self.buffer) {
                Err(_) => Raw::Bad("invalid UTF-8".into()),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => parse_json_line(text, line),
            };
            out.push(RawRecord { line, raw });
        }
        Ok(out)
    }
}

fn parse_json_line(text: &str, line: u64) -> Raw {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Raw::Bad(format!("invalid JSON: {e}")),
    };
    match value {
        Value::Object(object) if object.get("properties").is_some_and(Value::is_object) => {
            let default_id = format!("line-{line}");
            let source = SourceRecord {
                dataset: "query".into(),
                record_id: default_id.clone(),
                list_version: None,
            };
            match ftm::from_json(
                &Value::Object(object),
                ftm::Mode::Strict,
                source,
                &default_id,
            ) {
                Ok(parsed) => Raw::Entity(Box::new(parsed.entity)),
                Err(e) => Raw::Bad(e.to_string()),
            }
        }
        Value::Object(object) => Raw::Object(object),
        _ => Raw::Bad("not a JSON object".into()),
    }
}

impl Source for JsonSource {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn read(&mut self, max: usize) -> Result<Vec<RawRecord>, BatchError> {
        let mut out: Vec<RawRecord> = Vec::new();
        while out.len() < max {
            match self.pending.pop_front() {
                Some(r) => out.push(r),
                None => break,
            }
        }
        if out.len() < max {
            let more = self.read_lines(max - out.len())?;
            out.extend(more);
        }
        Ok(out)
    }

    fn progress(&self) -> (u64, Option<u64>) {
        (self.count.load(Ordering::Relaxed), self.total)
    }

    fn unit(&self) -> Unit {
        Unit::Bytes
    }
}

struct ParquetSource {
    builder: Option<ParquetRecordBatchReaderBuilder<File>>,
    reader: Option<ParquetRecordBatchReader>,
    columns: Vec<String>,
    /// Column indices read (all until projected).
    projected: Vec<usize>,
    /// Rows of the current batch not yet returned.
    batch: Option<(RecordBatch, usize)>,
    rows_read: u64,
    total: u64,
    path: PathBuf,
}

impl ParquetSource {
    fn open(path: &Path) -> Result<Self, BatchError> {
        let file = File::open(path).map_err(|e| BatchError::io(path, e))?;
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| BatchError::Input {
                path: path.to_path_buf(),
                line: 0,
                reason: e.to_string(),
            })?;
        let columns: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let total = builder.metadata().file_metadata().num_rows().max(0) as u64;
        Ok(ParquetSource {
            projected: (0..columns.len()).collect(),
            builder: Some(builder),
            reader: None,
            columns,
            batch: None,
            rows_read: 0,
            total,
            path: path.to_path_buf(),
        })
    }

    fn error(&self, reason: impl ToString) -> BatchError {
        BatchError::Input {
            path: self.path.clone(),
            line: self.rows_read + 1,
            reason: reason.to_string(),
        }
    }

    fn next_batch(&mut self) -> Result<Option<RecordBatch>, BatchError> {
        if let Some(builder) = self.builder.take() {
            let mask = ProjectionMask::roots(builder.parquet_schema(), self.projected.clone());
            let reader = builder
                .with_projection(mask)
                .with_batch_size(4096)
                .build()
                .map_err(|e| self.error(e))?;
            self.reader = Some(reader);
        }
        match self.reader.as_mut().and_then(Iterator::next) {
            None => Ok(None),
            Some(Err(e)) => Err(self.error(e)),
            Some(Ok(batch)) => Ok(Some(batch)),
        }
    }
}

impl Source for ParquetSource {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn project(&mut self, columns: &[usize]) -> Result<(), BatchError> {
        let mut columns = columns.to_vec();
        columns.sort_unstable();
        columns.dedup();
        self.projected = columns;
        Ok(())
    }

    fn read(&mut self, max: usize) -> Result<Vec<RawRecord>, BatchError> {
        let mut out = Vec::new();
        while out.len() < max {
            let (batch, start) = match self.batch.take() {
                Some(b) => b,
                None => match self.next_batch()? {
                    Some(b) => (b, 0),
                    None => break,
                },
            };
            // Every projected column as strings (dates, numbers … cast to text).
            let mut strings: Vec<StringArray> = Vec::with_capacity(batch.num_columns());
            for column in batch.columns() {
                let cast = arrow_cast::cast(column, &DataType::Utf8).map_err(|e| self.error(e))?;
                let array = cast
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| self.error("column not castable to text"))?
                    .clone();
                strings.push(array);
            }
            let end = (start + max - out.len()).min(batch.num_rows());
            for row in start..end {
                let mut values = vec![String::new(); self.columns.len()];
                for (array, column) in strings.iter().zip(&self.projected) {
                    if !array.is_null(row) {
                        values[*column] = array.value(row).to_string();
                    }
                }
                self.rows_read += 1;
                out.push(RawRecord {
                    line: self.rows_read,
                    raw: Raw::Values(values),
                });
            }
            if end < batch.num_rows() {
                self.batch = Some((batch, end));
            }
        }
        Ok(out)
    }

    fn progress(&self) -> (u64, Option<u64>) {
        (self.rows_read, Some(self.total))
    }

    fn unit(&self) -> Unit {
        Unit::Rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_delimiter_of_the_header() {
        assert_eq!(sniff_delimiter(b"id,name,dob\n1,a,b"), b',');
        assert_eq!(sniff_delimiter(b"id;name;dob\n"), b';');
        assert_eq!(sniff_delimiter(b"id\tname\tdob"), b'\t');
        assert_eq!(sniff_delimiter(b"id|name|\"a,b,c\"|dob"), b'|');
        assert_eq!(sniff_delimiter(b"name"), b',');
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            InputFormat::from_path(Path::new("a/customers.CSV")),
            Some(InputFormat::Csv)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.ndjson")),
            Some(InputFormat::JsonLines)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.parquet")),
            Some(InputFormat::Parquet)
        );
        assert_eq!(InputFormat::from_path(Path::new("x")), None);
    }
}
