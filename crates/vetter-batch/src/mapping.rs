//! Column mapping: which column of a customer file supplies which part of a query.
//!
//! A mapping is given as `--map name=full_name,birthDate=dob` ([`Mapping::parse_pairs`]),
//! as a file of `key = "column"` lines (flat TOML or plain `key=value`,
//! [`Mapping::parse_file`]), or detected from common header names ([`Mapping::detect`]).
//! Keys are FtM property names (`name`, `alias`, `firstName`, `middleName`, `lastName`,
//! `birthDate`, `country`, `nationality`, `citizenship`, `passportNumber`, `idNumber`,
//! `gender` …), `id` (the caller's row id) and `schema` (the row's entity type); common
//! spellings such as `first_name`, `dob`, `passport` or `type` are accepted too.

use std::fmt;
use vetter_model::Property;

/// What a column supplies to a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The caller's row id, copied to every output line of the row.
    Id,
    /// The row's entity type (`Person`, `individual`, `company` …).
    Schema,
    /// A property of the query entity.
    Property(Property),
}

impl Target {
    /// Parses a mapping key: an FtM property name, `id`, `schema`, or a common spelling.
    pub fn parse(key: &str) -> Option<Target> {
        let folded = fold(key);
        let target = match folded.as_str() {
            "id" | "rowid" | "recordid" | "customerid" => Target::Id,
            "schema" | "type" | "entitytype" => Target::Schema,
            "fullname" => Target::Property(Property::Name),
            "aka" | "aliases" => Target::Property(Property::Alias),
            "givenname" | "forename" => Target::Property(Property::FirstName),
            "surname" | "familyname" => Target::Property(Property::LastName),
            "dob" | "dateofbirth" => Target::Property(Property::BirthDate),
            "passport" | "passportno" => Target::Property(Property::PassportNumber),
            "nationalid" => Target::Property(Property::IdNumber),
            "sex" => Target::Property(Property::Gender),
            _ => {
                return Property::ALL
                    .iter()
                    .find(|p| fold(p.as_str()) == folded)
                    .map(|p| Target::Property(*p))
            }
        };
        Some(target)
    }

    /// The canonical key (`id`, `schema` or the FtM property name).
    pub fn key(self) -> &'static str {
        match self {
            Target::Id => "id",
            Target::Schema => "schema",
            Target::Property(p) => p.as_str(),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Lower case, letters and digits only: `Date of Birth` and `date_of_birth` both give
/// `dateofbirth`.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// An error in a mapping given by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// A pair is not `key=column`.
    #[error("{origin}: {text:?} is not key=column")]
    Syntax {
        /// Where the pair was given (`--map` or `FILE:LINE`).
        origin: String,
        /// The offending text.
        text: String,
    },
    /// The key names nothing a query can use.
    #[error("{origin}: unknown key {key:?} (use an FtM property such as name, firstName, lastName, birthDate, country, nationality, idNumber, passportNumber, gender, or id, schema)")]
    UnknownKey {
        /// Where the pair was given.
        origin: String,
        /// The key.
        key: String,
    },
    /// A mapped column is not in the file.
    #[error(
        "column {column:?} (mapped to {target}) is not in the input; its columns are: {available}"
    )]
    MissingColumn {
        /// The column name.
        column: String,
        /// Its target.
        target: Target,
        /// The input's columns, comma-separated.
        available: String,
    },
    /// Nothing in the mapping gives a name.
    #[error("the mapping gives no name (map name, or firstName/lastName); the input's columns are: {available}")]
    NoName {
        /// The input's columns, comma-separated.
        available: String,
    },
}

/// Which columns supply which targets; a target may take several columns (two country
/// columns, say) and a column may feed several targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// `(target, column name)` pairs in the order given.
    pub columns: Vec<(Target, String)>,
}

