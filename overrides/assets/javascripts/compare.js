/*
 * Compare view (docs/compare.md, rendered by scripts/pipeline/render/landing.py:compare_view).
 *
 * Plain JavaScript, no network. The page holds the full table of every model; this script shows
 * the picker, keeps the columns of the models the reader picked (one to three) and, on request,
 * only the rows where they differ. The choice lives in the address (?models=a,b&diff=1), so a
 * comparison can be bookmarked, shared and reloaded. The address is read defensively: only ids of
 * models in the table count, each once, at most three; anything else is ignored.
 * Without this script the page is the plain table of every model.
 */
(function () {
  "use strict";

  var root = document.getElementById("compare");
  if (!root) return;
  var form = document.getElementById("cmpv-pick");
  var table = root.querySelector("table.cmp");
  var status = document.getElementById("cmpv-status");
  var diff = document.getElementById("cmpv-diff");
  var share = document.getElementById("cmpv-link");
  if (!form || !table || !status || !diff) return;
  var max = parseInt(root.getAttribute("data-max"), 10) || 3;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="models"]'));
  var known = boxes.map(function (b) {
    return b.value;
  });
  var labels = {};
  boxes.forEach(function (b) {
    labels[b.value] = b.parentNode.textContent.trim();
  });

  // ---- the address: ?models=a,b (also ?models=a&models=b) and &diff=1 ------------------
  function clean(values) {
    // Known ids only, each once, in the table's order of the reader's choice, at most `max`.
    var out = [];
    values.forEach(function (v) {
      var id = String(v).trim().toLowerCase();
      if (known.indexOf(id) !== -1 && out.indexOf(id) === -1 && out.length < max) out.push(id);
    });
    return out;
  }
  function fromAddress() {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) {
      params = new URLSearchParams("");
    }
    var raw = params.getAll("models").join(",");
    var ids = raw.length > 500 ? [] : clean(raw.split(","));
    return { ids: ids, diff: params.get("diff") === "1" };
  }
  function query(state) {
    return "?models=" + state.ids.join(",") + (state.diff ? "&diff=1" : "");
  }
  function toAddress(state) {
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + query(state) + window.location.hash);
    } catch (e) {
      /* some file:// set-ups refuse address changes; the view still works */
    }
  }

  // ---- showing the choice ---------------------------------------------------------------
  function names(ids) {
    var l = ids.map(function (id) {
      return labels[id];
    });
    return l.length < 2 ? l.join("") : l.slice(0, -1).join(", ") + " and " + l[l.length - 1];
  }
  function apply(state) {
    boxes.forEach(function (b) {
      b.checked = state.ids.indexOf(b.value) !== -1;
    });
    diff.checked = state.diff;
    table.querySelectorAll("[data-model]").forEach(function (cell) {
      cell.hidden = state.ids.indexOf(cell.getAttribute("data-model")) === -1;
    });
    var shown = 0;
    var total = 0;
    var group = null;
    var groupShown = 0;
    function closeGroup() {
      if (group) group.hidden = groupShown === 0;
    }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      if (row.classList.contains("cmp-group")) {
        closeGroup();
        group = row;
        groupShown = 0;
        var th = row.querySelector("th");
        if (th) th.colSpan = state.ids.length + 1;
        return;
      }
      total += 1;
      var levels = state.ids.map(function (id) {
        var cell = row.querySelector('td[data-model="' + id + '"]');
        return cell ? cell.getAttribute("data-level") : "";
      });
      var same = levels.every(function (l) {
        return l === levels[0];
      });
      row.hidden = state.diff && state.ids.length > 1 && same;
      if (!row.hidden) {
        shown += 1;
        groupShown += 1;
      }
    });
    closeGroup();
    var what = state.ids.length < 2 ? "Pick one more model to compare. " : "";
    status.textContent =
      what + "Showing " + names(state.ids) + " on " + (shown === total ? "all " + total : shown + " of " + total) + " dimensions" +
      (state.diff && state.ids.length > 1 ? " (only where their levels differ)." : ".");
    if (share) share.href = query(state);
    fit();
  }
  function fit() {
    // When the kept columns fit the page, the table needs no box of its own: it grows with the
    // page and its header row sticks under the site's header (reading.css, .cmpv-fits).
    var box = table.parentNode;
    box.classList.remove("cmpv-fits");
    box.classList.toggle("cmpv-fits", table.scrollWidth <= box.clientWidth + 1);
  }

  // ---- wiring ---------------------------------------------------------------------------
  var state = fromAddress();
  if (!state.ids.length) state.ids = clean((root.getAttribute("data-default") || "").split(","));
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target === diff) {
      state.diff = diff.checked;
    } else if (target.name === "models") {
      var ids = boxes
        .filter(function (b) {
          return b.checked;
        })
        .map(function (b) {
          return b.value;
        });
      if (ids.length > max) {
        target.checked = false;
        status.textContent = "At most " + max + " models side by side: untick one first.";
        return;
      }
      if (!ids.length) {
        target.checked = true;
        status.textContent = "Keep at least one model.";
        return;
      }
      state.ids = ids;
    }
    toAddress(state);
    apply(state);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  window.addEventListener("resize", fit);
  form.hidden = false;
  root.classList.add("cmpv-ready");
  apply(state);
  toAddress(state);
})();
