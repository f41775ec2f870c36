//! Tabular sources: CSV/TSV text files and spreadsheets (XLSX, XLS, ODS), read into rows of
//! strings with the line (CSV) or row number (spreadsheet) of each row for reports.

use crate::{Location, SourceError, SourceKind};
use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};

/// One row of a table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// 1-based line of the row in a text file, or row number in a spreadsheet.
    pub line: u64,
    /// Cells, trimmed.
    pub cells: Vec<String>,
}

/// A table with a header row.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub path: PathBuf,
    /// Rows before the header row (e.g. OFSI's `Last Updated,13/04/2018`).
    pub preamble: Vec<Row>,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// Data rows after the header (rows with only empty cells are dropped).
    pub rows: Vec<Row>,
}

impl Table {
    /// Splits raw rows at the first row for which `is_header` holds.
    pub fn with_header(
        path: &Path,
        kind: SourceKind,
        raw: Vec<Row>,
        is_header: impl Fn(&[String]) -> bool,
    ) -> Result<Table, SourceError> {
        let Some(position) = raw.iter().position(|r| is_header(&r.cells)) else {
            return Err(SourceError::WrongFormat {
                path: path.to_path_buf(),
                expected: kind,
                found: "a table without the expected header row".into(),
            });
        };
        let mut raw = raw;
        let rows: Vec<Row> = raw
            .split_off(position + 1)
            .into_iter()
            .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
            .collect();
        let header = raw.pop().map(|r| r.cells).unwrap_or_default();
        Ok(Table {
            path: path.to_path_buf(),
            preamble: raw,
            header,
            rows,
        })
    }

    /// Index of the column whose header equals `name` (ASCII case-insensitive).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// Index of a required column; a missing column means the file is of another format.
    pub fn require(&self, kind: SourceKind, name: &str) -> Result<usize, SourceError> {
        self.col(name).ok_or_else(|| SourceError::WrongFormat {
            path: self.path.clone(),
            expected: kind,
            found: format!("a table without a {name:?} column"),
        })
    }

    /// Location of a row.
    pub fn location(&self, row: &Row) -> Location {
        Location::line(&self.path, row.line)
    }
}

impl Row {
    /// The cell at `index`, or "" when the row is short or the column is absent.
    pub fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Decodes text: UTF-8 (a BOM is removed), else Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Reads a delimited text file into raw rows with exact 1-based line numbers.
pub(crate) fn read_delimited(
    path: &Path,
    bytes: &[u8],
    delimiter: u8,
) -> Result<Vec<Row>, SourceError> {
    let text = decode(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = crate::ofac::LineCounter::new(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        let start = csv.position().byte();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(start, |p| p.byte());
                return Err(SourceError::malformed(
                    Location::line(path, lines.line_at(byte)),
                    format!("invalid CSV: {e}"),
                ));
            }
        }
        let line = lines.line_at(record.position().map_or(start, |p| p.byte()));
        rows.push(Row {
            line,
            cells: record.iter().map(|c| c.trim().to_string()).collect(),
        });
    }
    Ok(rows)
}

/// Reads the first sheet of a spreadsheet (XLSX, XLS, XLSB or ODS). Dates become ISO dates
/// (`2024-11-11`), whole numbers are written without a decimal point.
pub(crate) fn read_sheet(path: &Path) -> Result<Vec<Row>, SourceError> {
    let malformed = |reason: String| SourceError::malformed(Location::line(path, 1), reason);
    let mut workbook =
        open_workbook_auto(path).map_err(|e| malformed(format!("cannot read spreadsheet: {e}")))?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(malformed("spreadsheet without sheets".into()));
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| malformed(format!("cannot read sheet {name:?}: {e}")))?;
    let first_row = range.start().map_or(0, |(row, _)| row as u64);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            line: first_row + i as u64 + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_to_iso(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            s.split('T').next().unwrap_or("").to_string()
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_to_iso(serial: f64) -> String {
    let days = serial.floor() as i64 - 25_569; // days since 1970-01-01
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(serial_to_iso(45607.0), "2024-11-11");
        assert_eq!(serial_to_iso(41988.0), "2014-12-15");
        assert_eq!(serial_to_iso(1.0), "1899-12-31");
    }
}
