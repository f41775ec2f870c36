//! The clauses of the OFAC SDN `Remarks` column.
//!
//! Remarks are `;`-separated clauses such as `DOB 01 Jan 1954`, `alt. Passport D0002907
//! (Cambodia)` or `Linked To: KIM, Kun`. [`parse_clause`] maps one clause to [`Fact`]s;
//! `None` means no rule understood it. Identifier values keep the number only; the issuing
//! country and dates of a document stay in the entity's `notes`, which hold the whole
//! remarks text.

use vetter_model::{country, LinkKind, PartialDate, Property};

/// What one clause says about the entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    /// A property value.
    Value(Property, String),
    /// A link to another party, named as the list writes it.
    Link {
        kind: LinkKind,
        name: String,
        detail: String,
    },
    /// A recognised clause that carries no screening property (sanction information,
    /// industry codes …); it is kept in `notes` only.
    Info,
}

/// The clauses of a remarks text: split on `;`, trimmed, the final period removed.
pub(crate) fn clauses(remarks: &str) -> impl Iterator<Item = &str> {
    let text = remarks.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    text.split(';').map(str::trim).filter(|c| !c.is_empty())
}

/// Labels of clauses whose value is an identifier, a text, a date or a country.
/// The longest label that starts a clause wins.
const LABELS: &[(&str, Property)] = &[
    // Documents of persons.
    ("Passport", Property::PassportNumber),
    ("Diplomatic Passport", Property::PassportNumber),
    ("Passport Booklet", Property::PassportNumber),
    ("Official Passport", Property::PassportNumber),
    ("Service Passport", Property::PassportNumber),
    ("Stateless Person Passport", Property::PassportNumber),
    ("National ID No.", Property::IdNumber),
    ("National ID Number", Property::IdNumber),
    ("National Foreign ID Number", Property::IdNumber),
    ("Cedula No.", Property::IdNumber),
    ("C.U.R.P.", Property::IdNumber),
    ("C.U.I.", Property::IdNumber),
    ("Identification Number", Property::IdNumber),
    ("SSN", Property::IdNumber),
    ("Driver's License No.", Property::IdNumber),
    ("D.N.I.", Property::IdNumber),
    ("Personal ID Card", Property::IdNumber),
    ("Birth Certificate Number", Property::IdNumber),
    ("Electoral Registry No.", Property::IdNumber),
    ("Credencial electoral", Property::IdNumber),
    ("Residency Number", Property::IdNumber),
    ("Cartilla de Servicio Militar Nacional", Property::IdNumber),
    ("Refugee ID Card", Property::IdNumber),
    ("Tazkira National ID Card", Property::IdNumber),
    ("VisaNumberID", Property::IdNumber),
    ("SRE Permit No.", Property::IdNumber),
    ("Permit Number", Property::IdNumber),
    ("Immigration No.", Property::IdNumber),
    ("Stateless Person ID Card", Property::IdNumber),
    ("Kenyan ID No.", Property::IdNumber),
    ("Moroccan Personal ID No.", Property::IdNumber),
    ("Turkish Identificiation Number", Property::IdNumber),
    ("Turkish Identification Number", Property::IdNumber),
    ("Aircraft Mode S Transponder Code", Property::IdNumber),
    ("CNP (Personal Numerical Code)", Property::IdNumber),
    ("Bosnian Personal ID No.", Property::IdNumber),
    ("Numero de Identidad", Property::IdNumber),
    ("Citizen's Card Number", Property::IdNumber),
    ("Travel Document Number", Property::IdNumber),
    ("Pilot License Number", Property::IdNumber),
    ("Military Registration Number", Property::IdNumber),
    ("UAE Identification", Property::IdNumber),
    ("I.F.E.", Property::IdNumber),
    ("N.I.E.", Property::IdNumber),
    ("Seafarer's Identification Document", Property::IdNumber),
    ("Romanian Permanent Resident", Property::IdNumber),
    ("Public Security and Immigration No.", Property::IdNumber),
    (
        "British National Overseas Passport",
        Property::PassportNumber,
    ),
    // Tax numbers.
    ("Tax ID No.", Property::TaxNumber),
    ("NIT #", Property::TaxNumber),
    ("R.F.C.", Property::TaxNumber),
    ("RUC #", Property::TaxNumber),
    ("V.A.T. Number", Property::TaxNumber),
    ("US FEIN", Property::TaxNumber),
    ("Italian Fiscal Code", Property::TaxNumber),
    ("Paraguayan tax identification number", Property::TaxNumber),
    ("RIF #", Property::TaxNumber),
    ("Romanian Tax Registration", Property::TaxNumber),
    ("Tax Identification Number", Property::TaxNumber),
    ("RFC", Property::TaxNumber),
    ("RTN", Property::TaxNumber),
    ("C.I.F.", Property::TaxNumber),
    ("N.I.F.", Property::TaxNumber),
    ("Fiscal Code", Property::TaxNumber),
    (
        "Numero Unico de Identificacao Tributaria (NUIT)",
        Property::TaxNumber,
    ),
    // Registration numbers.
    ("Registration Number", Property::RegistrationNumber),
    ("Registration ID", Property::RegistrationNumber),
    ("Business Registration Number", Property::RegistrationNumber),
    (
        "Business Registration Document #",
        Property::RegistrationNumber,
    ),
    ("Company Number", Property::RegistrationNumber),
    ("UK Company Number", Property::RegistrationNumber),
    ("Commercial Registry Number", Property::RegistrationNumber),
    ("Folio Mercantil No.", Property::RegistrationNumber),
    ("Matricula Mercantil No", Property::RegistrationNumber),
    ("Trade License No.", Property::RegistrationNumber),
    ("C.R. No.", Property::RegistrationNumber),
    ("Chamber of Commerce Number", Property::RegistrationNumber),
    (
        "Istanbul Chamber of Comm. No.",
        Property::RegistrationNumber,
    ),
    (
        "Dubai Chamber of Commerce Membership No.",
        Property::RegistrationNumber,
    ),
    (
        "Economic Register Number (CBLS)",
        Property::RegistrationNumber,
    ),
    ("Public Registration Number", Property::RegistrationNumber),
    ("Enterprise Number", Property::RegistrationNumber),
    ("Business Number", Property::RegistrationNumber),
    ("License", Property::RegistrationNumber),
    ("D-U-N-S Number", Property::RegistrationNumber),
    ("Organization Code", Property::RegistrationNumber),
    ("Romanian C.R.", Property::RegistrationNumber),
    ("File Number", Property::RegistrationNumber),
    (
        "Unified Social Credit Code (USCC)",
        Property::RegistrationNumber,
    ),
    (
        "Central Registration System Number",
        Property::RegistrationNumber,
    ),
    ("Government Gazette Number", Property::RegistrationNumber),
    ("BIK (RU)", Property::RegistrationNumber),
    (
        "Certificate of Incorporation Number",
        Property::RegistrationNumber,
    ),
    ("Company ID No.", Property::RegistrationNumber),
    ("Aircraft Tail Number", Property::RegistrationNumber),
    ("Branch Unit Number", Property::RegistrationNumber),
    ("Tourism License No.", Property::RegistrationNumber),
    (
        "United Social Credit Code Certificate (USCCC)",
        Property::RegistrationNumber,
    ),
    ("LE Number", Property::RegistrationNumber),
    ("Registered Charity No.", Property::RegistrationNumber),
    (
        "Afghan Money Service Provider License Number",
        Property::RegistrationNumber,
    ),
    ("MSB Registration Number", Property::RegistrationNumber),
    ("Company ID:", Property::RegistrationNumber),
    ("Legal Entity Number", Property::LeiCode),
    ("SWIFT/BIC", Property::SwiftBic),
    // Vessels and aircraft.
    ("IMO", Property::ImoNumber),
    ("Vessel Registration Identification", Property::ImoNumber),
    ("MMSI", Property::Mmsi),
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        Property::SerialNumber,
    ),
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        Property::SerialNumber,
    ),
    ("Aircraft Serial Identification", Property::SerialNumber),
    ("Serial No.", Property::SerialNumber),
    ("Aircraft Model", Property::Model),
    ("Other Vessel Call Sign", Property::CallSign),
    ("Other Vessel Type", Property::Type),
    ("Aircraft Manufacture Date", Property::BuildDate),
    ("Vessel Year of Build", Property::BuildDate),
    // Contact details.
    ("Email Address", Property::Email),
    ("Email", Property::Email),
    ("Website", Property::Website),
    ("Phone Number", Property::Phone),
    ("Phone No.", Property::Phone),
    ("Phone", Property::Phone),
    ("PHONE", Property::Phone),
    ("Telephone", Property::Phone),
    ("Telephone:", Property::Phone),
    ("Telephone No.", Property::Phone),
    // Persons and organisations.
    ("DOB", Property::BirthDate),
    ("POB", Property::BirthPlace),
    ("nationality", Property::Nationality),
    ("citizen", Property::Citizenship),
    ("Gender", Property::Gender),
    ("Organization Established Date", Property::IncorporationDate),
    ("Nationality of Registration", Property::Jurisdiction),
    ("Registration Country", Property::Jurisdiction),
    ("Alt. Position:", Property::Position),
    ("Position:", Property::Position),
    ("Title:", Property::Title),
];

