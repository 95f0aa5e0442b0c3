// Tables wider than their box, and charts on a phone (book.css), scroll sideways: say so above them
// (« ⇆ Faites défiler le tableau de côté… »), as nothing else shows that a part is hidden; a box that scrolls
// takes the keyboard focus, so that it scrolls with the arrow keys too. Re-checked when the window changes size.
(() => {
  "use strict";
  const BOXES = ".pst-scrollable-table-container, div.cell_output .output, div.cell_output details";
  function mark() {
    const wide = [...document.querySelectorAll(".bd-article table")].map((table) => [table, table.parentElement.closest(BOXES)]);
    document.querySelectorAll(".bd-article div.cell_output > figure img").forEach((img) => wide.push([img, img.closest("figure")]));
    wide.forEach(([item, box]) => {
      if (!box) return;
      const text = item.tagName === "IMG" ? "Faites défiler la figure de côté pour la voir en entier"
        : "Faites défiler le tableau de côté pour voir toutes ses colonnes";
      const scrolls = box.scrollWidth > box.clientWidth + 2;
      box.classList.toggle("es-scrolls", scrolls);
      if (scrolls && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      let cue = box.previousElementSibling;
      if (!(cue && cue.classList.contains("es-scroll-cue"))) cue = null;
      if (scrolls && !cue) {
        cue = document.createElement("p");
        cue.className = "es-scroll-cue";
        cue.textContent = text;
        box.before(cue);
      } else if (!scrolls && cue) {
        cue.remove();
      }
    });
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);  // a data table shown in its dropdown
})();

// sphinx-togglebutton names its buttons « Toggle hidden content » from its script (no setting for it):
// in French, with what the button opens (« Afficher ou masquer : Solution »).
window.addEventListener("load", () => {
  document.querySelectorAll('button.toggle-button[aria-label="Toggle hidden content"]').forEach((button) => {
    const title = button.closest(".admonition-title, summary");
    const what = title ? title.textContent.trim() : "";
    button.setAttribute("aria-label", what ? `Afficher ou masquer : ${what}` : "Afficher ou masquer le contenu");
  });
});
