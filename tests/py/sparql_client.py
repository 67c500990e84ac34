"""An independent SPARQL client for the serve tests.

usage: sparql_client.py ENDPOINT QUERY_FILE [sparqlwrapper|rdflib]

Runs the query with SPARQLWrapper (JSON results) or rdflib's SPARQLStore and prints the
rows as a JSON list of {variable: {"type": ..., "value": ...}} objects on stdout, in the
order the endpoint sent them. Any failure exits non-zero with the reason on stderr.
"""
import json
import sys


def with_sparqlwrapper(endpoint, query):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    results = client.query().convert()
    rows = []
    for b in results["results"]["bindings"]:
        rows.append({k: {"type": v["type"], "value": v["value"]} for k, v in b.items()})
    return rows


def with_rdflib(endpoint, query):
    from rdflib import BNode, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat="json")
    rows = []
    result = store.query(query)
    for row in result:
        out = {}
        for var in result.vars:
            term = row[var]
            if term is None:
                continue
            if isinstance(term, URIRef):
                kind = "uri"
            elif isinstance(term, BNode):
                kind = "bnode"
            elif isinstance(term, Literal):
                kind = "literal"
            else:
                kind = type(term).__name__
            out[str(var)] = {"type": kind, "value": str(term)}
        rows.append(out)
    return rows


def main():
    endpoint, query_file = sys.argv[1], sys.argv[2]
    client = sys.argv[3] if len(sys.argv) > 3 else "sparqlwrapper"
    with open(query_file, encoding="utf-8") as f:
        query = f.read()
    run = with_rdflib if client == "rdflib" else with_sparqlwrapper
    print(json.dumps(run(endpoint, query)))


if __name__ == "__main__":
    main()
