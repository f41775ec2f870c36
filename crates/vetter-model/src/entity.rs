use crate::{Property, Schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a value came from: one record of one version of one official list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Source dataset name, e.g. `us_ofac_sdn`, `un_sc_sanctions`.
    pub dataset: String,
    /// Id of the record inside the list (OFAC ent_num, UN reference number …).
    pub record_id: String,
    /// Publication date or as-of date of the list version, ISO 8601, if known.
    pub list_version: Option<String>,
}

/// One value of one property, with the index of its [`SourceRecord`] in [`Entity::sources`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Statement {
    /// The value, normalised to the property's type (ISO dates, alpha-2 countries …).
    pub value: String,
    /// Index into [`Entity::sources`].
    pub source: u16,
}

/// A sanction designation of an entity under one program of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanction {
    /// Authority that imposes the measures, e.g. `US OFAC`, `UN Security Council`.
    pub authority: String,
    /// Program or regime code as the list writes it, e.g. `GLOMAG`, `DPRK3`, `Al-Qaida`.
    pub program: String,
    /// Date of listing, ISO 8601 prefix, when the list gives it.
    pub listing_date: Option<String>,
    /// Measures stated by the list (asset freeze, travel ban …).
    pub measures: Vec<String>,
    /// Index into [`Entity::sources`].
    pub source: u16,
}

/// The kind of a relationship between two entities, after FtM's relationship schemata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// Relative (FtM `Family`).
    Family,
    /// Business or personal associate (FtM `Associate`).
    Associate,
    /// Ownership of a company or asset (FtM `Ownership`).
    Ownership,
    /// Director or officer (FtM `Directorship`).
    Directorship,
    /// A link whose nature the list does not state (FtM `UnknownLink`, OFAC `Linked To:`).
    UnknownLink,
}

/// A directed link from this entity to another one, as stated by a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Kind of relationship.
    pub kind: LinkKind,
    /// Id of the other entity, when it could be resolved; otherwise `None`.
    pub target_id: Option<String>,
    /// The other party's name as the list writes it.
    pub target_name: String,
    /// Relationship detail from the list (e.g. "wife", "owned or controlled by").
    pub detail: Option<String>,
    /// Share of an [`LinkKind::Ownership`] as the list states it, in percent as a decimal
    /// number (`"51"`, `"25.5"`); `None` when the list states none.
    pub percentage: Option<String>,
    /// Index into [`Entity::sources`].
    pub source: u16,
}

/// Why two source records were merged into one canonical entity by cross-list
/// resolution (`vetter-resolve`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// Id of one merged record.
    pub left: String,
    /// Id of the other merged record.
    pub right: String,
    /// The rule that linked them: `un_reference`, `uk_group_id`, `identifier`,
    /// `name_birth_nationality` or `decision`.
    pub rule: String,
    /// The evidence, readable: the reference number, identifier, or name, date and
    /// country that both records state, or the reason of a decision.
    pub evidence: String,
}

impl std::fmt::Display for Merge {
    /// `gb-hmt-13036 = gb-fcdo-RUS0048 by uk_group_id: OFSI Group ID 13036`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} = {} by {}: {}",
            self.left, self.right, self.rule, self.evidence
        )
    }
}

/// A listed party (or a screening query) with provenance for every value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, e.g. `ofac-28036`, `un-QDi.001`.
    pub id: String,
    /// Schema.
    pub schema: Schema,
    /// Multi-valued properties.
    pub properties: BTreeMap<Property, Vec<Statement>>,
    /// Sanction designations.
    pub sanctions: Vec<Sanction>,
    /// Links to other entities.
    pub links: Vec<Link>,
    /// Source records the values came from.
    pub sources: Vec<SourceRecord>,
    /// Ids of the other source entities merged into this one by cross-list resolution
    /// (FtM `referents`); they resolve to this entity. Empty for an unmerged entity.
    #[serde(default)]
    pub referents: Vec<String>,
    /// Why the records were merged, one entry per joined pair.
    #[serde(default)]
    pub merges: Vec<Merge>,
}

impl Entity {
    /// A new entity with no properties and no sources.
    pub fn new(id: impl Into<String>, schema: Schema) -> Self {
        Entity {
            id: id.into(),
            schema,
            properties: BTreeMap::new(),
            sanctions: Vec::new(),
            links: Vec::new(),
            sources: Vec::new(),
            referents: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// Adds a source record and returns its index for use in statements.
    pub fn add_source(&mut self, source: SourceRecord) -> u16 {
        if let Some(index) = self.sources.iter().position(|s| *s == source) {
            return index as u16;
        }
        self.sources.push(source);
        (self.sources.len() - 1) as u16
    }

    /// Adds a value to a property, trimmed; empty and duplicate values are ignored.
    pub fn add(&mut self, property: Property, value: impl AsRef<str>, source: u16) {
        let value = value.as_ref().trim();
        if value.is_empty() {
            return;
        }
        let values = self.properties.entry(property).or_default();
        if !values.iter().any(|s| s.value == value) {
            values.push(Statement {
                value: value.to_string(),
                source,
            });
        }
    }

    /// The values of a property (empty if it has none).
    pub fn values(&self, property: Property) -> impl Iterator<Item = &str> {
        self.properties
            .get(&property)
            .into_iter()
            .flatten()
            .map(|s| s.value.as_str())
    }

    /// The first value of a property.
    pub fn first(&self, property: Property) -> Option<&str> {
        self.values(property).next()
    }

    /// Every full name of the entity: name, alias, previous name and weak alias values.
    pub fn names(&self) -> impl Iterator<Item = (Property, &str)> {
        self.properties
            .iter()
            .filter(|(p, _)| p.is_full_name())
            .flat_map(|(p, values)| values.iter().map(move |s| (*p, s.value.as_str())))
    }

    /// The display name: the first `name`, else the first alias, else the id.
    pub fn caption(&self) -> &str {
        self.first(Property::Name)
            .or_else(|| self.first(Property::Alias))
            .unwrap_or(&self.id)
    }

    /// Every id this entity answers to: its own, then its [`Entity::referents`].
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.referents.iter().map(String::as_str))
    }

    /// Distinct dataset names of the entity's sources, in order of first appearance.
    pub fn datasets(&self) -> Vec<&str> {
        let mut datasets: Vec<&str> = Vec::new();
        for source in &self.sources {
            if !datasets.contains(&source.dataset.as_str()) {
                datasets.push(&source.dataset);
            }
        }
        datasets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_provenance_and_skip_duplicates() {
        let mut entity = Entity::new("ofac-28036", Schema::Person);
        let source = entity.add_source(SourceRecord {
            dataset: "us_ofac_sdn".into(),
            record_id: "28036".into(),
            list_version: Some("2023-12-28".into()),
        });
        entity.add(Property::Name, " KIM, Kun ", source);
        entity.add(Property::Name, "KIM, Kun", source);
        entity.add(Property::Alias, "", source);
        assert_eq!(
            entity.values(Property::Name).collect::<Vec<_>>(),
            ["KIM, Kun"]
        );
        assert_eq!(entity.caption(), "KIM, Kun");
        assert_eq!(entity.properties[&Property::Name][0].source, 0);
        assert_eq!(entity.datasets(), ["us_ofac_sdn"]);
    }
}
