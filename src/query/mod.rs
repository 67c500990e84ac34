//! Stage 6, `query`: named queries, parameters, and writing results for people and tools.
//!
//! Owns the queries compiled from `queries/*.rq`, resolving what the user typed (a name,
//! `@file.rq`, or SPARQL text), turning `--param name=value` into typed RDF terms, and
//! writing results as an aligned table, CSV, TSV, SPARQL Results JSON/XML, or RDF.

use std::io::Write;

use oxigraph::io::RdfFormat;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

include!(concat!(env!("OUT_DIR"), "/named_queries.rs"));

/// Errors of the query stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The query text names no named query and is not SPARQL.
    #[error("unknown query {0:?}: not a named query (see `recapgraph query --list`), a file (@file.rq) or SPARQL text")]
    Unknown(String),
    /// A query file could not be read.
    #[error("cannot read query file {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A `--param` is malformed.
    #[error("bad --param {0:?}: write NAME=VALUE, e.g. --param person=\"Anita Kuno\"")]
    Param(String),
    /// A `--param` names no parameter of the named query.
    #[error("query {query} has no parameter {param:?}; {known} (see `recapgraph query --list`)")]
    UnknownParam {
        /// The named query.
        query: String,
        /// The name given.
        param: String,
        /// What it takes.
        known: String,
    },
    /// The format does not fit the query form.
    #[error("format {format} cannot show {form} results; use {hint}")]
    Format {
        /// The format asked for.
        format: &'static str,
        /// The query form.
        form: &'static str,
        /// What to use instead.
        hint: &'static str,
    },
    /// Evaluation or serialization failed.
    #[error("{0}")]
    Results(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A named query: its name, one-line description, parameters and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// File stem in `queries/`.
    pub name: &'static str,
    /// The first comment line.
    pub description: String,
    /// `# param: NAME - what` lines.
    pub params: Vec<(String, String)>,
    /// The SPARQL text.
    pub text: &'static str,
}

/// Every named query, sorted by name.
#[must_use]
pub fn named_queries() -> Vec<NamedQuery> {
    NAMED_QUERIES
        .iter()
        .map(|(name, text)| {
            let mut description = String::new();
            let mut params = Vec::new();
            for line in text.lines() {
                let Some(comment) = line.trim().strip_prefix('#') else {
                    if line.trim().is_empty() {
                        continue;
                    }
                    break;
                };
                let comment = comment.trim();
                if let Some(p) = comment.strip_prefix("param:") {
                    let (n, d) = p.split_once(" - ").unwrap_or((p, ""));
                    params.push((n.trim().to_owned(), d.trim().to_owned()));
                } else if description.is_empty() {
                    description = comment.to_owned();
                }
            }
            NamedQuery {
                name,
                description,
                params,
                text,
            }
        })
        .collect()
}

/// Finds a named query.
#[must_use]
pub fn named_query(name: &str) -> Option<NamedQuery> {
    named_queries().into_iter().find(|q| q.name == name)
}

/// Checks that every `--param` of a named query is one it declares (`# param:`): a
/// misspelt name would otherwise bind nothing and answer for everyone, and binding a
/// column the query only fills optionally would print the value on every row instead of
/// filtering. SPARQL text and files are not checked here: the store refuses a name that
/// is not one of the query's variables.
///
/// # Errors
/// [`QueryError::UnknownParam`] for the first name the named query does not declare.
pub fn check_params(input: &str, bindings: &[(String, Term)]) -> Result<(), QueryError> {
    let Some(q) = named_query(input.trim()) else {
        return Ok(());
    };
    for (name, _) in bindings {
        let name = name.trim_start_matches(['?', '$']);
        if !q.params.iter().any(|(p, _)| p == name) {
            let known = if q.params.is_empty() {
                "it takes none".to_owned()
            } else {
                let names: Vec<&str> = q.params.iter().map(|(p, _)| p.as_str()).collect();
                format!("it takes {}", names.join(", "))
            };
            return Err(QueryError::UnknownParam {
                query: q.name.to_owned(),
                param: name.to_owned(),
                known,
            });
        }
    }
    Ok(())
}

/// Turns what the user typed into SPARQL text: a named query, `@file`, an existing
/// `.rq`/`.sparql` file, or SPARQL itself.
///
/// # Errors
/// [`QueryError::Unknown`] or [`QueryError::File`].
pub fn resolve(input: &str) -> Result<String, QueryError> {
    if let Some(q) = named_query(input.trim()) {
        return Ok(q.text.to_owned());
    }
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|source| QueryError::File {
            path: path.to_owned(),
            source,
        })
    };
    if let Some(path) = input.strip_prefix('@') {
        return read(path);
    }
    let p = std::path::Path::new(input);
    if p.extension().is_some_and(|e| e == "rq" || e == "sparql") && p.is_file() {
        return read(input);
    }
    let upper = input.to_uppercase();
    let sparql = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE"]
        .iter()
        .any(|k| upper.contains(k));
    if sparql {
        Ok(input.to_owned())
    } else {
        Err(QueryError::Unknown(input.to_owned()))
    }
}

