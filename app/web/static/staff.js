// Staff screens: refresh live parts when the queue changes (pushed over the live link), and
// keyboard shortcuts — a key clicks the visible button marked data-key, unless one is typing —
// and the desk's form made clean after each ticket.
(function () {
  "use strict";
  // Parts that hold a form refresh only for events about them (detail filters in hx-trigger),
  // so a number being typed is not wiped by someone else's call.
  const changed = (detail) => htmx.trigger(document.body, "queue-changed", detail);
  // A volunteer reads nothing of the queue (001 p.11): the live feed refuses them, so their
  // pages do not ask for it.
  const live = !document.body.hasAttribute("data-no-live");
  window.qbStaff = live ? window.qbLive({
    onEvent: (event) => changed({
      resync: false,
      workplace: event.workplace ? event.workplace.code : null,
      ticket: event.ticket ? event.ticket.id : null,
    }),
    onResync: () => changed({ resync: true, workplace: null, ticket: null }),
  }) : null;

  // The key as printed on a Latin keyboard, whatever layout is on: staff type in the Kazakh
  // and Russian layouts, where the key marked N gives «т» (event.key) but is still KeyN.
  const physicalKey = (code) => {
    if (code === "Space") return "space";
    if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
    if (/^Digit[0-9]$/.test(code)) return code.slice(5);
    return null;
  };

  // After a ticket is issued the desk's form is clean again: nothing of one visitor (IIN,
  // representative, escort, the document checked) may go into the next one's ticket. A
  // refusal keeps the form as it was, to be corrected.
  const status = (event) => (event.detail.xhr ? event.detail.xhr.status : 0);
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    const done = status(event) >= 200 && status(event) < 300;  // 4xx are swapped too: refusals
    if (form instanceof HTMLFormElement && form.dataset.resetAfterIssue !== undefined && done) {
      form.reset();
    }
    // A later change that went through hides it (not a background refresh of some panel).
    const verb = event.detail.requestConfig ? event.detail.requestConfig.verb : "get";
    if (verb !== "get" && status(event) >= 200 && status(event) < 500) notDone(false);
  });
  // A refusal of a click (say, an expired form) is said in the same place, in words.
  document.body.addEventListener("qb-refused", (event) => {
    notDone(true, event.detail && event.detail.message);
  });

  // A click the server never answered (down, unreachable, a 5xx) says so: it was not done.
  const notDone = (shown, message) => {
    const banner = document.getElementById("not-done");
    if (!banner) return;
    if (banner.dataset.text === undefined) banner.dataset.text = banner.textContent;
    banner.textContent = message || banner.dataset.text;
    banner.hidden = !shown;
    clearTimeout(banner.qbTimer);
    if (shown) banner.qbTimer = setTimeout(() => { banner.hidden = true; }, 10000);
  };
  for (const name of ["htmx:responseError", "htmx:sendError", "htmx:timeout"]) {
    document.addEventListener(name, () => notDone(true));
  }

  // The cabinet's booking card follows the visitor called: reloaded when the panel's ticket
  // changes, never on other refreshes (a protocol being typed stays).
  const panelTicket = () => {
    const panel = document.getElementById("panel");
    return panel ? panel.dataset.current || "" : null;
  };
  let shownTicket = panelTicket();  // deferred script: the page is parsed
  document.addEventListener("htmx:afterSettle", () => {
    const ticket = panelTicket();
    if (ticket === null || ticket === shownTicket) return;
    shownTicket = ticket;
    htmx.trigger(document.body, "qb-current-changed");
  });

  // The service timer: minutes and seconds since the call (or the start), ticking here so the
  // panel is not re-rendered every second.
  const tick = () => {
    for (const timer of document.querySelectorAll("[data-timer-since]")) {
      const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(timer.dataset.timerSince)) / 1000));
      timer.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    }
  };
  tick();
  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSettle", tick);

  // "Undo the finish" goes when its time is up (the server counts it: the monoblock's clock
  // may be off); a click after that would only be refused.
  const expireUndo = () => {
    for (const offer of document.querySelectorAll("[data-undo-left]:not([data-undo-timed])")) {
      offer.dataset.undoTimed = "";
      setTimeout(() => offer.remove(), Number(offer.dataset.undoLeft) * 1000);
    }
  };
  expireUndo();
  document.addEventListener("htmx:afterSettle", expireUndo);

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, select, textarea, [contenteditable]")) return;
    const key = physicalKey(event.code) || (event.key === " " ? "space" : event.key.toLowerCase());
    const button = document.querySelector('[data-key="' + CSS.escape(key) + '"]:not([disabled])');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
