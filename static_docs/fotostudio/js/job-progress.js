// A job's page in the admin (fotostudio/jobs/templates/admin/jobs/job/progress.html): while the job is
// queued or running, ask the server how it is going (data-job-progress-url, the same JSON as
// GET /api/v1/jobs/{id}/) every POLL_MS, move the bar and the figures, and reload the page when the job's
// status changes (the page then shows its result or its error, rendered by the server).
// The admin loads this file in the page's head: it starts once the page is parsed.
(function () {
  const POLL_MS = 1500;

  function follow(panel) {
    const status = panel.dataset.jobStatus;
    const bar = panel.querySelector("[data-job-bar]");
    const track = panel.querySelector("[data-job-track]");
    const percentage = panel.querySelector("[data-job-percentage]");
    const count = panel.querySelector("[data-job-count]");
    const message = panel.querySelector("[data-job-message]");
    const countFormat = panel.dataset.jobCountFormat || "%(done)s / %(total)s";

    function show(job) {
      const known = job.porcentaje !== null && job.porcentaje !== undefined;
      track.classList.toggle("fs-job__track--indeterminate", !known);
      if (known) {
        bar.style.width = job.porcentaje + "%";
        track.setAttribute("aria-valuenow", String(job.porcentaje));
        percentage.textContent = job.porcentaje + " %";
      } else {
        track.removeAttribute("aria-valuenow");
        percentage.textContent = "";
      }
      if (job.total !== null && job.total !== undefined) {
        // "3 de 10", in the page's language (the format comes translated from the server).
        count.textContent = countFormat.replace("%(done)s", job.hechos).replace("%(total)s", job.total);
      }
      message.textContent = job.mensaje || "";
    }

    function poll() {
      fetch(panel.dataset.jobProgressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (job) {
          if (job && job.estado !== status) {
            window.location.reload();
            return;
          }
          if (job) {
            show(job);
          }
          window.setTimeout(poll, POLL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 2);
        });
    }

    window.setTimeout(poll, POLL_MS);
  }

  function start() {
    const panel = document.querySelector("[data-job-progress-url]");
    if (panel && panel.dataset.jobFinished !== "true") {
      follow(panel);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
