// The query page of `recapgraph serve`: named queries as examples, results as a table.
// Everything from the store is inserted as text (textContent), never as HTML.
"use strict";

const queries = JSON.parse(document.getElementById("named-queries").textContent);
const box = document.getElementById("query");
const status = document.getElementById("status");
const errorBox = document.getElementById("error");
const results = document.getElementById("results");
const list = document.getElementById("examples");

function choose(name) {
  const q = queries.find((x) => x.name === name);
  if (!q) return false;
  box.value = q.text;
  for (const b of list.querySelectorAll("button")) {
    b.classList.toggle("active", b.dataset.name === name);
  }
  return true;
}

for (const q of queries) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.name = q.name;
  b.textContent = q.name;
  const small = document.createElement("small");
  small.textContent = q.description + (q.params.length ? " (edit: binds ?" + q.params.map((p) => p.name).join(", ?") + ")" : "");
  b.appendChild(small);
  b.addEventListener("click", () => choose(q.name));
  li.appendChild(b);
  list.appendChild(li);
}

// An IRI links to its page on this server (/resource?iri=…): a meeting, person, topic or
// document page, or its statements. The href is always a local path, whatever the IRI.
function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    const a = document.createElement("a");
    a.href = "/resource?iri=" + encodeURIComponent(term.value);
    a.textContent = term.value;
    td.appendChild(a);
    return td;
  }
  td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
  return td;
}

function showTable(json) {
  const table = document.createElement("table");
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of json.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of json.results.bindings) {
    const tr = body.insertRow();
    for (const v of json.head.vars) tr.appendChild(cell(row[v]));
  }
  results.replaceChildren(table);
  return json.results.bindings.length;
}

async function run() {
  errorBox.style.display = "none";
  results.replaceChildren();
  status.textContent = "running…";
  const started = performance.now();
  try {
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: box.value,
    });
    const ms = Math.round(performance.now() - started);
    const type = resp.headers.get("Content-Type") || "";
    if (!resp.ok) {
      errorBox.textContent = resp.status + " " + resp.statusText + "\n" + (await resp.text());
      errorBox.style.display = "block";
      status.textContent = "failed after " + ms + " ms";
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const json = await resp.json();
      if (typeof json.boolean === "boolean") {
        const p = document.createElement("p");
        p.id = "result-boolean";
        p.textContent = "answer: " + json.boolean;
        results.replaceChildren(p);
        status.textContent = "ASK in " + ms + " ms";
      } else {
        const n = showTable(json);
        status.textContent = n + (n === 1 ? " row" : " rows") + " in " + ms + " ms";
      }
    } else {
      const pre = document.createElement("pre");
      pre.id = "graph";
      pre.textContent = await resp.text();
      results.replaceChildren(pre);
      status.textContent = "graph (" + type + ") in " + ms + " ms";
    }
    document.body.dataset.done = "yes";
  } catch (e) {
    errorBox.textContent = "the request failed: " + e;
    errorBox.style.display = "block";
    status.textContent = "";
  }
}

document.getElementById("run").addEventListener("click", run);
box.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run();
});

// /?name=meetings selects a named query; &run=1 runs it (links to a query can be shared).
const params = new URLSearchParams(location.search);
if (params.get("name") && choose(params.get("name")) && params.get("run")) {
  document.getElementById("run").click();
}
