// The freeze request page: "Copy" puts the request text on the clipboard (no inline script: the console's CSP).
(function () {
  "use strict";
  var button = document.getElementById("copy-freeze");
  if (!button) return;
  button.addEventListener("click", function () {
    var text = document.getElementById(button.getAttribute("data-copies")).value;
    navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
  });
})();
