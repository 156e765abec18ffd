// The live queue: on each change of the queue live.js reports, fetch the rows that changed (queue.json?since=,
// If-None-Match: 304 when the queue is as drawn) and update
// them in place, so focus, text selection and the keyboard position survive. Minutes are counted here from
// the server's timestamps. Claim from the row; supervisors assign from the row. Keys: j/k or arrows move,
// Enter opens, c claims.
(function () {
  const table = document.getElementById("queue");
  const body = table.querySelector("tbody");
  const updated = document.getElementById("updated");
  const status = document.getElementById("queue-status");
  const pager = document.getElementById("pager");
  const stationsOn = table.dataset.stations === "1";
  const supervisor = table.dataset.assign === "1";
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const params = new URLSearchParams(location.search);
  let page = Number(params.get("page") || 1);
  let token = null, skew = 0, busy = false, again = false;
  const data = new Map();  // case id -> its row from the server
  let officers = [];

  function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function set(node, text) { text = text == null ? "—" : String(text); if (node.textContent !== text) node.textContent = text; }
  function minutesSince(epoch) { return Math.max(Math.floor((Date.now() / 1000 + skew - epoch) / 60), 0); }

  function waiting(c) {
    const left = Math.floor((c.sla_due_at - (Date.now() / 1000 + skew)) / 60);
    return minutesSince(c.created_at) + " min / " + (left < 0 ? "SLA breached" : left + " min left");
  }
  function heldBy(c) {
    const beat = c.beat_officer;
    const reserved = beat && beat.reserved && beat.expires_at > Date.now() / 1000 + skew;
    if (c.held_by) return c.held_by + (c.mine ? " (you)" : "");
    if (reserved) return "for beat officer " + beat.officer + " (" + Math.max(Math.floor((beat.expires_at - Date.now() / 1000 - skew) / 60), 0) + " min)";
    return (c.status === "returned" ? "with the bot" : "nobody") + (beat ? " · beat officer " + beat.officer : "");
  }

  async function post(url, form) {
    const res = await fetch(url, { method: "POST", body: new URLSearchParams(form),
      headers: { "Accept": "application/json", "X-CSRFToken": csrf } });
    let answer = {};
    try { answer = await res.json(); } catch (e) { /* not JSON */ }
    return { ok: res.ok && answer.ok !== false, answer: answer };
  }

  async function claim(c) {
    const result = await post("/console/cases/" + c.id + "/claim", {});
    if (result.ok) { location.href = c.url; return; }
    status.textContent = result.answer.error || ("Case #" + c.id + " is already taken."); refresh();
  }

  function build(c) {
    const tr = el("tr"); tr.dataset.case = c.id; tr.tabIndex = 0;
    const first = el("td"); const link = el("a", null, "#" + c.id); link.href = c.url; first.appendChild(link);
    first.appendChild(el("span", "dot", "")); tr.appendChild(first);
    const cells = ["priority", "category", "amount", "money", "lang", "district"];
    if (stationsOn) cells.push("station");
    cells.push("waiting", "held", "last");
    for (const name of cells) { const td = el("td"); td.dataset.col = name; tr.appendChild(td); }
    const ref = el("span", "ref"); tr.querySelector("[data-col=category]").appendChild(el("span", "cat")); tr.querySelector("[data-col=category]").appendChild(ref);
    const act = el("td", "act"); act.dataset.col = "act";
    const claimButton = el("button", "claim", "Claim"); claimButton.type = "button";
    claimButton.addEventListener("click", function () { claim(data.get(c.id)); });
    act.appendChild(claimButton);
    act.appendChild(el("span", "holder"));  // "held by SI Asha" where another officer holds the case
    if (supervisor) {
      const pick = el("select", "assign-to"); pick.setAttribute("aria-label", "assign case #" + c.id + " to");
      pick.appendChild(el("option", null, "Assign to…")).value = "";
      for (const o of officers) pick.appendChild(el("option", null, o.name)).value = o.username;
      pick.addEventListener("change", async function () {
        if (!pick.value) return;
        const result = await post("/console/cases/" + c.id + "/assign", { to: pick.value });
        status.textContent = result.ok ? "Case #" + c.id + " assigned to " + pick.options[pick.selectedIndex].text + "."
          : "Not assigned: " + (result.answer.error || "try again");
        pick.value = ""; refresh();
      });
      act.appendChild(pick);
    }
    tr.appendChild(act);
    tr.addEventListener("keydown", function (e) {
      if (e.target !== tr) return;
      if (e.key === "Enter") location.href = data.get(c.id).url;
      else if (e.key === "c") claim(data.get(c.id));
    });
    return tr;
  }

  function fill(tr, c) {
    tr.className = c.priority + (c.unread ? " unread" : "") + (c.mine ? " mine" : "");
    const col = function (name) { return tr.querySelector("[data-col=" + name + "]"); };
    set(tr.querySelector(".dot"), c.unread ? " ●" : "");
    tr.querySelector(".dot").title = c.unread ? "the resident wrote since you last opened it" : "";
    const golden = c.golden && (c.golden_until == null || c.golden_until > Date.now() / 1000 + skew);  // hold still possible
    set(col("priority"), c.priority + (golden ? " · golden hour" : "") + (c.flags.length ? " · " + c.flags.join(", ").replaceAll("_", " ") : ""));
    set(col("category").querySelector(".cat"), c.category + (c.reference ? " " : ""));
    set(col("category").querySelector(".ref"), (c.reference || "") + (c.national_numbers ? " · " + c.national_numbers : ""));
    set(col("amount"), c.amount_text);  // ₹1,50,000 (1.5 lakh), formatted by the server (bot/formats.py)
    set(col("money"), c.money_left_at == null ? null : minutesSince(c.money_left_at) + " min ago");
    set(col("lang"), c.language);
    set(col("district"), c.district);
    if (stationsOn) set(col("station"), c.station);
    set(col("waiting"), waiting(c));
    set(col("held"), heldBy(c));
    set(col("last"), c.last_in_at == null ? null : minutesSince(c.last_in_at) + " min ago");
    const claimButton = tr.querySelector("button.claim");
    const beat = c.beat_officer;
    claimButton.hidden = !(c.status === "waiting" || c.status === "returned");
    if (beat && beat.reserved && !supervisor) claimButton.hidden = true;
    const holder = tr.querySelector("span.holder");
    holder.textContent = c.status === "claimed" && !c.mine && c.held_by ? "held by " + c.held_by : "";
  }

  function draw(order) {
    const rows = new Map(Array.from(body.querySelectorAll("tr[data-case]"), function (tr) { return [Number(tr.dataset.case), tr]; }));
    const empty = body.querySelector("tr.empty");
    if (order.length && empty) empty.remove();
    let previous = null;
    for (const id of order) {
      let tr = rows.get(id);
      if (!tr) tr = build(data.get(id));
      fill(tr, data.get(id));
      const expected = previous ? previous.nextSibling : body.firstChild;
      if (tr !== expected) body.insertBefore(tr, expected);  // only moved rows move: focus stays
      previous = tr; rows.delete(id);
    }
    for (const [id, tr] of rows) { tr.remove(); data.delete(id); }
    if (!order.length) {
      let tr = body.querySelector("tr.empty");
      if (!tr) { tr = el("tr", "empty"); const td = el("td"); td.colSpan = 12; tr.appendChild(td); body.appendChild(tr); }
      set(tr.firstChild, "No open cases.");  // "Loading…" until the first answer
    }
  }

  function drawPager(info) {
    pager.replaceChildren();
    if (info.pages <= 1) return;
    const go = function (to, label) {
      const a = el("a", null, label); const p = new URLSearchParams(location.search); p.set("page", to);
      a.href = "?" + p.toString(); pager.appendChild(a); pager.appendChild(document.createTextNode(" "));
    };
    if (info.page > 1) go(info.page - 1, "← newer page");
    pager.appendChild(document.createTextNode("page " + info.page + " of " + info.pages + " (" + info.total + " open) "));
    if (info.page < info.pages) go(info.page + 1, "next page →");
  }

  async function refresh(full, fresh) {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const p = new URLSearchParams(location.search); p.set("page", page);
      const headers = { "Accept": "application/json" };
      if (token && !full) { p.set("since", token); headers["If-None-Match"] = '"' + token + '"'; }
      const res = await fetch("/console/queue.json?" + p.toString(), { headers: headers, cache: "no-store" });
      if (res.status === 401 || res.redirected) { location.reload(); return; }
      if (res.status === 304) { busy = false; if (again) { again = false; refresh(); } return; }  // the queue is as drawn
      const info = await res.json();
      skew = info.now - Date.now() / 1000;
      for (const c of info.cases) data.set(c.id, c);
      if (info.order.some(function (id) { return !data.has(id); })) { busy = false; return refresh(true); }  // a row moved in from another page
      token = info.token; page = info.page;
      draw(info.order); drawPager(info);
      updated.textContent = "updated " + info.now_local;  // the server's clock in the unit's zone, labelled (never the browser's)
    } catch (e) { updated.textContent = "connection lost, retrying…"; }
    busy = false;
    if (again) { again = false; refresh(); }
  }

  // keyboard: j / ArrowDown next row, k / ArrowUp previous (focus stays on the row across updates)
  body.addEventListener("keydown", function (e) {
    const tr = e.target.closest("tr[data-case]");
    if (!tr || e.target !== tr) return;
    let next = null;
    if (e.key === "j" || e.key === "ArrowDown") next = tr.nextElementSibling;
    else if (e.key === "k" || e.key === "ArrowUp") next = tr.previousElementSibling;
    if (next) { next.focus(); e.preventDefault(); }
  });

  setInterval(function () {
    for (const id of data.keys()) { const tr = body.querySelector("tr[data-case='" + id + "']"); if (tr) fill(tr, data.get(id)); }
    // a golden hour ended on this page: nothing was written, yet the case moves below the fresh ones (read in full)
    const serverNow = Date.now() / 1000 + skew;
    if (Array.from(data.values()).some(function (c) { return c.golden_until != null && c.golden_until <= serverNow; })) refresh(true, true);
  }, 15000);
  // live.json names the queue's version: a message that changes no queue row (a bot's answer, a resident with no
  // open case) fetches nothing; changes while a fetch is under way make one more fetch, not one each
  document.addEventListener("console:changed", function (e) {
    if (token && e.detail && e.detail.queue === token) return;
    refresh();
  });
  (async function () {
    if (supervisor) {
      try { officers = (await (await fetch("/console/officers.json", { headers: { "Accept": "application/json" } })).json()).officers; } catch (e) { /* no menu */ }
    }
    refresh(true);
  })();
})();
