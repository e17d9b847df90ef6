// The language switcher keeps the reader's view: a link marked data-keep-state gets the current query
// string and fragment (the compare filters, the side-by-side choice, a search) when it is followed.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-keep-state]") : null;
    if (!link) { return; }
    link.setAttribute("href", link.getAttribute("href").split(/[?#]/)[0] + window.location.search + window.location.hash);
  });
})();
