// The product page's spec picker, gallery and add-to-cart. The server renders every SKU into #product-data
// ({"specs": [{"name", "values": [{"value", "image"}]}], "skus": [{"id", "specs", "price", "market_price",
// "available"}]}), so choosing a spec needs no request: the page finds the SKU whose specs match the choice and
// shows its price, stock and picture. Adding to the cart posts to the cart API with the session and CSRF token.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("product-data").textContent);
  var form = document.getElementById("add-to-cart");
  var mainImage = document.getElementById("gallery-main");
  var price = document.getElementById("price");
  var priceFrom = document.getElementById("price-from");
  var marketPrice = document.getElementById("market-price");
  var stock = document.getElementById("stock");
  var quantity = document.getElementById("quantity");
  var skuInput = document.getElementById("sku");
  var addButton = document.getElementById("add-button");
  var buyButton = document.getElementById("buy-now");
  var message = document.getElementById("cart-message");
  var chosen = {};

  function text(name, values) {
    var template = form.dataset["text" + name] || "";
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values && key in values ? values[key] : ""; });
  }

  function yuan(amount) { return "¥" + amount; }

  function matches(sku, choice) {
    return Object.keys(choice).every(function (name) { return sku.specs[name] === choice[name]; });
  }

  function currentSku() {
    if (Object.keys(chosen).length !== data.specs.length) return null;
    return data.skus.find(function (sku) { return matches(sku, chosen); }) || null;
  }

  function showPicture(url) {
    if (mainImage && url) mainImage.src = url;
  }

  // A value that no available SKU has together with the other chosen values is shown crossed out.
  function markUnavailable() {
    document.querySelectorAll("fieldset.spec").forEach(function (fieldset) {
      var name = fieldset.dataset.spec;
      fieldset.querySelectorAll(".spec-value").forEach(function (button) {
        var choice = Object.assign({}, chosen);
        choice[name] = button.dataset.value;
        var possible = data.skus.some(function (sku) { return matches(sku, choice) && sku.available > 0; });
        button.classList.toggle("unavailable", !possible);
      });
    });
  }

  function refresh() {
    markUnavailable();
    var sku = currentSku();
    if (!sku) {
      skuInput.value = "";
      return;
    }
    skuInput.value = sku.id;
    price.textContent = yuan(sku.price);
    if (priceFrom) priceFrom.hidden = true;
    var struck = sku.market_price && parseFloat(sku.market_price) > parseFloat(sku.price);
    marketPrice.hidden = !struck;
    if (struck) marketPrice.textContent = yuan(sku.market_price);
    stock.classList.toggle("sold-out", sku.available <= 0);
    if (sku.available <= 0) stock.textContent = text("SoldOut");
    else if (sku.available <= 10) stock.textContent = text("FewLeft", { count: sku.available });
    else stock.textContent = text("InStock");
    quantity.max = Math.max(sku.available, 1);
    if (parseInt(quantity.value, 10) > sku.available && sku.available > 0) quantity.value = sku.available;
    addButton.disabled = buyButton.disabled = sku.available <= 0;
  }

  document.querySelectorAll("fieldset.spec").forEach(function (fieldset, index) {
    var name = fieldset.dataset.spec;
    fieldset.querySelectorAll(".spec-value").forEach(function (button) {
      button.addEventListener("click", function () {
        var again = chosen[name] === button.dataset.value;
        fieldset.querySelectorAll(".spec-value").forEach(function (other) { other.setAttribute("aria-pressed", "false"); });
        if (again) {
          delete chosen[name];
        } else {
          chosen[name] = button.dataset.value;
          button.setAttribute("aria-pressed", "true");
          var value = data.specs[index].values.find(function (v) { return v.value === button.dataset.value; });
          if (value && value.image) showPicture(value.image.url);
        }
        message.textContent = "";
        refresh();
      });
    });
  });

  document.querySelectorAll(".thumbnail").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll(".thumbnail").forEach(function (other) { other.classList.remove("selected"); });
      button.classList.add("selected");
      showPicture(button.dataset.src);
    });
  });

  document.querySelectorAll(".step").forEach(function (button) {
    button.addEventListener("click", function () {
      var next = (parseInt(quantity.value, 10) || 1) + parseInt(button.dataset.step, 10);
      quantity.value = Math.min(Math.max(next, 1), parseInt(quantity.max, 10) || 1);
    });
  });

  // The add's body: the SKU and quantity, and the store the page sells for when it names one (a franchise or direct
  // store's listing, decision 0037); without it the API uses the member's chosen store.
  function cartBody(sku) {
    var body = { sku: sku.id, quantity: parseInt(quantity.value, 10) || 1 };
    var store = form.querySelector("input[name=store]");
    if (store && store.value) body.store = parseInt(store.value, 10);
    return body;
  }

  form.addEventListener("submit", function (event) {
    var sku = currentSku();
    if (!sku) {
      event.preventDefault();
      var missing = data.specs.filter(function (spec) { return !(spec.name in chosen); })
        .map(function (spec) { return spec.name; });
      message.textContent = text("Choose", { specs: missing.join(" / ") });
      message.className = "cart-message error";
      return;
    }
    // "Buy now", and a visitor's "add to cart", are the form's own posts (checkout; the visitor's cart).
    if (!form.dataset.cartUrl || (event.submitter && event.submitter.id === "buy-now")) return;
    event.preventDefault();
    addButton.disabled = true;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    fetch(form.dataset.cartUrl, {
      method: "POST",
      credentials: "same-origin",
      // The page shows only the cart's count: the answer need not price the whole cart.
      headers: {
        "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token,
        "Prefer": "return=minimal",
      },
      body: JSON.stringify(cartBody(sku)),
    }).then(function (response) {
      if (response.status === 401) {
        window.location.href = form.dataset.loginUrl;
        return null;
      }
      return response.json().then(function (body) {
        if (response.ok) {
          message.textContent = text("Added", { count: body.count });
          message.className = "cart-message ok";
          var badge = document.getElementById("cart-count");
          if (badge) {
            badge.textContent = body.count;
            badge.hidden = !body.count;
          }
        } else {
          message.textContent = body.detail || text("Failed");
          message.className = "cart-message error";
        }
      });
    }).catch(function () {
      message.textContent = text("Failed");
      message.className = "cart-message error";
    }).finally(function () {
      addButton.disabled = false;
      refresh();
    });
  });

  // A single SKU (no specs, or one value each) starts chosen.
  data.specs.forEach(function (spec, index) {
    if (spec.values.length === 1) {
      var button = document.querySelectorAll("fieldset.spec")[index].querySelector(".spec-value");
      if (button) button.click();
    }
  });
  refresh();
})();
