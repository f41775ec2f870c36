//! The prepared (analysed and weighed) entities as the index file stores them, so that
//! loading an index does not analyse every name again. The analysis types of
//! `vetter-names` are mirrored field by field; scripts and roles are stored as small codes.

use serde::{Deserialize, Serialize};
use vetter_matcher::{Prepared, PreparedName};
use vetter_model::{PartialDate, Property, Schema};
use vetter_names::{JoinedPart, Name, NamePart, PartRole, Script};

/// Part roles in code order.
const ROLES: [PartRole; 7] = [
    PartRole::Word,
    PartRole::Initial,
    PartRole::Particle,
    PartRole::Patronymic,
    PartRole::LegalForm,
    PartRole::StopWord,
    PartRole::Number,
];

/// The code of a script (a match, so that a new script is a compile error here).
fn script_code(script: Script) -> u8 {
    match script {
        Script::Latin => 0,
        Script::Cyrillic => 1,
        Script::Greek => 2,
        Script::Arabic => 3,
        Script::Hebrew => 4,
        Script::Han => 5,
        Script::Hangul => 6,
        Script::Kana => 7,
        Script::Thai => 8,
        Script::Khmer => 9,
        Script::Other => 10,
    }
}

/// The code of a part role.
fn role_code(role: PartRole) -> u8 {
    match role {
        PartRole::Word => 0,
        PartRole::Initial => 1,
        PartRole::Particle => 2,
        PartRole::Patronymic => 3,
        PartRole::LegalForm => 4,
        PartRole::StopWord => 5,
        PartRole::Number => 6,
    }
}

fn decode<T: Copy>(table: &[T], code: u8) -> Result<T, String> {
    table
        .get(usize::from(code))
        .copied()
        .ok_or_else(|| format!("unknown code {code}"))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredPart {
    text: String,
    script: u8,
    role: u8,
    key: String,
    skeleton: String,
    variants: Vec<u32>,
    pinyin: Vec<u32>,
    masks: (u64, u64),
    syllable: bool,
    family: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredJoined {
    start: u32,
    len: u32,
    part: StoredPart,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredName {
    original: String,
    parts: Vec<StoredPart>,
    script: u8,
    key: String,
    joined: Vec<StoredJoined>,
    property: Property,
    weights: Vec<f32>,
    support: Vec<f32>,
}

/// One prepared entity as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredPrepared {
    schema: Schema,
    names: Vec<StoredName>,
    person_names: Vec<StoredName>,
    organisation_names: Vec<StoredName>,
    birth_dates: Vec<(u16, Option<u8>, Option<u8>)>,
    countries: Vec<String>,
    gender: Option<String>,
    identifiers: Vec<(Property, String)>,
}

fn store_part(part: &NamePart) -> StoredPart {
    StoredPart {
        text: part.text.clone(),
        script: script_code(part.script),
        role: role_code(part.role),
        key: part.key.clone(),
        skeleton: part.skeleton.clone(),
        variants: part.variants.clone(),
        pinyin: part.pinyin.clone(),
        masks: part.masks,
        syllable: part.syllable,
        family: part.family,
    }
}

fn load_part(part: StoredPart) -> Result<NamePart, String> {
    Ok(NamePart {
        text: part.text,
        script: decode(&Script::ALL, part.script)?,
        role: decode(&ROLES, part.role)?,
        key: part.key,
        skeleton: part.skeleton,
        variants: part.variants,
        pinyin: part.pinyin,
        masks: part.masks,
        syllable: part.syllable,
        family: part.family,
    })
}

fn store_names(names: &[PreparedName]) -> Vec<StoredName> {
    names
        .iter()
        .map(|n| StoredName {
            original: n.name.original.clone(),
            parts: n.name.parts.iter().map(store_part).collect(),
            script: script_code(n.name.script),
            key: n.name.key.clone(),
            joined: n
                .name
                .joined
                .iter()
                .map(|j| StoredJoined {
                    start: j.start as u32,
                    len: j.len as u32,
                    part: store_part(&j.part),
                })
                .collect(),
            property: n.property,
            weights: n.weights.clone(),
            support: n.support.clone(),
        })
        .collect()
}

fn load_names(names: Vec<StoredName>) -> Result<Vec<PreparedName>, String> {
    names
        .into_iter()
        .map(|n| {
            let parts: Vec<NamePart> = n
                .parts
                .into_iter()
                .map(load_part)
                .collect::<Result<_, _>>()?;
            let joined = n
                .joined
                .into_iter()
                .map(|j| {
                    let (start, len) = (j.start as usize, j.len as usize);
                    if start + len > parts.len() {
                        return Err("joined run outside its name".to_string());
                    }
                    Ok(JoinedPart {
                        start,
                        len,
                        part: load_part(j.part)?,
                    })
                })
                .collect::<Result<_, String>>()?;
            if n.weights.len() != parts.len() || n.support.len() != parts.len() {
                return Err("name weights do not match its parts".into());
            }
            Ok(PreparedName {
                name: Name {
                    original: n.original,
                    parts,
                    script: decode(&Script::ALL, n.script)?,
                    key: n.key,
                    joined,
                },
                property: n.property,
                weights: n.weights,
                support: n.support,
            })
        })
        .collect()
}

impl StoredPrepared {
    /// The stored form of a prepared entity.
    pub fn new(prepared: &Prepared) -> Self {
        StoredPrepared {
            schema: prepared.schema,
            names: store_names(&prepared.names),
            person_names: store_names(&prepared.person_names),
            organisation_names: store_names(&prepared.organisation_names),
            birth_dates: prepared
                .birth_dates
                .iter()
                .map(|d| (d.year, d.month, d.day))
                .collect(),
            countries: prepared.countries.clone(),
            gender: prepared.gender.clone(),
            identifiers: prepared.identifiers.clone(),
        }
    }

    /// The prepared entity back; an error names what is inconsistent.
    pub fn load(self) -> Result<Prepared, String> {
        Ok(Prepared {
            schema: self.schema,
            names: load_names(self.names)?,
            person_names: load_names(self.person_names)?,
            organisation_names: load_names(self.organisation_names)?,
            birth_dates: self
                .birth_dates
                .into_iter()
                .map(|(year, month, day)| PartialDate { year, month, day })
                .collect(),
            countries: self.countries,
            gender: self.gender,
            identifiers: self.identifiers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for script in Script::ALL {
            assert_eq!(decode(&Script::ALL, script_code(script)), Ok(script));
        }
        for role in ROLES {
            assert_eq!(decode(&ROLES, role_code(role)), Ok(role));
        }
        assert!(decode(&ROLES, 200).is_err());
    }
}