/// Starts of clauses that are recognised but carry no screening property.
const INFO: &[&str] = &[
    "Additional Sanctions Information",
    "Secondary sanctions risk",
    "Transactions Prohibited For",
    "Executive Order",
    "CAATSA Section",
    "Listing Date",
    "Effective Date",
    "For more information",
    "all offices worldwide",
    "All Branches Worldwide",
    "ICTY indictee",
    "arrested",
    "Organization Type",
    "Target Type",
    "Digital Currency Address",
    "Former Vessel Flag",
    "Other Vessel Flag",
    "Chinese Commercial Code",
    "Fax",
    "Alt. Fax",
    "Identification Type",
    "Operations in",
    "Member ETA",
    "Equity Ticker",
    "ISIN",
    "Issuer Name",
    "Vessel Flag",
    "PEESA Information",
    "Previous Aircraft Tail Number",
    "and all other offices worldwide",
    "UN/LOCODE",
    "IFCA Determination",
    "Trademark number",
    "MICEX Code",
    "ethnicity",
    "Kurdish",
    "Tribe:",
];

/// Honorifics that OFAC writes as a clause of their own.
const HONORIFICS: &[&str] = &[
    "Haji",
    "Hajji",
    "Doctor",
    "Dr.",
    "Maulana",
    "Maulavi",
    "Mawlawi",
    "Hojjatoleslam",
    "Mullah",
    "Sheikh",
    "Shaykh",
    "Ayatollah",
    "Mufti",
    "Qari",
    "Amir",
    "Imam",
    "Ustad",
    "Ustadz",
    "Dr",
    "Maulawi",
    "Moulana",
    "Lt. Col",
    "Engineer",
    "Professor",
];

