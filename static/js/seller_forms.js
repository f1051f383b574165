/* Forms whose fields depend on a "kind" select (promotions, coupons): only the fields of the chosen kind show,
   and of the SKU rows only the columns that kind reads. A part marked data-show-if="name=value" shows only while
   the field `name` has that value (a checkbox's value is "" while unticked). "Add a row" copies the last row.
   Without the script every field shows and the server still reads only the chosen kind's. */
(function () {
  "use strict";
  var form = document.querySelector("[data-kind-form]");
  var map = document.getElementById("kind-fields");
  if (!form || !map) return;
  var fields = JSON.parse(map.textContent);
  var columnsMap = document.getElementById("row-columns");
  var columns = columnsMap ? JSON.parse(columnsMap.textContent) : {};
  var kind = form.querySelector("[name='kind']");

  function valueOf(name) {
    var found = "";
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) found = input.value;
      } else {
        found = input.value;
      }
    });
    return found;
  }

  function show() {
    var wanted = fields[kind.value] || [];
    form.querySelectorAll("[data-rule-field]").forEach(function (field) {
      field.hidden = wanted.indexOf(field.dataset.ruleField) === -1;
    });
    var wantedColumns = columns[kind.value] || [];
    form.querySelectorAll("[data-row-column]").forEach(function (cell) {
      cell.hidden = wantedColumns.indexOf(cell.dataset.rowColumn) === -1;
    });
    form.querySelectorAll("[data-row-note]").forEach(function (note) {
      note.hidden = note.dataset.rowNote !== kind.value;
    });
    form.querySelectorAll("[data-show-if]").forEach(function (part) {
      var rule = part.dataset.showIf.split("=");
      part.hidden = valueOf(rule[0]) !== rule[1];
    });
  }

  var add = form.querySelector("[data-add-row]");
  if (add) {
    var total = form.querySelector("[name$='-TOTAL_FORMS']");
    var prefix = total.name.replace(/-TOTAL_FORMS$/, "");
    add.hidden = false;
    add.addEventListener("click", function () {
      var rows = form.querySelectorAll("tr[data-row]");
      var last = rows[rows.length - 1];
      var index = parseInt(total.value, 10);
      var row = last.cloneNode(true);
      var pattern = new RegExp("^(id_)?" + prefix + "-\\d+-");
      row.querySelectorAll("[name], [id]").forEach(function (input) {
        if (input.name) input.name = input.name.replace(pattern, prefix + "-" + index + "-");
        if (input.id) input.id = input.id.replace(pattern, "id_" + prefix + "-" + index + "-");
        if (input.tagName === "SELECT") input.selectedIndex = 0;
        else input.value = /-quantity$/.test(input.name) ? "1" : "";
      });
      row.querySelectorAll(".error").forEach(function (error) { error.remove(); });
      row.querySelectorAll(".invalid").forEach(function (cell) { cell.classList.remove("invalid"); });
      last.parentNode.appendChild(row);
      total.value = index + 1;
    });
  }

  form.addEventListener("change", show);
  show();
})();
