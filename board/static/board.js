// The waiting-hall board: re-renders its live part on each pushed event and flashes new calls.
// The shared live link (live.js) reconnects and asks for a resync after any outage.
(function () {
  "use strict";
  const token = new URLSearchParams(location.search).get("token");
  const withToken = (path) => (token ? path + "?token=" + encodeURIComponent(token) : path);
  const live = document.getElementById("live");
  const toFlash = new Set();
  const board = { refreshes: 0 };
  let refreshing = null;
  let refreshAgain = false;

  async function refresh() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        try {
          const response = await fetch(withToken("/board/calls"), { cache: "no-store" });
          if (response.ok) {
            live.innerHTML = await response.text();
            board.refreshes += 1;
            flashNew();
          }
        } catch (err) { /* the live link's reconnect brings us back */ }
      } while (refreshAgain);
    })();
    try { await refreshing; } finally { refreshing = null; }
  }

  function flashNew() {
    for (const display of toFlash) {
      const row = live.querySelector('.call[data-ticket="' + CSS.escape(display) + '"]');
      if (row) { row.classList.remove("flash"); void row.offsetWidth; row.classList.add("flash"); }
    }
    toFlash.clear();
  }

  board.link = window.qbLive({
    onResync: refresh,
    onEvent: (event) => {
      if ((event.type === "ticket.called" || event.type === "ticket.recalled") && event.ticket) {
        toFlash.add(event.ticket.display);
        // The same display the row shows: the announcement says what the board says.
        if (window.qbAnnouncer) window.qbAnnouncer.add(event);
      }
      refresh();
    },
  });
  window.qbBoard = board;

  const clock = document.getElementById("clock");
  const zone = document.body.dataset.timezone || "Asia/Almaty";
  const tick = () => {
    clock.textContent = new Date().toLocaleTimeString("ru-RU", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  };
  tick();
  setInterval(tick, 1000);
})();