/// Words that make an otherwise unrecognised clause a position ("Minister of Interior").
const POSITION_WORDS: &[&str] = &[
    "minister",
    "member",
    "director",
    "president",
    "chairman",
    "chairperson",
    "chairwoman",
    "head",
    "chief",
    "commander",
    "general",
    "colonel",
    "deputy",
    "governor",
    "secretary",
    "manager",
    "officer",
    "advisor",
    "adviser",
    "representative",
    "ambassador",
    "leader",
    "judge",
    "magistrate",
    "prosecutor",
    "official",
    "rector",
    "speaker",
    "warden",
    "founder",
    "owner",
    "ceo",
    "executive",
    "spokesman",
    "spokesperson",
    "captain",
    "major",
    "lieutenant",
    "admiral",
    "aide",
    "assistant",
    "consul",
    "mayor",
    "senator",
    "board",
    "commissioner",
    "attorney",
    "financier",
    "facilitator",
    "coordinator",
    "operative",
    "agent",
    "employee",
    "shareholder",
    "partner",
    "treasurer",
    "inspector",
    "vice",
    "emir",
    "chancellor",
    "counselor",
    "envoy",
    "auditor",
    "lawyer",
    "accountant",
    "president's",
    "cleric",
    "sergeant",
    "brigadier",
    "chair",
    "mp",
    "congressman",
    "diplomat",
    "counsellor",
    "ombudsman",
    "superintendent",
    "professor",
    "businessman",
    "constituent",
];

