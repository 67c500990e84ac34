#!/usr/bin/env python3
"""The straightforward Python pipeline the ingest benchmark compares recapgraph with.

This is what a user who knows Python and rdflib would write in an afternoon instead of
using recapgraph: walk a folder of meeting recaps (Markdown or Textile), pull out the
meeting's title and date, the attendees, the agenda items and the links with regexes,
and build an rdflib Dataset with one named graph per file, using schema.org terms
roughly the way recapgraph does (see ontology/recapgraph.ttl).

rdflib has no fast on-disk store out of the box (its default store is in memory; the
BerkeleyDB store needs an extra package), so "persistent" here means what a user would
do: serialize the whole Dataset to one N-Quads file at the end.

Usage: python3 benches/rdflib_pipeline.py CORPUS_DIR OUT.nq
Prints the number of files read and quads written. Needs only rdflib.
"""

import os
import re
import sys
from urllib.parse import quote

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

SCHEMA = Namespace("http://schema.org/")
BASE = "https://recapgraph.example/"
SUFFIXES = (".md", ".markdown", ".txt", ".textile")

ATTENDEE_HEADINGS = {"attendees", "present", "who attended", "participants", "attendance"}
# Headings that hold the agenda rather than being an agenda item themselves.
CONTAINER_HEADINGS = {"agenda", "minutes", "what we talked about", "discussion", "topics"}

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TEXTILE_HEADING = re.compile(r"^h([1-6])\.\s+(.*)$")
BULLET = re.compile(r"^([*-])\s+(.*)$")  # top-level bullets only (no indent)
MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
TEXTILE_LINK = re.compile(r'"([^"]+)":(https?://\S+)')
BARE_URL = re.compile(r"<?(https?://[^\s<>()\"]+)>?")


def slug(text):
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:80]


def node(kind, name):
    return URIRef(f"{BASE}{kind}/{slug(name)}")


def front_matter(text):
    """Splits `---` front matter off the text; returns (dict of simple key: value, body)."""
    fields = {}
    if not text.startswith("---\n"):
        return fields, text
    end = text.find("\n---", 4)
    if end < 0:
        return fields, text
    for line in text[4:end].splitlines():
        m = re.match(r"^(\w+):\s*(.*)$", line)
        if m:
            fields[m.group(1)] = m.group(2).strip().strip("\"'")
    return fields, text[end + 4 :].lstrip("-\n")


def headings_and_lines(body, textile):
    """Yields (heading level or 0, text) for every non-empty line."""
    pattern = TEXTILE_HEADING if textile else MD_HEADING
    for line in body.splitlines():
        if not line.strip():
            continue
        m = pattern.match(line)
        if m:
            level = int(m.group(1)) if textile else len(m.group(1))
            yield level, m.group(2).strip()
        else:
            yield 0, line


def parse_attendee(text):
    """'Name (Place)', 'Name (@handle)' or 'Name - Org' → dict."""
    person = {"name": text.strip()}
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", text)
    if m:
        person["name"] = m.group(1).strip()
        inside = m.group(2).strip()
        if inside.startswith("@"):
            person["handle"] = inside[1:]
        else:
            person["place"] = inside
    else:
        m = re.match(r"^(.*?)\s+[-–]\s+(.*)$", text)
        if m:
            person["name"], person["org"] = m.group(1).strip(), m.group(2).strip()
    return person


def clean_item(text):
    """An agenda bullet without its links: '* Storage update [#123](url)' → 'Storage update'."""
    text = MD_LINK.sub("", text)
    text = BARE_URL.sub("", text)
    return text.strip(" .:-")


def links(body, textile):
    """(anchor text, url) for every link, in order, without repeats."""
    found = []
    for m in MD_LINK.finditer(body):
        found.append((m.group(1), m.group(2)))
    if textile:
        for m in TEXTILE_LINK.finditer(body):
            found.append((m.group(1), m.group(2)))
    for m in BARE_URL.finditer(body):
        found.append(("", m.group(1)))
    seen, out = set(), []
    for text, url in found:
        url = url.rstrip(".,;:!?")
        if url not in seen:
            seen.add(url)
            out.append((text, url))
    return out