/// Header names recognised by [`Mapping::detect`], folded (see `fold`), in order of
/// preference for each target.
const DETECT: &[(Target, &[&str])] = &[
    (
        Target::Id,
        &[
            "id",
            "customerid",
            "clientid",
            "recordid",
            "uniqueid",
            "accountid",
            "customerno",
            "customernumber",
            "partyid",
            "reference",
        ],
    ),
    (
        Target::Property(Property::Name),
        &[
            "name",
            "fullname",
            "customername",
            "clientname",
            "partyname",
            "entityname",
            "accountname",
            "legalname",
            "companyname",
        ],
    ),
    (
        Target::Property(Property::FirstName),
        &[
            "firstname",
            "givenname",
            "givennames",
            "forename",
            "forenames",
        ],
    ),
    (
        Target::Property(Property::MiddleName),
        &["middlename", "middlenames"],
    ),
    (
        Target::Property(Property::LastName),
        &["lastname", "surname", "familyname"],
    ),
    (
        Target::Property(Property::Alias),
        &["alias", "aliases", "aka"],
    ),
    (
        Target::Property(Property::BirthDate),
        &["dob", "dateofbirth", "birthdate", "birthday"],
    ),
    (
        Target::Property(Property::Country),
        &[
            "country",
            "countries",
            "countryofresidence",
            "residencecountry",
        ],
    ),
    (
        Target::Property(Property::Nationality),
        &["nationality", "nationalities"],
    ),
    (Target::Property(Property::Citizenship), &["citizenship"]),
    (
        Target::Property(Property::PassportNumber),
        &["passport", "passportnumber", "passportno"],
    ),
    (
        Target::Property(Property::IdNumber),
        &[
            "idnumber",
            "nationalid",
            "nationalidnumber",
            "identificationnumber",
            "documentnumber",
        ],
    ),
    (
        Target::Schema,
        &[
            "type",
            "entitytype",
            "schema",
            "customertype",
            "partytype",
            "recordtype",
        ],
    ),
    (Target::Property(Property::Gender), &["gender", "sex"]),
];

impl Mapping {
    /// Parses `key=column,key=column` (the `--map` option).
    pub fn parse_pairs(text: &str) -> Result<Mapping, MappingError> {
        let mut mapping = Mapping::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            mapping.push_pair("--map", pair)?;
        }
        Ok(mapping)
    }

    /// Parses a mapping file: `key = "column"` lines (flat TOML; a `key = ["a", "b"]` array
    /// maps several columns) or plain `key=column` lines. Blank lines, `#` comments and
    /// `[section]` headers are ignored. `origin` names the file in errors.
    pub fn parse_file(text: &str, origin: &str) -> Result<Mapping, MappingError> {
        let mut mapping = Mapping::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                continue;
            }
            let origin = format!("{origin}:{}", number + 1);
            let (key, value) = line.split_once('=').ok_or_else(|| MappingError::Syntax {
                origin: origin.clone(),
                text: line.to_string(),
            })?;
            let value = value.trim();
            let columns: Vec<String> =
                if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    inner
                        .split(',')
                        .map(|c| unquote(c.trim()))
                        .filter(|c| !c.is_empty())
                        .collect()
                } else {
                    vec![unquote(strip_comment(value))]
                };
            for column in columns {
                mapping.push_pair(&origin, &format!("{}={column}", unquote(key.trim())))?;
            }
        }
        Ok(mapping)
    }

    fn push_pair(&mut self, origin: &str, pair: &str) -> Result<(), MappingError> {
        let (key, column) = pair
            .split_once('=')
            .map(|(k, c)| (k.trim(), c.trim()))
            .filter(|(k, c)| !k.is_empty() && !c.is_empty())
            .ok_or_else(|| MappingError::Syntax {
                origin: origin.to_string(),
                text: pair.to_string(),
            })?;
        let target = Target::parse(key).ok_or_else(|| MappingError::UnknownKey {
            origin: origin.to_string(),
            key: key.to_string(),
        })?;
        self.columns.push((target, column.to_string()));
        Ok(())
    }

    /// Detects a mapping from common header names (case, spaces, dashes and underscores
    /// ignored): `name`/`full_name`/`customer_name`, `first_name` + `last_name`,
    /// `dob`/`date_of_birth`/`birth_date`, `country`/`nationality`/`citizenship`,
    /// `passport`/`id_number`, `id`/`customer_id`/`record_id`, `type`/`entity_type`/`schema`,
    /// `gender`. Each target takes the first header of its list that is present.
    pub fn detect(headers: &[String]) -> Mapping {
        let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
        let mut mapping = Mapping::default();
        for (target, names) in DETECT {
            let found = names
                .iter()
                .find_map(|name| folded.iter().position(|h| h == name));
            if let Some(index) = found {
                mapping.columns.push((*target, headers[index].clone()));
            }
        }
        mapping
    }

    /// Checks the mapping against the input's columns: every mapped column exists and some
    /// column gives a name.
    pub fn validate(&self, headers: &[String]) -> Result<(), MappingError> {
        let available = || headers.join(", ");
        for (target, column) in &self.columns {
            if !headers.iter().any(|h| h == column) {
                return Err(MappingError::MissingColumn {
                    column: column.clone(),
                    target: *target,
                    available: available(),
                });
            }
        }
        let names = self.columns.iter().any(|(t, _)| match t {
            Target::Property(p) => p.is_full_name() || is_name_part(*p),
            _ => false,
        });
        if names {
            Ok(())
        } else {
            Err(MappingError::NoName {
                available: available(),
            })
        }
    }

    /// A stable 64-bit hash of the mapping (part of the resume checkpoint).
    pub fn fingerprint(&self) -> u64 {
        let mut text = String::new();
        for (target, column) in &self.columns {
            text.push_str(target.key());
            text.push('\u{1f}');
            text.push_str(column);
            text.push('\u{1e}');
        }
        fnv(text.as_bytes())
    }
}

