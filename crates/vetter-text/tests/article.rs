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

fn full(mentions: &[Mention]) -> Vec<(&str, &str)> {
    mentions
        .iter()
        .filter(|m| !m.partial)
        .map(|m| (m.text.as_str(), m.entity_id.as_str()))
        .collect()
}

#[test]
fn names_in_reverse_order_and_list_order() {
    let mentions = scan("Payments were routed via Kim Kun, later via KIM, Kun and PHEAP Try.");
    assert_eq!(
        full(&mentions),
        [
            ("Kim Kun", "ofac-28036"),
            ("KIM, Kun", "ofac-28036"),
            ("PHEAP Try", "ofac-28042")
        ],
        "{}",
        show(&mentions)
    );
}

#[test]
fn possessive_is_not_part_of_the_name() {
    let text = "Try Pheap’s logging company and Try Pheap's associates";
    let mentions = scan(text);
    assert_eq!(
        full(&mentions),
        [("Try Pheap", "ofac-28042"), ("Try Pheap", "ofac-28042")],
        "{}",
        show(&mentions)
    );
    assert_eq!(
        &text[mentions[1].byte_start..mentions[1].byte_end + 2],
        "Try Pheap's"
    );
}

#[test]
fn a_common_single_token_alone_is_no_mention() {
    // "Kim" and "Pheap" alone, with no earlier full mention.
    let mentions = scan("Mr Kim met Pheap and Kim's brother in Phnom Penh.");
    assert!(mentions.is_empty(), "{}", show(&mentions));
}

#[test]
fn offsets_count_chars_and_bytes_after_multibyte_text() {
    let text = "Ré: « 金正恩 » — Ωmega Ünïon… then HING Bun Heang’s bodyguards";
    let mentions = scan(text);
    let m = mentions
        .iter()
        .find(|m| m.entity_id == "ofac-24682")
        .unwrap_or_else(|| panic!("{}", show(&mentions)));
    assert_eq!(m.text, "HING Bun Heang");
    assert_eq!(&text[m.byte_start..m.byte_end], "HING Bun Heang");
    let prefix = "Ré: « 金正恩 » — Ωmega Ünïon… then ";
    assert_eq!(m.byte_start, prefix.len());
    assert_eq!(m.start, prefix.chars().count());
    assert_eq!(m.end, m.start + "HING Bun Heang".chars().count());
    assert!(m.start < m.byte_start);
}

const MT103: &str = "{1:F01ABAAKHPPAXXX0000000000}{2:I103COBADEFFXXXXN}{3:{108:KH20201023}}{4:
:20:INV20201023KH
:23B:CRED
:32A:201023USD125000,00
:50K:/001234567890
ANGKOR RICE EXPORTS CO LTD
NO 45 STREET 110 PHNOM PENH
:59:/DE89370400440532013000
TRY PHEAP GROUP CO., LTD.
PHNOM PENH CAMBODIA
:70:/INV/2020-118 TIMBER PER CONTRACT
SIGNED BY HING BUN HEANG
:71A:OUR
-}";

#[test]
fn mt103_beneficiary_and_remittance_fields() {
    assert_eq!(
        vetter_text::detect_format(MT103),
        vetter_text::TextFormat::Mt103
    );
    let mentions = scan(MT103);
    assert_eq!(
        full(&mentions),
        [
            ("TRY PHEAP GROUP CO., LTD.", "ofac-28043"),
            ("HING BUN HEANG", "ofac-24682")
        ],
        "{}",
        show(&mentions)
    );
    // The field tag never becomes part of a name.
    let m = &mentions[0];
    assert_eq!(&MT103[m.byte_start - 1..m.byte_start], "\n");
}

const PACS008: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr><MsgId>KH-20201023-0001</MsgId><CreDtTm>2020-10-23T09:30:00</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>
    <CdtTrfTxInf>
      <PmtId><EndToEndId>E2E-118</EndToEndId></PmtId>
      <IntrBkSttlmAmt Ccy="USD">125000.00</IntrBkSttlmAmt>
      <Dbtr><Nm>Angkor Rice Exports Co., Ltd.</Nm><PstlAdr><TwnNm>Phnom Penh</TwnNm><Ctry>KH</Ctry></PstlAdr></Dbtr>
      <DbtrAgt><FinInstnId><BICFI>FTBDKPPY</BICFI><Nm>Foreign Trade Bank of the Democratic People's Republic of Korea</Nm></FinInstnId></DbtrAgt>
      <Cdtr><Nm>Korea Mining Development Trading Corporation</Nm></Cdtr>
      <UltmtCdtr><Nm>Union Development Group Co., Ltd.</Nm></UltmtCdtr>
      <RmtInf><Ustrd>Ore shipment, attn. Kim Kun</Ustrd></RmtInf>
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>"#;

#[test]
fn pacs008_party_names() {
    assert_eq!(
        vetter_text::detect_format(PACS008),
        vetter_text::TextFormat::Pacs008
    );
    let mentions = scan(PACS008);
    let found = full(&mentions);
    // The agent (a bank, not a party) is not scanned.
    assert!(
        !found.iter().any(|(t, _)| t.contains("Foreign Trade")),
        "{}",
        show(&mentions)
    );
    let komid = "Korea Mining Development Trading Corporation";
    assert!(found.contains(&(komid, "ofac-9345")), "{}", show(&mentions));
    assert!(
        found.contains(&(komid, "un-KPe.001")),
        "{}",
        show(&mentions)
    );
    assert!(
        found.contains(&("Union Development Group Co., Ltd.", "ofac-29685")),
        "{}",
        show(&mentions)
    );
    assert!(
        found.contains(&("Kim Kun", "ofac-28036")),
        "{}",
        show(&mentions)
    );
    for m in &mentions {
        assert_eq!(&PACS008[m.byte_start..m.byte_end], m.text);
    }
}

#[test]
fn spellings_the_matcher_accepts_are_found() {
    // "Jevgenij" is on no list (OFAC writes Yevgeniy); "Pheapp" has the phonetic key of
    // "Pheap".
    let mentions = scan("The caterer Jevgenij Prigozhin met Try Pheapp in Phnom Penh.");
    assert_eq!(
        full(&mentions),
        [
            ("Jevgenij Prigozhin", "ofac-21171"),
            ("Try Pheapp", "ofac-28042")
        ],
        "{}",
        show(&mentions)
    );
}
