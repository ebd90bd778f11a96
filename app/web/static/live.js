// The live link every screen shares: a websocket to /ws/events that reconnects within about a
// second after a dropped link or a server restart, tells the page to resync when it is back,
// and treats a link silent for more than two heartbeats as dead. Pages pass what to do with
// each event; no page polls.
(function () {
  "use strict";
  window.qbLive = function (options) {
    const token = new URLSearchParams(location.search).get("token");
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/ws/events" + (token ? "?token=" + encodeURIComponent(token) : "");
    const lost = document.getElementById("link-lost");
    const state = { connected: false, lastMessageAt: 0, heartbeatMs: 5000, events: 0, opens: 0 };
    let socket = null;

    function connect() {
      socket = new WebSocket(url);
      socket.onopen = () => {
        state.connected = true;
        state.opens += 1;
        state.lastMessageAt = Date.now();
        if (lost) lost.hidden = true;
        if (options.onResync) options.onResync();
      };
      socket.onmessage = (message) => {
        state.lastMessageAt = Date.now();
        const event = JSON.parse(message.data);
        if (event.type === "hello" && event.heartbeat) state.heartbeatMs = event.heartbeat * 1000;
        if (event.type === "hello" || event.type === "ping" || event.type === "pong") return;
        state.events += 1;
        options.onEvent(event);
      };
      socket.onclose = () => {
        state.connected = false;
        socket = null;
        setTimeout(() => { if (!state.connected && lost) lost.hidden = false; }, 1500);
        setTimeout(connect, 500 + Math.random() * 500);
      };
    }

    setInterval(() => {
      if (socket && state.connected && Date.now() - state.lastMessageAt > 2.5 * state.heartbeatMs) {
        socket.close();
      }
    }, 1000);
    connect();
    return state;
  };
})();
