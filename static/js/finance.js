// The finance console's behaviour, kept out of the markup (the Content-Security-Policy forbids inline script):
// a bill run still running re-fetches its row (GET /finance/runs/<id>/progress/) every few seconds and puts the
// fresh row in its place, until the run is done. The page works without it: reloading shows the same figures.
(function () {
  "use strict";
  var EVERY = 3000;

  function refresh(row) {
    fetch(row.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("tbody");
        holder.innerHTML = html.trim();
        var fresh = holder.querySelector("tr");
        if (!fresh) return;
        row.replaceWith(fresh);
        if (fresh.dataset.progressUrl) watch(fresh, EVERY);
      })
      .catch(function () { watch(row, EVERY * 4); });
  }

  function watch(row, wait) {
    setTimeout(function () { if (!document.hidden) refresh(row); else watch(row, wait); }, wait);
  }

  document.querySelectorAll("tr[data-progress-url]").forEach(function (row) { watch(row, EVERY); });
})();
