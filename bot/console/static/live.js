// Every console page: polls /console/live.json (a change counter, 304 when nothing changed) about every
// 600 ms. A new urgent case (or one reopened) plays a tone, shows a banner, counts in the page title and,
// once the officer has allowed it, raises a desktop notification. Pages listen for "console:changed".
(function () {
  const baseTitle = document.title;
  const STORE = "cs-known-urgent";  // per tab: moving between pages does not sound again for the same case
  let token = null, delay = 600;
  let known = null;
  try { const kept = sessionStorage.getItem(STORE); if (kept) known = new Set(JSON.parse(kept)); } catch (e) { /* private mode */ }

  // One audio context per page. A browser blocks sound on a page opened by address (a bookmark, an alert's link, a
  // reload) until the officer touches it (officers' trial, session 19): then a visible "Turn on sound" button, and
  // any click or key on the page turns it on too. On the click, not the press: the button goes away when the sound
  // comes on and the page moves up, so waking on the press moved "Find" or "Claim" from under a mouse that was still
  // down, and the officer's first click on the page was lost (CI, session 20).
  let audio = null;
  try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { /* no sound here */ }
  const soundOn = document.getElementById("sound-on");
  function soundState() {
    if (soundOn) soundOn.hidden = !(audio && audio.state === "suspended");
  }
  function wake() { if (audio && audio.state === "suspended") audio.resume().then(soundState, soundState); }
  if (audio) {
    audio.onstatechange = soundState;
    if (soundOn) soundOn.addEventListener("click", wake);
    document.addEventListener("click", wake, { once: true });
    document.addEventListener("keydown", wake, { once: true });
    soundState();
  }

  function beep() {
    try {
      if (!audio) return;
      if (audio.state === "suspended") { soundState(); return; }  // blocked: the button says so
      const osc = audio.createOscillator();
      osc.frequency.value = 880; osc.connect(audio.destination); osc.start(); osc.stop(audio.currentTime + 0.4);
    } catch (e) { /* sound is a courtesy */ }
  }

  // The new urgent cases this tab has heard of and that still wait (an officers' trial, session 13: in a burst the
  // fresh ones land past row 50 and only the first was named): the banner counts them all, names the newest few,
  // links to the newest and to the list of every waiting urgent case, newest first; a case claimed leaves it.
  const PENDING = "cs-new-urgent";
  let pending = [];
  try { pending = JSON.parse(sessionStorage.getItem(PENDING) || "[]"); } catch (e) { /* private mode */ }
  const SHOWN = 5;

  function drawBanner() {
    const banner = document.getElementById("urgent-banner");
    if (!banner) return;
    if (!pending.length) { banner.hidden = true; return; }
    const ids = pending.map(function (k) { return k.split("#")[0]; });
    const newest = ids[ids.length - 1];
    const link = banner.querySelector("a");
    link.href = "/console/cases/" + newest;
    let all = document.getElementById("urgent-banner-all");
    if (ids.length === 1) {
      link.textContent = "New urgent case #" + newest + ": open it";
      if (all) all.hidden = true;
    } else {
      const named = ids.slice(-SHOWN).reverse().map(function (i) { return "#" + i; }).join(", ");
      link.textContent = ids.length + " new urgent cases (" + named + (ids.length > SHOWN ? ", …" : "") + "): open the newest";
      if (!all) {
        all = document.createElement("a"); all.id = "urgent-banner-all";
        all.href = "/console/search?status=waiting&priority=urgent";
        all.textContent = "list all waiting urgent cases, newest first";
        banner.appendChild(document.createTextNode(" · ")); banner.appendChild(all);
      }
      all.hidden = false;
    }
    banner.hidden = false;
  }

  function notify(ids) {
    const first = ids[0].split("#")[0];
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

  // A case another officer transferred or assigned to this one (officers' trial, session 16: it arrived silently):
  // a tone, a banner naming it and the title, as for a new urgent case; opening it (or the case leaving) ends it.
  const GIVEN_STORE = "cs-known-given", GIVEN_PENDING = "cs-new-given";
  let knownGiven = null, given = [];
  try {
    const kept = sessionStorage.getItem(GIVEN_STORE); if (kept) knownGiven = new Set(JSON.parse(kept));
    given = JSON.parse(sessionStorage.getItem(GIVEN_PENDING) || "[]");
  } catch (e) { /* private mode */ }
  const opened = (location.pathname.match(/^\/console\/cases\/(\d+)/) || [])[1];

  function drawGiven() {
    const banner = document.getElementById("urgent-banner");
    if (!banner) return;
    let line = document.getElementById("given-banner");
    if (!given.length) { if (line) line.hidden = true; return; }
    if (!line) {
      line = document.createElement("p"); line.id = "given-banner"; line.className = "urgent-banner";
      line.setAttribute("role", "alert"); line.appendChild(document.createElement("a"));
      banner.parentNode.insertBefore(line, banner.nextSibling);
    }
    const ids = given.map(function (k) { return k.split("@")[0]; });
    const link = line.querySelector("a");
    link.href = "/console/cases/" + ids[ids.length - 1];
    link.textContent = (ids.length === 1 ? "Case #" + ids[0] + " was" : "Cases #" + ids.join(", #") + " were") +
      " transferred to you: open " + (ids.length === 1 ? "it" : "the newest");
    line.hidden = false;
  }

  function seenGiven(list) {
    const now = new Set(list || []);
    const fresh = knownGiven === null ? [] : Array.from(now).filter(function (k) { return !knownGiven.has(k); });
    knownGiven = now;
    given = given.concat(fresh).filter(function (k) { return now.has(k) && k.split("@")[0] !== opened; });
    try {
      sessionStorage.setItem(GIVEN_STORE, JSON.stringify(Array.from(now)));
      sessionStorage.setItem(GIVEN_PENDING, JSON.stringify(given));
    } catch (e) { /* fine */ }
    drawGiven();
    return fresh.filter(function (k) { return k.split("@")[0] !== opened; });
  }

  function seen(data) {
    const handed = seenGiven(data.given);
    const now = new Set(data.urgent);
    const quiet = new Set(data.quiet || []);  // the cases this officer handed back himself: his flash told him
    const fresh = known === null ? [] : data.urgent.filter(function (k) { return !known.has(k) && !quiet.has(k); });
    known = now;
    pending = pending.filter(function (k) { return now.has(k); }).concat(fresh);  // claimed ones leave the banner
    try {
      sessionStorage.setItem(STORE, JSON.stringify(data.urgent));
      sessionStorage.setItem(PENDING, JSON.stringify(pending));
    } catch (e) { /* fine */ }
    document.title = (given.length ? "(" + given.length + " transferred to you) " : "") +
      (now.size ? "(" + now.size + " urgent) " : "") + baseTitle;
    drawBanner();
    if (fresh.length) { beep(); notify(fresh); }
    else if (handed.length) beep();
  }
  drawBanner();
  drawGiven();

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
