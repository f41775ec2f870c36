//! Counters of a run and the summary printed at its end.

use crate::query::Reject;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// How many rejected rows and warnings are kept with their line numbers.
pub const LISTED: usize = 20;

/// Counters of a run (kept in the checkpoint, so a resumed run reports the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records read from the input (screened and rejected).
    pub read: u64,
    /// Records screened.
    pub screened: u64,
    /// Alerts: results at or above the cut-off.
    pub alerts: u64,
    /// Screened rows with at least one alert.
    pub alert_rows: u64,
    /// Records rejected.
    pub rejected: u64,
    /// The first [`LISTED`] rejected records, with line numbers and reasons.
    pub rejects: Vec<Reject>,
    /// Values ignored in screened rows (an unknown country …).
    pub warnings: u64,
    /// The first [`LISTED`] warnings, with line numbers.
    pub warning_samples: Vec<Reject>,
}

impl Counts {
    pub(crate) fn reject(&mut self, reject: Reject) {
        self.rejected += 1;
        if self.rejects.len() < LISTED {
            self.rejects.push(reject);
        }
    }

    pub(crate) fn warn(&mut self, line: u64, text: String) {
        self.warnings += 1;
        if self.warning_samples.len() < LISTED {
            self.warning_samples.push(Reject { line, reason: text });
        }
    }
}

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Counters over the whole input (including any run this one resumed).
    pub counts: Counts,
    /// Records skipped because an earlier run had done them (`--resume`).
    pub resumed_after: u64,
    /// Records processed by this run.
    pub rows_this_run: u64,
    /// Wall time of this run.
    pub elapsed: Duration,
    /// False when the run stopped early (`stop_after`), leaving a checkpoint.
    pub complete: bool,
}

impl Summary {
    /// Records processed per second by this run.
    pub fn rows_per_second(&self) -> f64 {
        self.rows_this_run as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        write!(f, "rows read {}", thousands(c.read))?;
        if self.resumed_after > 0 {
            write!(f, " (resumed after {})", thousands(self.resumed_after))?;
        }
        writeln!(
            f,
            ", screened {}, alerts {} in {} rows, rejected {}",
            thousands(c.screened),
            thousands(c.alerts),
            thousands(c.alert_rows),
            thousands(c.rejected)
        )?;
        write!(
            f,
            "elapsed {:.1} s, {} rows/s",
            self.elapsed.as_secs_f64(),
            thousands(self.rows_per_second().round() as u64)
        )?;
        if !self.complete {
            write!(f, " (stopped early; continue with --resume)")?;
        }
        writeln!(f)?;
        if c.rejected > 0 {
            writeln!(
                f,
                "rejected rows{}:",
                if c.rejected as usize > c.rejects.len() {
                    format!(" (first {})", c.rejects.len())
                } else {
                    String::new()
                }
            )?;
            for r in &c.rejects {
                writeln!(f, "  line {}: {}", r.line, r.reason)?;
            }
        }
        if c.warnings > 0 {
            writeln!(
                f,
                "ignored values: {}{}",
                thousands(c.warnings),
                if c.warnings as usize > c.warning_samples.len() {
                    format!(" (first {})", c.warning_samples.len())
                } else {
                    String::new()
                }
            )?;
            for w in &c.warning_samples {
                writeln!(f, "  line {}: {}", w.line, w.reason)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_counts_rate_and_rejects() {
        let mut counts = Counts {
            read: 1_234_567,
            screened: 1_234_566,
            alerts: 12,
            alert_rows: 10,
            ..Counts::default()
        };
        counts.reject(Reject {
            line: 7,
            reason: "empty name".into(),
        });
        let summary = Summary {
            counts,
            resumed_after: 0,
            rows_this_run: 1_234_567,
            elapsed: Duration::from_secs(50),
            complete: true,
        };
        let text = summary.to_string();
        assert!(
            text.contains(
                "rows read 1,234,567, screened 1,234,566, alerts 12 in 10 rows, rejected 1"
            ),
            "{text}"
        );
        assert!(text.contains("24,691 rows/s"), "{text}");
        assert!(text.contains("  line 7: empty name"), "{text}");
    }
}
