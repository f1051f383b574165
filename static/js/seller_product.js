/* The product form's spec matrix: ticking spec values redraws the SKU table, one row per combination, keeping
   what was typed in a row for as long as its combination stays (and bringing it back when it returns).
   Rows are keyed as the server keys them (Python's json.dumps with sorted keys), so rows the server drew after a
   refused save are recognised and kept as they are, messages included. */
(function () {
  "use strict";
  var form = document.querySelector("[data-product-form]");
  if (!form) return;
  var body = form.querySelector("[data-sku-rows]");
  var total = form.querySelector("[name='skus-total']");
  var counter = form.querySelector("[data-sku-count]");
  var existing = new Set(JSON.parse(document.getElementById("existing-skus").textContent));
  // The columns as the table's headings declare them: name, keyboard and label of each cell.
  var columns = Array.prototype.map.call(form.querySelectorAll(".sku-table thead th[data-column]"), function (th) {
    return {name: th.dataset.column, keyboard: th.dataset.keyboard, label: th.dataset.label};
  });
  var typed = {}; // key -> {column: value}: everything ever typed, so a combination ticked again gets its row back
  var single = body.dataset.single || "";

  function pyKey(combination) {
    var names = Object.keys(combination).sort();
    return "{" + names.map(function (name) {
      return JSON.stringify(name) + ": " + JSON.stringify(combination[name]);
    }).join(", ") + "}";
  }

  function chosenSpecs() {
    return Array.prototype.map.call(form.querySelectorAll("[data-spec]"), function (spec) {
      var values = Array.prototype.map.call(spec.querySelectorAll("input[type=checkbox]:checked"), function (box) {
        return box.value;
      });
      return {name: spec.dataset.spec, values: values};
    }).filter(function (spec) { return spec.values.length; });
  }

  function matrix(specs) {
    var rows = [{}];
    specs.forEach(function (spec) {
      var next = [];
      rows.forEach(function (row) {
        spec.values.forEach(function (value) {
          var combination = Object.assign({}, row);
          combination[spec.name] = value;
          next.push(combination);
        });
      });
      rows = next;
    });
    return rows;
  }

  function remember() {
    Array.prototype.forEach.call(body.rows, function (row) {
      var values = typed[row.dataset.key] || {};
      row.querySelectorAll("[data-column]").forEach(function (input) { values[input.dataset.column] = input.value; });
      typed[row.dataset.key] = values;
    });
  }

  function cell(index, column, value, readOnly) {
    var td = document.createElement("td");
    var input = document.createElement("input");
    input.name = "sku-" + index + "-" + column.name;
    input.dataset.column = column.name;
    input.value = value || "";
    input.setAttribute("aria-label", column.label);
    if (column.keyboard !== "text") input.inputMode = column.keyboard;
    if (column.name === "code" || column.name === "barcode") input.maxLength = 64;
    if (readOnly) input.readOnly = true;
    td.appendChild(input);
    return td;
  }

  function redraw() {
    remember();
    var combinations = matrix(chosenSpecs());
    body.innerHTML = "";
    combinations.forEach(function (combination, index) {
      var key = pyKey(combination);
      var values = typed[key] || {};
      var row = document.createElement("tr");
      row.dataset.key = key;
      var first = document.createElement("td");
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "sku-" + index + "-specs";
      hidden.value = JSON.stringify(combination);
      first.appendChild(hidden);
      var names = Object.keys(combination);
      first.appendChild(document.createTextNode(names.length ? names.map(function (n) { return combination[n]; }).join(" / ") : single));
      row.appendChild(first);
      columns.forEach(function (column) {
        row.appendChild(cell(index, column, values[column.name], column.name === "stock" && existing.has(key)));
      });
      body.appendChild(row);
    });
    total.value = combinations.length;
    showCount();
  }

  function showCount() {
    if (counter) counter.textContent = counter.dataset.template ? counter.dataset.template.replace("%s", body.rows.length) : "";
  }

  function inSync() {
    var wanted = matrix(chosenSpecs()).map(pyKey);
    var drawn = Array.prototype.map.call(body.rows, function (row) { return row.dataset.key; });
    return wanted.length === drawn.length && wanted.every(function (key, i) { return key === drawn[i]; });
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-spec] input[type=checkbox]")) redraw();
  });
  form.addEventListener("click", function (event) {
    if (!event.target.matches("[data-add-value]")) return;
    var box = event.target.closest("[data-spec]");
    var input = box.querySelector("[data-custom-value]");
    var value = input.value.trim();
    input.value = "";
    if (!value) return;
    var known = Array.prototype.some.call(box.querySelectorAll("input[type=checkbox]"), function (other) {
      if (other.value === value) { other.checked = true; return true; }
      return false;
    });
    if (!known) {
      var label = document.createElement("label");
      var checkbox = document.createElement("input");
      checkbox.type = "checkbox";
      checkbox.name = "spec-" + box.dataset.specId;
      checkbox.value = value;
      checkbox.checked = true;
      label.appendChild(checkbox);
      label.appendChild(document.createTextNode(" " + value));
      input.parentNode.before(label);
    }
    redraw();
  });
  form.addEventListener("keydown", function (event) {
    // Enter in "another value" adds it rather than submitting the whole product.
    if (event.key === "Enter" && event.target.matches("[data-custom-value]")) {
      event.preventDefault();
      event.target.parentNode.querySelector("[data-add-value]").click();
    }
  });
  if (!inSync()) redraw();
  else showCount();
})();
