// "Copy" buttons (freeze request, NCRP summary): any button with data-copies puts that field's text on the
// clipboard (no inline script: the console's CSP).
(function () {
  "use strict";
  document.querySelectorAll("button[data-copies]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copies")).value;
      navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
    });
  });
})();
