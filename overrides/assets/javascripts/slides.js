/* Slide deck for pages with `template: slides.html`: one slide at a time, scaled to the window,
   keyboard, clicker and touch navigation, an overview grid, full screen, a URL fragment per slide,
   a reading view (phones, ?transcript: the slides one under the other, notes per slide), and a
   speaker view (same page with ?speaker) kept in sync with the main window both ways, with the
   talk's time plan, pace, and a rehearsal mode that records the time per slide.
   Sync uses BroadcastChannel and, for file:// where it may not reach, window.postMessage between
   the window that opened the speaker view and the speaker view itself. Nothing is fetched. */
(() => {
  "use strict";

  const deck = document.querySelector("[data-deck]");
  if (!deck) return;

  // ---- The slides, their fragments and the window's role --------------------------------
  const W = 1280;
  const H = 720;
  const boxes = [...deck.querySelectorAll("[data-slide-box]")];
  const slides = boxes.map((box) => box.querySelector("[data-slide]"));
  const frame = deck.querySelector("[data-deck-frame]");
  const counter = deck.querySelector("[data-deck-counter]");
  const params = new URLSearchParams(location.search);
  const role = params.has("speaker") ? "speaker" : "main";
  const root = document.documentElement;
  const KEY = `deck:${location.pathname}`;
  // Each slide's fragment is the id of its first heading (stable when slides move), else slide-N.
  const ids = slides.map((slide, i) => {
    const heading = slide.querySelector("h1[id], h2[id], h3[id]");
    return heading ? heading.id : `slide-${i + 1}`;
  });
  let index = -1;
  let overview = false;

  /** A URL-derived value decoded, or as it is when it is not valid percent-encoding (e.g. "#%"). */
  function decoded(value) {
    try {
      return decodeURIComponent(value);
    } catch (error) {
      return value;
    }
  }

  /** The slide that the URL fragment names; an id anywhere inside a slide selects that slide.
      A fragment that names nothing (or cannot be decoded) selects the first slide. */
  function indexFromHash() {
    const id = decoded(location.hash.slice(1));
    if (!id) return 0;
    const exact = ids.indexOf(id);
    if (exact >= 0) return exact;
    const inside = slides.findIndex((slide) => slide.querySelector(`[id="${CSS.escape(id)}"]`));
    return inside >= 0 ? inside : 0;
  }

  // ---- Showing a slide --------------------------------------------------------------------
  /** Show slide i, update the fragment (replaceState: Back leaves the deck) and tell the peers. */
  function go(i, { send = true } = {}) {
    const target = Math.max(0, Math.min(slides.length - 1, i));
    if (target === index) return;
    index = target;
    boxes.forEach((box, k) => {
      box.classList.toggle("is-current", k === index);
      box.setAttribute("aria-hidden", k === index || overview || flowing() ? "false" : "true");
    });
    const hash = `#${ids[index]}`;
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
    if (counter) counter.textContent = `${index + 1} / ${slides.length}`;
    if (overview) boxes[index].scrollIntoView({ block: "nearest" });
    if (role === "speaker") {
      track.visit(index);
      renderSpeaker();
    }
    if (send) post({ type: "goto", index });
  }

  // ---- Reading view: the slides one under the other (phones, the transcript) ----------------
  const narrow = window.matchMedia ? window.matchMedia("(max-width: 600px)") : { matches: false };
  let transcript = role === "main" && params.has("transcript");

  /** The reading view is on below 600 px and in the transcript; the transcript opens every slide's notes. */
  function setFlow() {
    const flow = role === "main" && (narrow.matches || transcript);
    root.classList.toggle("deck-flow", flow);
    root.classList.toggle("deck-transcript", role === "main" && transcript);
    deck.querySelectorAll("details.notes").forEach((el) => {
      el.open = transcript;
    });
    const link = deck.querySelector("[data-transcript-link]");
    if (link) link.textContent = transcript ? "Back to the slides" : "Transcript: slides with speaker notes";
    boxes.forEach((box, k) => box.setAttribute("aria-hidden", flow || overview || k === index ? "false" : "true"));
    if (flow && overview) setOverview(false);
    return flow;
  }

  function toggleTranscript() {
    transcript = !transcript;
    const url = new URL(location.href);
    if (transcript) url.searchParams.set("transcript", "");
    else url.searchParams.delete("transcript");
    history.replaceState(history.state, "", url.href.replace(/([?&]transcript)=(?=&|#|$)/, "$1"));
    setFlow();
    if (transcript) boxes[index].scrollIntoView({ block: "start" });
  }

  const flowing = () => root.classList.contains("deck-flow");

  /** Scale the 1280x720 frame to fit the window; size the overview thumbnails and speaker panes. */
  function fit() {
    deck.style.setProperty("--deck-scale", Math.min(innerWidth / W, innerHeight / H).toFixed(5));
    const cols = innerWidth < 700 ? 2 : innerWidth < 1400 ? 3 : 4;
    const thumb = (innerWidth - 64 - 16 * (cols - 1)) / cols / W;
    deck.style.setProperty("--thumb", Math.max(0.1, thumb).toFixed(5));
    if (role === "speaker") fitPanes();
  }

  // ---- Overview grid, full screen, speaker window ----------------------------------------
  function setOverview(on) {
    if (role === "speaker" || (on && flowing())) return;
    overview = on;
    deck.classList.toggle("is-overview", on);
    boxes.forEach((box, k) => box.setAttribute("aria-hidden", on || k === index ? "false" : "true"));
    if (on) boxes[index].scrollIntoView({ block: "nearest" });
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
  }

  const peers = new Set();
  function openSpeaker() {
    if (role === "speaker") return;
    const url = new URL(location.href);
    url.searchParams.set("speaker", "");
    url.hash = ids[index];
    const win = window.open(url.href, "deck-speaker", "popup,width=1200,height=760");
    if (win) peers.add(win);
  }

  // ---- Sync between the main window and the speaker view ---------------------------------
  let channel = null;
  try {
    channel = new BroadcastChannel(KEY);
    channel.onmessage = (event) => receive(event.data, null);
  } catch (error) {
    channel = null; // No BroadcastChannel: postMessage between opener and speaker still works.
  }
  if (role === "speaker" && window.opener) peers.add(window.opener);

  /** Send a message to the other role over every path; receivers ignore repeats (go is idempotent). */
  function post(message, { direct = false } = {}) {
    const data = { ...message, deck: KEY, role };
    if (channel && !direct) channel.postMessage(data);
    for (const win of peers) {
      try {
        if (win.closed) peers.delete(win);
        else win.postMessage(data, "*");
      } catch (error) {
        peers.delete(win);
      }
    }
  }

  function receive(data, source) {
    if (!data || data.deck !== KEY || data.role === role) return;
    // A window that reaches us directly becomes a peer; the main window answers with its slide.
    if (source && !peers.has(source)) {
      peers.add(source);
      if (role === "main") post({ type: "goto", index }, { direct: true });
    }
    if (data.type === "goto" && Number.isInteger(data.index)) go(data.index, { send: false });
    else if (data.type === "hello" && role === "main") post({ type: "goto", index });
  }

  window.addEventListener("message", (event) => {
    if (event.origin === location.origin || event.origin === "null") receive(event.data, event.source);
  });

  // ---- Speaker view: current and next slide, notes, elapsed time and clock -----------------
  const sp = {
    root: deck.querySelector("[data-speaker]"),
    pos: deck.querySelector("[data-sp-pos]"),
    pace: deck.querySelector("[data-sp-pace]"),
    plan: deck.querySelector("[data-sp-plan] tbody"),
    rehearse: deck.querySelector("[data-sp-rehearse]"),
    download: deck.querySelector("[data-sp-download]"),
    current: deck.querySelector("[data-sp-current]"),
    next: deck.querySelector("[data-sp-next]"),
    notes: deck.querySelector("[data-sp-notes]"),
    elapsed: deck.querySelector("[data-sp-elapsed]"),
    clock: deck.querySelector("[data-sp-clock]"),
    pause: deck.querySelector("[data-sp-pause]"),
  };

  /** A copy of a slide for a preview pane: no ids (no duplicates), not focusable. */
  function place(pane, slide) {
    if (!slide) {
      const end = document.createElement("p");
      end.className = "speaker-end";
      end.textContent = "End of the deck";
      pane.replaceChildren(end);
      return;
    }
    const copy = slide.cloneNode(true);
    copy.removeAttribute("data-slide");
    copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    copy.querySelectorAll("[aria-labelledby], [aria-describedby]").forEach((el) => {
      el.removeAttribute("aria-labelledby");
      el.removeAttribute("aria-describedby");
    });
    copy.inert = true;
    pane.replaceChildren(copy);
  }

  function fitPanes() {
    if (!sp.current) return;
    for (const pane of [sp.current, sp.next]) {
      const copy = pane.querySelector(".slide");
      if (copy) copy.style.transform = `scale(${(pane.clientWidth / W).toFixed(5)})`;
    }
  }

  function renderSpeaker() {
    sp.pos.textContent = `Slide ${index + 1} of ${slides.length}`;
    place(sp.current, slides[index]);
    place(sp.next, slides[index + 1]);
    fitPanes();
    const notes = slides[index].querySelector(".notes");
    const parts = notes ? [...notes.children].filter((el) => !el.matches(".admonition-title, summary")) : [];
    if (parts.length) {
      sp.notes.replaceChildren(...parts.map((el) => el.cloneNode(true)));
    } else {
      const none = document.createElement("p");
      none.textContent = "No notes for this slide.";
      sp.notes.replaceChildren(none);
    }
  }

  // The timer survives a reload of the speaker window (sessionStorage is per window).
  const timer = {
    key: `${KEY}:timer`,
    state: { acc: 0, start: Date.now(), running: true },
    load() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(this.key) || "null");
        if (saved && typeof saved.acc === "number") this.state = saved;
      } catch (error) {
        /* Storage may be unavailable (private mode, file://): start a fresh timer. */
      }
    },
    save() {
      try {
        sessionStorage.setItem(this.key, JSON.stringify(this.state));
      } catch (error) {
        /* Not stored: the timer still runs for this window. */
      }
    },
    elapsed() {
      return this.state.acc + (this.state.running ? Date.now() - this.state.start : 0);
    },
    toggle() {
      const now = Date.now();
      if (this.state.running) this.state = { acc: this.elapsed(), start: now, running: false };
      else this.state = { acc: this.state.acc, start: now, running: true };
      this.save();
      tick();
    },
    reset() {
      this.state = { acc: 0, start: Date.now(), running: this.state.running };
      this.save();
      track.reset();
      tick();
    },
  };

  // ---- Time plan: parts of the talk with their budgets (front matter `plan:`) ----------------
  /** The plan as [{part, minutes, first, last}] with slide ranges; parts whose first slide is unknown are left out. */
  function readPlan() {
    let raw = [];
    try {
      raw = JSON.parse(deck.querySelector("[data-deck-plan]")?.textContent || "[]");
    } catch (error) {
      raw = [];
    }
    const parts = (Array.isArray(raw) ? raw : [])
      .map((p) => ({ part: String(p.part || ""), minutes: Number(p.minutes) || 0, first: ids.indexOf(String(p.from || "")) }))
      .filter((p) => p.first >= 0)
      .sort((a, b) => a.first - b.first);
    parts.forEach((p, k) => {
      p.last = k + 1 < parts.length ? parts[k + 1].first - 1 : slides.length - 1;
    });
    return parts;
  }
  const plan = readPlan();
  const partOf = (i) => plan.findIndex((p) => i >= p.first && i <= p.last);

  // Time spent on each slide while the timer runs: kept with the timer (sessionStorage) for this
  // talk, and in rehearsal mode also in localStorage, with a JSON download.
  const track = {
    key: `${KEY}:slides`,
    runKey: `${KEY}:rehearsal`,
    spent: new Array(slides.length).fill(0),
    rehearsing: false,
    last: Date.now(),
    load() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(this.key) || "null");
        if (saved && Array.isArray(saved.spent) && saved.spent.length === slides.length) {
          this.spent = saved.spent.map((v) => Number(v) || 0);
          this.rehearsing = Boolean(saved.rehearsing);
        }
      } catch (error) {
        /* No storage: the times start at zero. */
      }
    },
    save() {
      const data = JSON.stringify({ spent: this.spent, rehearsing: this.rehearsing });
      try {
        sessionStorage.setItem(this.key, data);
        if (this.rehearsing) localStorage.setItem(this.runKey, JSON.stringify(this.report()));
      } catch (error) {
        /* Not stored: the times still count in this window. */
      }
    },
    /** Add the time since the last call to the slide shown until now (only while the timer runs). */
    step() {
      const now = Date.now();
      if (timer.state.running && index >= 0) this.spent[index] += now - this.last;
      this.last = now;
    },
    visit() {
      this.step();
    },
    reset() {
      this.spent.fill(0);
      this.last = Date.now();
      this.save();
    },
    partSpent(k) {
      let sum = 0;
      for (let i = plan[k].first; i <= plan[k].last; i++) sum += this.spent[i];
      return sum;
    },
    report() {
      return {
        deck: location.pathname,
        recorded: new Date().toISOString(),
        total_seconds: Math.round(this.spent.reduce((a, b) => a + b, 0) / 1000),
        parts: plan.map((p, k) => ({ part: p.part, budget_minutes: p.minutes, seconds: Math.round(this.partSpent(k) / 1000) })),
        slides: slides.map((slide, i) => ({
          number: i + 1,
          id: ids[i],
          title: (slide.querySelector("h1, h2")?.textContent || "").trim(),
          part: plan[partOf(i)]?.part || null,
          seconds: Math.round(this.spent[i] / 1000),
        })),
      };
    },
    stored() {
      try {
        return localStorage.getItem(this.runKey);
      } catch (error) {
        return null;
      }
    },
  };

  function toggleRehearsal() {
    track.rehearsing = !track.rehearsing;
    if (track.rehearsing) timer.reset(); // a rehearsal starts from zero
    track.save();
    tick();
  }

  function downloadTimes() {
    const json = track.rehearsing ? JSON.stringify(track.report(), null, 2) : track.stored();
    if (!json) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    link.download = "rehearsal-times.json";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  const clockText = (ms) => {
    const s = Math.floor(Math.abs(ms) / 1000);
    return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  };

  /** Planned elapsed time at the start of slide i: earlier parts' budgets plus this part's share. */
  function plannedAt(i) {
    const k = partOf(i);
    if (k < 0) return null;
    let before = 0;
    for (let j = 0; j < k; j++) before += plan[j].minutes;
    const span = plan[k].last - plan[k].first + 1;
    return (before + (plan[k].minutes * (i - plan[k].first)) / span) * 60000;
  }

  function renderPlan() {
    if (!sp.plan) return;
    const current = partOf(index);
    const rows = plan.map((p, k) => {
      const row = document.createElement("tr");
      const spent = track.partSpent(k);
      const over = spent > p.minutes * 60000;
      row.className = (k === current ? "is-current " : "") + (over ? "is-over" : "");
      for (const value of [p.part, `${p.minutes}:00`, clockText(spent)]) {
        const cell = document.createElement(row.children.length ? "td" : "th");
        if (!row.children.length) cell.scope = "row";
        cell.textContent = value;
        row.append(cell);
      }
      return row;
    });
    const total = plan.reduce((a, p) => a + p.minutes, 0);
    const foot = document.createElement("tr");
    foot.className = "speaker-plan-total";
    for (const value of ["Whole talk", `${total}:00`, clockText(timer.elapsed())]) {
      const cell = document.createElement(foot.children.length ? "td" : "th");
      if (!foot.children.length) cell.scope = "row";
      cell.textContent = value;
      foot.append(cell);
    }
    sp.plan.replaceChildren(...rows, foot);
    const planned = plannedAt(index);
    if (planned === null) {
      sp.pace.textContent = "no plan";
      sp.pace.dataset.pace = "none";
    } else {
      const diff = timer.elapsed() - planned;
      const state = Math.abs(diff) < 30000 ? "on-time" : diff > 0 ? "behind" : "ahead";
      sp.pace.dataset.pace = state;
      sp.pace.textContent = state === "on-time" ? "on time" : `${clockText(diff)} ${state}`;
    }
  }

  const pad = (n) => String(n).padStart(2, "0");
  function tick() {
    if (role !== "speaker") return;
    track.step();
    track.save();
    renderPlan();
    sp.rehearse.setAttribute("aria-pressed", String(track.rehearsing));
    sp.rehearse.textContent = track.rehearsing ? "Stop rehearsal" : "Rehearse";
    sp.download.disabled = !(track.rehearsing || track.stored());
    const s = Math.floor(timer.elapsed() / 1000);
    sp.elapsed.textContent = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    sp.elapsed.dataset.running = String(timer.state.running);
    sp.pause.textContent = timer.state.running ? "Pause" : "Resume";
    const now = new Date();
    sp.clock.textContent = `${pad(now.getHours())}:${pad(now.getMinutes())}`;
    sp.clock.dateTime = now.toISOString();
  }

  // ---- Input: keys and clickers, buttons, overview clicks, touch swipes ---------------------
  const STEP = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
  const actions = {
    prev: () => go(index - 1),
    next: () => go(index + 1),
    overview: () => setOverview(!overview),
    fullscreen: toggleFullscreen,
    speaker: openSpeaker,
    pause: () => timer.toggle(),
    reset: () => timer.reset(),
    rehearse: toggleRehearsal,
    download: downloadTimes,
    transcript: toggleTranscript,
  };

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // In the reading view the page scrolls: arrows, space and page keys keep their usual meaning.
    if (flowing() && !["t", "T"].includes(event.key)) return;
    if (event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key in STEP) go(index + (key === " " && event.shiftKey ? -1 : STEP[key]));
    else if (key === "Home") go(0);
    else if (key === "End") go(slides.length - 1);
    else if (key === "f") toggleFullscreen();
    else if (key === "o") setOverview(!overview);
    else if (key === "s") openSpeaker();
    else if (key === "t" && role === "main") toggleTranscript();
    else if ((key === "Escape" || key === "Enter") && overview) setOverview(false);
    else if (key === "p" && role === "speaker") timer.toggle();
    else if (key === "r" && role === "speaker") timer.reset();
    // The theme's own shortcuts (search, previous/next page) would leave the deck: swallow them.
    else if (!["n", "p", ",", ".", "/"].includes(key)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }
  // Capture phase on window: runs before the theme's keyboard handler.
  window.addEventListener("keydown", onKey, true);

  deck.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action], a[data-action]");
    if (button) {
      event.preventDefault();
      return actions[button.dataset.action]();
    }
    const box = overview && event.target.closest("[data-slide-box]");
    if (box) {
      event.preventDefault();
      go(boxes.indexOf(box));
      setOverview(false);
    }
  });

  let touch = null;
  frame.addEventListener("touchstart", (event) => {
    touch = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  frame.addEventListener("touchend", (event) => {
    if (!touch || overview || flowing()) return;
    const t = event.changedTouches[0];
    const dx = t.clientX - touch.x;
    const dy = t.clientY - touch.y;
    touch = null;
    // A mostly horizontal swipe of 40 px or more: left for the next slide, right for the previous.
    if (Math.abs(dx) >= 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) go(index + (dx < 0 ? 1 : -1));
  }, { passive: true });

  // ---- Start ----------------------------------------------------------------------------
  deck.classList.add("is-ready");
  if (role === "speaker") {
    deck.classList.add("is-speaker");
    sp.root.hidden = false;
    document.title = `Speaker view: ${document.title}`;
    timer.load();
    track.load();
  }
  setFlow();
  if (narrow.addEventListener) narrow.addEventListener("change", setFlow);
  window.addEventListener("resize", fit);
  window.addEventListener("hashchange", () => go(indexFromHash()));
  fit();
  go(indexFromHash(), { send: false });
  if (role === "speaker") {
    tick();
    post({ type: "hello" });
    // Every half second: the clocks, and a direct hello to the opener so that a reloaded main
    // window (which has lost its handle on this one) finds the speaker view again.
    setInterval(() => {
      tick();
      if (window.opener && !window.opener.closed) post({ type: "ping" }, { direct: true });
    }, 500);
  }
})();
