// The store application form's "use my location" button: fills the latitude and longitude fields from the
// browser's geolocation (no map service is called). Without script, or without a location, the fields are typed.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var latitude = document.querySelector("[data-geo=latitude]");
  var longitude = document.querySelector("[data-geo=longitude]");
  if (!button || !latitude || !longitude || !navigator.geolocation) return;
  var status = document.querySelector("[data-locate-status]");
  var words = document.currentScript ? document.currentScript.dataset : {};
  button.hidden = false;
  button.addEventListener("click", function () {
    if (status) status.textContent = words.locating || "";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        if (status) status.textContent = words.located || "";
      },
      function () {
        if (status) status.textContent = words.unlocated || "";
      },
      { timeout: 10000 }
    );
  });
})();
