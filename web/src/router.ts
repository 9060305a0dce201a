import { useEffect, useState } from 'react';
import { href, parseHash, type Route } from './lib/routes.js';

export { href, type Route } from './lib/routes.js';

// Hash routes (#/hotels/h1?checkIn=...): reloads and deep links work on any static server,
// and the service worker only ever needs to cache one index.html.

export function navigate(path: string, query?: Record<string, string | number | undefined>): void {
  window.location.hash = href(path, query);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseHash(window.location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
