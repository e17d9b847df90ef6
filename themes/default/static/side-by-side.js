/* Policy Atlas: the side-by-side view.
 *
 * Without this script the page lists, for every dimension, every jurisdiction's cell (complete and
 * usable), and its form simply reloads the page. With it, ?j=cn,eu,us-il (or the form's
 * ?j=cn&j=eu&j=us-il) shows only the chosen two to four jurisdictions as columns, built from the
 * cells already on the page; values that differ from the others are marked, and the address
 * updates as the selection changes so it can be shared. &sector=public (or private) shows that
 * sector alone: the page's cells already hold each sector's rule where the two differ.
 */
(function () {
  "use strict";

  var MIN = 2, MAX = 4;
  var form = document.getElementById("picker");
  var view = document.getElementById("sbs-view");
  var all = document.getElementById("sbs-all");
  if (!form || !view || !all || !window.URLSearchParams || !window.history || !history.replaceState) return;

  var status = document.getElementById("pick-status");
  var onlyDiff = document.getElementById("only-diff");
  var sectorChoice = document.getElementById("sbs-sector");
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="j"]'));
  var known = boxes.map(function (box) { return box.value; });
  var selection = [];  // in the order chosen
  // The words the page gives in its language (generator/site/jswords.py), with %(name)s slots.
  var say = window.atlasWords(form).say;  // words.js
  var lang = document.documentElement.lang || "en";
  function listOf(items) {
    try { return new Intl.ListFormat(lang, { type: "conjunction" }).format(items); }
    catch (e) { return items.join(", "); }
  }

  function names(ids) {
    return ids.map(function (id) {
      var label = form.querySelector('label[for="pick-' + id + '"]');
      return label ? label.textContent : id;
    });
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var ids = [];
    params.getAll("j").forEach(function (value) {
      value.split(",").forEach(function (id) {
        id = id.trim();
        if (id && known.indexOf(id) !== -1 && ids.indexOf(id) === -1 && ids.length < MAX) ids.push(id);
      });
    });
    selection = ids;
    onlyDiff.checked = params.get("diff") === "1";
    var sector = params.get("sector") || "";
    sectorChoice.value = sector === "public" || sector === "private" ? sector : "";
  }

  function writeUrl() {
    var parts = [];
    if (selection.length) parts.push("j=" + selection.map(encodeURIComponent).join(","));
    if (onlyDiff.checked) parts.push("diff=1");
    if (sectorChoice.value) parts.push("sector=" + sectorChoice.value);
    history.replaceState(null, "", location.pathname + (parts.length ? "?" + parts.join("&") : ""));
  }

  function syncBoxes() {
    var full = selection.length >= MAX;
    boxes.forEach(function (box) {
      box.checked = selection.indexOf(box.value) !== -1;
      box.disabled = full && !box.checked;
    });
    if (selection.length < MIN) {
      status.textContent = selection.length === 0
        ? say("choose", null, "Choose two to four jurisdictions.")
        : say("chosen_more", { names: listOf(names(selection)) }, "Chosen: %(names)s. Choose at least one more.");
    } else {
      status.textContent = say("comparing", { names: listOf(names(selection)) }, "Comparing %(names)s.") +
        (full ? " " + say("most", null, "That is the most at once: uncheck one to choose another.") : "");
    }
  }

  function cellOf(dimension, jurisdiction) {
    return all.querySelector('section[data-dimension="' + dimension + '"] tr[data-j="' + jurisdiction + '"]');
  }

  function cloneChildren(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) { to.appendChild(node.cloneNode(true)); });
    // One sector chosen: drop what holds for the other sector alone.
    var other = { "public": "private", "private": "public" }[sectorChoice.value];
    if (other) {
      Array.prototype.forEach.call(to.querySelectorAll('[data-sector="' + other + '"]'), function (node) {
        node.parentNode.removeChild(node);
      });
    }
  }

  function valueIn(tr) {
    // A row's value in the chosen sector: data-value holds each sector's (public first) where they differ.
    if (!tr) return "";
    var values = tr.getAttribute("data-value").split(" ");
    if (values.length === 2 && sectorChoice.value) return values[sectorChoice.value === "public" ? 0 : 1];
    return values.join(" ");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build() {
    while (view.firstChild) view.removeChild(view.firstChild);
    var heading = element("h2", "", names(selection).join(" · "));
    heading.id = "sbs-heading";
    heading.tabIndex = -1;
    view.appendChild(heading);
    var wrap = element("div", "table-wrap sbs-wrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-labelledby", "sbs-heading");
    var table = element("table", "sbs cols-" + selection.length);
    table.id = "sbs-table";
    var sectorName = sectorChoice.value ? sectorChoice.options[sectorChoice.selectedIndex].text.toLowerCase() : "";
    table.appendChild(element("caption", "", sectorName
      ? say("caption_sector", { names: listOf(names(selection)), sector: sectorName }, "Side by side: %(names)s (%(sector)s)")
      : say("caption", { names: listOf(names(selection)) }, "Side by side: %(names)s")));
    var head = table.createTHead().insertRow();
    var corner = element("th", "", say("dimension", null, "Dimension"));
    corner.scope = "col";
    head.appendChild(corner);
    selection.forEach(function (id) {
      var th = element("th");
      th.scope = "col";
      var source = all.querySelector('tr[data-j="' + id + '"] th a');
      var link = element("a", "", source ? source.textContent : id);
      if (source) link.href = source.getAttribute("href");
      th.appendChild(link);
      head.appendChild(th);
    });
    var differing = 0, shown = 0;
    var groups = all.querySelectorAll("h2");
    Array.prototype.forEach.call(groups, function (groupHeading) {
      var body = element("tbody");
      var groupRow = body.insertRow();
      var groupCell = element("th", "sbs-group", groupHeading.textContent);
      groupCell.scope = "rowgroup";
      groupCell.colSpan = selection.length + 1;
      groupRow.appendChild(groupCell);
      var rowsInGroup = 0;
      var node = groupHeading.nextElementSibling;
      for (; node && node.tagName === "SECTION"; node = node.nextElementSibling) {
        var dimension = node.getAttribute("data-dimension");
        var sources = selection.map(function (id) { return cellOf(dimension, id); });
        var values = sources.map(valueIn);
        var differs = values.some(function (v) { return v !== values[0]; });
        var distinct = values.filter(function (v, i) { return values.indexOf(v) === i; }).length;
        if (differs) differing += 1;
        if (onlyDiff.checked && !differs) continue;
        rowsInGroup += 1;
        shown += 1;
        var row = body.insertRow();
        row.setAttribute("data-dimension", dimension);
        if (differs) row.className = "differs";
        var th = element("th");
        th.scope = "row";
        var title = node.querySelector("h3 a");
        var link = element("a", "", title.textContent);
        link.href = title.getAttribute("href");
        th.appendChild(link);
        if (differs) {
          th.appendChild(document.createTextNode(" "));
          th.appendChild(element("span", "differs-mark", distinct === values.length
            ? say("all_differ", null, "All differ") : say("differs", null, "Differs")));
        }
        var question = node.querySelector(".question");
        if (question) th.appendChild(element("span", "question small", question.textContent));
        row.appendChild(th);
        sources.forEach(function (tr, i) {
          var td = element("td");
          td.setAttribute("data-value", values[i]);
          // A value is unlike the others when no other chosen jurisdiction has it. It is marked in
          // words when some of the others agree; when every value differs, the row's mark says so.
          var unlike = differs && values.filter(function (v) { return v === values[i]; }).length === 1;
          if (unlike) {
            td.className = "unlike";
            if (distinct < values.length) {
              td.appendChild(element("span", "unlike-mark", say("unlike", null, "Unlike the others")));
              td.appendChild(document.createTextNode(" "));
            }
          }
          if (tr) {
            cloneChildren(tr.querySelector(".sbs-value"), td);
            var rule = element("div", "sbs-rule");
            cloneChildren(tr.querySelector(".sbs-rule"), rule);
            td.appendChild(rule);
            var pending = tr.querySelector(".sbs-pending");
            if (pending && pending.textContent.trim()) {
              var box = element("div", "pending");
              box.appendChild(element("strong", "", say("pending", null, "Pending:") + " "));
              cloneChildren(pending, box);
              td.appendChild(box);
            }
          }
          row.appendChild(td);
        });
      }
      if (rowsInGroup) table.appendChild(body);
    });
    wrap.appendChild(table);
    view.appendChild(wrap);
    var counted = { differing: differing, total: all.querySelectorAll("section[data-dimension]").length };
    var summary = element("p", "sbs-summary", (onlyDiff.checked
      ? say("summary_only", counted, "%(differing)s of %(total)s dimensions differ; showing only those.")
      : say("summary", counted, "%(differing)s of %(total)s dimensions differ.")) + " " +
      say("marks", null, "“Differs” marks a dimension where the values are not all the same, “All differ” one where " +
          "no two are alike, and “Unlike the others” a value that none of the others shares while some of them agree."));
    view.insertBefore(summary, wrap);
  }

  function show() {
    syncBoxes();
    var active = selection.length >= MIN;
    summary.textContent = active ? say("change", { count: selection.length }, "Change jurisdictions (%(count)s chosen)")
      : say("choose_short", null, "Choose jurisdictions");
    if (active) build();
    view.hidden = !active;
    all.hidden = active;
    writeUrl();
  }

  var details = document.getElementById("picker-details");
  var summary = details.querySelector("summary");
  Array.prototype.forEach.call(form.querySelectorAll(".js-only"), function (node) { node.hidden = false; });
  readUrl();
  show();
  // Opened from a shared address: show the comparison first, the choices one click away.
  if (selection.length >= MIN) details.open = false;

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var at = selection.indexOf(box.value);
      if (box.checked && at === -1 && selection.length < MAX) selection.push(box.value);
      if (!box.checked && at !== -1) selection.splice(at, 1);
      show();
    });
  });
  onlyDiff.addEventListener("change", show);
  sectorChoice.addEventListener("change", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
    if (!view.hidden) view.querySelector("h2").focus({ preventScroll: false });
  });
  document.body.setAttribute("data-ready", "true");
})();
