use super::{open_output, read_json_lines};
use crate::{bundled, IndexArg};
use anyhow::Context;
use clap::{Args, Subcommand};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_matcher::{score, MatchResult, Prepared, Rarity, MATCH_THRESHOLD};
use vetter_model::{ftm, Entity, SourceRecord};

/// `vetter compare`
#[derive(Args)]
pub struct CompareArgs {
    /// JSON lines `{"id", "left": <FtM entity>, "right": <FtM entity>}` (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Where to write `{"id", "score", "match", "explanation"}` lines (default: standard
    /// output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Index whose token rarity weighs the names (default: the bundled lists).
    #[command(flatten)]
    index: IndexArg,
}

/// One labelled or unlabelled pair read from a file.
pub struct Pair {
    /// Id of the pair.
    pub id: String,
    /// Query side.
    pub left: Entity,
    /// Listed side.
    pub right: Entity,
    /// `Some(true)` for a positive judgement, `Some(false)` for a negative one.
    pub judgement: Option<bool>,
    /// Group label, if any.
    pub group: String,
}

fn side(value: &Value, path: &Path, line: usize, key: &str) -> anyhow::Result<Entity> {
    let entity = value
        .get(key)
        .with_context(|| format!("{}:{line}: missing `{key}`", path.display()))?;
    let source = SourceRecord {
        dataset: key.to_string(),
        record_id: line.to_string(),
        list_version: None,
    };
    let parsed = ftm::from_json(entity, ftm::Mode::Lenient, source, key)
        .with_context(|| format!("{}:{line}: `{key}`", path.display()))?;
    Ok(parsed.entity)
}

/// Reads a pairs file; a malformed line is an error naming the file and line.
pub fn read_pairs(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let mut pairs = Vec::new();
    for item in read_json_lines(path)? {
        let (line, value) = item?;
        let judgement = match value.get("judgement").and_then(Value::as_str) {
            Some("positive") => Some(true),
            Some("negative") => Some(false),
            _ => None,
        };
        pairs.push(Pair {
            id: value
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("line-{line}"), str::to_string),
            left: side(&value, path, line, "left")?,
            right: side(&value, path, line, "right")?,
            judgement,
            group: value
                .get("group")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        });
    }
    Ok(pairs)
}

/// Scores every pair, in parallel, keeping input order.
pub fn score_pairs(pairs: &[Pair], rarity: &Rarity) -> Vec<MatchResult> {
    pairs
        .par_iter()
        .map(|pair| {
            score(
                &Prepared::new(&pair.left),
                &Prepared::new(&pair.right),
                rarity,
            )
        })
        .collect()
}

