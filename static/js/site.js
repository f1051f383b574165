// Behaviour every page may use, kept out of the markup: the Content-Security-Policy forbids inline script
// (marketplace.middleware.SecurityHeaders). Every form still works without this file.
// - a select, checkbox or number marked data-autosubmit sends its form when changed;
// - a submit button marked data-confirm="question" asks first;
// - the product list's filters start open on wide screens (on phones they would push the goods below the fold);
// - the home page's banner dots scroll to their banner, and the banners turn every five seconds unless the
//   shopper is pointing at them or asked for less motion.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.querySelectorAll("[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.form.reportValidity()) input.form.requestSubmit();
    });
  });

  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });

  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(min-width: 1024px)").matches) filters.open = true;

  var track = document.getElementById("banner-track");
  if (!track || track.children.length < 2) return;
  document.querySelectorAll(".banner-dots button").forEach(function (dot) {
    dot.addEventListener("click", function () {
      track.scrollTo({ left: track.clientWidth * parseInt(dot.dataset.index, 10), behavior: "smooth" });
    });
  });
  var paused = false;
  track.addEventListener("mouseenter", function () { paused = true; });
  track.addEventListener("mouseleave", function () { paused = false; });
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  setInterval(function () {
    if (paused || document.hidden) return;
    var next = track.scrollLeft + track.clientWidth;
    track.scrollTo({ left: next >= track.scrollWidth - 1 ? 0 : next, behavior: "smooth" });
  }, 5000);
})();