/// Parses `NAME=VALUE` into a variable name and a typed term: `<iri>` → IRI; an
/// N-Triples literal (`"x"@en`, `"5"^^<…>`) as written; integers, decimals, booleans and
/// `YYYY-MM-DD` dates typed; anything else a plain string.
///
/// # Errors
/// [`QueryError::Param`] when there is no `=` or no name.
pub fn parse_param(param: &str) -> Result<(String, Term), QueryError> {
    let (name, value) = param
        .split_once('=')
        .ok_or_else(|| QueryError::Param(param.to_owned()))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(QueryError::Param(param.to_owned()));
    }
    Ok((name.to_owned(), typed_term(value)))
}

fn typed_term(value: &str) -> Term {
    let xsd = |t: &str| NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{t}"));
    if value.starts_with('<') && value.ends_with('>') {
        if let Ok(n) = NamedNode::new(&value[1..value.len() - 1]) {
            return n.into();
        }
    }
    if value.starts_with('"') {
        if let Ok(t) = value.parse::<Term>() {
            return t;
        }
    }
    if value.parse::<i64>().is_ok() {
        return Literal::new_typed_literal(value, xsd("integer")).into();
    }
    if value.parse::<f64>().is_ok() && value.contains('.') && !value.contains('e') {
        return Literal::new_typed_literal(value, xsd("decimal")).into();
    }
    if value == "true" || value == "false" {
        return Literal::new_typed_literal(value, xsd("boolean")).into();
    }
    if value.len() == 10 && crate::recap::parse_date(value).as_deref() == Some(value) {
        return Literal::new_typed_literal(value, xsd("date")).into();
    }
    Literal::new_simple_literal(value).into()
}

/// How to write results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 Results JSON.
    Json,
    /// SPARQL Results XML.
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    NTriples,
}

impl OutputFormat {
    fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Xml => "xml",
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
        }
    }
}

/// The plain value of a result term: an IRI's text or a literal's lexical form (no
/// quotes, datatype or language), for code that reads results as strings.
#[must_use]
pub fn term_value(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        t => t.to_string(),
    }
}

/// How a term reads in a table: literals as their value, IRIs shortened by prefix.
#[must_use]
pub fn display_term(term: &Term, base: &str) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => {
            let s = n.as_str();
            for (prefix, ns) in [
                ("schema:", crate::vocab::SCHEMA_NS),
                ("skos:", crate::vocab::SKOS_NS),
                ("rg:", crate::vocab::RG_NS),
            ] {
                if let Some(rest) = s.strip_prefix(ns) {
                    return format!("{prefix}{rest}");
                }
            }
            if let Some(rest) = s.strip_prefix(base) {
                return format!(":{rest}");
            }
            s.to_owned()
        }
        other => other.to_string(),
    }
}

/// Writes query results in `format`. Returns the number of rows (or triples) written.
///
/// # Errors
/// When the format does not fit the query form, evaluation fails, or writing fails.
pub fn write_results<W: Write>(
    results: QueryResults<'_>,
    format: OutputFormat,
    base: &str,
    mut out: W,
) -> Result<usize, QueryError> {
    let err = |e: &dyn std::fmt::Display| QueryError::Results(e.to_string());
    match results {
        QueryResults::Solutions(solutions) => {
            let rf = match format {
                OutputFormat::Table => {
                    let vars: Vec<String> = solutions
                        .variables()
                        .iter()
                        .map(|v| v.as_str().to_owned())
                        .collect();
                    let mut rows = Vec::new();
                    for s in solutions {
                        let s = s.map_err(|e| err(&e))?;
                        rows.push(
                            vars.iter()
                                .map(|v| {
                                    s.get(v.as_str())
                                        .map(|t| display_term(t, base))
                                        .unwrap_or_default()
                                })
                                .collect::<Vec<_>>(),
                        );
                    }
                    write_table(&mut out, &vars, &rows)?;
                    return Ok(rows.len());
                }
                OutputFormat::Csv => QueryResultsFormat::Csv,
                OutputFormat::Tsv => QueryResultsFormat::Tsv,
                OutputFormat::Json => QueryResultsFormat::Json,
                OutputFormat::Xml => QueryResultsFormat::Xml,
                OutputFormat::Turtle | OutputFormat::NTriples => {
                    return Err(QueryError::Format {
                        format: format.name(),
                        form: "SELECT",
                        hint: "table, csv, tsv, json or xml",
                    })
                }
            };
            let mut ser = QueryResultsSerializer::from_format(rf)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
            let mut n = 0;
            for s in solutions {
                let s = s.map_err(|e| err(&e))?;
                ser.serialize(&s)?;
                n += 1;
            }
            ser.finish()?;
            Ok(n)
        }
        QueryResults::Boolean(b) => {
            match format {
                OutputFormat::Table => writeln!(out, "{b}")?,
                OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Json | OutputFormat::Xml => {
                    let rf = match format {
                        OutputFormat::Csv => QueryResultsFormat::Csv,
                        OutputFormat::Tsv => QueryResultsFormat::Tsv,
                        OutputFormat::Xml => QueryResultsFormat::Xml,
                        _ => QueryResultsFormat::Json,
                    };
                    QueryResultsSerializer::from_format(rf)
                        .serialize_boolean_to_writer(&mut out, b)?;
                }
                OutputFormat::Turtle | OutputFormat::NTriples => {
                    return Err(QueryError::Format {
                        format: format.name(),
                        form: "ASK",
                        hint: "table, csv, tsv, json or xml",
                    })
                }
            }
            Ok(1)
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                OutputFormat::Turtle | OutputFormat::Table => RdfFormat::Turtle,
                OutputFormat::NTriples => RdfFormat::NTriples,
                _ => {
                    return Err(QueryError::Format {
                        format: format.name(),
                        form: "CONSTRUCT/DESCRIBE",
                        hint: "turtle or ntriples",
                    })
                }
            };
            let mut ser = crate::vocab::serializer(rdf, crate::vocab::GRAPH_PREFIXES)
                .map_err(|e| err(&e))?
                .for_writer(&mut out);
            let mut n = 0;
            for t in triples {
                ser.serialize_triple(&t.map_err(|e| err(&e))?)?;
                n += 1;
            }
            ser.finish()?;
            Ok(n)
        }
    }
}

