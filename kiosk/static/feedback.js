// The feedback tablet: listens on the live link (live.js) for the visits finished at its own
// workplace and asks the visitor for a rating; back to the welcome screen by itself after the
// thanks, or when the question is left untouched. No polling while the link is up: after a
// reconnect it asks the server for the last visit finished here that is not rated yet; while
// the link is down, it asks now and then, so a visitor finished meanwhile is still asked.
(function () {
  "use strict";
  const body = document.body;
  const screen = document.getElementById("screen");
  const workplace = body.dataset.workplace;
  const resetMs = Math.max(1, parseFloat(body.dataset.resetSeconds || "45")) * 1000;
  const thanksMs = Math.max(1, parseFloat(body.dataset.thanksSeconds || "6")) * 1000;
  const token = new URLSearchParams(location.search).get("token");
  const withToken = (path) =>
    token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
  // Visits already rated here or left unanswered: a resync does not bring them back.
  const done = new Set();
  const tablet = { resets: 0, shows: 0, link: null };
  let timer = null;
  let version = 0;

  const current = () => screen.querySelector("[data-step]");
  const step = () => (current() ? current().dataset.step : "");
  const shownTicket = () => (current() ? current().dataset.ticket || "" : "");

  async function show(path, accept) {
    const mine = ++version;  // a newer screen asked for meanwhile wins
    try {
      const response = await fetch(withToken(path), {
        cache: "no-store", headers: { "HX-Request": "true" },
      });
      if (mine !== version || response.status >= 500) return;
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const next = holder.querySelector("[data-step]");
      if (next === null || (accept && !accept(next))) return;
      screen.replaceChildren(...holder.childNodes);
      htmx.process(screen);
      settled();
    } catch (err) { /* the server is away for a moment: the screen stays as it is */ }
  }

  function idle() {
    tablet.resets += 1;
    show("/feedback/screen");
  }

  function arm() {
    clearTimeout(timer);
    const now = step();
    if (now === "rate") {
      timer = setTimeout(() => { done.add(shownTicket()); idle(); }, resetMs);
    } else if (now === "thanks" || now === "message") {
      timer = setTimeout(idle, thanksMs);
    }
  }

  function settled() {
    tablet.shows += 1;
    const now = step();
    if (now === "thanks" || now === "message") done.add(shownTicket());
    arm();
  }

  // A touch on the question keeps it up for another while.
  for (const name of ["pointerdown", "keydown", "touchstart"]) {
    document.addEventListener(name, () => { if (step() === "rate") arm(); },
      { passive: true, capture: true });
  }
  body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target && event.target.id === "screen") settled();
  });

  const latest = () => {
    if (step() !== "idle") return;  // never take the screen from a visitor mid-answer
    show("/feedback/screen?latest=1", (next) => !done.has(next.dataset.ticket || ""));
  };

  tablet.link = window.qbLive({
    onResync: latest,
    onEvent: (event) => {
      const place = event.workplace && event.workplace.code;
      if (place !== workplace || !event.ticket) return;
      const id = String(event.ticket.id);
      if (event.type === "ticket.finished") {
        done.delete(id);  // finished again after an undo: ask again
        show("/feedback/screen?ticket=" + encodeURIComponent(id));
      } else if (event.type === "ticket.reopened" && shownTicket() === id && step() === "rate") {
        idle();  // the finish was undone: the visit goes on
      }
    },
  });
  setInterval(() => { if (!tablet.link.connected) latest(); }, 15000);

  document.addEventListener("contextmenu", (event) => event.preventDefault());
  window.qbTablet = tablet;
  arm();
})();
