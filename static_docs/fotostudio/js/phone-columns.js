// On a phone, unfold shows each row of a list as a card with every column. A list that names its
// phone columns (data-phone-columns, from BaseModelAdmin.list_display_phone) keeps only those there:
// the other cells get a class that the stylesheet hides below unfold's large breakpoint.
(function () {
  function markColumns() {
    for (const table of document.querySelectorAll("table#result_list[data-phone-columns]")) {
      const keep = new Set([...table.dataset.phoneColumns.split(" "), "action_checkbox"]);
      for (const cell of table.querySelectorAll("th, td")) {
        const field = Array.from(cell.classList).find((name) => name.startsWith("field-") || name.startsWith("column-"));
        if (field && !keep.has(field.replace(/^(field|column)-/, ""))) {
          cell.classList.add("fs-phone-hidden");
        }
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markColumns);
  } else {
    markColumns();
  }
})();
