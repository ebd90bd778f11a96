// Voice announcements on the waiting-hall board (issue 5).
//
// Every call and recall is played in the order the feed brought it: the chime, then the
// announcement `repeat` times, on ONE audio element, so two calls never talk over each other,
// and from a queue, so a burst of calls drops none. The WAV is fetched the moment its call
// arrives, while earlier ones still play, so the server renders it meanwhile. When the fetch
// fails (speech down) the chime still plays: the board's flashing row says the rest.
//
// Browsers keep a page silent until someone touches it, unless Chromium runs with
// --autoplay-policy=no-user-gesture-required (kiosk mode, see README). Otherwise a one-tap
// "enable sound" button shows, and what was queued meanwhile plays after the tap.
//
// window.qbAnnouncer.log records each clip's element events ({kind: "chime"|"speech",
// event: "play"|"ended"|"error"|"timeout"|"unavailable", display}) for tests and support.
(function () {
  "use strict";
  const data = document.body.dataset;
  const settings = {
    repeat: Math.max(1, parseInt(data.announceRepeat || "1", 10) || 1),
    volume: Math.min(1, Math.max(0, parseFloat(data.announceVolume || "1"))),
    chime: data.announceChime !== "off",
    chimeUrl: data.chimeUrl || "/board/static/chime.wav",
  };
  const GAP_MS = 500; // silence between two announcements
  const REPEAT_GAP_MS = 700; // and between the repeats of one
  const CLIP_LIMIT_MS = 20000; // a clip whose "ended" never comes must not stall the queue
  const LOG_LIMIT = 500;
  const token = new URLSearchParams(location.search).get("token");
  const withToken = (path) =>
    token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
  const button = document.getElementById("enable-sound");
  const player = new Audio();
  player.preload = "auto";
  const queue = [];
  const state = { settings, queue, log: [], playing: false, blocked: false, announced: 0 };

  class Blocked extends Error {}

  function note(kind, event, display) {
    state.log.push({ kind, event, display, at: performance.now() });
    if (state.log.length > LOG_LIMIT) state.log.shift();
  }

  function showButton() {
    state.blocked = true;
    if (button) button.hidden = false;
  }

  async function fetchClip(url) {
    try {
      const response = await fetch(withToken(url), { cache: "no-cache" });
      if (!response.ok) return null; // 503: speech is down
      return URL.createObjectURL(await response.blob());
    } catch (err) {
      return null; // the link is down: the live link reconnects by itself
    }
  }

  // Plays one clip to its end; false if it could not be played. Rejects with Blocked when the
  // browser refuses sound, so the item stays first in the queue until the tap.
  function play(src, kind, display) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (event, ok, error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        player.onplay = player.onended = player.onerror = null;
        if (event) note(kind, event, display);
        if (error) reject(error); else resolve(ok);
      };
      const timer = setTimeout(() => { player.pause(); settle("timeout", false); }, CLIP_LIMIT_MS);
      player.onplay = () => note(kind, "play", display);
      player.onended = () => settle("ended", true);
      player.onerror = () => settle("error", false);
      player.src = src;
      player.volume = settings.volume;
      player.play().catch((err) => {
        if (err && err.name === "NotAllowedError") settle(null, false, new Blocked());
        else settle("error", false);
      });
    });
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function pump() {
    if (state.playing || state.blocked) return;
    state.playing = true;
    try {
      while (queue.length) {
        const item = queue[0];
        if (settings.chime) await play(settings.chimeUrl, "chime", item.display);
        const clip = await item.clip;
        if (clip) {
          for (let i = 0; i < settings.repeat; i += 1) {
            if (i) await sleep(REPEAT_GAP_MS);
            await play(clip, "speech", item.display);
          }
          URL.revokeObjectURL(clip);
        } else {
          note("speech", "unavailable", item.display);
        }
        queue.shift();
        state.announced += 1;
        if (queue.length) await sleep(GAP_MS);
      }
    } catch (err) {
      if (!(err instanceof Blocked)) throw err;
      showButton();
    } finally {
      state.playing = false;
    }
  }

  // A call or recall from the feed: `announcement` is its WAV's URL (null: chime only).
  function add(event) {
    if (!event.ticket) return;
    const url = event.announcement || null;
    queue.push({ display: event.ticket.display, clip: url ? fetchClip(url) : Promise.resolve(null) });
    pump();
  }

  // At load: would the browser play sound? A silent try (volume 0 is still "unmuted" for the
  // autoplay policy, which lets muted media play) shows the button before the first call.
  function probe() {
    const test = new Audio(settings.chimeUrl);
    test.volume = 0;
    test.play().then(
      () => test.pause(),
      (err) => { if (err && err.name === "NotAllowedError") showButton(); }
    );
  }

  if (button) {
    button.addEventListener("click", () => {
      state.blocked = false;
      button.hidden = true;
      if (queue.length) {
        pump(); // plays inside this tap: the user activation the browser wanted
      } else {
        player.src = settings.chimeUrl; // unlock the element within the tap, silently
        player.volume = 0;
        player.play().then(() => player.pause(), () => {});
      }
    });
  }

  state.add = add;
  window.qbAnnouncer = state;
  probe();
})();