/// Runs `vetter compare`.
pub fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let index = bundled::open_index(args.index.index.as_deref())?;
    let pairs = read_pairs(&args.input)?;
    let results = score_pairs(&pairs, index.rarity());
    let mut out = open_output(args.output.as_deref())?;
    for (pair, result) in pairs.iter().zip(&results) {
        serde_json::to_writer(
            &mut out,
            &json!({
                "id": pair.id,
                "score": result.score,
                "match": result.is_match,
                "explanation": result.explanation,
            }),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// Bars that `vetter eval pairs` fails (exit 1) below, at the match threshold.
#[derive(clap::Args)]
pub struct PairGates {
    /// Fail (exit 1) if F1 at the threshold is below this value.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Fail (exit 1) if precision at the threshold is below this value.
    #[arg(long)]
    min_precision: Option<f64>,
    /// Fail (exit 1) if recall at the threshold is below this value.
    #[arg(long)]
    min_recall: Option<f64>,
}

/// `vetter eval …`
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Precision, recall and F1 at the match threshold, and the precision-recall curve,
    /// on labelled pairs (`"judgement": "positive" | "negative"`).
    Pairs {
        /// The labelled pairs file.
        file: PathBuf,
        #[command(flatten)]
        gates: PairGates,
        /// Print the misclassified pairs.
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        index: IndexArg,
    },
    /// Cross-script pairs (CSV `query,expected,min score,description`, `#` comments): every
    /// pair must match, and where the expected name is listed, screening the query must rank
    /// that listed entity first.
    CrossScript {
        /// The pairs file.
        file: PathBuf,
        /// Fail (exit 1) unless every pair matches and ranks first.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        index: IndexArg,
    },
    /// Spellings of one listed party (one per line): each must rank the expected entity
    /// first, as a match.
    Variants {
        /// The spellings file.
        file: PathBuf,
        /// Id of the listed entity every spelling refers to (e.g. ofac-35096).
        #[arg(long)]
        expect: String,
        /// Fail (exit 1) unless every spelling ranks it first as a match.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        index: IndexArg,
    },
    /// Retrieval recall: indexes the listed (right) side of labelled pairs together with the
    /// bundled lists, screens each query (left) side, and counts the pairs the matcher scores
    /// at or above the threshold whose listed entity the search did not return.
    Retrieval {
        /// The labelled pairs file.
        file: PathBuf,
        /// Fail (exit 1) if any such pair is missed.
        #[arg(long)]
        strict: bool,
    },
    /// False-alert rate: screens every name of a CSV (columns `id,name`) and counts the
    /// names whose best result is a match; lists the highest-scoring alerts.
    Alerts {
        /// The names file.
        file: PathBuf,
        /// Schema of the names.
        #[arg(long, default_value = "Person")]
        schema: vetter_model::Schema,
        /// How many of the highest-scoring alerts to list.
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// Fail (exit 1) if more than this share of names raises an alert.
        #[arg(long)]
        max_rate: Option<f64>,
        #[command(flatten)]
        index: IndexArg,
    },
}

/// Confusion counts at one threshold.
#[derive(Default, Clone, Copy)]
pub struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Confusion {
    /// Counts at `threshold` over `(is positive, score)` labels.
    pub fn at(labels: &[(bool, f32)], threshold: f32) -> Self {
        let mut c = Confusion::default();
        for &(positive, score) in labels {
            match (positive, score >= threshold) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }
    /// Precision.
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Runs `vetter eval`.
pub fn eval(command: EvalCommand) -> anyhow::Result<()> {
    match command {
        EvalCommand::Pairs {
            file,
            gates,
            errors,
            index,
        } => eval_pairs(&file, &gates, errors, &index),
        EvalCommand::CrossScript {
            file,
            strict,
            index,
        } => super::eval_screening::cross_script(&file, strict, &index),
        EvalCommand::Variants {
            file,
            expect,
            strict,
            index,
        } => super::eval_screening::variants(&file, &expect, strict, &index),
        EvalCommand::Retrieval { file, strict } => {
            super::eval_screening::retrieval(&read_pairs(&file)?, strict)
        }
        EvalCommand::Alerts {
            file,
            schema,
            top,
            max_rate,
            index,
        } => super::eval_screening::alerts(&file, schema, top, max_rate, &index),
    }
}

fn eval_pairs(
    file: &Path,
    gates: &PairGates,
    errors: bool,
    index: &IndexArg,
) -> anyhow::Result<()> {
    let index = bundled::open_index(index.index.as_deref())?;
    let pairs: Vec<Pair> = read_pairs(file)?
        .into_iter()
        .filter(|p| p.judgement.is_some())
        .collect();
    anyhow::ensure!(!pairs.is_empty(), "{}: no labelled pairs", file.display());
    let results = score_pairs(&pairs, index.rarity());
    let labels: Vec<(bool, f32)> = pairs
        .iter()
        .zip(&results)
        .map(|(p, r)| (p.judgement == Some(true), r.score))
        .collect();
    let at = Confusion::at(&labels, MATCH_THRESHOLD);
    println!(
        "{}: {} pairs ({} positive), algorithm {}, threshold {MATCH_THRESHOLD}",
        file.display(),
        labels.len(),
        labels.iter().filter(|l| l.0).count(),
        vetter_matcher::ALGORITHM
    );
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}  (tp {} fp {} fn {} tn {})",
        at.precision(),
        at.recall(),
        at.f1(),
        at.tp,
        at.fp,
        at.fn_,
        at.tn
    );
    println!("precision-recall curve:\nthreshold precision recall f1");
    for step in 0..=10 {
        let threshold = 0.5 + 0.05 * step as f32;
        let c = Confusion::at(&labels, threshold);
        println!(
            "{threshold:.2}      {:.3}     {:.3}  {:.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    let mut groups: Vec<&str> = pairs.iter().map(|p| p.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    if groups.len() > 1 {
        println!("by group:");
        for group in groups {
            let subset: Vec<(bool, f32)> = pairs
                .iter()
                .zip(&labels)
                .filter(|(p, _)| p.group == group)
                .map(|(_, l)| *l)
                .collect();
            let c = Confusion::at(&subset, MATCH_THRESHOLD);
            println!(
                "  {group:<20} n={:<4} precision {:.3} recall {:.3} F1 {:.3}",
                subset.len(),
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
    }
    if errors {
        for (pair, result) in pairs.iter().zip(&results) {
            let positive = pair.judgement == Some(true);
            if positive != result.is_match {
                println!(
                    "{} {} {:.3} {:?} | {:?} :: {}",
                    if positive { "FN" } else { "FP" },
                    pair.id,
                    result.score,
                    pair.left.caption(),
                    pair.right.caption(),
                    result.explanation.summary()
                );
            }
        }
    }
    for (name, value, min) in [
        ("F1", at.f1(), gates.min_f1),
        ("precision", at.precision(), gates.min_precision),
        ("recall", at.recall(), gates.min_recall),
    ] {
        if let Some(min) = min {
            anyhow::ensure!(
                value >= min,
                "{name} {value:.3} is below the required {min}"
            );
        }
    }
    Ok(())
}
