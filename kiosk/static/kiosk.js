// The lobby kiosk: back to the start after a while without a touch, so the next visitor
// never finds someone else's half-finished choice (or number) on the screen.
(function () {
  "use strict";
  const body = document.body;
  const idleMs = Math.max(1, parseFloat(body.dataset.idleSeconds || "30")) * 1000;
  let timer = null;
  const kiosk = { idleMs: idleMs, resets: 0 };

  function onStart() {
    const step = document.querySelector("#screen [data-step]");
    return step !== null && step.dataset.step === "start";
  }

  function home() {
    // Fetched, not navigated: with the server away for a moment the screen stays as it is
    // (no browser error page on a kiosk nobody can reach the keyboard of) and we try again.
    kiosk.resets += 1;
    htmx.ajax("GET", "/kiosk/start", { target: "#screen", swap: "innerHTML" }).catch(function () {});
    arm();
  }

  function arm() {
    clearTimeout(timer);
    // On the start screen too: it refreshes the "closed until …" notice.
    timer = setTimeout(home, onStart() ? Math.max(idleMs, 60000) : idleMs);
  }

  // Only a person's touch counts as activity (the printing line's own polling does not).
  for (const name of ["pointerdown", "keydown", "touchstart"]) {
    document.addEventListener(name, arm, { passive: true, capture: true });
  }
  body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "screen") arm();
  });
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  kiosk.home = home;
  window.qbKiosk = kiosk;
  arm();
})();
