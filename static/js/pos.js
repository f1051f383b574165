// The counter (POS, /seller/pos/): goods by barcode, code or name, quantities, the member, the total priced by the
// server's engine after every change, then the payment. Every figure shown comes from the counter's API.
(function () {
  "use strict";
  const print = document.querySelector("[data-print]"); // the receipt page's button
  if (print) print.addEventListener("click", () => window.print());
  const body = document.querySelector("[data-pos]");
  if (!body) return;
  const words = JSON.parse(document.getElementById("pos-words").textContent);
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const $ = (selector) => document.querySelector(selector);
  const lines = new Map(); // sku -> {sku, title, quantity}
  let member = "";
  let key = newKey();
  let quoting = 0;

  function newKey() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  async function api(url, options) {
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      ...options,
    });
    const data = response.status === 204 ? {} : await response.json();
    return { ok: response.ok, status: response.status, data };
  }

  function body_() {
    return { lines: [...lines.values()].map((l) => ({ sku: l.sku, quantity: l.quantity })), member };
  }

  function add(sku) {
    const line = lines.get(sku.sku) || { sku: sku.sku, title: sku.title + " " + Object.values(sku.specs).join(" "), quantity: 0 };
    line.quantity += 1;
    lines.set(sku.sku, line);
    $("[data-results]").replaceChildren();
    quote();
  }

  function button(text, onclick, extra) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "pos-button " + (extra || "");
    b.textContent = text;
    b.addEventListener("click", onclick);
    return b;
  }

  function render(priced) {
    const tbody = $("[data-lines]");
    tbody.replaceChildren();
    for (const row of priced ? priced.lines : []) {
      const line = lines.get(row.sku);
      const tr = document.createElement("tr");
      tr.dataset.sku = row.sku;
      const title = document.createElement("td");
      title.textContent = line ? line.title : row.title;
      if (!row.valid) title.textContent += " · " + words.invalid + " (" + row.reason + ")";
      const quantity = document.createElement("td");
      if (line && !row.gift) {
        quantity.append(button("−", () => change(row.sku, -1), "small"));
        const n = document.createElement("span");
        n.className = "pos-quantity";
        n.textContent = row.quantity;
        quantity.append(n, button("+", () => change(row.sku, 1), "small"), button(words.remove, () => change(row.sku, -line.quantity), "small secondary"));
      } else {
        quantity.textContent = row.quantity;
      }
      const amount = document.createElement("td");
      amount.className = "num";
      amount.textContent = row.payable + (row.discount !== "0.00" ? " (−" + row.discount + ")" : "");
      tr.append(title, quantity, amount);
      tbody.append(tr);
    }
    $("[data-subtotal]").textContent = priced ? priced.subtotal : "0.00";
    $("[data-discount]").textContent = priced ? priced.discount : "0.00";
    $("[data-payable]").textContent = priced ? priced.payable : "0.00";
  }

  function change(sku, delta) {
    const line = lines.get(sku);
    line.quantity += delta;
    if (line.quantity <= 0) lines.delete(sku);
    quote();
  }

  async function quote() {
    const mine = ++quoting;
    if (!lines.size) return render(null);
    const answer = await api(body.dataset.quoteUrl, { method: "POST", body: JSON.stringify(body_()) });
    if (mine !== quoting) return; // a newer change is being priced
    if (answer.ok) render(answer.data);
    else $("[data-error]").textContent = answer.data.detail || "";
  }

  $("[data-find]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#pos-q");
    const q = input.value.trim();
    if (!q) return;
    const answer = await api(body.dataset.skusUrl + "?q=" + encodeURIComponent(q));
    const results = $("[data-results]");
    results.replaceChildren();
    input.value = "";
    input.focus();
    if (!answer.ok) return;
    const exact = answer.data.filter((sku) => sku.barcode === q || sku.code === q);
    if (exact.length === 1 || answer.data.length === 1) return add(exact[0] || answer.data[0]);
    if (!answer.data.length) results.textContent = words.none;
    for (const sku of answer.data) {
      const li = document.createElement("li");
      li.append(button(sku.title + " " + Object.values(sku.specs).join(" ") + " · ¥" + sku.price + " · " + sku.available, () => add(sku)));
      results.append(li);
    }
  });

  $("[data-member-form]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = $("#pos-member").value.trim();
    if (!q) return;
    const answer = await api(body.dataset.memberUrl + "?q=" + encodeURIComponent(q));
    const found = $("[data-member-found]");
    if (!answer.ok) {
      member = "";
      found.textContent = words.notFound;
    } else {
      member = q;
      const m = answer.data;
      found.textContent = m.name + " " + m.phone + " · " + (m.level || "") + " · " + m.points + (m.stored_value ? " · ¥" + m.stored_value : "");
      found.dataset.testid = "pos-member-found";
    }
    quote();
  });
  $("[data-member-clear]").addEventListener("click", () => {
    member = "";
    $("#pos-member").value = "";
    $("[data-member-found]").textContent = words.noMember;
    quote();
  });

  function method() {
    const checked = document.querySelector("[name=method]:checked");
    return checked ? checked.value : "";
  }
  function showTender() {
    for (const part of document.querySelectorAll("[data-tender]")) {
      part.hidden = !part.dataset.tender.split(" ").includes(method());
    }
    for (const option of document.querySelectorAll("#pos-account option")) option.hidden = option.dataset.kind !== method();
  }
  document.querySelectorAll("[name=method]").forEach((radio) => radio.addEventListener("change", showTender));
  showTender();

  $("[data-charge]").addEventListener("click", async () => {
    const error = $("[data-error]");
    error.textContent = "";
    const sale = { ...body_(), method: method(), key };
    if (sale.method === "cash") sale.tendered = $("#pos-tendered").value.trim() || $("[data-payable]").textContent;
    if (sale.method === "card") sale.reference = $("#pos-reference").value.trim();
    if (sale.method === "on_account" || sale.method === "monthly") sale.account = Number($("#pos-account").value) || null;
    if (sale.method === "qr") sale.qr_channel = $("#pos-channel").value;
    const charge = $("[data-charge]");
    charge.disabled = true;
    const answer = await api(body.dataset.salesUrl, { method: "POST", body: JSON.stringify(sale) });
    charge.disabled = false;
    if (!answer.ok) {
      error.textContent = answer.data.detail || answer.status;
      return;
    }
    const done = $("[data-done]");
    done.hidden = false;
    $("[data-change]").textContent = answer.data.change || "0.00";
    $("[data-receipt]").href = answer.data.receipt_url;
    if (answer.data.pay_url) {
      $("[data-pay-link]").hidden = false;
      $("[data-pay-url]").href = answer.data.pay_url;
    }
  });

  $("[data-next]").addEventListener("click", () => {
    lines.clear();
    member = "";
    key = newKey();
    $("#pos-member").value = "";
    $("#pos-tendered").value = "";
    $("#pos-reference").value = "";
    $("[data-member-found]").textContent = "";
    $("[data-done]").hidden = true;
    $("[data-pay-link]").hidden = true;
    render(null);
    $("#pos-q").focus();
  });
})();
