// The household page during the visit: shows, without a reload, when the welcome is delivered and the
// resident's reply arrives.
(function () {
  const box = document.getElementById("household-status");
  if (!box) return;
  const welcome = document.getElementById("welcome-state");
  const state = document.getElementById("reply-state");
  const list = document.getElementById("replies");
  async function poll() {
    try {
      const res = await fetch(box.dataset.url, { headers: { "Accept": "application/json" } });
      if (res.status === 401 || res.redirected) { location.reload(); return; }
      if (res.ok) {
        const data = await res.json();
        welcome.textContent = data.welcome;
        state.className = data.replied ? "replied" : "waiting";
        state.textContent = data.replied ? "Replied" : "Waiting for the resident's reply…";
        list.replaceChildren();
        for (const r of data.replies) {
          const li = document.createElement("li");
          const meta = document.createElement("span"); meta.className = "meta"; meta.textContent = r.at + " ";
          li.appendChild(meta); li.appendChild(document.createTextNode(r.text));
          list.appendChild(li);
        }
      }
    } catch (e) { /* try again */ }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 1000);
})();
