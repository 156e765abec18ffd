// The live queue: polls /console/queue.json, redraws, and for a new urgent case plays a tone and
// shows a count in the page title.
(function () {
  const body = document.querySelector("#queue tbody");
  const updated = document.getElementById("updated");
  const baseTitle = document.title;
  let known = null;

  function cell(text) { const td = document.createElement("td"); td.textContent = text == null ? "—" : text; return td; }

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880; osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* sound is a courtesy */ }
  }

  function draw(data) {
    body.replaceChildren();
    if (!data.cases.length) { const tr = document.createElement("tr"); tr.appendChild(cell("No open cases.")); body.appendChild(tr); }
    const ids = new Set();
    for (const c of data.cases) {
      ids.add(c.id);
      const tr = document.createElement("tr");
      tr.className = c.priority; tr.dataset.case = c.id;
      const link = document.createElement("a"); link.href = c.url; link.textContent = "#" + c.id;
      const first = document.createElement("td"); first.appendChild(link); tr.appendChild(first);
      tr.appendChild(cell(c.priority + (c.flags.length ? " · " + c.flags.join(", ").replaceAll("_", " ") : "")));
      tr.appendChild(cell(c.category + (c.reference ? " " + c.reference : "") + (c.national_numbers ? " · " + c.national_numbers : "")));
      tr.appendChild(cell(c.amount_text));  // ₹1,50,000 (1.5 lakh), formatted by the server (bot/formats.py)
      tr.appendChild(cell(c.minutes_since_money_left == null ? null : c.minutes_since_money_left + " min ago"));
      tr.appendChild(cell(c.language));
      tr.appendChild(cell(c.district));
      if (c.station !== undefined && c.station !== null) tr.appendChild(cell(c.station));  // several police stations
      tr.appendChild(cell(c.waiting_minutes + " min / " + (c.sla_minutes_left < 0 ? "SLA breached" : c.sla_minutes_left + " min left")));
      const beat = c.beat_officer;  // a senior's case: offered to their beat officer first (bot/households.py)
      tr.appendChild(cell(c.held_by || (beat && beat.reserved ? "for beat officer " + beat.officer + " (" + beat.minutes_left + " min)"
        : (c.status === "returned" ? "with the bot" : "nobody") + (beat ? " · beat officer " + beat.officer : ""))));
      const act = document.createElement("td");
      const open = document.createElement("a"); open.href = c.url; open.textContent = c.status === "waiting" ? "Open / claim" : "Open";
      act.appendChild(open); tr.appendChild(act);
      body.appendChild(tr);
    }
    const fresh = known && data.cases.some(c => c.priority === "urgent" && !known.has(c.id));
    if (fresh) beep();
    known = ids;
    document.title = (data.urgent_waiting ? "(" + data.urgent_waiting + " urgent) " : "") + baseTitle;
    updated.textContent = "updated " + new Date().toLocaleTimeString();
  }

  async function poll() {
    try {
      const res = await fetch("queue.json" + location.search, { headers: { "Accept": "application/json" } });
      if (res.status === 401 || res.redirected) { location.reload(); return; }
      draw(await res.json());
    } catch (e) { updated.textContent = "connection lost, retrying…"; }
    setTimeout(poll, 2000);
  }
  poll();
})();
