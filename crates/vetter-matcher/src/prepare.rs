use vetter_model::{country, Entity, PartialDate, Property, PropertyType, Schema};
use vetter_names::{alternative_readings, analyze, Name, NameKind};

/// One analysed name of an entity.
#[derive(Debug, Clone)]
pub struct PreparedName {
    /// The analysed name.
    pub name: Name,
    /// The property it came from (name, alias, weakAlias …).
    pub property: Property,
    /// Weight of each part (role × rarity), set by [`Prepared::weigh`]; empty until then.
    pub weights: Vec<f32>,
    /// The support each part lends a match (a given name lends less than its weight), set
    /// with `weights` by [`Prepared::weigh`]; empty until then.
    pub support: Vec<f32>,
}

/// An entity analysed once for matching.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Schema of the entity.
    pub schema: Schema,
    /// Names analysed by the rules of the entity's own kind.
    pub names: Vec<PreparedName>,
    /// For a LegalEntity query: its names analysed as a person's and as an organisation's,
    /// used against candidates of those kinds.
    pub person_names: Vec<PreparedName>,
    /// See `person_names`.
    pub organisation_names: Vec<PreparedName>,
    /// Birth dates that parsed.
    pub birth_dates: Vec<PartialDate>,
    /// Countries (nationality, citizenship, country, jurisdiction), alpha-2 lower case.
    pub countries: Vec<String>,
    /// `male` / `female`, if given.
    pub gender: Option<String>,
    /// Identifiers normalised (upper-case alphanumerics, leading zeros dropped) with their
    /// property.
    pub identifiers: Vec<(Property, String)>,
}

/// The name-analysis rules for a schema.
pub fn name_kind(schema: Schema) -> NameKind {
    match schema {
        Schema::Person => NameKind::Person,
        Schema::Organization | Schema::Company => NameKind::Organisation,
        Schema::Vessel | Schema::Airplane => NameKind::Vessel,
        Schema::LegalEntity => NameKind::Any,
    }
}

/// Upper-case alphanumerics without leading zeros: `L001-100119212` → `L001100119212`,
/// `0012 345` → `12345`.
pub fn normalise_identifier(value: &str) -> String {
    let compact: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    compact.trim_start_matches('0').to_string()
}

fn analyse_names(entity: &Entity, kind: NameKind) -> Vec<PreparedName> {
    let mut names: Vec<PreparedName> = entity
        .names()
        // A spaced slash separates two forms of one name ("Елена Николаевна ШИШКИНА / Олена
        // Миколаївна ШИШКIНА", "NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES").
        .flat_map(|(property, text)| text.split(" / ").map(move |form| (property, form.trim())))
        .flat_map(|(property, text)| {
            // A name in Chinese characters may be Japanese or Korean: add those readings.
            std::iter::once(analyze(text, kind))
                .chain(alternative_readings(text, kind))
                .map(move |name| PreparedName {
                    name,
                    property,
                    weights: Vec::new(),
                    support: Vec::new(),
                })
        })
        .filter(|n| !n.name.parts.is_empty())
        .collect();
    if names.is_empty() {
        // Structured names only: join given and family names.
        let parts: Vec<&str> = [
            Property::FirstName,
            Property::SecondName,
            Property::MiddleName,
            Property::FatherName,
            Property::LastName,
        ]
        .into_iter()
        .filter_map(|p| entity.first(p))
        .collect();
        if !parts.is_empty() {
            names.push(PreparedName {
                name: analyze(&parts.join(" "), kind),
                property: Property::Name,
                weights: Vec::new(),
                support: Vec::new(),
            });
        }
    }
    names
}

impl Prepared {
    /// Analyses an entity for matching.
    pub fn new(entity: &Entity) -> Self {
        let kind = name_kind(entity.schema);
        let names = analyse_names(entity, kind);
        let (person_names, organisation_names) = if entity.schema == Schema::LegalEntity {
            (
                analyse_names(entity, NameKind::Person),
                analyse_names(entity, NameKind::Organisation),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let birth_dates = entity
            .values(Property::BirthDate)
            .filter_map(|v| v.parse().ok())
            .collect();
        let mut countries: Vec<String> = Vec::new();
        for property in [
            Property::Nationality,
            Property::Citizenship,
            Property::Country,
            Property::Jurisdiction,
        ] {
            for value in entity.values(property) {
                let code = country::to_code(value)
                    .map(str::to_string)
                    .unwrap_or_else(|| value.to_ascii_lowercase());
                if !countries.contains(&code) {
                    countries.push(code);
                }
            }
        }
        let gender = entity
            .first(Property::Gender)
            .map(|g| g.to_ascii_lowercase())
            .filter(|g| g == "male" || g == "female");
        let identifiers = entity
            .properties
            .iter()
            .filter(|(p, _)| p.kind() == PropertyType::Identifier)
            .flat_map(|(p, values)| {
                values
                    .iter()
                    .map(move |s| (*p, normalise_identifier(&s.value)))
            })
            .filter(|(_, v)| v.len() >= 4)
            .collect();
        Prepared {
            schema: entity.schema,
            names,
            person_names,
            organisation_names,
            birth_dates,
            countries,
            gender,
            identifiers,
        }
    }

    /// Computes the weight of every name part from `rarity`, once, so that scoring does
    /// not look tokens up again for every comparison.
    pub fn weigh(&mut self, rarity: &crate::Rarity) {
        for name in self
            .names
            .iter_mut()
            .chain(self.person_names.iter_mut())
            .chain(self.organisation_names.iter_mut())
        {
            name.weights = crate::names::name_weights(&name.name, rarity);
            name.support = crate::names::name_support(&name.name, &name.weights, rarity);
        }
    }

    /// Analyses an entity and weighs its name parts.
    pub fn weighed(entity: &Entity, rarity: &crate::Rarity) -> Self {
        let mut prepared = Prepared::new(entity);
        prepared.weigh(rarity);
        prepared
    }

    /// The names to compare against a candidate of schema `other`.
    pub fn names_against(&self, other: Schema) -> &[PreparedName] {
        if self.schema == Schema::LegalEntity {
            match name_kind(other) {
                NameKind::Person if !self.person_names.is_empty() => return &self.person_names,
                NameKind::Organisation if !self.organisation_names.is_empty() => {
                    return &self.organisation_names
                }
                _ => {}
            }
        }
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spaced_slash_separates_two_forms_of_one_name() {
        let mut entity = Entity::new("e", Schema::Person);
        entity.add(
            Property::Alias,
            "Елена Николаевна ШИШКИНА / Олена Миколаївна ШИШКIНА",
            0,
        );
        entity.add(Property::Name, "A/S Nordic", 0);
        let prepared = Prepared::new(&entity);
        let keys: Vec<&str> = prepared.names.iter().map(|n| n.name.key()).collect();
        assert!(keys.contains(&"elena nikolaevna shishkina"), "{keys:?}");
        assert!(keys.contains(&"olena mikolaivna shishkina"), "{keys:?}");
        // Unspaced, the slash is part of a word (A/S, Danish for a company limited).
        assert_eq!(keys.len(), 3, "{keys:?}");
    }

    #[test]
    fn identifiers_ignore_punctuation_case_and_leading_zeros() {
        assert_eq!(normalise_identifier("L001-100119212"), "L001100119212");
        assert_eq!(normalise_identifier("0012 345"), "12345");
        assert_eq!(normalise_identifier("n0000259216"), "N0000259216");
    }
}
