/*
 * Decision aid "Which model fits us?" (docs/decide.md, rendered by scripts/pipeline/render/decide.py).
 *
 * Plain JavaScript, no framework, no network. Reads the questions, answers, weights and
 * models from the <script type="application/json" id="decide-data"> block, ranks the models
 * as the reader answers (the same rule as scripts/pipeline/render/decide.py:ranking and :places; the
 * points per answer are computed at build time from the levels), shows a tie as a shared
 * place, explains which
 * answers pushed each model up or down, lists the risks of the best fit, and keeps the
 * answers in the page address (?question=answer) so a result can be shared and reloaded.
 * Without this script the page still lists the questions and explains scoring by hand.
 */
(function () {
  "use strict";

  var root = document.getElementById("decide");
  var source = document.getElementById("decide-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var form = document.getElementById("decide-form");
  var result = document.getElementById("decide-result");
  var status = document.getElementById("decide-status");
  var list = document.getElementById("decide-ranking");
  var risks = document.getElementById("decide-risks");
  var reset = document.getElementById("decide-reset");
  var lo = data.weightRange[0];
  var hi = data.weightRange[1];

  // ---- small DOM helpers ------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function link(text, href) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }
  function signed(n) {
    return n > 0 ? "+" + n : n === 0 ? "0" : "\u2212" + -n;
  }
  function names(rows) {
    var labels = rows.map(function (r) {
      return r.model.label;
    });
    return labels.length < 2 ? labels.join("") : labels.slice(0, -1).join(", ") + " and " + labels[labels.length - 1];
  }
  function points(n) {
    return signed(n) + (Math.abs(n) === 1 ? " point" : " points");
  }

  // ---- answers: read from the form, written to and read from the address ----
  function findAnswer(question, answerId) {
    for (var i = 0; i < question.answers.length; i++) {
      if (question.answers[i].id === answerId) return question.answers[i];
    }
    return null;
  }
  function currentAnswers() {
    var out = {};
    data.questions.forEach(function (q) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked && findAnswer(q, checked.value)) out[q.id] = checked.value;
    });
    return out;
  }
  function setAnswers(answers) {
    data.questions.forEach(function (q) {
      var value = answers[q.id] || "";
      form.querySelectorAll('input[name="' + q.id + '"]').forEach(function (input) {
        input.checked = input.value === value;
      });
    });
  }
  function answersFromAddress() {
    // Decoded defensively: a malformed or tampered address gives no answers, never an error.
    var out = {};
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) {
      return out;
    }
    data.questions.forEach(function (q) {
      var value = null;
      try {
        value = params.get(q.id);
      } catch (e) {
        value = null;
      }
      if (typeof value === "string" && findAnswer(q, value)) out[q.id] = value;
    });
    return out;
  }
  function writeAddress(answers) {
    var params = new URLSearchParams(window.location.search);
    data.questions.forEach(function (q) {
      if (answers[q.id]) params.set(q.id, answers[q.id]);
      else params.delete(q.id);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (e) {
      /* some file:// set-ups refuse address changes; the ranking still works */
    }
  }

  // ---- scoring: the same rule as scripts/pipeline/render/decide.py (no DOM here) ---------
  // Rows best first; equal totals share a place and are listed by name, never by file order.
  function rank(answers) {
    var rows = data.models.map(function (model) {
      return { model: model, total: 0, place: 0, parts: [] };
    });
    data.questions.forEach(function (q) {
      var answer = findAnswer(q, answers[q.id]);
      if (!answer) return;
      rows.forEach(function (row) {
        var w = answer.weights[row.model.id] || 0;
        row.total += w;
        row.parts.push({ question: q, answer: answer, weight: w });
      });
    });
    rows.sort(function (a, b) {
      if (b.total !== a.total) return b.total - a.total;
      return a.model.label < b.model.label ? -1 : a.model.label > b.model.label ? 1 : 0;
    });
    rows.forEach(function (row, i) {
      row.place = i > 0 && rows[i - 1].total === row.total ? rows[i - 1].place : i + 1;
    });
    return rows;
  }

  // ---- playbook sections (rendered by scripts/pipeline/render/playbook.py after the aid) ----
  // Moved into the result area; shows the sections of the best fit (every tied model), or of
  // every model when modelIds is null.
  var playbook = document.getElementById("decide-playbook");
  if (playbook) result.appendChild(playbook);
  function showPlaybook(modelIds) {
    if (!playbook) return;
    playbook.querySelectorAll(".decide-playbook-model").forEach(function (part) {
      part.hidden = modelIds !== null && modelIds.indexOf(part.getAttribute("data-model")) < 0;
    });
  }

  // ---- rendering ----------------------------------------------------------------
  function pushes(row, sign) {
    // The two answers that moved this model furthest in one direction, strongest first.
    return row.parts
      .filter(function (p) {
        return sign > 0 ? p.weight > 0 : p.weight < 0;
      })
      .sort(function (a, b) {
        return sign * (b.weight - a.weight);
      })
      .slice(0, 2);
  }
  function pushList(title, parts) {
    // "Pushed toward it: “answer” (+2) · “answer” (+1)", each answer linking back to its question.
    var line = el("p", "decide-push");
    line.appendChild(el("span", "decide-push-title", title + " "));
    if (!parts.length) {
      line.appendChild(document.createTextNode("none of your answers."));
      return line;
    }
    parts.forEach(function (p, i) {
      var a = link("\u201c" + p.answer.label + "\u201d", "#q-" + p.question.id);
      a.title = p.question.text;
      line.appendChild(a);
      line.appendChild(document.createTextNode(" (" + signed(p.weight) + ")" + (i < parts.length - 1 ? " \u00b7 " : ".")));
    });
    return line;
  }
  function render(answers) {
    var answered = Object.keys(answers).length;
    var rows = rank(answers);
    list.textContent = "";
    risks.textContent = "";
    root.setAttribute("data-answered", String(answered));
    rows.forEach(function (row) {
      var item = el("li", "decide-rank");
      item.setAttribute("data-model", row.model.id);
      item.setAttribute("data-score", String(row.total));
      item.setAttribute("data-place", String(row.place));
      var head = el("p", "decide-rank-head");
      var tiedHere = rows.filter(function (r) {
        return r.place === row.place;
      }).length;
      if (answered) head.appendChild(el("span", "decide-place", tiedHere > 1 ? row.place + " (tie)" : row.place + "."));
      var first = row.model.links[0];
      head.appendChild(first ? link(row.model.label, first.href) : el("span", "", row.model.label));
      head.appendChild(el("span", "decide-score", answered ? points(row.total) : "no answers yet"));
      item.appendChild(head);
      var bar = el("div", "decide-bar");
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "decide-bar-fill");
      // Share of the range this model could reach with the questions answered so far.
      var share = answered ? (row.total - lo * answered) / ((hi - lo) * answered) : 0;
      fill.style.width = Math.round(share * 100) + "%";
      bar.appendChild(fill);
      item.appendChild(bar);
      if (answered) {
        // Why: the answers that moved this model most, open for the best fit.
        var why = el("details", "decide-pushes");
        why.open = row.place === 1;
        why.appendChild(el("summary", "", "Why this score"));
        why.appendChild(pushList("Pushed toward it:", pushes(row, 1)));
        why.appendChild(pushList("Pushed away from it:", pushes(row, -1)));
        item.appendChild(why);
      }
      if (row.place === 1 && answered) item.classList.add("decide-best");
      list.appendChild(item);
    });
    if (!answered) {
      status.textContent = "No answers yet: answer a question to rank the models.";
      showPlaybook(null);
      return;
    }
    var best = rows[0];
    var tied = rows.filter(function (r) {
      return r.place === 1;
    });
    var next = rows[tied.length];
    var lead =
      tied.length > 1
        ? "Best fit, tied: " + names(tied) + " (" + points(best.total) + " each)."
        : "Best fit: " + best.model.label + " (" + points(best.total) + ")" +
          (next ? ", then " + next.model.label + " (" + points(next.total) + ")." : ".");
    status.textContent = answered + " of " + data.questions.length + " questions answered. " + lead;
    // Risks to watch for the best fit (every tied model), from the weaknesses in the data file.
    tied.forEach(function (row) {
      risks.appendChild(el("p", "decide-risks-title", "Risks to watch with " + row.model.label));
      var ul = el("ul");
      row.model.risks.forEach(function (r) {
        ul.appendChild(el("li", "", r));
      });
      risks.appendChild(ul);
      if (row.model.links.length) {
        var more = el("p", "decide-more", "Read more: ");
        row.model.links.forEach(function (l, i) {
          more.appendChild(link(l.text, l.href));
          if (i < row.model.links.length - 1) more.appendChild(document.createTextNode(" \u00b7 "));
        });
        risks.appendChild(more);
      }
    });
    showPlaybook(
      tied.map(function (r) {
        return r.model.id;
      })
    );
  }

  // ---- wiring ---------------------------------------------------------------------
  function update() {
    var answers = currentAnswers();
    writeAddress(answers);
    render(answers);
    announce(answers);
  }
  // Other scripts can extend the result (e.g. links into #decide-extra) without touching the scoring:
  // "decide:result" carries the answers and the ranked rows, on every change.
  function announce(answers) {
    var rows = rank(answers);
    try {
      root.dispatchEvent(new CustomEvent("decide:result", { detail: { answers: answers, rows: rows } }));
    } catch (e) {
      /* very old browsers without CustomEvent: the result itself is unaffected */
    }
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    // "Show my result": the ranking is already up to date; take the reader to it.
    event.preventDefault();
    var title = document.getElementById("decide-result-title");
    title.focus();
    title.scrollIntoView({ block: "start" });
  });
  reset.addEventListener("click", function () {
    setAnswers({});
    writeAddress({});
    render({});
    announce({});
    status.textContent = "Answers cleared. No answers yet: answer a question to rank the models.";
    var first = form.querySelector("input[type=radio]");
    if (first) first.focus();
  });
  root.querySelectorAll("[hidden].decide-js-note, [hidden].decide-actions").forEach(function (node) {
    node.hidden = false;
  });
  result.hidden = false;
  root.classList.add("decide-ready");
  var initial = answersFromAddress();
  setAnswers(initial);
  render(initial);
  announce(initial);
})();