def read_recap(path, rel):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    textile = path.endswith(".textile")
    fields, body = front_matter(text)

    title, section, agenda_level = fields.get("title"), None, None
    attendees, items = [], []
    for level, line in headings_and_lines(body, textile):
        if level:
            if level == 1 and title is None:
                title = line
            section = line.lower().strip(" :")
            if agenda_level and level <= agenda_level:
                agenda_level = None
            if section == "agenda":
                agenda_level = level
            elif level >= 2 and section not in ATTENDEE_HEADINGS | CONTAINER_HEADINGS:
                items.append(line)
            continue
        bullet = BULLET.match(line)
        if bullet and section in ATTENDEE_HEADINGS:
            attendees.append(parse_attendee(bullet.group(2)))
        elif bullet and agenda_level:
            items.append(clean_item(bullet.group(2)))
    # A repository group heading ("### nodejs/node") is not an item when it has bullets.
    items = [i for i in items if i and "/" not in i]

    title = title or os.path.splitext(os.path.basename(path))[0]
    date = fields.get("date") or next(
        (m.group(0) for s in (title, body, rel) for m in [DATE.search(s)] if m), None
    )
    return {
        "title": title,
        "date": date[:10] if date else None,
        "attendees": attendees,
        "items": items,
        "links": links(body, textile),
        "format": "textile" if textile else "markdown",
    }


def add_recap(ds, rel, recap):
    """Adds one recap's triples in the file's own named graph; returns the graph."""
    source = URIRef(BASE + "source/" + quote(rel))
    g = ds.graph(source)
    doc = URIRef(BASE + "recap/" + quote(rel))
    g.add((source, SCHEMA.encodingFormat, Literal(recap["format"])))
    g.add((doc, RDF.type, SCHEMA.BlogPosting))
    g.add((doc, SCHEMA.headline, Literal(recap["title"])))
    g.add((doc, SCHEMA.isBasedOn, source))

    date = recap["date"] or "unknown"
    event = URIRef(f"{BASE}meeting/{date}-{slug(recap['title'])}")
    g.add((event, RDF.type, SCHEMA.Event))
    g.add((event, SCHEMA.name, Literal(recap["title"])))
    if recap["date"]:
        g.add((event, SCHEMA.startDate, Literal(recap["date"], datatype=XSD.date)))
    g.add((event, SCHEMA.subjectOf, doc))

    for a in recap["attendees"]:
        person = node("person", a["name"])
        g.add((event, SCHEMA.attendee, person))
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, SCHEMA.name, Literal(a["name"])))
        if "handle" in a:
            g.add((person, SCHEMA.alternateName, Literal("@" + a["handle"])))
        if "place" in a:
            place = node("place", a["place"])
            g.add((place, RDF.type, SCHEMA.Place))
            g.add((place, SCHEMA.name, Literal(a["place"])))
            g.add((person, SCHEMA.homeLocation, place))
        if "org" in a:
            org = node("organization", a["org"])
            g.add((org, RDF.type, SCHEMA.Organization))
            g.add((org, SCHEMA.name, Literal(a["org"])))
            g.add((person, SCHEMA.affiliation, org))

    for position, name in enumerate(recap["items"], start=1):
        item = URIRef(f"{event}/item/{position}-{slug(name)[:48]}")
        topic = node("topic", name)
        g.add((event, SCHEMA.subEvent, item))
        g.add((item, RDF.type, SCHEMA.Event))
        g.add((item, SCHEMA.name, Literal(name)))
        g.add((item, SCHEMA.position, Literal(position)))
        g.add((item, SCHEMA.about, topic))
        g.add((event, SCHEMA.about, topic))
        g.add((topic, RDF.type, SKOS.Concept))
        g.add((topic, SKOS.prefLabel, Literal(name)))

    for text, url in recap["links"]:
        page = URIRef(url)
        g.add((page, RDF.type, SCHEMA.WebPage))
        g.add((page, SCHEMA.url, Literal(url)))
        if text:
            g.add((page, SCHEMA.name, Literal(text)))
        g.add((doc, SCHEMA.citation, page))
        g.add((event, SCHEMA.citation, page))
    return g


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: rdflib_pipeline.py CORPUS_DIR OUT.nq")
    corpus, out = sys.argv[1], sys.argv[2]
    ds = Dataset()
    files = quads = 0
    for root, dirs, names in os.walk(corpus):
        dirs.sort()
        for name in sorted(names):
            if not name.lower().endswith(SUFFIXES):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, corpus).replace(os.sep, "/")
            g = add_recap(ds, rel, read_recap(path, rel))
            files += 1
            quads += len(g)
    # No persistent store by default: write everything out as N-Quads.
    ds.serialize(destination=out, format="nquads", encoding="utf-8")
    print(f"{files} files, {quads} quads")


if __name__ == "__main__":
    main()
