use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The FollowTheMoney schema of an entity. Vetter screens the "matchable" thing schemata;
/// relationship schemata (Family, Ownership …) are carried as [`crate::Link`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Schema {
    /// Any legal person or natural person whose kind is unknown.
    LegalEntity,
    /// A natural person.
    Person,
    /// A group, party, armed group or other organisation that is not a company.
    Organization,
    /// A registered company.
    Company,
    /// A ship.
    Vessel,
    /// An aircraft.
    Airplane,
}

impl Schema {
    /// All schemata, in declaration order.
    pub const ALL: [Schema; 6] = [
        Schema::LegalEntity,
        Schema::Person,
        Schema::Organization,
        Schema::Company,
        Schema::Vessel,
        Schema::Airplane,
    ];

    /// The FtM name of the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::LegalEntity => "LegalEntity",
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::Vessel => "Vessel",
            Schema::Airplane => "Airplane",
        }
    }

    /// The parent schema in the FtM hierarchy (Company → Organization → LegalEntity).
    pub fn parent(self) -> Option<Schema> {
        match self {
            Schema::Person | Schema::Organization => Some(Schema::LegalEntity),
            Schema::Company => Some(Schema::Organization),
            Schema::LegalEntity | Schema::Vessel | Schema::Airplane => None,
        }
    }

    /// True if `self` is `other` or a descendant of it.
    pub fn is_a(self, other: Schema) -> bool {
        let mut current = Some(self);
        while let Some(schema) = current {
            if schema == other {
                return true;
            }
            current = schema.parent();
        }
        false
    }

    /// True if an entity of schema `self` may be the same thing as one of `other`: one of
    /// them descends from the other (a LegalEntity may be a Person; a Person is never a
    /// Company; Organization and Company are compatible).
    pub fn can_match(self, other: Schema) -> bool {
        self.is_a(other) || other.is_a(self)
    }

    /// True for schemata that describe organisations (LegalEntity, Organization, Company).
    pub fn is_organisation_like(self) -> bool {
        matches!(
            self,
            Schema::LegalEntity | Schema::Organization | Schema::Company
        )
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a schema name that Vetter does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown schema {0:?} (expected one of Person, Organization, Company, LegalEntity, Vessel, Airplane)")]
pub struct UnknownSchema(pub String);

impl FromStr for Schema {
    type Err = UnknownSchema;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Schema::ALL
            .into_iter()
            .find(|schema| schema.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownSchema(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_decides_compatibility() {
        assert!(Schema::Company.can_match(Schema::Organization));
        assert!(Schema::LegalEntity.can_match(Schema::Person));
        assert!(!Schema::Person.can_match(Schema::Company));
        assert!(!Schema::Vessel.can_match(Schema::Person));
        assert_eq!("person".parse::<Schema>().unwrap(), Schema::Person);
        assert!("Thing".parse::<Schema>().is_err());
    }
}
