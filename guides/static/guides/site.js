/* The site's one script of its own; every page works without it. */
(function () {
  "use strict";

  // On paper: the day it was printed and the address shown (htmx may have changed it since the load,
  // and a copy kept for offline reading may be older than today).
  function stampPrint() {
    var now = new Date();
    var language = document.documentElement.lang || "en";
    document.querySelectorAll(".print-date").forEach(function (element) {
      element.dateTime = now.toISOString().slice(0, 10);
      element.textContent = new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(now);
    });
    document.querySelectorAll(".print-address").forEach(function (element) {
      element.textContent = window.location.href;
    });
  }
  window.addEventListener("beforeprint", stampPrint);
})();
