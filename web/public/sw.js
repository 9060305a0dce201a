// Service worker: caches the app shell (index.html, the hashed bundles, icons, manifest) so the app
// opens offline or on a poor connection. It never caches API responses: every RPC is a POST to
// /hotel.v1.* (or /grpc.*), and only GET requests for shell files are answered from the cache.
const CACHE = 'hotels-shell-v1';
const SHELL = ['/', '/index.html', '/manifest.webmanifest', '/icon.svg', '/icon-maskable.svg'];

/** True for requests the shell cache may answer: same-origin GETs that are not RPC paths. */
function isShellRequest(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/hotel.') || url.pathname.startsWith('/grpc.')) return false;
  return request.mode === 'navigate' || url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!isShellRequest(request)) return;
  if (request.mode === 'navigate') {
    // Network first for the page itself, so a new deployment shows at once; the cache when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) void caches.open(CACHE).then((cache) => cache.put('/index.html', copy));
          return response;
        })
        .catch(() => caches.match('/index.html').then((cached) => cached ?? Response.error())),
    );
    return;
  }
  // Hashed assets never change under one name: cache first, filled on first use.
  event.respondWith(
    caches.match(request).then(
      (cached) =>
        cached ??
        fetch(request).then((response) => {
          const copy = response.clone();
          if (response.ok) void caches.open(CACHE).then((cache) => cache.put(request, copy));
          return response;
        }),
    ),
  );
});
