"use strict";
// Start ReDoc (templates_docs/api/redoc.html): the schema's URL and the settings come from the page.
(function () {
  const container = document.getElementById("redoc-container");
  const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
  Redoc.init(container.dataset.specUrl, settings, container);
})();
