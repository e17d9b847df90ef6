/* Policy Atlas: the words a page's scripts write, in the page's language.
 *
 * compare.js, side-by-side.js and changes.js write sentences and labels into the page. The page gives
 * them in its language as JSON in a data-words attribute (generator/site/jswords.py), sentences with
 * %(name)s slots; atlasWords(element) reads it once and returns the helpers the scripts share.
 */
(function () {
  "use strict";

  window.atlasWords = function (element) {
    var words = JSON.parse((element && element.getAttribute("data-words")) || "{}");
    return {
      words: words,
      // A sentence with its %(name)s slots filled in; `fallback` (English) if the page gave none.
      say: function (key, slots, fallback) {
        return (words[key] || fallback).replace(/%\((\w+)\)s/g, function (_, name) {
          return slots && name in slots ? String(slots[name]) : "";
        });
      },
      // A value's label in the page's language (compare-years.json has the default language's).
      valueLabel: function (dimension, index) {
        var value = dimension.values[index];
        return (words.values && words.values[dimension.id] && words.values[dimension.id][value.id]) || value.label;
      }
    };
  };
})();
