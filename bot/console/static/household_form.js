// The visit form, where the unit has police stations: the beat officer list offers only the chosen station's
// officers (the server's list per station, data-offered); the officer chosen stays when they are offered.
(function () {
  const station = document.getElementById("station");
  const pick = document.getElementById("beat_officer");
  if (!station || station.tagName !== "SELECT" || !pick || !pick.dataset.offered) return;
  const offered = JSON.parse(pick.dataset.offered);
  function show() {
    const allowed = station.value ? new Set(offered[station.value] || []) : null;
    for (const option of pick.options) {
      const off = allowed !== null && !allowed.has(option.value);
      option.hidden = off; option.disabled = off;
    }
    if (pick.selectedOptions.length === 0 || pick.selectedOptions[0].disabled) {
      const first = Array.from(pick.options).find(function (o) { return !o.disabled; });
      pick.value = first ? first.value : "";
    }
  }
  station.addEventListener("change", show);
  show();
})();
