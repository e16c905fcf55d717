/*
 * Accessible names for elements that Material's own script adds to each page,
 * which the theme leaves unnamed (found by axe-core; tests/test_site_browser.py
 * runs it on every page in both palettes). The elements are created, and with
 * instant navigation re-created, after this file loads, so a MutationObserver
 * names each one as it appears. Nothing here changes what a page shows.
 */
(function () {
  "use strict";

  function name(root) {
    // The search overlay is a dialog (role="dialog") with no name.
    root.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
    // A code annotation's marker is a link whose only content is its number, drawn by CSS.
    root.querySelectorAll("a.md-annotation__index:not([aria-label])").forEach(function (marker) {
      var number = marker.querySelector("[data-md-annotation-id]");
      var id = number ? number.getAttribute("data-md-annotation-id") : "";
      marker.setAttribute("aria-label", "Annotation " + id);
    });
    // Each code block's copy button sits in a <nav>: dozens of unnamed navigation landmarks
    // per page. It is a button bar, not site navigation, so it is no landmark.
    root.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (bar) {
      bar.setAttribute("role", "none");
    });
  }

  name(document);
  new MutationObserver(function () {
    name(document);
  }).observe(document.body, { childList: true, subtree: true });
})();
