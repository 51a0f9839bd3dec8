/* The site's one script of its own; every page works without it. */
(function () {
  "use strict";

  var script = document.currentScript;
  var language = document.documentElement.lang || "en";
  // The worker's name for the pages it keeps (sw.js).
  var PAGES = "pages";

  function longDate(iso, withTime) {
    var options = withTime ? { dateStyle: "long", timeStyle: "short" } : { dateStyle: "long" };
    return new Intl.DateTimeFormat(language, options).format(new Date(iso));
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, name) {
      return name in values ? values[name] : "";
    });
  }

  // On paper: the day it was printed and the address shown (htmx may have changed it since the load,
  // and a copy kept for offline reading may be older than today).
  function stampPrint() {
    var now = new Date();
    document.querySelectorAll(".print-date").forEach(function (element) {
      element.dateTime = now.toISOString().slice(0, 10);
      element.textContent = longDate(now.toISOString(), false);
    });
    document.querySelectorAll(".print-address").forEach(function (element) {
      element.textContent = window.location.href;
    });
  }
  window.addEventListener("beforeprint", stampPrint);

  var notice = document.getElementById("offline-notice");

  function tell(text) {
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = false;
  }

  // A copy the service worker answered with, because the network did not: say when it was fetched.
  var copy = document.documentElement.dataset.offlineCopy;
  if (copy && notice) tell(fill(notice.dataset.copy, { date: longDate(copy, true) }));

  // htmx could not fetch new results: the page stays as it was, and says why.
  document.addEventListener("htmx:sendError", function () {
    if (notice) tell(notice.dataset.noConnection);
  });

  if (!script || !script.dataset.serviceWorker || !("serviceWorker" in navigator)) return;

  function ask(registration, type, urls) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () { resolve({ stored: 0, asked: urls.length }); }, 60000);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        resolve(event.data);
      };
      registration.active.postMessage({ type: type, urls: urls }, [channel.port2]);
    });
  }

  function keptCopy(url) {
    return window.caches.open(PAGES).then(function (cache) {
      return cache.match(url, { ignoreVary: true });
    });
  }

  // "Save this country for offline": the page and the guides it marks.
  function setUpSaving(registration) {
    var button = document.querySelector("[data-offline-save]");
    if (!button) return;
    var holder = button.closest(".offline-save");
    var status = holder.querySelector(".offline-save-status");
    holder.hidden = false;
    keptCopy(window.location.href).then(function (response) {
      if (response && response.headers.get("X-Saved") === "1") {
        status.textContent = fill(status.dataset.kept, { date: longDate(response.headers.get("X-Fetched-At"), true) });
      }
    });
    button.addEventListener("click", function () {
      var urls = [window.location.href];
      document.querySelectorAll("a[data-offline-include]").forEach(function (link) {
        if (urls.indexOf(link.href) === -1) urls.push(link.href);
      });
      button.disabled = true;
      ask(registration, "save", urls).then(function (answer) {
        button.disabled = false;
        var values = { date: longDate(answer.at || new Date().toISOString(), true), count: answer.stored, stored: answer.stored, asked: answer.asked };
        var template = answer.stored === answer.asked ? status.dataset.saved
          : answer.stored === 0 ? status.dataset.failed : status.dataset.partly;
        status.textContent = fill(template, values);
      });
    });
  }

  // The offline page: every kept page, newest first, with the date it was fetched.
  function listKept() {
    var list = document.getElementById("saved-pages");
    if (!list) return;
    var missing = document.querySelector(".offline-missing");
    if (missing && window.location.pathname !== missing.dataset.here) {
      missing.textContent = fill(missing.dataset.text, { address: window.location.pathname + window.location.search });
      missing.hidden = false;
    }
    window.caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.map(function (key) {
          return cache.match(key).then(function (response) { return { url: key.url, response: response }; });
        }));
      });
    }).then(function (entries) {
      entries = entries.filter(function (entry) { return entry.response; });
      entries.sort(function (a, b) {
        var one = a.response.headers.get("X-Fetched-At") || "", other = b.response.headers.get("X-Fetched-At") || "";
        return one < other ? 1 : one > other ? -1 : 0;
      });
      list.textContent = "";
      if (!entries.length) {
        var none = document.createElement("li");
        none.textContent = list.dataset.none;
        list.appendChild(none);
        return;
      }
      entries.forEach(function (entry) {
        var url = new URL(entry.url);
        var title = decodeURIComponent(entry.response.headers.get("X-Page-Title") || "") || url.pathname.split("/").filter(Boolean).pop() || url.pathname;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = url.pathname + url.search;
        link.textContent = title;
        link.lang = url.pathname.indexOf("/ru/") === 0 ? "ru" : "en";
        item.appendChild(link);
        var meta = document.createElement("span");
        meta.className = "meta";
        var when = entry.response.headers.get("X-Fetched-At");
        meta.textContent = " – " + fill(list.dataset.fetched, { date: when ? longDate(when, true) : "?" })
          + (entry.response.headers.get("X-Saved") === "1" ? ", " + list.dataset.saved : "");
        item.appendChild(meta);
        list.appendChild(item);
      });
    });
  }

  var controlledAtLoad = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register(script.dataset.serviceWorker).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    // The first page, fetched before the worker ran, is kept too.
    if (!controlledAtLoad) ask(registration, "visited", [window.location.href]);
    setUpSaving(registration);
    listKept();
  }).catch(function () {
    // No worker (private browsing, an old browser): the site works as before, online.
  });
})();
