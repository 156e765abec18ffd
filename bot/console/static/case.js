// The case view: new messages appear as soon as live.js sees a change (no reload). Delivery ticks move on with
// the provider's status callbacks, which are not "changes": while a message is not yet read or failed, its tick
// is asked again every 5 s.
(function () {
  const thread = document.getElementById("thread");
  if (!thread) return;
  let last = Number(thread.dataset.last || 0);
  let busy = false, again = false;
  // the helpline numbers (config.yaml's, served by the page: bot/conversation/tel_links.py) as tel: links
  const HELPLINES = new RegExp("(" + thread.dataset.telPattern + ")");
  // a case reference kept whole, left to right, in right-to-left text (bot/conversation/tel_links.py)
  const REFS = new RegExp("(" + thread.dataset.refPattern + ")");
  function isolateRefs(node, text) {
    text.split(REFS).forEach(function (part, i) {
      if (i % 2 === 1) { const bdi = document.createElement("bdi"); bdi.dir = "ltr"; bdi.className = "ref"; bdi.textContent = part; node.appendChild(bdi); }
      else if (part) node.appendChild(document.createTextNode(part));
    });
  }
  function telLinks(node, text) {
    text.split(HELPLINES).forEach(function (part, i) {
      if (i % 2 === 1) { const a = document.createElement("a"); a.className = "tel"; a.href = "tel:" + part; a.textContent = part; node.appendChild(a); }
      else if (part) isolateRefs(node, part);
    });
  }
  // Delivery of officers' and the bot's messages: queued, sent, delivered, read, failed (from the outbox).
  function showTick(li, d) {
    const meta = li.querySelector(".meta"); let tick = meta.querySelector(".tick");
    if (!tick) { tick = document.createElement("span"); meta.appendChild(document.createTextNode(" ")); meta.appendChild(tick); }
    tick.className = "tick " + d.state; tick.title = d.state + (d.error ? ": " + d.error : "");
    tick.textContent = d.tick + " " + d.state;
    replyFailed();
  }
  // The latest officer's reply did not reach the resident (refused for good, or not delivered): the header says so,
  // with the resident's number to call (officers' trial, session 20: only a small "failed" tick said it).
  function replyFailed() {
    const banner = document.getElementById("reply-failed"); if (!banner) return;
    const mine = Array.from(document.querySelectorAll("#thread li.out")).filter(function (li) {
      const meta = li.querySelector(".meta"); return meta && meta.textContent.trim().startsWith("officer");
    });
    const tick = mine.length ? mine[mine.length - 1].querySelector(".tick") : null;
    const failed = !!tick && tick.classList.contains("failed");
    if (failed) banner.querySelector(".why").textContent = (tick.title.split(": ").slice(1).join(": ") || "refused by the provider");
    banner.hidden = !failed;
  }
  // The case was this officer's when the page opened and someone else holds it now (a supervisor took it
  // over, or reassigned it): say who and when, and take the reply box away. A reply half typed is kept, read-only
  // and marked not sent, so she can copy it into a note or pass it on (an officers' trial, session 13: it vanished).
  function lost(notice) {
    thread.dataset.mine = "0";
    const box = document.getElementById("holder-notice");
    box.textContent = notice || "You no longer hold this case.";
    box.hidden = false;
    const typed = document.getElementById("reply-text");
    const draft = typed ? typed.value.trim() : "";
    document.querySelectorAll("[data-holder-tools]").forEach(function (node) { node.remove(); });
    if (draft) {
      const kept = document.createElement("div"); kept.id = "unsent-draft"; kept.className = "unsent-draft";
      const label = document.createElement("p"); label.className = "hint";
      label.textContent = "Your reply was not sent (you no longer hold the case). Copy it into a note or pass it on:";
      const text = document.createElement("textarea"); text.readOnly = true; text.rows = 3; text.value = draft;
      kept.appendChild(label); kept.appendChild(text);
      box.insertAdjacentElement("afterend", kept);
    }
  }
  // The case was not this officer's when the page opened and is now (transferred or assigned to her): the reply
  // box is drawn by the server, so say so and offer the page again (never reload by itself: a note being typed
  // would be lost). An officer trial (session 9): the reply box appeared only after a reload nobody asked for.
  function gained() {
    thread.dataset.mine = "1";
    const box = document.getElementById("holder-notice");
    box.textContent = "This case is yours now. ";
    const open = document.createElement("a"); open.id = "open-mine"; open.href = location.pathname;
    open.textContent = "Open it to reply"; box.appendChild(open);
    box.hidden = false;
  }
  async function fetchNew() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch("/console/cases/" + thread.dataset.case + "/messages.json?after=" + last + "&ticks_since=0",
                              { headers: { "Accept": "application/json" } });
      if (res.ok) {
        const data = await res.json();
        for (const m of data.messages) {
          const li = document.createElement("li"); li.className = m.direction;
          li.dataset.id = m.id;
          const meta = document.createElement("span"); meta.className = "meta"; meta.textContent = m.author + " · " + m.local;
          li.appendChild(meta);
          const words = document.createElement("span"); words.className = "text";
          words.dir = "auto";  // an Urdu message reads right to left, as the web chat's bubbles do
          telLinks(words, m.text); li.appendChild(words); if (m.delivery) showTick(li, m.delivery);
          thread.appendChild(li); last = Math.max(last, m.id);
        }
        if (data.messages.length) thread.scrollTop = thread.scrollHeight;
        const heldBy = document.getElementById("held-by");  // after a takeover the header names the new holder
        if (heldBy && "held_by" in data) heldBy.textContent = data.held_by ? "· held by " + data.held_by : "";
        if (thread.dataset.mine === "1" && data.mine === false) lost(data.holder_notice);
        else if (thread.dataset.mine === "0" && data.mine === true) gained();
        Object.keys(data.delivery || {}).forEach(function (id) {
          const li = thread.querySelector('li[data-id="' + id + '"]'); if (li) showTick(li, data.delivery[id]);
        });
        replyFailed();  // a new reply on its way takes the banner away; a refused one puts it up
      }
    } catch (e) { /* the next change tries again */ }
    busy = false;
    if (again) { again = false; fetchNew(); }
  }
  thread.scrollTop = thread.scrollHeight;
  document.addEventListener("console:changed", fetchNew);
  setInterval(function () {
    // unconfirmed too: a WhatsApp send in doubt is settled by the look-up at Twilio, and its tick moves on
    if (thread.querySelector(".tick.queued, .tick.unconfirmed, .tick.sent, .tick.delivered")) fetchNew();
  }, 5000);
})();
