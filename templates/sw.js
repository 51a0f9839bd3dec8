{% autoescape off %}/* The service worker of the doctors' relocation guide, served from the root of the site so that it sees
   every page. With a connection every page comes from the network and the copy kept on this device is
   replaced by the newer one; with none, the page is answered from that copy, or with the offline page.
   It never keeps the admin, a fragment htmx asks for, or a response marked private or no-store (the
   server marks so every response that sets a cookie or answers a request made with a session). */
"use strict";

const VERSION = "{{ version }}";
const CONFIG = {{ config }};
// Pages the reader visited or saved, and the stylesheets and scripts they use: kept across versions of
// this script, so a page saved last month still opens with its own styles.
const PAGES = "pages";
const ASSETS = "assets";
// The offline pages of this version of the site.
const SHELL = "shell-" + VERSION;
// At most this many visited pages are kept; the pages saved with "Save this country for offline" stay.
const MAX_VISITED = 150;
const PRIVATE = /(^|,)\s*(no-store|private)\s*(,|$)/i;
const VARY_COOKIE = /(^|,)\s*cookie\s*(,|$)/i;

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(SHELL).then((cache) => cache.addAll(Object.values(CONFIG.offline))),
      caches.open(ASSETS).then((cache) => cache.addAll(CONFIG.shell)),
    ]).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("shell-") && name !== SHELL).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

const startsWithAny = (path, prefixes) => prefixes.some((prefix) => path.startsWith(prefix));

function kept(url) {
  return url.origin === self.location.origin && !startsWithAny(url.pathname, CONFIG.never);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!kept(url)) return;
  // htmx asks for a part of a page: only the network can answer it.
  if (request.headers.has("HX-Request")) return;
  if (startsWithAny(url.pathname, CONFIG.assets)) {
    event.respondWith(fromAssets(request));
  } else if (request.mode === "navigate" || startsWithAny(url.pathname, CONFIG.data)) {
    event.respondWith(fromNetworkFirst(event, request, url));
  }
});

function storable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected
    && !PRIVATE.test(response.headers.get("Cache-Control") || "")
    && !VARY_COOKIE.test(response.headers.get("Vary") || "");
}

function pageTitle(text) {
  const found = /<title>([^<]*)<\/title>/i.exec(text);
  if (!found) return "";
  return found[1].trim().replace(/\s+/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
    .replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

// The offline pages belong to this version of the worker (SHELL), not to the pages read.
const isOfflinePage = (url) => Object.values(CONFIG.offline).includes(url.pathname);

async function store(key, response, saved) {
  if (!storable(response) || isOfflinePage(new URL(key))) return false;
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  // The body is already decoded and may be rewritten: these would describe another one.
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.delete("Vary");
  headers.set("X-Fetched-At", new Date().toISOString());
  if ((headers.get("Content-Type") || "").startsWith("text/html")) {
    headers.set("X-Page-Title", encodeURIComponent(pageTitle(new TextDecoder().decode(body))));
  }
  const cache = await caches.open(PAGES);
  const previous = await cache.match(key);
  if (saved || (previous && previous.headers.get("X-Saved") === "1")) headers.set("X-Saved", "1");
  await cache.put(key, new Response(body, {status: 200, statusText: response.statusText, headers}));
  await trim(cache);
  return true;
}

async function trim(cache) {
  const keys = await cache.keys();
  if (keys.length <= MAX_VISITED) return;
  const visited = [];
  for (const key of keys) {
    const response = await cache.match(key);
    if (response && response.headers.get("X-Saved") !== "1") {
      visited.push([response.headers.get("X-Fetched-At") || "", key]);
    }
  }
  visited.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const excess = visited.length - MAX_VISITED;
  for (const [, key] of visited.slice(0, Math.max(0, excess))) await cache.delete(key);
}

// Stylesheets, scripts and icons have a new name whenever they change: a kept copy is always right.
async function fromAssets(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200 && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

// A kept copy says so: the page's script then shows the date it was fetched.
async function asCopy(saved) {
  if (!(saved.headers.get("Content-Type") || "").startsWith("text/html")) return saved;
  const fetched = (saved.headers.get("X-Fetched-At") || "").replace(/[^0-9TZ:.-]/g, "");
  const text = (await saved.text()).replace(/<html\b/i, `<html data-offline-copy="${fetched}"`);
  return new Response(text, {status: 200, statusText: saved.statusText, headers: saved.headers});
}

function offlinePage(url) {
  return CONFIG.offline[url.pathname.split("/")[1]] || CONFIG.offline[CONFIG.default_language];
}

async function fromNetworkFirst(event, request, url) {
  const key = url.href;
  let storing = Promise.resolve(false);
  const network = fetch(request).then((response) => {
    storing = store(key, response.clone(), false);
    return response;
  });
  // Lives on after the page has its answer, so a late network response still refreshes the copy.
  event.waitUntil(network.then(() => storing, () => false));
  const saved = await caches.match(key, {cacheName: PAGES});
  try {
    if (!saved) return await network;
    // A connection that does not answer is no connection: after a while the kept copy is shown.
    const waited = new Promise((resolve) => setTimeout(resolve, CONFIG.patience_ms, null));
    const first = await Promise.race([network, waited]);
    if (first) return first;
    return asCopy(saved);
  } catch (error) {
    if (saved) return asCopy(saved);
    const page = request.mode === "navigate" && (await caches.match(offlinePage(url), {cacheName: SHELL}));
    if (page) return page;
    throw error;
  }
}

// "Save this country for offline", and the page a reader was on when this worker first started.
async function keepAll(urls, saved) {
  let stored = 0;
  for (const address of urls) {
    const url = new URL(address, self.location.origin);
    if (!kept(url)) continue;
    try {
      // Without credentials: what is kept is what every reader gets, never a page built for a session.
      const response = await fetch(url.href, {credentials: "omit", cache: "no-cache"});
      if (await store(url.href, response, saved)) stored += 1;
    } catch (error) {
      // No connection: the reader is told how many pages were kept.
    }
  }
  return stored;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "save" && message.type !== "visited") return;
  const urls = Array.isArray(message.urls) ? message.urls.slice(0, 50).map(String) : [];
  const port = event.ports[0];
  event.waitUntil(keepAll(urls, message.type === "save").then((stored) => {
    if (port) port.postMessage({stored: stored, asked: urls.length, at: new Date().toISOString()});
  }));
});
{% endautoescape %}
