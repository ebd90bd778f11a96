// Staff screens: refresh live parts when the queue changes (pushed over the live link), and
// keyboard shortcuts — a key clicks the visible button marked data-key, unless one is typing.
(function () {
  "use strict";
  // Parts that hold a form refresh only for events about them (detail filters in hx-trigger),
  // so a number being typed is not wiped by someone else's call.
  const changed = (detail) => htmx.trigger(document.body, "queue-changed", detail);
  window.qbStaff = window.qbLive({
    onEvent: (event) => changed({
      resync: false,
      workplace: event.workplace ? event.workplace.code : null,
      ticket: event.ticket ? event.ticket.id : null,
    }),
    onResync: () => changed({ resync: true, workplace: null, ticket: null }),
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, select, textarea, [contenteditable]")) return;
    const key = event.key === " " ? "space" : event.key.toLowerCase();
    const button = document.querySelector('[data-key="' + CSS.escape(key) + '"]:not([disabled])');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
