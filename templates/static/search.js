/* Search results page: Pagefind UI over every quarter's index, told where the site root is so it
   works under any sub-path. */
(function () {
  "use strict";
  var box = document.getElementById("search-results");
  if (!box || typeof PagefindUI === "undefined") return;
  var root = new URL(box.getAttribute("data-root") || "./", window.location.href);
  // One index per quarter (newest first): the first is searched, the others are merged into it.
  var bundles = (box.getAttribute("data-bundles") || "").split(" ").filter(Boolean).map(function (name) {
    return new URL("pagefind/" + name + "/", root).href;
  });
  if (!bundles.length) return;
  box.innerHTML = "";
  var ui = new PagefindUI({
    element: "#search-results",
    bundlePath: bundles[0],
    baseUrl: root.pathname,
    mergeIndex: bundles.slice(1).map(function (bundle) { return { bundlePath: bundle, baseUrl: root.pathname }; }),
    showImages: false,
    resetStyles: false
  });
  var input = box.querySelector("input");
  if (input) {
    input.id = "search-input";
    var label = document.createElement("label");
    label.htmlFor = "search-input";
    label.textContent = "Search every item";
    label.className = "search-label";
    box.insertBefore(label, box.firstChild);
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