/// Relations written as `<relation> of <name>` ("Spouse of Robert Mugabe").
const FAMILY: &[&str] = &[
    "wife",
    "husband",
    "spouse",
    "son",
    "daughter",
    "brother",
    "sister",
    "half-brother",
    "half-sister",
    "father",
    "mother",
    "nephew",
    "niece",
    "cousin",
    "uncle",
    "aunt",
    "son-in-law",
    "daughter-in-law",
    "brother-in-law",
    "father-in-law",
    "sister-in-law",
    "mother-in-law",
    "child",
];

/// Reads one clause. `None` when no rule applies.
pub(crate) fn parse_clause(clause: &str) -> Option<Vec<Fact>> {
    let clause = clause.trim();
    let body = strip_prefix_ci(clause, "alt. ").unwrap_or(clause).trim();
    if let Some(name) = body.strip_prefix("Linked To:") {
        return Some(vec![Fact::Link {
            kind: LinkKind::UnknownLink,
            name: name.trim().to_string(),
            detail: "Linked To".into(),
        }]);
    }
    if let Some(name) = body.strip_prefix("Aircraft Operator") {
        return Some(vec![Fact::Link {
            kind: LinkKind::UnknownLink,
            name: name.trim().to_string(),
            detail: "aircraft operator".into(),
        }]);
    }
    for (marker, property) in [
        ("a.k.a.", Property::Alias),
        ("f.k.a.", Property::PreviousName),
        ("n.k.a.", Property::Alias),
        ("d.b.a.", Property::Alias),
    ] {
        if let Some(rest) = body.strip_prefix(marker) {
            return alias(rest.trim(), property).map(|fact| vec![fact]);
        }
    }
    if let Some((label, property)) = LABELS
        .iter()
        .filter(|(label, _)| starts_with_word(body, label))
        .max_by_key(|(label, _)| label.len())
    {
        let rest = body[label.len()..]
            .trim_start_matches([' ', ':', '#', '-'])
            .trim();
        return labelled(label, *property, rest);
    }
    if INFO.iter().any(|prefix| starts_with_word(body, prefix)) {
        return Some(vec![Fact::Info]);
    }
    if HONORIFICS.contains(&body) {
        return Some(vec![Fact::Value(Property::Title, body.to_string())]);
    }
    if let Some(name) = strip_prefix_ci(body, "Associated with ")
        .or_else(|| strip_prefix_ci(body, "Assocated with "))
    {
        return Some(vec![Fact::Link {
            kind: LinkKind::Associate,
            name: name.trim().to_string(),
            detail: "associated with".into(),
        }]);
    }
    if !body.contains(' ') && body.contains('@') {
        return Some(vec![Fact::Value(Property::Email, body.to_string())]);
    }
    if body.starts_with("www.") || body.starts_with("http") {
        let url = body.split_whitespace().next().unwrap_or(body);
        return Some(vec![Fact::Value(Property::Website, url.to_string())]);
    }
    if let Some(fact) = family(body) {
        return Some(vec![fact]);
    }
    let lower = body.to_lowercase();
    let is_position = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|word| POSITION_WORDS.contains(&word));
    is_position.then(|| vec![Fact::Value(Property::Position, body.to_string())])
}

