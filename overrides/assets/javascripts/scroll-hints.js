/*
 * Scroll hints for the site's scrolling boxes (wide tables, the heat map, the decision aid's scoring
 * tables, org charts on a phone): while more of a box's content lies to the right, the box carries
 * the class `rd-more` and reading.css fades its right edge. Measured when a box changes size (also
 * when it first appears, e.g. in a <details> being opened) and as it scrolls; nothing else.
 * A CSS scroll-driven animation could do the same without a script, but it restyles the page on
 * every frame: ~150 ms more style work on a phone (Chromium's performance metrics, issue 14).
 */
(function () {
  "use strict";

  var boxes = document.querySelectorAll(".cmp-scroll, .hm-scroll, .decide-table-scroll, .oc-scroll");
  if (!boxes.length || !window.ResizeObserver) return;
  function check(box) {
    box.classList.toggle("rd-more", box.scrollLeft + box.clientWidth < box.scrollWidth - 2);
  }
  var sizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      check(entry.target);
    });
  });
  function all() {
    Array.prototype.forEach.call(boxes, check);
  }
  // Also once everything has loaded and when the window changes size: a layout change inside a box
  // that changes neither its size nor its table's would otherwise go unnoticed.
  window.addEventListener("load", all);
  window.addEventListener("resize", all);
  // And when a box comes near the screen: long blocks are drawn only then (content-visibility in
  // site.css), and a box's size need not change when its content is first drawn.
  var near = window.IntersectionObserver
    ? new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              window.requestAnimationFrame(function () {
                check(entry.target);
              });
            }
          });
        },
        { rootMargin: "200px 0px" }
      )
    : null;
  Array.prototype.forEach.call(boxes, function (box) {
    if (near) near.observe(box);
    box.addEventListener(
      "scroll",
      function () {
        check(box);
      },
      { passive: true }
    );
    sizes.observe(box);
    if (box.firstElementChild) sizes.observe(box.firstElementChild);
  });
})();
