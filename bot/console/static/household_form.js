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
// The district from the PIN code (officers' trial, session 20): a PIN the unit's jurisdiction file maps to one of its
// districts fills an empty district at once; a PIN it does not map asks the officer to choose the district, so the
// figures per district count the household (the server never guesses one from postal data).
(function () {
  const pin = document.getElementById("pin");
  const district = document.getElementById("district");
  const hint = document.getElementById("pin-district");
  if (!pin || !district || district.tagName !== "SELECT" || !hint) return;
  const known = JSON.parse(pin.dataset.districts || "{}");
  let filled = false;  // the district this script chose (the officer's own choice is never overwritten)
  function show() {
    const value = pin.value.trim();
    hint.hidden = true;
    if (!/^[1-9]\d{5}$/.test(value)) return;
    if (known[value] && (!district.value || filled)) {
      district.value = known[value]; filled = true;
      hint.textContent = "District " + district.selectedOptions[0].textContent + " (from PIN " + value + ").";
      hint.hidden = false;
    } else if (!known[value] && (!district.value || filled)) {
      if (filled) { district.value = ""; filled = false; }
      hint.textContent = "PIN " + value + " is not in the unit's PIN map: choose the district, so the figures per " +
        "district count this household.";
      hint.hidden = false;
    }
  }
  pin.addEventListener("input", show);
  district.addEventListener("change", function () { filled = false; hint.hidden = true; });
  show();
})();