fn labelled(label: &str, property: Property, rest: &str) -> Option<Vec<Fact>> {
    if rest.is_empty() {
        return None;
    }
    let value = |v: String| Some(vec![Fact::Value(property, v)]);
    match property {
        Property::BirthDate | Property::IncorporationDate | Property::BuildDate => {
            let dates = parse_dates(rest)?;
            Some(
                dates
                    .into_iter()
                    .map(|d| Fact::Value(property, d))
                    .collect(),
            )
        }
        Property::Nationality | Property::Citizenship | Property::Jurisdiction => {
            value(country::to_code(rest)?.to_string())
        }
        Property::Gender => match rest.to_ascii_lowercase().as_str() {
            "male" => value("male".into()),
            "female" => value("female".into()),
            _ => None,
        },
        Property::BirthPlace
        | Property::Position
        | Property::Title
        | Property::Email
        | Property::Website
        | Property::Phone
        | Property::Model
        | Property::Type => value(rest.to_string()),
        _ => identifier(label, property, rest),
    }
}

/// The number of an identifier clause, without the issuing country and document dates.
fn identifier(label: &str, property: Property, rest: &str) -> Option<Vec<Fact>> {
    let (property, rest) = match rest.strip_prefix("IMO ") {
        Some(imo) => (Property::ImoNumber, imo),
        None => (property, rest),
    };
    let end = [" (", " issued", " expires", " valid", " Issued", " Expires"]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let number = rest[..end].trim().trim_end_matches([',', '.']).trim();
    if number.is_empty() || !number.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut facts = vec![Fact::Value(property, number.to_string())];
    let in_russia = rest[end..].contains("(Russia)");
    let digits = number.chars().all(|c| c.is_ascii_digit());
    if in_russia && digits && label == "Tax ID No." {
        facts.push(Fact::Value(Property::InnCode, number.to_string()));
    }
    if in_russia && digits && label == "Registration ID" && matches!(number.len(), 13 | 15) {
        facts.push(Fact::Value(Property::OgrnCode, number.to_string()));
    }
    Some(facts)
}

/// `'X'` is a weak alias (OFAC's low-quality a.k.a.), `"X"` and unquoted text strong.
fn alias(text: &str, property: Property) -> Option<Fact> {
    let text = text.trim();
    let (weak, name) = if let Some(inner) = text.strip_prefix('\'') {
        (true, inner.strip_suffix('\'').unwrap_or(inner))
    } else if let Some(inner) = text.strip_prefix('"') {
        (false, inner.strip_suffix('"').unwrap_or(inner))
    } else {
        (false, text)
    };
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let property = if weak && property == Property::Alias {
        Property::WeakAlias
    } else {
        property
    };
    Some(Fact::Value(property, name.to_string()))
}

fn family(body: &str) -> Option<Fact> {
    let (relation, name) = body.split_once(" of ")?;
    let relation = relation.trim().to_lowercase();
    FAMILY.contains(&relation.as_str()).then(|| Fact::Link {
        kind: LinkKind::Family,
        name: name.trim().to_string(),
        detail: relation,
    })
}

/// Dates as OFAC writes them, as ISO prefix strings: `01 Jan 1954`, `Jan 1954`, `1954`,
/// `circa 1954` (the year), `1960 to 1962` (each year when the range spans at most ten
/// years, else both ends) and `01 Jan 1954 to 03 Feb 1955` (both ends).
pub(crate) fn parse_dates(text: &str) -> Option<Vec<String>> {
    let text = text.trim().trim_end_matches('.').trim();
    if let Some(rest) = strip_prefix_ci(text, "circa ") {
        let rest = rest.trim();
        if let Some((from, to)) = rest.split_once('-') {
            return year_range(parse_date(from)?, parse_date(to)?);
        }
        return Some(vec![parse_date(rest)?.year.to_string()]);
    }
    if let Some((from, to)) = text.split_once(" to ") {
        return year_range(parse_date(from)?, parse_date(to)?);
    }
    Some(vec![parse_date(text)?.to_string()])
}

