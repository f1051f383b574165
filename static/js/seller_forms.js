/* Forms whose fields depend on a "kind" select (promotions, coupons): only the fields of the chosen kind show.
   Without the script every field shows and the server still reads only the chosen kind's. */
(function () {
  "use strict";
  var form = document.querySelector("[data-kind-form]");
  var map = document.getElementById("kind-fields");
  if (!form || !map) return;
  var fields = JSON.parse(map.textContent);
  var kind = form.querySelector("[name='kind']");
  function show() {
    var wanted = fields[kind.value] || [];
    form.querySelectorAll("[data-rule-field]").forEach(function (field) {
      field.hidden = wanted.indexOf(field.dataset.ruleField) === -1;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
