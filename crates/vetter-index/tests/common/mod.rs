//! What the index's integration tests share.

use std::path::PathBuf;
use std::sync::OnceLock;
use vetter_index::Index;
use vetter_sources::SourceKind;

/// The index of the bundled OFAC SDN list of 2023-12-28, built once for all of a test
/// binary's tests.
pub fn ofac() -> &'static Index {
    static OFAC: OnceLock<Index> = OnceLock::new();
    OFAC.get_or_init(|| {
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
        let list = vetter_sources::load(
            SourceKind::OfacSdn,
            &data.join("us-ofac-sdn-2023-12-28"),
            Some("2023-12-28".into()),
        )
        .unwrap();
        Index::build(vec![list])
    })
}
