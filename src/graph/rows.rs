//! Reading the store for the graphs: query rows streamed to a callback, and IRIs
//! numbered so that sets and counts work on `u32`s.
//!
//! Invariant: rows are never collected (at 100,000 recaps the attendance rows alone are
//! 8 million); an [`Interner`] gives each string one number, in order of first sight.

use std::collections::HashMap;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::GraphError;
use crate::store::RecapStore;

/// Runs `q` and hands each row's values of `vars` (IRIs and literal values as text, ""
/// when unbound) to `row`, without collecting them: at 100,000 recaps the attendance rows
/// alone are 8 million.
pub(super) fn each_row<const N: usize>(
    store: &RecapStore,
    q: &str,
    vars: [&str; N],
    mut row: impl FnMut([&str; N]),
) -> Result<(), GraphError> {
    if let QueryResults::Solutions(solutions) = store.query(q, &[])? {
        for s in solutions {
            let s = s.map_err(|e| GraphError::Results(e.to_string()))?;
            row(vars.map(|v| match s.get(v) {
                Some(Term::NamedNode(n)) => n.as_str(),
                Some(Term::Literal(l)) => l.value(),
                Some(Term::BlankNode(b)) => b.as_str(),
                _ => "",
            }));
        }
    }
    Ok(())
}

pub(super) const PREFIXES: &str = "PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rg: <https://w3id.org/recapgraph/ns#> ";

/// Strings numbered in order of first sight, so the graph's sets and counts work on
/// `u32`s instead of IRIs.
#[derive(Default)]
pub(super) struct Interner {
    ids: HashMap<String, u32>,
    pub(super) names: Vec<String>,
}

impl Interner {
    pub(super) fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_owned(), id);
        self.names.push(s.to_owned());
        id
    }

    pub(super) fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_numbers_strings_in_order_of_first_sight() {
        let mut i = Interner::default();
        assert_eq!(i.id("b"), 0);
        assert_eq!(i.id("a"), 1);
        assert_eq!(i.id("b"), 0);
        assert_eq!(i.get("a"), Some(1));
        assert_eq!(i.get("c"), None);
        assert_eq!(i.names, ["b", "a"]);
    }
}
