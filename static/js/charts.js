/* The reports' chart: an SVG drawn from the report's own table (templates/reports/report.html), so the page says the
 * same thing with or without script. A <figure data-chart-for="TABLE-ID" data-chart-kind="line|bar"> holds a
 * <select data-chart-column> (which column) and a [data-chart-canvas]; every body row's <th> is a label and its
 * cells' data-value the numbers. Time runs left to right as a line; stores, regions, goods and staff are bars,
 * the largest first, at most 30 of them. Our own code, served from our static files (no CDN, no inline script). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 720, HEIGHT = 260, LEFT = 70, BOTTOM = 40, TOP = 12, MAX_BARS = 30;
  var BAR_BOTTOM = 90;  // names under bars are written aslant, so that long ones do not run into each other

  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function points(table, column) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var cell = row.cells[column];
      var value = cell ? parseFloat(cell.getAttribute("data-value")) : NaN;
      return { label: row.cells[0].textContent.trim(), value: isNaN(value) ? 0 : value };
    });
  }

  function scale(values, height, bottomMargin) {
    var top = Math.max.apply(null, values.concat([0]));
    var bottom = Math.min.apply(null, values.concat([0]));
    if (top === bottom) top = bottom + 1;
    return function (value) { return TOP + (height - TOP - bottomMargin) * (top - value) / (top - bottom); };
  }

  function axis(svg, y, values) {
    var top = Math.max.apply(null, values.concat([0])), bottom = Math.min.apply(null, values.concat([0]));
    [bottom, (top + bottom) / 2, top].forEach(function (tick) {
      svg.appendChild(element("line", { x1: LEFT, x2: WIDTH, y1: y(tick), y2: y(tick), "class": "chart-grid" }));
      svg.appendChild(element("text", { x: LEFT - 6, y: y(tick) + 4, "class": "chart-tick" },
        tick.toLocaleString(undefined, { maximumFractionDigits: 1 })));
    });
  }

  function draw(figure) {
    var table = document.getElementById(figure.getAttribute("data-chart-for"));
    var column = parseInt(figure.querySelector("[data-chart-column]").value, 10);
    var line = figure.getAttribute("data-chart-kind") === "line";
    var data = points(table, column);
    if (!line) data = data.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, MAX_BARS);
    var values = data.map(function (point) { return point.value; });
    var bottomMargin = line ? BOTTOM : BAR_BOTTOM, height = HEIGHT - BOTTOM + bottomMargin;
    var y = scale(values, height, bottomMargin);
    var step = (WIDTH - LEFT) / Math.max(data.length, 1);
    var svg = element("svg", { viewBox: "0 0 " + WIDTH + " " + height, "class": "chart", role: "img" });
    axis(svg, y, values);
    var every = Math.ceil(data.length / 12);  // at most a dozen labels under the axis
    data.forEach(function (point, index) {
      var x = LEFT + step * index;
      if (!line) {
        svg.appendChild(element("rect", { x: x + step * 0.15, width: step * 0.7, y: Math.min(y(point.value), y(0)),
          height: Math.abs(y(0) - y(point.value)), "class": "chart-bar" }, undefined))
          .appendChild(element("title", {}, point.label + ": " + point.value.toLocaleString()));
      }
      if (line && index % every === 0) {
        svg.appendChild(element("text", { x: x + step / 2, y: height - bottomMargin + 16, "class": "chart-label" },
          point.label));
      } else if (!line) {
        var labelX = x + step / 2, labelY = height - bottomMargin + 12;
        svg.appendChild(element("text", { x: labelX, y: labelY, "class": "chart-label chart-label-aslant",
          transform: "rotate(-40 " + labelX + " " + labelY + ")" },
          point.label.length > 14 ? point.label.slice(0, 13) + "…" : point.label));
      }
    });
    if (line) {
      var path = data.map(function (point, index) {
        return (index ? "L" : "M") + (LEFT + step * index + step / 2).toFixed(1) + " " + y(point.value).toFixed(1);
      }).join(" ");
      svg.appendChild(element("path", { d: path, "class": "chart-line" }));
      data.forEach(function (point, index) {
        svg.appendChild(element("circle", { cx: LEFT + step * index + step / 2, cy: y(point.value), r: 3,
          "class": "chart-dot" })).appendChild(element("title", {}, point.label + ": " + point.value.toLocaleString()));
      });
    }
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.replaceChildren(svg);
  }

  document.querySelectorAll("figure[data-chart-for]").forEach(function (figure) {
    figure.querySelector("[data-chart-column]").addEventListener("change", function () { draw(figure); });
    draw(figure);
  });
})();
