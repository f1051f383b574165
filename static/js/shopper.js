// The shopper pages' small helpers (every page's are in site.js). Every form works without this file; with it,
// the address form's region selects fill each other from /api/v1/regions/?parent=<code> (province -> city ->
// district), and the after-sales form offers only the reasons of the kind chosen (refund only, or return).
(function () {
  "use strict";

  function clear(select) {
    while (select.options.length > 1) select.remove(1);  // keeps the "choose ..." option
    select.value = "";
  }

  document.querySelectorAll("select[data-region-child]").forEach(function (parent) {
    parent.addEventListener("change", function () {
      var child = document.getElementById(parent.dataset.regionChild);
      if (!child) return;
      clear(child);
      var grandchild = child.dataset.regionChild && document.getElementById(child.dataset.regionChild);
      if (grandchild) clear(grandchild);
      if (!parent.value) return;
      fetch("/api/v1/regions/?parent=" + encodeURIComponent(parent.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (regions) {
          regions.forEach(function (region) { child.add(new Option(region.name, region.code)); });
        });
    });
  });

  document.querySelectorAll("select[data-reasons]").forEach(function (select) {
    var kinds = select.form.querySelectorAll("input[name=kind]");
    function offer() {
      var chosen = select.form.querySelector("input[name=kind]:checked");
      select.querySelectorAll("option[data-kind]").forEach(function (option) {
        var fits = !chosen || option.dataset.kind === chosen.value;
        option.hidden = !fits;
        option.disabled = !fits;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([disabled])");
      });
      if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.value = "";
    }
    kinds.forEach(function (kind) { kind.addEventListener("change", offer); });
    offer();
  });
})();
