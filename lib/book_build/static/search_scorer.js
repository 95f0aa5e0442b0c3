// The book's search scorer (book_build.sphinx_search): Sphinx's default scores, plus a bonus
// for the page that uses the searched words most often in its prose (counts in searchindex.js,
// « es_counts »), at most 9: below the 10 points a title match earns over a text match. And the
// excerpts under each result quote prose, not code cells (tables only where the prose lacks the word).
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    const index = typeof Search !== "undefined" && Search._index;
    if (!index || !index.es_counts) return score;
    const page = String(index.docnames.indexOf(docname));
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const stemmer = typeof Stemmer !== "undefined" ? new Stemmer() : null;
    let bonus = 0;
    for (const word of splitQuery(query.toLowerCase())) {
      const stem = stemmer ? stemmer.stemWord(word) : word;
      const n = (index.es_counts[stem] || index.es_counts[word] || {})[page] || 0;
      bonus = Math.max(bonus, n ? Math.min(9, 2 * Math.log2(1 + n)) : 0);
    }
    return score + bonus;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

window.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const toText = Search.htmlToText;
  const query = (new URLSearchParams(window.location.search).get("q") || "").toLowerCase();
  const stemmer = typeof Stemmer !== "undefined" ? new Stemmer() : null;
  const stems = splitQuery(query).map((w) => (stemmer ? stemmer.stemWord(w) : w)).filter((w) => w.length > 1);
  // the excerpt quotes the page's prose where the word is; its tables only if the prose lacks it; never code
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll("div.cell_input, div.highlight, pre, .cell_output details").forEach((el) => el.remove());
    const withTables = toText(doc.documentElement.outerHTML, anchor);
    doc.querySelectorAll("table, .cell_output").forEach((el) => el.remove());
    const prose = toText(doc.documentElement.outerHTML, anchor);
    const lower = prose.toLowerCase();
    return stems.some((stem) => lower.includes(stem)) ? prose : withTables;
  };
});
