"use strict";
// The dashboard's values are counts and amounts: no 0.2-step axes when every bar is 1.
// Loaded after unfold's Chart.js and before its app.js draws the charts (templates_docs/admin/index.html).
if (window.Chart) {
  Chart.defaults.scales.linear.ticks.precision = 0;
}
