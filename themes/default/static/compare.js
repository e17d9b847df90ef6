/* Policy Atlas: the compare table's sort, filters and "as of" control.
 *
 * The page is complete without this script. The law is derived at build time: other dates come
 * from data/compare-years.json (written by generator/exports.py); this script only shows them.
 * The same script serves the page for all sectors (compare/) and for one (compare/public/,
 * compare/private/); the sector switch is plain links, which carry the query below to the other page.
 * All state lives in the URL query (?sort=consent&dir=desc&region=europe&kind=country&cell=consent.explicit
 * &year=2019&q=ill) so a view can be shared and is restored on load.
 */
(function () {
  "use strict";

  var form = document.getElementById("compare-controls");
  var table = document.getElementById("compare-table");
  if (!form || !table || !window.URLSearchParams || !window.history || !history.replaceState) return;

  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var originalOrder = rows.slice();
  var headers = Array.prototype.slice.call(table.tHead.rows[1].cells);
  var dimensionIds = headers.slice(1).map(function (th) { return th.getAttribute("data-dimension"); });
  var count = document.getElementById("row-count");
  var noRows = document.getElementById("no-rows");
  var fields = {
    q: form.elements.q, region: form.elements.region, kind: form.elements.kind, cell: form.elements.cell,
    sort: form.elements.sort, dir: form.elements.dir, year: form.elements.year
  };
  var yearsUrl = form.getAttribute("data-years");
  var yearsData = null;  // the parsed JSON, once fetched
  var yearsLoading = null;
  var latestKey = fields.year.options.length ? fields.year.options[0].value : "";
  var shownYear = latestKey;  // the snapshot key the table shows (latestKey = the build's as-of date)
  var asOfDate = table.querySelector(".as-of-label").textContent;
  // The page shows all sectors, or the public or the private sector alone (one page each: compare/public/).
  var sector = table.getAttribute("data-sector") || "all";
  var SECTORS = ["public", "private"];
  // The words the page's cells use, in its language (generator/site/pages.py, table_words).
  var pageWords = window.atlasWords(table);  // words.js
  var words = pageWords.words, say = pageWords.say, valueLabel = pageWords.valueLabel;
  // The page language's marks (site/punctuation.py): ": " and "; ", or "：" and "；".
  var COLON = words.colon || ": ", SEMICOLON = words.semicolon || "; ";
  var lang = document.documentElement.lang || "en";

  // A jurisdiction's name as the page writes it (translated where its record is).
  var names = {};
  rows.forEach(function (row) { names[row.getAttribute("data-j")] = row.getAttribute("data-name"); });
  function nameOf(jurisdiction) { return names[jurisdiction.id] || jurisdiction.name; }

  function fold(text) {
    // Case- and accent-insensitive matching ("Quebec" finds "Québec").
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return true;
    }
    return false;
  }

  // -- state <-> URL -----------------------------------------------------------------------
  function readUrl() {
    var params = new URLSearchParams(location.search);
    ["region", "kind", "cell", "sort", "dir", "year"].forEach(function (name) {
      var value = params.get(name) || "";
      fields[name].value = hasOption(fields[name], value) ? value : "";
    });
    if (!params.get("year") || !hasOption(fields.year, params.get("year"))) fields.year.value = latestKey;
    fields.q.value = params.get("q") || "";
  }

  function writeUrl() {
    var params = new URLSearchParams();
    ["sort", "dir", "region", "kind", "cell", "year", "q"].forEach(function (name) {
      var value = fields[name].value.trim ? fields[name].value.trim() : fields[name].value;
      if (value && !(name === "year" && value === latestKey)) params.set(name, value);
    });
    var query = params.toString().replace(/%2C/g, ",");
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // -- filter --------------------------------------------------------------------------------
  function hasValue(td, value) {
    // data-value: a value id, "-" when no record covers the cell, or each sector's where they differ.
    return td.getAttribute("data-value").split(" ").indexOf(value) !== -1;
  }

  function applyFilters() {
    var q = fold(fields.q.value.trim());
    var region = fields.region.value;
    var kind = fields.kind.value;
    var cell = fields.cell.value.split(".");
    var column = cell.length === 2 ? dimensionIds.indexOf(cell[0]) : -1;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!q || fold(row.getAttribute("data-name")).indexOf(q) !== -1 ||
                row.getAttribute("data-j").indexOf(q) === 0) &&
               (!region || row.getAttribute("data-region") === region) &&
               (!kind || row.getAttribute("data-kind") === kind) &&
               (column < 0 || hasValue(row.cells[column + 1], cell[1]));
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = say("showing", { shown: shown, total: rows.length }, "Showing %(shown)s of %(total)s jurisdictions");
    noRows.hidden = shown !== 0;
  }

  // -- sort ----------------------------------------------------------------------------------
  function applySort() {
    var dimension = fields.sort.value;
    var column = dimensionIds.indexOf(dimension);
    var reversed = fields.dir.value === "desc";
    var ordered = originalOrder.slice();
    if (column >= 0) {
      var last = function (td) {  // unknown or not yet researched, in every sector shown
        return td.getAttribute("data-value").split(" ").every(function (v) { return v === "unknown" || v === "-"; });
      };
      ordered.sort(function (a, b) {
        var ca = a.cells[column + 1], cb = b.cells[column + 1];
        var ua = last(ca), ub = last(cb);
        if (ua !== ub) return ua ? 1 : -1;  // unknown, then not yet researched, stay last either way
        var diff = Number(ca.getAttribute("data-rank")) - Number(cb.getAttribute("data-rank"));
        if (reversed && !ua) diff = -diff;
        return diff || originalOrder.indexOf(a) - originalOrder.indexOf(b);
      });
    } else if (reversed) {
      ordered.reverse();
    }
    ordered.forEach(function (row) { tbody.appendChild(row); });
    headers.forEach(function (th, i) {
      var active = i === 0 ? column < 0 : i - 1 === column;
      if (active) th.setAttribute("aria-sort", reversed ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      var button = th.querySelector("button.sort");
      if (button) button.setAttribute("aria-pressed", active ? "true" : "false");
    });
  }

  function addSortButtons() {
    headers.forEach(function (th, i) {
      var dimension = th.getAttribute("data-dimension");
      var label = i === 0 ? say("jurisdiction_name", null, "jurisdiction name") : th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.setAttribute("aria-pressed", "false");
      var icon = element("span", "", "⇅");
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      button.appendChild(element("span", "visually-hidden", say("sort_by", { label: label }, "Sort by %(label)s")));
      button.addEventListener("click", function () {
        if (fields.sort.value === dimension) {
          fields.dir.value = fields.dir.value === "desc" ? "" : "desc";
        } else {
          fields.sort.value = dimension;
          fields.dir.value = "";
        }
        update();
      });
      th.appendChild(document.createTextNode(" "));
      th.appendChild(button);
    });
  }

  // -- as of a year ------------------------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function valueOf(data, dimension, code) {
    // [value id ("-" when no record covers the cell), label, rank, provision or null] of one sector's code.
    var winner = Array.isArray(code) ? code[0] : code;
    var provision = winner >= 0 ? data.provisions[winner] : null;
    if (!provision) return ["-", words.not_researched, dimension.values.length, null];
    var value = dimension.values[provision[2]];
    return [value.id, valueLabel(dimension, provision[2]), provision[2], provision];
  }

  function compactOne(parent, data, code, jurisdiction, dimension, sectorLabel) {
    // Writes what the compact_one macro renders, from the pre-derived snapshot.
    var via = Array.isArray(code) ? code[1] : "";
    var pending = Array.isArray(code) ? code.slice(2) : [];
    var shown = valueOf(data, dimension, code);
    var provision = shown[3];
    if (provision) {
      var policy = data.policies[provision[0]];
      var kind = words.kinds[provision[6]] || [provision[6], provision[6]];
      var badge = element("a", "badge " + dimension.values[provision[2]].css, shown[1]);
      badge.href = policy[1] + "#" + provision[8];
      badge.title = policy[0] + COLON + provision[3];
      parent.appendChild(badge);
      parent.appendChild(document.createTextNode("\n"));
      var src = element("a", "src src-" + provision[6]);
      src.href = provision[4];
      src.rel = "external noopener";
      src.title = kind[0] + COLON + provision[5] + (provision[7] ? ", " + provision[7] : "");  // as source_link
      var dimensionLabel = (words.dimensions && words.dimensions[dimension.id]) || dimension.label;
      var place = { j: nameOf(jurisdiction), d: dimensionLabel, s: sectorLabel };
      src.appendChild(element("span", "visually-hidden", (sectorLabel
        ? say("source_for_sector", place, "Source for %(j)s, %(d)s, %(s)s:")
        : say("source_for", place, "Source for %(j)s, %(d)s:")) + " "));
      src.appendChild(document.createTextNode(kind[1]));
      parent.appendChild(src);
      if (via) {
        var from = data.jurisdictions.filter(function (j) { return j.id === via; })[0];
        var mark = element("span", "via", say("via_id", { id: via.toUpperCase() }, "via %(id)s"));
        mark.title = say("inherited_from", { name: from ? nameOf(from) : via }, "Inherited from %(name)s");
        parent.appendChild(mark);
      }
    } else {
      var plain = element("span", "badge not-researched", shown[1]);
      plain.title = words.no_record;
      parent.appendChild(plain);
      parent.appendChild(document.createTextNode("\n"));  // as the compact_one macro does
    }
    if (pending.length) {
      var parts = pending.map(function (p) {
        var prov = data.provisions[p[0]];
        var pdim = data.dimensions[prov[1]];
        var status = (words.statuses && words.statuses[p[1]]) || p[1];
        return say("would_make_it", { policy: data.policies[prov[0]][0], status: status, value: valueLabel(pdim, prov[2]) },
                   "%(policy)s (%(status)s) would make it %(value)s");
      });
      var note = element("span", "pending-mark", say("pending_count", { count: pending.length }, "+%(count)s pending"));
      note.title = say("pending", null, "Pending:") + " " + parts.join(SEMICOLON);  // as templates/macros.html writes it
      parent.appendChild(note);
    }
    return shown;
  }

  function fillCell(td, data, code, jurisdiction, dimensionIndex) {
    // Rebuilds what the cell_compact macro renders: one cell, or a split one (both sectors, or the shown one).
    var dimension = data.dimensions[dimensionIndex];
    while (td.firstChild) td.removeChild(td.firstChild);
    td.removeAttribute("class");
    var split = code !== null && typeof code === "object" && !Array.isArray(code);
    var shown;
    if (!split) {
      shown = compactOne(td, data, code, jurisdiction, dimension, "");
    } else if (sector === "all") {
      var values = SECTORS.map(function (s) {
        var part = element("span", "part");
        part.setAttribute("data-sector", s);
        part.appendChild(element("span", "sector-tag", words.sectors[s][1] + COLON.trim()));
        if (COLON !== COLON.trim()) part.appendChild(document.createTextNode(" "));
        var one = compactOne(part, data, code[s], jurisdiction, dimension, words.sectors[s][0]);
        td.appendChild(part);
        return one;
      });
      shown = [values[0][0] + " " + values[1][0], "", Math.min(values[0][2], values[1][2])];
      td.className = values[0][0] !== values[1][0] ? "differs" : "split";
    } else {
      var other = sector === "public" ? "private" : "public";
      shown = compactOne(td, data, code[sector], jurisdiction, dimension, words.sectors[sector][0]);
      var theirs = valueOf(data, dimension, code[other]);
      if (theirs[0] !== shown[0]) {
        var contrast = element("span", "contrast");
        var sign = element("span", "", "≠ ");
        sign.setAttribute("aria-hidden", "true");
        contrast.appendChild(sign);
        contrast.appendChild(element("span", "visually-hidden", words.differs_in + " "));
        contrast.appendChild(document.createTextNode(words.sectors[other][0] + COLON + theirs[1]));
        td.appendChild(contrast);
        td.className = "differs";
      }
    }
    td.setAttribute("data-value", shown[0]);
    td.setAttribute("data-rank", String(shown[2]));
  }

  function showSnapshot(data, key) {
    var snapshot = data.snapshots.filter(function (s) { return s.key === key; })[0] || data.snapshots[0];
    var index = {};
    data.jurisdictions.forEach(function (j, i) { index[j.id] = i; });
    var dimensionIndex = data.dimensions.map(function (d) { return d.id; });
    rows.forEach(function (row) {
      var j = index[row.getAttribute("data-j")];
      if (j === undefined) return;
      dimensionIds.forEach(function (id, column) {
        var d = dimensionIndex.indexOf(id);
        if (d >= 0) fillCell(row.cells[column + 1], data, snapshot.cells[j][d], data.jurisdictions[j], d);
      });
    });
    var option = Array.prototype.filter.call(fields.year.options, function (o) { return o.value === snapshot.key; })[0];
    var label = snapshot.key === latestKey ? asOfDate : (option ? option.getAttribute("data-label") || option.text : snapshot.label);
    table.querySelector(".as-of-label").textContent = label;
    var time = document.querySelector("time.as-of-date");
    if (time) {
      time.textContent = label;
      time.setAttribute("datetime", snapshot.date);
    }
    shownYear = snapshot.key;
  }

  function loadYears() {
    if (yearsData) return Promise.resolve(yearsData);
    if (!yearsLoading) {
      yearsLoading = fetch(yearsUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { yearsData = data; return data; });
    }
    return yearsLoading;
  }

  function applyYear() {
    var key = fields.year.value;
    if (key === shownYear) return Promise.resolve();
    table.setAttribute("aria-busy", "true");
    return loadYears().then(function (data) {
      showSnapshot(data, key);
    }, function () {
      fields.year.value = shownYear;
      count.textContent = say("could_not_load", { date: asOfDate }, "Could not load other dates; showing %(date)s.");
    }).then(function () {
      table.removeAttribute("aria-busy");
    });
  }

  // -- wiring --------------------------------------------------------------------------------
  function update() {
    return applyYear().then(function () {
      applySort();
      applyFilters();
      writeUrl();
      carryQuery();
    });
  }

  function carryQuery() {
    // The sector switch's links keep the filters, sort and date: the other page reads the same query.
    Array.prototype.forEach.call(document.querySelectorAll(".sector-switch a"), function (a) {
      a.href = a.href.split("?")[0] + location.search;
    });
  }

  addSortButtons();
  readUrl();
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("input", function () { update(); });
  form.addEventListener("reset", function () {
    // Let the browser reset the fields first, then show the full table.
    setTimeout(function () {
      fields.year.value = latestKey;
      update();
    }, 0);
  });
  update().then(function () { table.setAttribute("data-ready", "true"); });
})();
