// The store finder (templates/stores/finder.html): "Stores near me" asks the browser for its location and reloads
// the page with ?lat=&lng=, which the server sorts by distance. Without geolocation the button stays hidden and
// the typed city still works.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  if (!button || !navigator.geolocation) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var query = new URLSearchParams({
          lat: position.coords.latitude.toFixed(6),
          lng: position.coords.longitude.toFixed(6),
        });
        window.location.search = query.toString();
      },
      function () {
        button.disabled = false;
        if (status) {
          status.textContent = button.getAttribute("data-denied") || "";
        }
      },
      { timeout: 10000 }
    );
  });
})();
