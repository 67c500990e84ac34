// The browsable pages of `recapgraph serve` work without this script; it only filters
// the meetings index as one types. It reads text (textContent), never writes HTML.
"use strict";

const filter = document.getElementById("filter");
if (filter) {
  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter((w) => w);
    for (const group of document.querySelectorAll("section.year-group")) {
      let shown = 0;
      for (const row of group.querySelectorAll("tbody tr")) {
        const text = row.textContent.toLowerCase();
        const keep = words.every((w) => text.includes(w));
        row.hidden = !keep;
        if (keep) shown += 1;
      }
      group.hidden = shown === 0;
    }
  });
}
