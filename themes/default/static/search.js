// Starts Pagefind's search UI on /search/. The index lives in pagefind/ under the site's base path, split
// into shards that pagefind/shards.json lists: the primary bundle (with Pagefind's runtime) and the bundles
// merged into it, which Pagefind searches together and ranks as one list. A ?q= query (as from another
// page's search form) is run at once and kept in the URL. A page in a further language (<html lang="zh-Hans">)
// searches that language's bundles, listed in shards.json under "languages".
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var bundle = box.getAttribute("data-bundle");

  function unavailable() {
    var note = document.createElement("p");  // the page's words, in its language (data-unavailable)
    note.textContent = box.getAttribute("data-unavailable");
    box.appendChild(note);
  }

  function label() {  // Pagefind labels its input with a title only; give it a real accessible name.
    var input = box.querySelector("input");
    if (input && !input.hasAttribute("aria-label")) { input.setAttribute("aria-label", box.getAttribute("data-label")); }
    return Boolean(input);
  }

  function start(shards) {
    // A further language has bundles of its own (indexed in that language), listed under its code.
    var lang = document.documentElement.lang;
    if (shards.languages && shards.languages[lang]) { shards = shards.languages[lang]; }
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundle + shards.primary,
      mergeIndex: shards.merge.map(function (path) { return { bundlePath: bundle + path }; }),
      baseUrl: box.getAttribute("data-base"),
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
    if (!label()) {
      new MutationObserver(function (changes, observer) { if (label()) { observer.disconnect(); } })
        .observe(box, { childList: true, subtree: true });
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { ui.triggerSearch(query); }
    box.addEventListener("input", function (event) {
      if (!event.target || event.target.tagName !== "INPUT") { return; }
      var params = new URLSearchParams(window.location.search);
      if (event.target.value) { params.set("q", event.target.value); } else { params.delete("q"); }
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    });
  }

  if (typeof PagefindUI === "undefined") { unavailable(); return; }
  fetch(bundle + "shards.json").then(function (response) {
    if (!response.ok) { throw new Error("no shard list: " + response.status); }
    return response.json();
  }).then(start, unavailable);
})();
