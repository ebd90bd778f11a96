// The lobby kiosk: back to the start after a while without a touch, so the next visitor
// never finds someone else's half-finished choice (or number) on the screen.
(function () {
  "use strict";
  const body = document.body;
  const idleMs = Math.max(1, parseFloat(body.dataset.idleSeconds || "30")) * 1000;
  let timer = null;
  const kiosk = { idleMs: idleMs, resets: 0, droppedTaps: 0 };

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

  // A tap acts only on the screen it was meant for: a double tap on «Русский» must not
  // choose, on the purpose screen that replaced it, whatever lies under the finger (nor a
  // triple tap an out-of-turn category). Taps within SETTLE_MS of a new screen are dropped,
  // and so are taps that began on a screen that has since been replaced.
  const SETTLE_MS = 400;
  let shownAt = -Infinity;  // the first screen came with the page: taken at once
  let screenVersion = 0;
  let pressedOn = -1;
  body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "screen") {
      shownAt = performance.now();
      screenVersion += 1;
    }
  });
  document.addEventListener("pointerdown", function () { pressedOn = screenVersion; },
    { capture: true, passive: true });
  // Whether a tap now would be taken (tests wait for it, as a person's eyes do).
  kiosk.takesTaps = function () { return performance.now() - shownAt >= SETTLE_MS; };
  document.addEventListener("click", function (event) {
    const stale = pressedOn !== -1 && pressedOn !== screenVersion;
    if (performance.now() - shownAt < SETTLE_MS || stale) {
      event.preventDefault();
      event.stopImmediatePropagation();
      kiosk.droppedTaps += 1;
    }
    pressedOn = -1;
  }, { capture: true });
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  kiosk.home = home;
  window.qbKiosk = kiosk;
  arm();
})();
