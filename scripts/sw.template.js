// Claimmark's service worker: the app opens without a network. scripts/write_sw.py writes it
// into the build as `sw.js`, with FILES (every file of that build) and CACHE (named after a hash
// of their contents, so a new build gets a new cache); src/ui/sw.rs registers it.
//
// Only the build is ever cached. The user's work lives in IndexedDB/localStorage, never here,
// and anything that is not a file of the build (an article fetched from a web address, a
// fixture, another site) is not even answered by this worker: the browser fetches it as if
// there were no worker, and nothing of it is stored.
//
// Updates: a new build means a new sw.js, which the browser finds when the page is opened (and
// sw.rs asks again once the page has loaded). The new worker installs in the background
// (downloading the whole new build into its own cache; if any file fails, the install fails
// and the old worker keeps serving) and then takes over at once (skipWaiting + clients.claim)
// rather than waiting for every tab to close. That is safe here because a build is immutable
// and loaded whole at start-up (the wasm, its glue and the styles): a page already open keeps
// running what it loaded, and never asks for a file of its build again. Pages are opened
// network-first, so a page opened online already runs the newest build; a page opened from
// the cache (offline, or a slow network) runs the older one, and sw.rs then shows a quiet
// notice that the new version is used from the next time the page is opened.
'use strict';

const CACHE = '__CACHE__';
const FILES = __FILES__;
const PREFIX = 'claimmark-';
/** How long a page waits for the network before it opens from the cache. */
const NAVIGATION_TIMEOUT_MS = 3000;

const PRECACHED = new Set(FILES.map((f) => new URL(f, self.location).href));
const INDEX = new URL('index.html', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload`: from the server, not from the HTTP cache (which may hold another build's
    // index.html).
    await cache.addAll([...PRECACHED].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Older builds' caches go before this worker claims the pages: sw.rs waits for this
    // worker to be activated, then asks whether the page's own build is still cached.
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  const url = new URL(request.url);
  url.hash = '';
  if (PRECACHED.has(url.href)) event.respondWith(fromCache(request));
  // Anything else: not answered, so the browser goes to the network and caches nothing.
});

/** A file of the build: from the cache; from the network (not stored) if it is missing. */
async function fromCache(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}

/** Opening the page: the network first, so an online visit gets the newest build; the cached
 * index.html when the network fails, answers with a server error, or is slower than
 * NAVIGATION_TIMEOUT_MS. */
async function navigate(request) {
  const network = fetch(request);
  network.catch(() => {}); // it may fail after the cache has answered
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null); });
  let response = null;
  try {
    response = await Promise.race([network, timeout]);
  } catch {
    // Offline, or the server is gone.
  } finally {
    clearTimeout(timer);
  }
  if (response && response.status < 500) return response;
  const cached = await caches.match(INDEX, { cacheName: CACHE });
  if (cached) return cached;
  return response ?? network;
}