impl fmt::Display for Mapping {
    /// `name=full_name, birthDate=dob` — the form `--map` takes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self
            .columns
            .iter()
            .map(|(t, c)| format!("{t}={c}"))
            .collect();
        f.write_str(&pairs.join(","))
    }
}

/// Given, middle, family and patronymic names: parts a full name is built from.
pub(crate) fn is_name_part(property: Property) -> bool {
    matches!(
        property,
        Property::FirstName
            | Property::SecondName
            | Property::MiddleName
            | Property::FatherName
            | Property::LastName
    )
}

/// 64-bit FNV-1a.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    t.to_string()
}

/// Drops a trailing `# comment` after a quoted TOML value.
fn strip_comment(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(q) {
            if let Some(end) = rest.find(q) {
                return &value[..end + 2];
            }
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_accept_property_names_and_spellings() {
        let m = Mapping::parse_pairs(
            "name=full_name,birthDate=dob,country=nationality,id=customer_id,schema=type",
        )
        .unwrap();
        assert_eq!(
            m.columns,
            vec![
                (Target::Property(Property::Name), "full_name".into()),
                (Target::Property(Property::BirthDate), "dob".into()),
                (Target::Property(Property::Country), "nationality".into()),
                (Target::Id, "customer_id".into()),
                (Target::Schema, "type".into()),
            ]
        );
        let m = Mapping::parse_pairs("first_name=Given,surname=Family,dob=DOB").unwrap();
        assert_eq!(
            m.to_string(),
            "firstName=Given,lastName=Family,birthDate=DOB"
        );
        assert!(matches!(
            Mapping::parse_pairs("nmae=x"),
            Err(MappingError::UnknownKey { .. })
        ));
        assert!(matches!(
            Mapping::parse_pairs("name"),
            Err(MappingError::Syntax { .. })
        ));
    }

    #[test]
    fn file_takes_toml_and_plain_lines() {
        let text = "# customer book\n[columns]\nname = \"Full Name\"  # legal name\ncountry = [\"nat\", \"residence\"]\nbirthDate=dob\n";
        let m = Mapping::parse_file(text, "map.toml").unwrap();
        assert_eq!(
            m.columns,
            vec![
                (Target::Property(Property::Name), "Full Name".into()),
                (Target::Property(Property::Country), "nat".into()),
                (Target::Property(Property::Country), "residence".into()),
                (Target::Property(Property::BirthDate), "dob".into()),
            ]
        );
        let err = Mapping::parse_file("name = a\nbogus\n", "map.toml").unwrap_err();
        assert!(err.to_string().starts_with("map.toml:2"), "{err}");
    }

    #[test]
    fn detects_common_headers() {
        let h = headers(&[
            "Customer ID",
            "First Name",
            "Last_Name",
            "Date of Birth",
            "Nationality",
            "Passport No",
            "Entity Type",
        ]);
        let m = Mapping::detect(&h);
        assert_eq!(
            m.to_string(),
            "id=Customer ID,firstName=First Name,lastName=Last_Name,birthDate=Date of Birth,nationality=Nationality,passportNumber=Passport No,schema=Entity Type"
        );
        m.validate(&h).unwrap();
        // The splink parquet file's columns.
        let h = headers(&[
            "unique_id",
            "cluster",
            "full_name",
            "first_and_surname",
            "first_name",
            "surname",
            "dob",
            "birth_place",
            "postcode_fake",
            "gender",
            "occupation",
        ]);
        assert_eq!(
            Mapping::detect(&h).to_string(),
            "id=unique_id,name=full_name,firstName=first_name,lastName=surname,birthDate=dob,gender=gender"
        );
    }

    #[test]
    fn validation_names_missing_columns() {
        let h = headers(&["id", "dob"]);
        let err = Mapping::parse_pairs("name=full_name")
            .unwrap()
            .validate(&h)
            .unwrap_err();
        assert!(err.to_string().contains("\"full_name\""), "{err}");
        let err = Mapping::detect(&h).validate(&h).unwrap_err();
        assert!(matches!(err, MappingError::NoName { .. }));
    }
}
