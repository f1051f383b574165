// Flash sale: countdowns on the flash page and the product page's badge (each element with data-ends-at, and
// data-starts-at before it opens), and on /flash/ the "Grab it" buttons, which post an attempt with the member's
// pass (rendered into #flash-page by the server) and go to checkout with the unit they won.
(function () {
  "use strict";
  var page = document.getElementById("flash-page");
  var texts = page ? page.dataset : (document.querySelector("[data-flash-texts]") || {dataset: {}}).dataset;

  function left(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(r).padStart(2, "0");
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-ends-at]").forEach(function (el) {
      var starts = Date.parse(el.dataset.startsAt || ""), ends = Date.parse(el.dataset.endsAt);
      if (starts && now < starts) {
        el.textContent = (texts.textStarts || "") + " " + left(starts - now);
      } else if (now < ends) {
        el.textContent = (texts.textEnds || "") + " " + left(ends - now);
        var article = el.closest(".flash-session");
        if (article) {
          article.querySelectorAll(".flash-attempt").forEach(function (b) { b.disabled = false; });
        }
      } else {
        el.textContent = texts.textEnded || "";
      }
    });
  }

  tick();
  setInterval(tick, 1000);

  if (!page) { return; }
  page.addEventListener("click", function (event) {
    var button = event.target.closest(".flash-attempt");
    if (!button) { return; }
    if (!page.dataset.pass) {
      window.location.href = page.dataset.loginUrl;
      return;
    }
    var message = button.parentElement.querySelector(".flash-message");
    button.disabled = true;
    fetch(button.dataset.attemptUrl, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Flash-Pass": page.dataset.pass},
      body: JSON.stringify({quantity: 1})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (result.ok) {
        message.textContent = page.dataset.textWon;
        window.location.href = result.body.checkout_url;
      } else {
        message.textContent = result.body.detail || "";
        button.disabled = false;
      }
    }).catch(function () { button.disabled = false; });
  });
})();
