// A campaign being sent: the counts (queued, sent, delivered, read, failed) update without a reload.
(function () {
  const box = document.getElementById("campaign-progress");
  if (!box) return;
  const status = document.getElementById("campaign-status");
  const bar = document.getElementById("campaign-bar");
  async function poll() {
    try {
      const res = await fetch(box.dataset.url, { headers: { "Accept": "application/json" } });
      if (res.ok) {
        const data = await res.json();
        for (const dd of box.querySelectorAll("[data-count]")) dd.textContent = data[dd.dataset.count];
        status.textContent = data.status_label || data.status;
        bar.max = data.total || 1;
        bar.value = data.total - data.not_queued - data.waiting;
      }
    } catch (e) { /* try again */ }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 1000);
})();
