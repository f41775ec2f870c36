use serde::Serialize;
use vetter_model::Schema;
use vetter_names::PartMatchKind;

/// The machine-readable explanation of a score. Its JSON form is part of Vetter's stable
/// interface (see the README, "Explanation schema").
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Algorithm version.
    pub algorithm: &'static str,
    /// The best-scoring pair of names, if any name parts aligned.
    pub name: Option<NameComparison>,
    /// Corroborating (+) and contradicting (−) evidence beyond the name.
    pub features: Vec<Feature>,
    /// Set when the schemata cannot describe the same thing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl Explanation {
    pub(crate) fn schema_mismatch(query: Schema, candidate: Schema) -> Self {
        Explanation {
            algorithm: crate::ALGORITHM,
            name: None,
            features: Vec::new(),
            schema: Some(format!("{query} cannot match {candidate}")),
        }
    }

    /// A one-line human summary: the aligned parts and the evidence.
    pub fn summary(&self) -> String {
        let mut out = Vec::new();
        if let Some(reason) = &self.schema {
            return reason.clone();
        }
        if let Some(name) = &self.name {
            let aligned: Vec<String> = name
                .alignment
                .iter()
                .map(|a| {
                    if a.query == a.candidate {
                        a.query.clone()
                    } else {
                        format!("{}~{}", a.query, a.candidate)
                    }
                })
                .collect();
            let mut text = format!("name {:.2} [{}]", name.score, aligned.join(" "));
            if !name.query_only.is_empty() {
                text.push_str(&format!(" query-only: {}", name.query_only.join(" ")));
            }
            if !name.candidate_only.is_empty() {
                text.push_str(&format!(" list-only: {}", name.candidate_only.join(" ")));
            }
            out.push(text);
        } else {
            out.push("no name parts in common".to_string());
        }
        for feature in &self.features {
            out.push(format!(
                "{} {:+.2} ({})",
                feature.feature, feature.contribution, feature.detail
            ));
        }
        out.join("; ")
    }
}

/// How the best pair of names compared.
#[derive(Debug, Clone, Serialize)]
pub struct NameComparison {
    /// Name score in [0, 1]: similarity of the names times their support.
    pub score: f32,
    /// How much the aligned parts identify someone, in (0, 1]: 1 when they carry enough
    /// rare-token weight, less for a name made of common tokens ("Mohamed Ali").
    /// Corroborating evidence lifts it (see the `support_lift` of features).
    pub support: f32,
    /// The query name.
    pub query: String,
    /// The listed name.
    pub candidate: String,
    /// Property of the listed name (name, alias, weakAlias, previousName).
    pub property: String,
    /// Aligned parts.
    pub alignment: Vec<Alignment>,
    /// Parts only the query has.
    pub query_only: Vec<String>,
    /// Parts only the listed name has.
    pub candidate_only: Vec<String>,
    /// Weight of parts that contradict each other (both names have a part in that place
    /// that the other lacks).
    pub conflict: f32,
}

/// One aligned pair of parts.
#[derive(Debug, Clone, Serialize)]
pub struct Alignment {
    /// Query part(s), transliterated.
    pub query: String,
    /// Listed part(s), transliterated.
    pub candidate: String,
    /// Why they align.
    pub kind: PartMatchKind,
    /// Similarity in (0, 1].
    pub similarity: f32,
    /// Weight of the pair (rarity × role).
    pub weight: f32,
}

/// One piece of evidence beyond the name.
#[derive(Debug, Clone, Serialize)]
pub struct Feature {
    /// `birth_date`, `country`, `gender` or `identifier`.
    pub feature: &'static str,
    /// Added to the score (negative: contradicting).
    pub contribution: f32,
    /// Added to the name's support: corroborating evidence makes a common name count.
    pub support_lift: f32,
    /// Query value(s).
    pub query: String,
    /// Listed value(s).
    pub candidate: String,
    /// What was found.
    pub detail: String,
}