/// Writes rows as aligned columns with a header and a rule.
///
/// # Errors
/// When writing fails.
pub fn write_table<W: Write>(
    out: &mut W,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let width = |s: &str| s.chars().count();
    let clip = |s: &str| -> String {
        let one_line = s.replace(['\n', '\t'], " ");
        if width(&one_line) > 80 {
            let mut t: String = one_line.chars().take(79).collect();
            t.push('…');
            t
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clip(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |out: &mut W, cells: &[String]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(width(c))));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for r in &rows {
        line(out, r)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_query_has_a_description_and_parses() {
        let all = named_queries();
        assert!(all.len() >= 8, "{}", all.len());
        for q in all {
            assert!(!q.description.is_empty(), "{} has no description", q.name);
            let _ = oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(q.text)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
        }
    }

    #[test]
    fn named_queries_take_only_their_declared_params() {
        let p = |name: &str| {
            (
                name.to_owned(),
                Term::from(Literal::new_simple_literal("x")),
            )
        };
        check_params("meetings", &[p("date"), p("?meeting")]).expect("declared");
        let err = check_params("meetings", &[p("date"), p("dat")]).expect_err("a typo");
        assert_eq!(
            err.to_string(),
            "query meetings has no parameter \"dat\"; it takes date, meeting (see `recapgraph query --list`)"
        );
        let err = check_params("people-cited", &[p("name")]).expect_err("none declared");
        assert!(err.to_string().contains("it takes none"), "{err}");
        // SPARQL text is the store's to check (against its variables).
        check_params("SELECT ?x WHERE { ?x ?y ?z }", &[p("anything")]).expect("not named");
    }

    #[test]
    fn params_are_typed() {
        let (n, t) = parse_param("person=Anita Kuno").unwrap();
        assert_eq!(n, "person");
        assert_eq!(t, Term::from(Literal::new_simple_literal("Anita Kuno")));
        let (_, t) = parse_param("n=3").unwrap();
        assert_eq!(
            t.to_string(),
            "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        let (_, t) = parse_param("d=2013-03-28").unwrap();
        assert!(t.to_string().ends_with("#date>"));
        let (_, t) = parse_param("x=<http://a.org/>").unwrap();
        assert_eq!(t.to_string(), "<http://a.org/>");
        let (_, t) = parse_param("evil=\" } ; DROP ALL").unwrap();
        assert!(matches!(t, Term::Literal(_)));
        assert!(parse_param("novalue").is_err());
        assert!(parse_param("=x").is_err());
    }

    #[test]
    fn resolve_names_files_and_text() {
        assert!(resolve("meetings").unwrap().contains("SELECT"));
        assert!(resolve("SELECT * WHERE { ?s ?p ?o }").is_ok());
        assert!(matches!(
            resolve("no-such-query"),
            Err(QueryError::Unknown(_))
        ));
        assert!(matches!(
            resolve("@/nonexistent.rq"),
            Err(QueryError::File { .. })
        ));
    }

    #[test]
    fn table_is_aligned() {
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["a".into(), "bb".into()],
            &[vec!["xxx".into(), "y".into()]],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a    bb\n---  --\nxxx  y\n"
        );
    }
}
