//! A small XML tree for the record-oriented XML lists (OFAC XML, SEMA, SECO, ENHANCED_XML).
//!
//! The whole document is read into [`Node`]s (names without namespace prefix, attributes,
//! text and children, each with its 1-based start line), which keeps the per-format mapping
//! code short. Invalid or truncated XML is a [`SourceError::Malformed`] naming the line.

use crate::{Location, SourceError, SourceKind};
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// An element with its attributes, text and children.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
    pub line: u64,
}

impl Node {
    /// Children called `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Descendants reached by a path of child names, e.g. `["akaList", "aka"]`.
    pub fn path<'a>(&'a self, names: &[&str]) -> Vec<&'a Node> {
        let mut current = vec![self];
        for name in names {
            current = current
                .into_iter()
                .flat_map(|n| n.children.iter().filter(|c| c.name == *name))
                .collect();
        }
        current
    }

    /// The trimmed text of the first child called `name`, if not empty.
    pub fn text<'a>(&'a self, name: &str) -> Option<&'a str> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
    }

    /// The trimmed own text, if not empty.
    pub fn own_text(&self) -> Option<&str> {
        Some(self.text.trim()).filter(|t| !t.is_empty())
    }

    /// An attribute value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn local_name(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_string(),
        None => name.into_owned(),
    }
}

/// Parses a whole document and returns its root element. `kind` names the expected list in
/// the error for a file that is not XML.
pub(crate) fn parse(path: &Path, bytes: &[u8], kind: SourceKind) -> Result<Node, SourceError> {
    let first = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF);
    if first != Some(&b'<') {
        return Err(SourceError::WrongFormat {
            path: path.to_path_buf(),
            expected: kind,
            found: crate::detect::describe(bytes),
        });
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut lines = LineIndex::new(bytes);
    let mut buf = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let open = |start: &BytesStart, line: u64, decoder| -> Node {
        Node {
            name: local_name(start.name().as_ref()),
            attrs: start
                .attributes()
                .flatten()
                .map(|a| {
                    (
                        local_name(a.key.as_ref()),
                        a.decode_and_unescape_value(decoder)
                            .map(|v| v.into_owned())
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            line,
            ..Node::default()
        }
    };
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            SourceError::malformed(
                Location::line(path, lines.line_at(reader.error_position())),
                format!("invalid XML: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => {
                let node = open(&start, lines.line_at(offset), reader.decoder());
                stack.push(node);
            }
            Event::Empty(start) => {
                let node = open(&start, lines.line_at(offset), reader.decoder());
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(text) => {
                if let Some(node) = stack.last_mut() {
                    let text = text.unescape().map_err(|e| {
                        SourceError::malformed(
                            Location::line(path, lines.line_at(offset)),
                            format!("invalid XML text: {e}"),
                        )
                    })?;
                    node.text.push_str(&text);
                }
            }
            Event::CData(data) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::End(_) => {
                if let Some(node) = stack.pop() {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some(open) = stack.first() {
        return Err(SourceError::malformed(
            Location {
                file: path.to_path_buf(),
                line: Some(lines.line_at(bytes.len() as u64)),
                element: Some(open.name.clone()),
            },
            "unexpected end of file (truncated XML)",
        ));
    }
    root.ok_or_else(|| SourceError::WrongFormat {
        path: path.to_path_buf(),
        expected: kind,
        found: "no XML root element".into(),
    })
}

/// Checks the root element name.
pub(crate) fn expect_root(
    path: &Path,
    root: &Node,
    names: &[&str],
    kind: SourceKind,
) -> Result<(), SourceError> {
    if names.contains(&root.name.as_str()) {
        Ok(())
    } else {
        Err(SourceError::WrongFormat {
            path: path.to_path_buf(),
            expected: kind,
            found: format!("root element <{}>", root.name),
        })
    }
}

/// 1-based line numbers of growing byte offsets.
struct LineIndex<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineIndex {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: u64) -> u64 {
        let target = (offset as usize).min(self.bytes.len());
        if target < self.offset {
            return 1 + self.bytes[..target].iter().filter(|b| **b == b'\n').count() as u64;
        }
        self.line += self.bytes[self.offset..target]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.offset = target;
        self.line
    }
}
