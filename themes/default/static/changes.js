/* Policy Atlas: compare any two dates on the changes page.
 *
 * The page is complete without this script (a page per year, server-rendered). The law is derived
 * at build time: every date's comparison comes from data/compare-years.json (generator/site/exports.py);
 * this script only lists the cells whose value differs between two of them. The dates live in the
 * URL query (?from=2018&to=2024; an empty key is the atlas's own date) so a comparison can be shared.
 */
(function () {
  "use strict";

  var form = document.getElementById("changes-form");
  var result = document.getElementById("changes-result");
  if (!form || !result || !window.fetch || !window.URLSearchParams || !history.replaceState) return;

  var status = document.getElementById("changes-status");
  function word(name) { return form.getAttribute("data-word-" + name) || ""; }  // the page's own language
  // Sentences and labels in the page's language (generator/site/jswords.py, read by words.js).
  var pageWords = window.atlasWords(form);
  var words = pageWords.words, say = pageWords.say, valueLabel = pageWords.valueLabel;
  function named(table, item, field) { return (words[table] && words[table][item.id]) || item[field]; }
  var from = form.elements.from;
  var to = form.elements.to;
  var data = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = element("a", "", text);
    a.href = href;
    return a;
  }

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return true;
    return false;
  }

  function selectedLabel(select) {
    return select.options[select.selectedIndex].textContent;
  }

  // A cell's value (index into its dimension's values; -1 when no record covers it) and the policy it
  // rests on, from its code: a provision index, or [provision, inherited from, pending...].
  function valueOf(code, dimension) {
    var winner = Array.isArray(code) ? code[0] : code;
    if (winner < 0) return { index: -1, policy: null, via: "" };
    var provision = data.provisions[winner];
    return { index: provision[2], policy: data.policies[provision[0]], via: Array.isArray(code) ? code[1] : "" };
  }

  // Each sector's value: {both: value}, or {public: value, private: value} where the sectors differ.
  function sectorsOf(code, dimension) {
    if (code !== null && typeof code === "object" && !Array.isArray(code))
      return { public: valueOf(code.public, dimension), private: valueOf(code.private, dimension) };
    return { both: valueOf(code, dimension) };
  }

  // A value's index for comparing two dates: a cell no record covers has the value unknown, as in
  // the change log (compare/changes.py), though it is shown as not yet researched.
  function valueKey(value, dimension) {
    if (value.index >= 0) return value.index;
    for (var i = 0; i < dimension.values.length; i++) if (dimension.values[i].id === "unknown") return i;
    return -1;
  }

  // The rows for one cell between two dates: one per sector that moved, one alone when both moved alike.
  function moved(before, after, d) {
    function same(a, b) { return valueKey(a, d) === valueKey(b, d); }
    if (before.both && after.both)
      return same(before.both, after.both) ? [] : [{ sector: "", before: before.both, after: after.both }];
    var found = [];
    ["public", "private"].forEach(function (sector) {
      var a = before[sector] || before.both, b = after[sector] || after.both;
      if (!same(a, b)) found.push({ sector: sector, before: a, after: b });
    });
    if (found.length === 2 && same(found[0].before, found[1].before) && same(found[0].after, found[1].after))
      return [{ sector: "", before: found[0].before, after: found[0].after }];
    return found;
  }

  function rule(cell, value) {
    var v = value.index;
    var badge = v < 0 ? element("span", "badge not-researched", word("not-researched"))
                      : element("span", "badge " + cell.dimension.values[v].css, valueLabel(cell.dimension, v));
    var td = element("td");
    td.appendChild(badge);
    if (value.policy) {
      td.appendChild(document.createTextNode(" "));
      td.appendChild(element("span", "small", value.policy[0] + (value.via ? ", " + word("via") + " " + value.via.toUpperCase() : "")));
    }
    return td;
  }

  function snapshot(key) {
    return data.snapshots.filter(function (s) { return s.key === key; })[0];
  }

  function show() {
    var before = snapshot(from.value), after = snapshot(to.value);
    while (result.firstChild) result.removeChild(result.firstChild);
    if (!before || !after) return;
    var rows = [];
    data.jurisdictions.forEach(function (j, ji) {
      data.dimensions.forEach(function (d, di) {
        moved(sectorsOf(before.cells[ji][di], d), sectorsOf(after.cells[ji][di], d), d).forEach(function (m) {
          rows.push({ jurisdiction: j, dimension: d, sector: m.sector, before: m.before, after: m.after });
        });
      });
    });
    var dates = { count: rows.length, from: selectedLabel(from), to: selectedLabel(to) };
    var caption = say("caption", dates, "Cells that differ between %(from)s and %(to)s");
    status.textContent = rows.length === 1 ? say("status_one", dates, "%(count)s cell differs between %(from)s and %(to)s.")
      : say("status_other", dates, "%(count)s cells differ between %(from)s and %(to)s.");
    if (!rows.length) return;
    var wrap = element("div", "table-wrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption);
    var table = element("table", "list changes");
    table.id = "changes-table";
    table.appendChild(element("caption", "", caption));
    var head = element("tr");
    [word("jurisdiction"), word("dimension"), selectedLabel(from), selectedLabel(to)].forEach(function (text) {
      var th = element("th", "", text);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(element("thead")).appendChild(head);
    var body = element("tbody");
    rows.forEach(function (row) {
      var tr = element("tr");
      var th = element("th");
      th.scope = "row";
      th.appendChild(link(form.getAttribute("data-jurisdictions") + row.jurisdiction.id + "/",
                          named("jurisdictions", row.jurisdiction, "name")));
      tr.appendChild(th);
      var td = element("td");
      td.appendChild(link(form.getAttribute("data-dimensions") + row.dimension.id + "/",
                          named("dimensions", row.dimension, "label")));
      if (row.sector) td.appendChild(document.createTextNode(" (" + word(row.sector) + ")"));
      tr.appendChild(td);
      tr.appendChild(rule(row, row.before));
      tr.appendChild(rule(row, row.after));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    result.appendChild(wrap);
  }

  function writeUrl() {
    var params = new URLSearchParams();
    params.set("from", from.value);
    params.set("to", to.value);
    history.replaceState(null, "", location.pathname + "?" + params.toString() + location.hash);
  }

  function update() {
    writeUrl();
    if (data) { show(); return Promise.resolve(); }
    status.textContent = word("loading");
    return fetch(form.getAttribute("data-years"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (loaded) { data = loaded; show(); },
            function () { status.textContent = word("failed"); });
  }

  var params = new URLSearchParams(location.search);
  if (params.has("from") && hasOption(from, params.get("from"))) from.value = params.get("from");
  if (params.has("to") && hasOption(to, params.get("to"))) to.value = params.get("to");
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("change", function () { update(); });
  update().then(function () { form.setAttribute("data-ready", "true"); });
})();
