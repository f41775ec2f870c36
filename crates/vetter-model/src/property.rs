use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How the values of a property are compared and normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyType {
    /// A full name or a part of one.
    Name,
    /// A [`crate::PartialDate`] in ISO form.
    Date,
    /// An ISO 3166-1 alpha-2 code, lower case.
    Country,
    /// A document, registration or vessel number.
    Identifier,
    /// `male`, `female` or `other`.
    Gender,
    /// A postal address.
    Address,
    /// Free text.
    Text,
}

macro_rules! properties {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal : $kind:ident ),* $(,)?) => {
        /// A FollowTheMoney property known to Vetter. Values are always multi-valued strings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub enum Property {
            $( $(#[$doc])* $variant, )*
        }

        impl Property {
            /// Every property, in declaration order.
            pub const ALL: &'static [Property] = &[$(Property::$variant),*];

            /// The FtM (camelCase) name of the property.
            pub fn as_str(self) -> &'static str {
                match self { $(Property::$variant => $name,)* }
            }

            /// The type of the property's values.
            pub fn kind(self) -> PropertyType {
                match self { $(Property::$variant => PropertyType::$kind,)* }
            }
        }
    };
}

properties! {
    /// Primary name.
    Name = "name": Name,
    /// Strong alias (a.k.a.).
    Alias = "alias": Name,
    /// Weak alias: a short or generic a.k.a. that is not enough on its own to identify.
    WeakAlias = "weakAlias": Name,
    /// Former name (f.k.a.).
    PreviousName = "previousName": Name,
    /// Given name.
    FirstName = "firstName": Name,
    /// Second given name.
    SecondName = "secondName": Name,
    /// Middle name.
    MiddleName = "middleName": Name,
    /// Family name.
    LastName = "lastName": Name,
    /// Patronymic.
    FatherName = "fatherName": Name,
    /// Matronymic.
    MotherName = "motherName": Name,
    /// Honorific or title (Dr., General, Sheikh …).
    Title = "title": Text,
    /// Date of birth.
    BirthDate = "birthDate": Date,
    /// Place of birth.
    BirthPlace = "birthPlace": Text,
    /// Date of death.
    DeathDate = "deathDate": Date,
    /// Date of incorporation of a company.
    IncorporationDate = "incorporationDate": Date,
    /// Nationality.
    Nationality = "nationality": Country,
    /// Citizenship.
    Citizenship = "citizenship": Country,
    /// Country of residence, registration or operation.
    Country = "country": Country,
    /// Jurisdiction of incorporation.
    Jurisdiction = "jurisdiction": Country,
    /// Gender.
    Gender = "gender": Gender,
    /// Passport number.
    PassportNumber = "passportNumber": Identifier,
    /// National or other identity number.
    IdNumber = "idNumber": Identifier,
    /// Tax number.
    TaxNumber = "taxNumber": Identifier,
    /// Company registration number.
    RegistrationNumber = "registrationNumber": Identifier,
    /// Russian INN.
    InnCode = "innCode": Identifier,
    /// Russian OGRN.
    OgrnCode = "ogrnCode": Identifier,
    /// Legal Entity Identifier.
    LeiCode = "leiCode": Identifier,
    /// SWIFT/BIC.
    SwiftBic = "swiftBic": Identifier,
    /// IMO number of a vessel (or company).
    ImoNumber = "imoNumber": Identifier,
    /// Maritime Mobile Service Identity.
    Mmsi = "mmsi": Identifier,
    /// Radio call sign.
    CallSign = "callSign": Identifier,
    /// Aircraft serial number.
    SerialNumber = "serialNumber": Identifier,
    /// Flag state of a vessel.
    Flag = "flag": Country,
    /// Type of vessel or aircraft.
    Type = "type": Text,
    /// Model of aircraft.
    Model = "model": Text,
    /// Year or date of build.
    BuildDate = "buildDate": Date,
    /// Gross registered tonnage.
    GrossRegisteredTonnage = "grossRegisteredTonnage": Text,
    /// Postal address.
    Address = "address": Address,
    /// E-mail address.
    Email = "email": Text,
    /// Telephone number.
    Phone = "phone": Text,
    /// Website.
    Website = "website": Text,
    /// Position or role (e.g. "Minister of Defence").
    Position = "position": Text,
    /// Free-text remarks from the list.
    Notes = "notes": Text,
    /// Sanction programs the entity is listed under (codes as the list writes them).
    Program = "program": Text,
    /// FtM topics (e.g. `sanction`, `role.pep`).
    Topics = "topics": Text,
    /// Source web page.
    SourceUrl = "sourceUrl": Text,
}

impl Property {
    /// True for the properties that hold a name of the entity.
    pub fn is_name(self) -> bool {
        self.kind() == PropertyType::Name
    }

    /// True for the properties that hold a full name usable for screening (not a name part).
    pub fn is_full_name(self) -> bool {
        matches!(
            self,
            Property::Name | Property::Alias | Property::WeakAlias | Property::PreviousName
        )
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a property name that Vetter does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown property {0:?}")]
pub struct UnknownProperty(pub String);

impl FromStr for Property {
    type Err = UnknownProperty;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Property::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownProperty(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Property::ALL {
            assert_eq!(p.as_str().parse::<Property>().unwrap(), *p);
            let json = serde_json::to_string(p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert!("birthdate".parse::<Property>().is_err());
    }
}
