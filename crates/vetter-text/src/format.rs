//! Payment-message formats: which parts of a message are scanned.

use serde::Serialize;

/// The kind of text given to [`crate::TextScanner::scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    /// Unstructured text (news, notes, remittance information): scanned whole.
    Plain,
    /// A SWIFT MT103 message: the text of fields 50a (ordering customer), 59a (beneficiary)
    /// and 70 (remittance information) is scanned, line by line, without the field tags,
    /// account lines (`/…`) and the `1/`, `2/` … line numbers of the structured 50F/59F
    /// options.
    Mt103,
    /// An ISO 20022 pacs.008 (FI-to-FI customer credit transfer) XML message: the `<Nm>` of
    /// the `<Dbtr>`, `<Cdtr>`, `<UltmtDbtr>` and `<UltmtCdtr>` parties and the unstructured
    /// remittance information `<Ustrd>` are scanned.
    Pacs008,
}

/// One piece of a text to scan, as a byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset where the piece starts.
    pub start: usize,
    /// Byte offset where the piece ends (exclusive).
    pub end: usize,
}

/// Recognises an MT103 message (a `{2:I103…`/`{2:O103…` application header, or the `:20:`
/// reference field followed by `:32A:` and `:59` fields) or a pacs.008 document (the
/// `FIToFICstmrCdtTrf` element or the `pacs.008` namespace); anything else is plain text.
pub fn detect_format(text: &str) -> TextFormat {
    let head = &text[..floor_boundary(text, 4096)];
    if head.contains("FIToFICstmrCdtTrf") || head.contains("pacs.008") {
        return TextFormat::Pacs008;
    }
    if head.contains("{2:I103") || head.contains("{2:O103") {
        return TextFormat::Mt103;
    }
    let has_field = |tag: &str| text.lines().any(|l| l.starts_with(tag));
    if has_field(":20:") && has_field(":32A:") && (has_field(":59") || has_field(":50")) {
        return TextFormat::Mt103;
    }
    TextFormat::Plain
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte ranges of `text` that are scanned in `format`.
pub fn segments(text: &str, format: TextFormat) -> Vec<Segment> {
    match format {
        TextFormat::Plain => vec![Segment {
            start: 0,
            end: text.len(),
        }],
        TextFormat::Mt103 => mt103_segments(text),
        TextFormat::Pacs008 => pacs008_segments(text),
    }
}

/// Field tags whose text is scanned: 50A/F/K (ordering customer), 59/59A/59F
/// (beneficiary), 70 (remittance information).
fn scanned_field(tag: &str) -> bool {
    matches!(tag, "50A" | "50F" | "50K" | "59" | "59A" | "59F" | "70")
}

fn mt103_segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut in_field = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut content_start = line_start;
        let mut content = line;
        if let Some(rest) = line.strip_prefix(':') {
            if let Some(close) = rest.find(':') {
                let tag = &rest[..close];
                if !tag.is_empty()
                    && tag.len() <= 4
                    && tag.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    in_field = scanned_field(tag);
                    content_start = line_start + 1 + close + 1;
                    content = &rest[close + 1..];
                }
            }
        } else if line.starts_with('-') || line.starts_with('{') || line.starts_with('}') {
            in_field = false;
            continue;
        }
        if !in_field {
            continue;
        }
        // Account lines; structured-option line numbers "1/NAME", "2/ADDRESS".
        if content.starts_with('/') {
            continue;
        }
        let bytes = content.as_bytes();
        if bytes.len() >= 2 && bytes[0].is_ascii_digit() && bytes[1] == b'/' {
            content_start += 2;
            content = &content[2..];
        }
        let trimmed = content.trim_end();
        if !trimmed.trim().is_empty() {
            out.push(Segment {
                start: content_start,
                end: content_start + trimmed.len(),
            });
        }
    }
    out
}

const PARTIES: [&str; 4] = ["Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr"];

fn pacs008_segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(lt) = text[i..].find('<').map(|p| p + i) {
        // Text between the previous tag and this one.
        if lt > i {
            let wanted = match stack.as_slice() {
                [.., parent, "Nm"] => PARTIES.contains(parent),
                [.., "Ustrd"] => true,
                _ => false,
            };
            if wanted && !text[i..lt].trim().is_empty() {
                out.push(Segment { start: i, end: lt });
            }
        }
        let Some(gt) = text[lt..].find('>').map(|p| p + lt) else {
            break;
        };
        let tag = &text[lt + 1..gt];
        i = gt + 1;
        if tag.starts_with('?') || tag.starts_with('!') {
            if tag.starts_with("!--") && !tag.ends_with("--") {
                // A comment containing '>': skip to its end.
                if let Some(end) = text[lt..].find("-->") {
                    i = lt + end + 3;
                }
            }
            continue;
        }
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| *n == local) {
                stack.truncate(pos);
            }
        } else if !self_closing {
            stack.push(local);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mt103_fields_without_tags_and_accounts() {
        let text = "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF1\n:32A:240101EUR1,00\n:50K:/12345\nKUN KIM\nPHNOM PENH\n:59:/DE89\nTRY PHEAP\n:70:INV 1\n:71A:SHA\n-}";
        assert_eq!(detect_format(text), TextFormat::Mt103);
        let parts: Vec<&str> = segments(text, TextFormat::Mt103)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(parts, ["KUN KIM", "PHNOM PENH", "TRY PHEAP", "INV 1"]);
    }

    #[test]
    fn pacs008_party_names_only() {
        let text = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf><CdtTrfTxInf><Dbtr><Nm>A B</Nm><PstlAdr><TwnNm>X</TwnNm></PstlAdr></Dbtr><DbtrAgt><FinInstnId><Nm>Bank</Nm></FinInstnId></DbtrAgt><Cdtr><Nm>C D</Nm></Cdtr><RmtInf><Ustrd>inv 7</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>";
        assert_eq!(detect_format(text), TextFormat::Pacs008);
        let parts: Vec<&str> = segments(text, TextFormat::Pacs008)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(parts, ["A B", "C D", "inv 7"]);
    }
}
