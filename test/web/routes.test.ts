import { describe, expect, it } from 'vitest';
import { afterSignIn, href, parseHash, signInPath } from '../../web/src/lib/routes.js';

describe('hash routes', () => {
  it('splits the path and reads the query', () => {
    const route = parseHash('#/hotels/htl_1?checkIn=2027-05-01&guests=2');
    expect(route.path).toEqual(['hotels', 'htl_1']);
    expect(route.query.get('checkIn')).toBe('2027-05-01');
    expect(route.query.get('guests')).toBe('2');
    expect(parseHash('').path).toEqual([]);
    expect(parseHash('#/').path).toEqual([]);
  });

  it('builds links that parse back to the same route, leaving out empty values', () => {
    const link = href('/', { city: 'São Paulo & co', guests: 2, amenities: '', sort: undefined });
    expect(link).toBe('#/?city=S%C3%A3o+Paulo+%26+co&guests=2');
    const back = parseHash(link);
    expect(back.path).toEqual([]);
    expect(Object.fromEntries(back.query)).toEqual({ city: 'São Paulo & co', guests: '2' });
    expect(parseHash(href('/my', { email: 'a+b@example.com' })).query.get('email')).toBe('a+b@example.com');
  });

  it('goes back after sign-in only to a route of the app', () => {
    expect(afterSignIn('/hotels/h1?checkIn=2027-05-01', '/')).toBe('/hotels/h1?checkIn=2027-05-01');
    expect(afterSignIn(null, '/admin')).toBe('/admin');
    expect(afterSignIn('//evil.example/x', '/')).toBe('/');
    expect(afterSignIn('https://evil.example/', '/')).toBe('/');
    expect(signInPath(true)).toBe('/admin/sign-in');
    expect(signInPath(false)).toBe('/sign-in');
  });
});
