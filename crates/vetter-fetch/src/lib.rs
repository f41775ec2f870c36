//! # vetter-fetch
//!
//! Downloads the configured official lists and keeps every good version.
//!
//! * [`Config`] (`vetter.toml`): the lists, each a kind with one URL or several files, and
//!   the limits (`max_shrink`, `max_bytes`, `timeout_secs`); [`default_lists`] gives the
//!   publishers' official addresses.
//! * [`Fetcher::fetch`] downloads one list with conditional requests (`If-None-Match` with
//!   the stored `ETag`, `If-Modified-Since` with the stored `Last-Modified`), checks every
//!   file (HTTP 200, not an HTML page, not empty, within `max_bytes`, as long as its
//!   `Content-Length`), parses the set with `vetter_sources::load` (at least one entity, no
//!   more than `max_shrink` fewer than the current version) and only then stores it as a new
//!   immutable version and points `current` at it ([`store`]). Any failure leaves the
//!   current version as it was; [`Fetcher::fetch_all`] goes on with the next list.
//! * [`Store`] reads versions back (`vetter index build --from-store`), [`history`] keeps
//!   first seen / last seen / last changed per entity, and [`detect_kind`] recognises list
//!   files for `vetter diff`.
//! * [`attempts`] records each list's last fetch attempt (time, new version / unchanged /
//!   failed with the error, the version produced or kept) and, when a new version replaces
//!   an earlier one, the latest update (added / removed / changed counts with examples),
//!   so that the server's lists page reads two small files instead of loading versions.
//!
//! The diff itself is `vetter_diff::diff`, re-exported here as [`diff()`].

#![warn(missing_docs)]

pub mod attempts;
mod config;
mod fetch;
pub mod history;
mod kinds;
pub mod store;

pub use attempts::{LastFetch, LatestUpdate, Outcome};
pub use config::{default_lists, Config, ConfigError, FileEntry, FileSource, ListConfig};
pub use fetch::{select, FetchError, Fetcher, ListOutcome, Status};
pub use kinds::detect_kind;
pub use store::{FileMeta, Store, StoreError, Timestamp, VersionMeta};
pub use vetter_diff::{diff, EntityChange, EntitySummary, FieldChange, ListDiff};
