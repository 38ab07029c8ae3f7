// The bell in the admin's header (fotostudio/notifications/templates/notifications/bell.html): ask the
// server how many notifications the user has not read (data-notifications-count-url answers
// {"no_leidas": n, "intervalo": seconds}), show the number on the bell, and ask again every "intervalo"
// seconds (the user's intervalo_polling_segundos). No request while the tab is hidden.
(function () {
  function start(bell) {
    const badge = bell.querySelector("[data-testid='notifications-count']");
    let wait = 30;

    function show(count) {
      badge.hidden = !count;
      badge.textContent = count > 99 ? "99+" : String(count);
      bell.dataset.unread = String(count);
    }

    function poll() {
      if (document.hidden) {
        window.setTimeout(poll, wait * 1000);
        return;
      }
      fetch(bell.dataset.notificationsCountUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body) {
            show(body.no_leidas);
            wait = Math.max(5, body.intervalo || wait);
          }
        })
        .catch(function () {})
        .finally(function () {
          window.setTimeout(poll, wait * 1000);
        });
    }

    poll();
  }

  function init() {
    document.querySelectorAll("[data-notifications-count-url]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