fn year_range(from: PartialDate, to: PartialDate) -> Option<Vec<String>> {
    let year_only = from.month.is_none() && to.month.is_none();
    if year_only && from.year <= to.year && to.year - from.year <= 10 {
        return Some((from.year..=to.year).map(|y| y.to_string()).collect());
    }
    Some(vec![from.to_string(), to.to_string()])
}

fn parse_date(text: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let year = |s: &str| (s.len() == 4).then(|| s.parse::<u16>().ok()).flatten();
    match parts.as_slice() {
        [y] => Some(PartialDate::year(year(y)?)),
        [m, y] => PartialDate::ym(year(y)?, month(m)?),
        [d, m, y] => PartialDate::ymd(year(y)?, month(m)?, d.parse().ok()?),
        _ => None,
    }
}

fn month(text: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_ascii_lowercase();
    let position = MONTHS.iter().position(|m| lower.starts_with(m))?;
    Some(position as u8 + 1)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// True if `text` starts with `label` (ASCII case-insensitive) followed by a word boundary.
fn starts_with_word(text: &str, label: &str) -> bool {
    strip_prefix_ci(text, label).is_some_and(|rest| {
        rest.is_empty()
            || label.ends_with([':', '#', '.', ')'])
            || rest.starts_with([' ', ':', '#', '-'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(clause: &str) -> Vec<(Property, String)> {
        parse_clause(clause)
            .unwrap_or_else(|| panic!("unparsed: {clause}"))
            .into_iter()
            .filter_map(|f| match f {
                Fact::Value(p, v) => Some((p, v)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dates() {
        assert_eq!(parse_dates("01 Jan 1954").unwrap(), ["1954-01-01"]);
        assert_eq!(parse_dates("Jan 1954").unwrap(), ["1954-01"]);
        assert_eq!(parse_dates("circa 1954").unwrap(), ["1954"]);
        assert_eq!(parse_dates("circa 01 Jan 1954").unwrap(), ["1954"]);
        assert_eq!(
            parse_dates("1960 to 1962").unwrap(),
            ["1960", "1961", "1962"]
        );
        assert_eq!(parse_dates("1940 to 1960").unwrap(), ["1940", "1960"]);
        assert_eq!(
            parse_dates("01 Jan 1954 to 03 Feb 1955.").unwrap(),
            ["1954-01-01", "1955-02-03"]
        );
        assert!(parse_dates("sometime").is_none());
    }

    #[test]
    fn clauses_map_to_properties() {
        assert_eq!(
            values("Passport N0000259216 (Cambodia) expires 10 Jun 2025"),
            [(Property::PassportNumber, "N0000259216".into())]
        );
        assert_eq!(
            values("alt. Passport D0002907 (Cambodia)"),
            [(Property::PassportNumber, "D0002907".into())]
        );
        assert_eq!(
            values("Tax ID No. 2632813759 (Russia)"),
            [
                (Property::TaxNumber, "2632813759".into()),
                (Property::InnCode, "2632813759".into())
            ]
        );
        assert_eq!(
            values("Identification Number IMO 6357849"),
            [(Property::ImoNumber, "6357849".into())]
        );
        assert_eq!(
            values("a.k.a. 'BNC'"),
            [(Property::WeakAlias, "BNC".into())]
        );
        assert_eq!(values("Gender Male"), [(Property::Gender, "male".into())]);
        assert_eq!(
            values("nationality Korea, North"),
            [(Property::Nationality, "kp".into())]
        );
        assert_eq!(
            values("Minister of Foreign Affairs"),
            [(Property::Position, "Minister of Foreign Affairs".into())]
        );
        assert_eq!(
            parse_clause("Linked To: KIM, Kun").unwrap(),
            [Fact::Link {
                kind: LinkKind::UnknownLink,
                name: "KIM, Kun".into(),
                detail: "Linked To".into()
            }]
        );
        assert!(parse_clause("something entirely different").is_none());
        assert_eq!(
            clauses("DOB 1954; Gender Male.").collect::<Vec<_>>(),
            ["DOB 1954", "Gender Male"]
        );
    }
}
