// Copy and print buttons of the portal receipt (shown only when JavaScript runs).
(function () {
  "use strict";
  function start() {
    var actions = document.getElementById("receipt-actions");
    if (!actions) return;
    actions.hidden = false;
    var copy = document.getElementById("receipt-copy");
    copy.addEventListener("click", function () {
      var code = document.getElementById("receipt-code").textContent.trim();
      var secret = document.getElementById("receipt-secret").textContent.trim();
      var text = "Mã hồ sơ: " + code + "\nMã bí mật: " + secret + "\n";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { copy.textContent = copy.getAttribute("data-copied"); });
      }
    });
    document.getElementById("receipt-print").addEventListener("click", function () { window.print(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
