/* Policy Atlas: cite, link to and download exactly the view on screen.
 *
 * Every page carries its citation, written at build time (templates/cite.html, generator/site/cite.py).
 * This script, when the block is opened or a download asked for, puts in the address of the view the
 * reader built (the page's query: filters, dates, choices), a description of that view, and today's
 * date as the access date; and it offers the tables on screen (visible rows only, as shown) as CSV
 * and JSON. Nothing is sent anywhere: the files are made in the browser.
 */
(function () {
  "use strict";

  var block = document.getElementById("cite");
  if (!block || !window.Blob || !window.URL || !URL.createObjectURL) return;
  var main = document.getElementById("main");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }

  // Words and lists in the page's language: Chinese punctuation on a Chinese page, a list as the locale joins it.
  var chinese = /^zh/i.test(document.documentElement.lang || "");
  var COLON = chinese ? "：" : ": ", SEMICOLON = chinese ? "；" : "; ";
  function listOf(items) {
    try { return new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" }).format(items); }
    catch (e) { return items.join(", "); }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // -- the view: what the reader chose on the page's own forms ------------------------------------
  function labelOf(control) {
    var label = control.id && document.querySelector('label[for="' + control.id + '"]');
    return label ? clean(label.textContent) : (control.getAttribute("aria-label") || control.name || "");
  }

  function describeView() {
    var parts = [];
    Array.prototype.forEach.call(main.querySelectorAll("form"), function (form) {
      if (form.hidden || block.contains(form)) return;
      var chosen = [];
      Array.prototype.forEach.call(form.elements, function (control) {
        if (control.tagName === "SELECT" && control.options.length && control.selectedIndex > 0) {
          parts.push(labelOf(control) + COLON + clean(control.options[control.selectedIndex].textContent));
        } else if (control.type === "search" && control.value.trim()) {
          parts.push(labelOf(control) + COLON + control.value.trim());
        } else if (control.type === "checkbox" && control.checked && control.name === "j") {
          chosen.push(labelOf(control));
        }
      });
      if (chosen.length) parts.push(listOf(chosen));
    });
    return parts.join(SEMICOLON);
  }

  function today() {
    var d = new Date();
    return { iso: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()), date: d };
  }

  // The access date as the APA citation writes it (generator/site/cite.py writes the build's the same way).
  function longDate(d) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"];
    return months[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear();
  }

  function replaceAll(text, from, to) { return from ? text.split(from).join(to) : text; }

  function refresh() {
    var url = location.href.split("#")[0];
    var served = block.getAttribute("data-url");
    var title = block.getAttribute("data-title");
    var view = describeView();
    var now = today();
    document.getElementById("cite-link").value = url;
    var note = block.querySelector(".cite-view");
    note.hidden = !view;
    note.textContent = view;
    var viewed = view ? title + " [" + view + "]" : title;
    var text = document.getElementById("cite-text");
    var bibtex = document.getElementById("cite-bibtex");
    var csl = document.getElementById("cite-csl");
    [text, bibtex].forEach(function (area) {
      if (!area.hasAttribute("data-original")) area.setAttribute("data-original", area.value);
      var value = area.getAttribute("data-original");
      value = replaceAll(value, served, url);
      var accessed = block.getAttribute("data-accessed");
      if (block.getAttribute("data-date-style") === "iso")  // GB/T 7714: (published)[accessed], both ISO dates
        value = replaceAll(value, "[" + accessed + "]", "[" + now.iso + "]");
      else
        value = replaceAll(value, accessed, longDate(now.date));
      value = replaceAll(value, "urldate = {" + block.getAttribute("data-accessed-iso") + "}", "urldate = {" + now.iso + "}");
      if (view) value = value.replace(title, viewed);
      area.value = value;
    });
    if (!csl.hasAttribute("data-original")) csl.setAttribute("data-original", csl.value);
    var items = JSON.parse(csl.getAttribute("data-original"));
    items.forEach(function (item) {
      item.URL = url;
      item.accessed = { "date-parts": [[now.date.getFullYear(), now.date.getMonth() + 1, now.date.getDate()]] };
      if (view) item.title = item.title.replace(title, viewed);
    });
    csl.value = JSON.stringify(items, null, 2);
    return { url: url, view: view, accessed: now.iso };
  }

  // -- the tables on screen -------------------------------------------------------------------
  function shown(node) { return !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length); }

  function cellText(cell) {
    var copy = cell.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("a.src, button"), function (n) { n.remove(); });
    Array.prototype.forEach.call(copy.querySelectorAll("*"), function (n) { n.appendChild(document.createTextNode(" ")); });
    return clean(copy.textContent);
  }

  function tables() {
    var found = [];
    Array.prototype.forEach.call(main.querySelectorAll("table"), function (table) {
      if (block.contains(table) || !shown(table)) return;
      var head = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
      var columns = head ? Array.prototype.map.call(head.cells, cellText) : [];
      var rows = [], values = [];
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.hidden || !shown(row)) return;
          rows.push(Array.prototype.map.call(row.cells, cellText));
          values.push(Array.prototype.map.call(row.cells, function (c) { return c.getAttribute("data-value"); }));
        });
      });
      found.push({ caption: table.caption ? clean(table.caption.textContent) : "", columns: columns, rows: rows,
                   values: values });
    });
    return found;
  }

  function hypothetical() { return !!main.querySelector(".hypothetical-note, table.what-if"); }

  function csvValue(value) {
    var text = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;  // a spreadsheet would run it as a formula
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function asCsv(found) {
    // One table: a header and its rows. Several (a jurisdiction's page): each its own header and rows,
    // with its caption in a first column, separated by an empty line.
    var several = found.length > 1, hypo = hypothetical(), blocks = [];
    found.forEach(function (t) {
      var lead = (several ? [t.caption] : []).concat(hypo ? ["yes"] : []);
      var lines = [(several ? ["table"] : []).concat(hypo ? ["hypothetical"] : []).concat(t.columns).map(csvValue).join(",")];
      t.rows.forEach(function (row) { lines.push(lead.concat(row).map(csvValue).join(",")); });
      blocks.push(lines.join("\n"));
    });
    return blocks.join("\n\n") + "\n";
  }

  function asJson(found, state) {
    return JSON.stringify({ title: block.getAttribute("data-title"), url: state.url, view: state.view,
                            as_of: block.getAttribute("data-as-of"), accessed: state.accessed,
                            hypothetical: hypothetical(), tables: found }, null, 1) + "\n";
  }

  function save(text, type, name) {
    var link = element("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function fileName(ext) {
    var path = location.pathname.replace(/\/+$/, "").split("/").pop() || "home";
    return path.replace(/[^A-Za-z0-9_-]+/g, "-") + "-view." + ext;
  }

  // -- wiring ------------------------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("button.copy[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (field.closest && field.closest("#cite")) refresh();
      field.select();
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(field.value).catch(function () {});
      else if (document.execCommand) document.execCommand("copy");
    });
  });
  var downloads = block.querySelector(".cite-downloads");
  if (main.querySelector("table")) {
    [["csv", "text/csv"], ["json", "application/json"]].forEach(function (kind) {
      var button = element("button", "download-view", downloads.getAttribute("data-" + kind[0]));
      button.type = "button";
      button.setAttribute("data-format", kind[0]);
      button.addEventListener("click", function () {
        var state = refresh();
        var found = tables();
        save(kind[0] === "csv" ? asCsv(found) : asJson(found, state), kind[1], fileName(kind[0]));
      });
      downloads.parentNode.insertBefore(button, downloads);
      downloads.parentNode.insertBefore(document.createTextNode(" "), downloads);
    });
  }
  block.addEventListener("toggle", function () { if (block.open) refresh(); });
  block.setAttribute("data-ready", "true");
})();
