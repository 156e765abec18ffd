// Every console page: polls /console/live.json (a change counter, 304 when nothing changed) about every
// 600 ms. A new urgent case (or one reopened) plays a tone, shows a banner, counts in the page title and,
// once the officer has allowed it, raises a desktop notification. Pages listen for "console:changed".
(function () {
  const baseTitle = document.title;
  const STORE = "cs-known-urgent";  // per tab: moving between pages does not sound again for the same case
  let token = null, delay = 600;
  let known = null;
  try { const kept = sessionStorage.getItem(STORE); if (kept) known = new Set(JSON.parse(kept)); } catch (e) { /* private mode */ }

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880; osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* sound is a courtesy */ }
  }

  function notify(ids) {
    const first = ids[0].split("#")[0];
    const banner = document.getElementById("urgent-banner");
    if (banner) {
      banner.hidden = false;
      const link = banner.querySelector("a");
      link.href = "/console/cases/" + first; link.textContent = "New urgent case #" + first + ": open it";
    }
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        const note = new Notification("Urgent case #" + first, { body: ids.length > 1 ? ids.length + " new urgent cases waiting" : "A resident needs an officer now", tag: "cs-urgent-" + first });
        note.onclick = function () { window.focus(); location.href = "/console/cases/" + first; };
      } catch (e) { /* some browsers only notify from a service worker */ }
    }
  }

  // Desktop notifications: asked once, by a button (browsers want a click before asking).
  const ask = document.getElementById("notify-ask");
  if (ask && "Notification" in window && Notification.permission === "default" && !localStorage.getItem("cs-notify-asked")) {
    ask.hidden = false;
    ask.addEventListener("click", function () {
      localStorage.setItem("cs-notify-asked", "1");
      Notification.requestPermission().finally(function () { ask.hidden = true; });
    });
  }

  function seen(data) {
    const now = new Set(data.urgent);
    const fresh = known === null ? [] : data.urgent.filter(function (k) { return !known.has(k); });
    known = now;
    try { sessionStorage.setItem(STORE, JSON.stringify(data.urgent)); } catch (e) { /* fine */ }
    document.title = (now.size ? "(" + now.size + " urgent) " : "") + baseTitle;
    if (fresh.length) { beep(); notify(fresh); }
  }

  async function poll() {
    try {
      const headers = { "Accept": "application/json" };
      if (token) headers["If-None-Match"] = '"' + token + '"';
      const res = await fetch("/console/live.json", { headers: headers, cache: "no-store" });
      if (res.status === 401 || res.redirected) { location.reload(); return; }
      if (res.status === 200) {
        const data = await res.json();
        token = data.token; delay = data.poll_ms || delay;
        seen(data);
        document.dispatchEvent(new CustomEvent("console:changed", { detail: data }));
      }
      document.documentElement.dataset.live = "on";
    } catch (e) { document.documentElement.dataset.live = "lost"; }
    setTimeout(poll, delay);
  }
  poll();
})();
