//! # vetter-model
//!
//! The entity model shared by every Vetter crate. It follows FollowTheMoney (FtM), the data
//! model of OpenSanctions and yente, so that FtM JSON lines can be imported and exported
//! without loss for the properties Vetter knows:
//!
//! * [`Schema`] — what an entity is (Person, Company, Vessel …) and which schemata can be
//!   compared with each other.
//! * [`Property`] — the typed, multi-valued properties (name, alias, birthDate, idNumber …).
//! * [`Entity`] — one listed party: its properties as [`Statement`]s, each value carrying the
//!   index of the [`SourceRecord`] it came from (provenance), its [`Sanction`]s and [`Link`]s.
//! * [`PartialDate`] — dates with year, year-month or day precision, as the lists give them.
//! * [`country`] — ISO 3166-1 alpha-2 codes from the country names the lists use.
//! * [`ftm`] — FtM entity JSON import and export.

pub mod country;
mod date;
mod entity;
pub mod ftm;
mod property;
mod schema;

pub use date::{DateParseError, PartialDate};
pub use entity::{Entity, Link, LinkKind, Merge, Sanction, SourceRecord, Statement};
pub use property::{Property, PropertyType};
pub use schema::Schema;
