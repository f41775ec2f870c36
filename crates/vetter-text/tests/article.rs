//! Real data: a news article and the bundled OFAC SDN and UN lists.

use std::path::Path;
use std::sync::OnceLock;
use vetter_index::Index;
use vetter_text::{Mention, ScanOptions, TextScanner};

fn bundled() -> &'static (Index, TextScanner) {
    static INDEX: OnceLock<(Index, TextScanner)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
        let ofac = vetter_sources::load_ofac_sdn(&data.join("us-ofac-sdn-2023-12-28"), None)
            .expect("bundled OFAC SDN");
        let un = vetter_sources::load_un(&data.join("un-sc-consolidated-2026-02-27.xml"), None)
            .expect("bundled UN list");
        let index = Index::build(vec![ofac, un]);
        let scanner = TextScanner::new(&index);
        (index, scanner)
    })
}

fn scan(text: &str) -> Vec<Mention> {
    let (index, scanner) = bundled();
    scanner.scan(index, text, &ScanOptions::default())
}

fn show(mentions: &[Mention]) -> String {
    mentions
        .iter()
        .map(|m| {
            format!(
                "{}..{} {:?} {} {} {:.3}{} [{}]\n",
                m.start,
                m.end,
                m.text,
                m.entity_id,
                m.caption,
                m.score,
                if m.partial { " partial" } else { "" },
                m.explanation.summary()
            )
        })
        .collect()
}

#[test]
fn cnrp_article_reports_the_four_listed_parties_and_no_one_else() {
    let text = include_str!("fixtures/cnrp-magnitsky-2020-10.txt");
    let mentions = scan(text);
    let mut full: Vec<&str> = mentions
        .iter()
        .filter(|m| !m.partial)
        .map(|m| m.entity_id.as_str())
        .collect();
    full.sort_unstable();
    full.dedup();
    assert_eq!(
        full,
        ["ofac-24682", "ofac-28036", "ofac-28042", "ofac-29685"],
        "{}",
        show(&mentions)
    );
    // Every reported span is the text at its offsets, in chars and in bytes.
    for m in &mentions {
        assert_eq!(&text[m.byte_start..m.byte_end], m.text);
        let by_chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(by_chars, m.text);
    }
    let texts = |id: &str, partial: bool| -> Vec<&str> {
        mentions
            .iter()
            .filter(|m| m.entity_id == id && m.partial == partial)
            .map(|m| m.text.as_str())
            .collect()
    };
    assert_eq!(
        texts("ofac-28036", false),
        ["Kun Kim", "Kun Kim", "Kun Kim"]
    );
    assert_eq!(texts("ofac-24682", false)[0], "Hing Bun Heang");
    assert_eq!(texts("ofac-28042", false), ["Try Pheap", "Try Pheap"]);
    assert_eq!(texts("ofac-29685", false), ["Union Development Group"]);
    // "Kim's alleged link", "through Kim", "including Kim"; "Rith, Bun Heang and Pheap";
    // "(UDG)" after the company's full name.
    assert_eq!(texts("ofac-28036", true), ["Kim", "Kim", "Kim"]);
    assert_eq!(texts("ofac-28042", true), ["Pheap"]);
    assert_eq!(texts("ofac-29685", true), ["UDG", "UDG", "UDG"]);
    for m in mentions.iter().filter(|m| m.partial) {
        let full = &mentions[m.refers_to.expect("partial refers to a full mention")];
        assert!(!full.partial && full.entity == m.entity && full.end <= m.start);
    }
    // None of the officials, politicians, spokespeople or analysts is listed.
    for name in [
        "Keut Rith",
        "Hun Sen",
        "Mu Sochua",
        "Sam Rainsy",
        "Kem Sokha",
        "Sokha Ly",
        "Angela Savard",
        "Phay Siphan",
        "Julian Hill",
        "Hemara Im",
        "Rithy Uong",
        "Chad Roedemeier",
        "Sebastian Strangio",
        "Sergei Magnitsky",
        "Mech Dara",
    ] {
        assert!(
            !mentions
                .iter()
                .any(|m| name.contains(m.text.as_str()) && !m.partial),
            "{name} reported"
        );
    }
}
