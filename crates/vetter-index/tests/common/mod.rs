//! What the index's integration tests share.

use std::path::PathBuf;
use vetter_index::Index;
use vetter_sources::SourceKind;

/// The index of the bundled OFAC SDN list of 2023-12-28.
pub fn ofac() -> Index {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
    let list = vetter_sources::load(
        SourceKind::OfacSdn,
        &data.join("us-ofac-sdn-2023-12-28"),
        Some("2023-12-28".into()),
    )
    .unwrap();
    Index::build(vec![list])
}
