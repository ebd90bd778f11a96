// The status page on a visitor's phone: when the turn is near, and when it comes, the phone
// vibrates and plays a short tone once, where it allows (many browsers allow sound only after
// a tap on the page; vibration is not on every phone). Once per alert: a refresh of the page
// or of its part does not repeat it.
(function () {
  "use strict";
  let audio = null;
  // A tap anywhere unlocks sound for later alerts (browsers refuse sound without one).
  document.addEventListener("pointerdown", () => {
    if (!audio && window.AudioContext) audio = new AudioContext();
  }, { once: true });

  const tone = () => {
    if (!audio) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.25, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.6);
  };

  const alertOnce = () => {
    for (const element of document.querySelectorAll("[data-alert]")) {
      const key = "qb-alerted-" + element.dataset.alert;
      if (sessionStorage.getItem(key)) continue;
      sessionStorage.setItem(key, "1");
      if (navigator.vibrate) navigator.vibrate([250, 120, 250]);
      tone();
      document.body.dataset.alerted = element.dataset.alert.split("-")[0];
    }
  };
  document.addEventListener("DOMContentLoaded", alertOnce);
  document.addEventListener("htmx:afterSettle", alertOnce);
})();

// The rating's comment: how many characters of the limit are used, as the visitor types.
(function () {
  "use strict";
  const count = (event) => {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.dataset.counter) return;
    const counter = document.getElementById(area.dataset.counter);
    if (counter) counter.textContent = area.value.length + " / " + area.maxLength;
  };
  document.addEventListener("input", count);
})();
