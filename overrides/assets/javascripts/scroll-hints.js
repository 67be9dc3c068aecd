/*
 * Scroll hints for the site's scrolling boxes (wide tables, the heat map, the decision aid's scoring
 * tables, org charts on a phone): while more of a box's content lies to the right, the box carries
 * the class `rd-more` and reading.css fades its right edge. Measured when a box changes size (also
 * when it first appears, e.g. in a <details> being opened), as it comes near the screen, and as it
 * scrolls; nothing else. Size and intersection observers report just after the browser has laid the
 * page out, so measuring then forces no extra layout.
 * A CSS scroll-driven animation could do the same without a script, but it restyles the page on
 * every frame: ~150 ms more style work on a phone (Chromium's performance metrics, issue 14).
 */
(function () {
  "use strict";

  var boxes = document.querySelectorAll(".cmp-scroll, .hm-scroll, .decide-table-scroll, .oc-scroll");
  if (!boxes.length || !window.ResizeObserver) return;
  // All boxes are measured first, then all classes set: measuring after a class change would make the
  // browser lay the page out again for each box (on a long page, a tenth of a second on a phone).
  function check(list) {
    var more = list.map(function (box) {
      return box.scrollLeft + box.clientWidth < box.scrollWidth - 2;
    });
    list.forEach(function (box, i) {
      if (box.classList.contains("rd-more") !== more[i]) box.classList.toggle("rd-more", more[i]);
    });
  }
  // Size observers report after the browser has laid the page out, so measuring then costs nothing
  // extra; they also report each box once when it is first observed, and again when its table changes
  // size (a <details> opened, a column hidden by the compare view, the window resized).
  var sizes = new ResizeObserver(function (entries) {
    var seen = [];
    entries.forEach(function (entry) {
      var box = Array.prototype.indexOf.call(boxes, entry.target) !== -1 ? entry.target : entry.target.parentElement;
      if (box && seen.indexOf(box) === -1) seen.push(box);
    });
    check(seen);
  });
  // When a box comes near the screen: long blocks are drawn only then (content-visibility in site.css),
  // and a box's size need not change when its content is first drawn. Also reported after layout.
  var near = window.IntersectionObserver
    ? new IntersectionObserver(
        function (entries) {
          check(
            entries
              .filter(function (entry) {
                return entry.isIntersecting;
              })
              .map(function (entry) {
                return entry.target;
              })
          );
        },
        { rootMargin: "200px 0px" }
      )
    : null;
  Array.prototype.forEach.call(boxes, function (box) {
    if (near) near.observe(box);
    box.addEventListener(
      "scroll",
      function () {
        check([box]);
      },
      { passive: true }
    );
    sizes.observe(box);
    if (box.firstElementChild) sizes.observe(box.firstElementChild);
  });
})();
