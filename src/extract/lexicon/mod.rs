//! The word lists the extraction rules read: broad, general vocabulary of meeting notes
//! (attendance, absence and role labels, words that are no names, name particles, marks
//! of organisations and places, agenda metadata). Nothing here names one team's people,
//! projects or headings; a team's own wording goes into its `recapgraph.toml`.

mod agenda;
mod outcomes;
mod people;
mod world;

pub(super) use agenda::*;
pub(super) use outcomes::*;
pub(super) use people::*;
pub(super) use world::*;
