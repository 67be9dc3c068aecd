/*
 * Decision aid on a phone: a bar at the bottom of the screen that names the model leading so far,
 * with a link to the full result (reading.css shows it below 60em; wide screens keep the result
 * beside the questions).
 *
 * Kept apart from decide.js on purpose: it knows nothing about scoring. It reads what decide.js
 * has displayed (the first entry of #decide-ranking and the count in #decide[data-answered]) and
 * updates whenever that ranking changes, so the scoring can change without touching this file.
 */
(function () {
  "use strict";

  var root = document.getElementById("decide");
  var ranking = document.getElementById("decide-ranking");
  var result = document.getElementById("decide-result");
  if (!root || !ranking || !result || !window.MutationObserver) return;
  var total = root.getAttribute("data-questions") || "";

  var bar = document.createElement("div");
  bar.className = "decide-summary";
  bar.id = "decide-summary";
  var line = document.createElement("p");
  line.className = "decide-summary-text";
  var go = document.createElement("a");
  go.className = "decide-summary-go";
  go.href = "#decide-result-title";
  go.textContent = "See result";
  bar.appendChild(line);
  bar.appendChild(go);
  result.parentNode.insertBefore(bar, result);

  function update() {
    var answered = parseInt(root.getAttribute("data-answered") || "0", 10) || 0;
    var first = ranking.querySelector("li");
    line.textContent = "";
    if (!answered || !first) {
      line.appendChild(document.createTextNode("Answer a question to see which model leads."));
      return;
    }
    // Every model in first place (decide.js marks places; a tie is shown as a tie, never broken).
    var place = first.getAttribute("data-place");
    var leaders = place
      ? [].slice.call(ranking.querySelectorAll('li[data-place="' + place + '"]'))
      : [first];
    var names = leaders.map(function (item) {
      var name = item.querySelector(".decide-rank-head a, .decide-rank-head span:not(.decide-score):not(.decide-place)");
      return name ? name.textContent : item.getAttribute("data-model");
    });
    var score = first.querySelector(".decide-score");
    var leader = document.createElement("span");
    leader.className = "decide-summary-leader";
    leader.textContent = names.join(" and ");
    line.appendChild(document.createTextNode(leaders.length > 1 ? "Leading, tied: " : "Leading: "));
    line.appendChild(leader);
    if (score) line.appendChild(document.createTextNode(" (" + score.textContent + ")"));
    line.appendChild(document.createTextNode(" \u00b7 " + answered + (total ? " of " + total : "") + " answered"));
  }
  go.addEventListener("click", function (event) {
    var title = document.getElementById("decide-result-title");
    if (!title) return;
    event.preventDefault();
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  });
  // Once the result itself is on screen, the bar has nothing to add: it steps aside.
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      bar.classList.toggle("decide-summary-done", entries[0].isIntersecting);
    }).observe(result);
  }
  new MutationObserver(update).observe(ranking, { childList: true });
  update();
})();
