// The fields running late, as the spectators' stream says (its `fields` message), shown in
// place on a live page: the list in the page's "late" aside, each field's badge, and the
// late mark on the elements `marked` selects by their data-field. The spectators' pages and
// the director's grid both load it before their own script.
"use strict";

function showLateFields(fields, marked, badgeText) {
  const late = new Map(fields.map((f) => [f.field_id, f]));
  const aside = document.getElementById("late");
  if (aside) {
    aside.querySelector("ul").replaceChildren(...fields.map((f) => {
      const item = document.createElement("li");
      item.dataset.lateField = f.field_id;
      item.textContent = f.text;
      return item;
    }));
    aside.hidden = fields.length === 0;
  }
  for (const badge of document.querySelectorAll(".late-badge[data-late-field]")) {
    const found = late.get(badge.dataset.lateField);
    badge.hidden = !found;
    badge.textContent = found ? badgeText(found) : "";
  }
  for (const element of document.querySelectorAll(marked)) {
    element.classList.toggle("late", late.has(element.dataset.field));
  }
}
