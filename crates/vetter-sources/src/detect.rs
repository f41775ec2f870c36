//! File format detection: by the first bytes, with the extension as a tie-breaker.

use std::io::Read;
use std::path::Path;

/// The container format of a list file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileFormat {
    /// Comma- or tab-separated text.
    Csv,
    /// Office Open XML spreadsheet (a ZIP archive), `.xlsx`.
    Xlsx,
    /// OpenDocument spreadsheet (a ZIP archive), `.ods`.
    Ods,
    /// Legacy Excel binary workbook, `.xls`.
    Xls,
    /// XML text.
    Xml,
    /// JSON text or JSON lines.
    Json,
    /// An HTML page (typically an error page served instead of the list).
    Html,
    /// A directory.
    Directory,
    /// Something else (binary, empty …).
    Unknown,
}

impl FileFormat {
    /// A short human name, used in [`crate::SourceError::WrongFormat`] messages.
    pub fn describe(self) -> &'static str {
        match self {
            FileFormat::Csv => "a CSV/TSV file",
            FileFormat::Xlsx => "an XLSX spreadsheet",
            FileFormat::Ods => "an ODS spreadsheet",
            FileFormat::Xls => "an XLS spreadsheet",
            FileFormat::Xml => "an XML file",
            FileFormat::Json => "a JSON file",
            FileFormat::Html => "an HTML page",
            FileFormat::Directory => "a directory",
            FileFormat::Unknown => "a file of unknown format",
        }
    }

    /// True for the spreadsheet formats calamine reads.
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, FileFormat::Xlsx | FileFormat::Ods | FileFormat::Xls)
    }
}

/// Detects the format of a file from its first bytes (ZIP, OLE, `<`, `{`/`[`, text) and its
/// extension. A directory is [`FileFormat::Directory`]; an unreadable file is `Unknown`.
pub fn detect_format(path: &Path) -> FileFormat {
    if path.is_dir() {
        return FileFormat::Directory;
    }
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    sniff(&head[..n], &ext)
}

/// Detects the format of bytes; `ext` is the lower-case extension without dot, or "".
pub fn sniff(head: &[u8], ext: &str) -> FileFormat {
    if head.starts_with(b"PK\x03\x04") {
        return match ext {
            "ods" => FileFormat::Ods,
            _ if contains(head, b"opendocument.spreadsheet") => FileFormat::Ods,
            _ => FileFormat::Xlsx,
        };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return FileFormat::Xls;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return FileFormat::Unknown;
    };
    let text = &text[start..];
    let lower: Vec<u8> = text.iter().take(64).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return FileFormat::Html;
    }
    if text[0] == b'<' {
        return FileFormat::Xml;
    }
    if text[0] == b'{' || (text[0] == b'[' && ext == "json") {
        return FileFormat::Json;
    }
    if text.contains(&0) {
        return FileFormat::Unknown;
    }
    FileFormat::Csv
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Describes bytes for an error message ("an HTML page", "an XLSX spreadsheet" …).
pub(crate) fn describe(bytes: &[u8]) -> String {
    sniff(&bytes[..bytes.len().min(512)], "")
        .describe()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_common_formats() {
        assert_eq!(sniff(b"PK\x03\x04abc", "xlsx"), FileFormat::Xlsx);
        assert_eq!(sniff(b"PK\x03\x04abc", "ods"), FileFormat::Ods);
        assert_eq!(sniff(b"\xEF\xBB\xBF<?xml version", ""), FileFormat::Xml);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", "xml"), FileFormat::Html);
        assert_eq!(sniff(b"{\"id\": 1}\n", ""), FileFormat::Json);
        assert_eq!(sniff(b"a,b,c\n1,2,3\n", "csv"), FileFormat::Csv);
        assert_eq!(sniff(b"", "csv"), FileFormat::Unknown);
    }
}
