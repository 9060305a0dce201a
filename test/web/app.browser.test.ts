import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../support/browser.js';
import { day } from '../support/e2e.js';
import { call, grpcClients } from '../support/grpc-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The web app in a real Chromium against the real server (composition root, PostgreSQL): the
// same origin serves the app and the Connect API, as `npm start` does. Set-up calls use the test
// operator's token; the app itself signs guests up and admins in, as people do.

let server: TestServer;
let clients: ReturnType<typeof grpcClients>;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startTestServer({ broker: 'in-process' });
  clients = grpcClients(server.url, server.operatorToken);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  clients?.close();
  await server?.stop();
});

async function openPage(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', serviceWorkers: 'block' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, errors: collectPageErrors(page) };
}

const SESSION_KEY = 'hotel.session';

/** A hotel admin account made by the operator (CreateAdminAccount), managing `hotelIds`. */
async function adminAccount(hotelIds: string[]): Promise<{ email: string; password: string }> {
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'admin-password-0123';
  await call(clients.auth, 'createAdminAccount', { email, password, name: 'Alex Admin', hotelIds });
  return { email, password };
}

/** Signs in on the hotel admin sign-in page and waits for the dashboard. */
async function adminSignIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${server.url}/#/admin/sign-in`);
  const form = page.getByRole('form', { name: 'Hotel admin sign-in' });
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Hotel admin' }).waitFor();
}

/** The session the app keeps in sessionStorage (tokens and who is signed in). */
async function storedSession(page: Page): Promise<{ accessToken: string; refreshToken: string; accessExpiresAt: number; email: string } | null> {
  return (await page.evaluate(`JSON.parse(sessionStorage.getItem('${SESSION_KEY}') ?? 'null')`)) as never;
}

async function patchSession(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    `sessionStorage.setItem('${SESSION_KEY}', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('${SESSION_KEY}')), ...${JSON.stringify(patch)} }))`,
  );
}

/** A hotel with one room type, inventory and a non-refundable rate plan, made through the API. */
async function hotelForGuests(city: string, name = 'Hôtel du Test') {
  const { hotel } = await call(clients.admin, 'createHotel', {
    name,
    city,
    countryCode: 'FR',
    latitude: 43.3,
    longitude: 5.37,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
    amenities: ['wifi'],
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2 });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(1), to: day(60), totalRooms: 5, nightlyPriceMinor: '12000' });
  const { ratePlan } = await call(clients.rates, 'createRatePlan', {
    hotelId: hotel.id,
    roomTypeId: roomType.id,
    name: 'Saver',
    mealPlan: 'MEAL_PLAN_BREAKFAST',
    cancellationPolicy: { refundable: false, penaltyKind: 'PENALTY_KIND_FULL_STAY' },
    taxes: { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: '250' },
  });
  await call(clients.rates, 'setRatePrices', { hotelId: hotel.id, ratePlanId: ratePlan.id, from: day(1), to: day(60), pricesByAdultsMinor: ['9000', '10000'], extraChildMinor: '0' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
}

describe('guest', () => {
  it('searches, signs up to book, books (after fixing a field the server rejects), finds the reservation, adds a night and cancels it', async () => {
    const city = `Webville ${randomUUID().slice(0, 6)}`;
    await hotelForGuests(city);
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('City', { exact: true }).fill(city);
    await page.getByLabel('Check-in').fill(day(10));
    await page.getByLabel('Check-out').fill(day(12));
    await page.getByLabel('Guests').fill('2');
    await page.getByRole('button', { name: 'Search' }).click();
    const result = page.getByRole('link', { name: 'Hôtel du Test' });
    await result.waitFor();
    await expect(page.locator('.result').first().textContent()).resolves.toContain('for 2 nights');
    await screenshot(page, 'guest-1-search');

    // The hotel page is public (SearchService.DescribeHotel): no sign-in needed to see it.
    await result.click();
    const saver = page.locator('.quote', { hasText: 'Saver' });
    await saver.waitFor();
    // 2 adults, 2 nights at 100.00; VAT 10% = 20.00; city tax 2.50 x 2 people x 2 nights = 10.00.
    const breakdown = await saver.locator('.price-breakdown dl').innerText();
    expect(breakdown).toMatch(/Before tax\s+€200\.00/);
    expect(breakdown).toMatch(/Taxes\s+€30\.00/);
    expect(breakdown).toMatch(/Total\s+€230\.00/);
    await expect(saver.locator('.policy').innerText()).resolves.toMatch(/Non-refundable/);
    await screenshot(page, 'guest-2-hotel');
    const hotelUrl = page.url();

    // Booking asks for an account; signing up comes back to the same hotel page and stay.
    await saver.getByRole('button', { name: /^Book Double, Saver/ }).click();
    await saver.getByRole('link', { name: 'create an account' }).click();
    const address = `ada-${randomUUID().slice(0, 8)}@example.com`;
    const signUp = page.getByRole('form', { name: 'Create an account' });
    await signUp.getByLabel('Full name').fill('Ada Lovelace');
    await signUp.getByLabel('Email').fill(address);
    await signUp.getByLabel('Password').fill('short');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    // The server's google.rpc.BadRequest violation, under the field it concerns.
    await expect(signUp.locator('.field', { has: page.getByLabel('Password') }).locator('.field-error').innerText()).resolves.toMatch(/10/);
    await signUp.getByLabel('Password').fill('ada-password-0123');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    await saver.waitFor();
    expect(page.url()).toBe(hotelUrl);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    // Tokens live in sessionStorage (and memory), never in localStorage.
    await expect(storedSession(page)).resolves.toMatchObject({ email: address });
    await expect(page.evaluate('localStorage.length')).resolves.toBe(0);

    await saver.getByRole('button', { name: /^Book Double, Saver/ }).click();
    // The email is the account's and cannot be changed; the name is pre-filled.
    const email = page.getByLabel('Email');
    await expect(email.inputValue()).resolves.toBe(address);
    await expect(email.getAttribute('readonly')).resolves.not.toBeNull();
    const name = page.getByLabel('Full name');
    await expect(name.inputValue()).resolves.toBe('Ada Lovelace');
    await name.fill('');
    await page.getByRole('button', { name: /Confirm booking/ }).click();
    const nameField = page.locator('.field', { has: name });
    await expect(nameField.locator('.field-error').innerText()).resolves.not.toBe('');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'guest-3-field-violation');

    await name.fill('Ada King');
    await page.getByRole('button', { name: /Confirm booking/ }).click();
    await page.getByText('Booking confirmed.').waitFor();
    const reservationId = /#\/reservations\/([^?]+)/.exec(page.url())?.[1] ?? '';
    expect(reservationId).not.toBe('');
    await expect(page.locator('.facts').innerText()).resolves.toMatch(/Confirmed/);
    await expect(page.locator('.facts').innerText()).resolves.toContain('Hôtel du Test');
    await screenshot(page, 'guest-4-confirmation');

    await page.getByRole('link', { name: 'All my reservations' }).click();
    const mine = page.locator('.reservations li');
    await mine.first().waitFor();
    await expect(mine.count()).resolves.toBe(1);
    await expect(mine.first().innerText()).resolves.toContain(reservationId);
    await screenshot(page, 'guest-5-my-reservations');

    await mine.first().getByRole('link').click();
    // One more night: 3 x 100.00, VAT 30.00, city tax 2.50 x 2 x 3 = 15.00.
    await page.getByLabel('New check-out').fill(day(13));
    await page.getByRole('button', { name: 'Change dates' }).click();
    await page.getByText('Dates changed. New total €345.00').waitFor();
    await page.locator('.facts', { hasText: '3 nights' }).waitFor();
    await page.getByRole('button', { name: 'Cancel reservation…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.locator('h3').innerText()).resolves.toBe('Cancellation fee: €345.00');
    await screenshot(page, 'guest-6-penalty-preview');
    // Nothing is cancelled by looking at the penalty.
    await expect(call(clients.booking, 'getReservation', { reservationId })).resolves.toMatchObject({ reservation: { status: 'RESERVATION_STATUS_CONFIRMED', guestEmail: address } });

    await dialog.getByRole('button', { name: 'Confirm cancellation' }).click();
    await page.locator('.facts', { hasText: 'Cancelled' }).waitFor();
    const after = await call(clients.booking, 'getReservation', { reservationId });
    expect(after.reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
    expect(after.reservation.cancellationPenalty.amountMinor).toBe('34500');
    await screenshot(page, 'guest-7-cancelled');

    // Signing out forgets the tokens; "My reservations" then asks for a sign-in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(storedSession(page)).resolves.toBeNull();
    await page.goto(`${server.url}/#/my`);
    await page.getByText('Please sign in to see this page.').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('refreshes the access token before it expires and after UNAUTHENTICATED, and sends the user to sign in when the refresh is refused', async () => {
    const email = `tok-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'token-password-0123';
    await call(clients.auth, 'signUp', { email, password, name: 'Tok En' });
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/#/sign-in?next=%2Fmy`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No reservation yet.').waitFor();
    const first = await storedSession(page);
    expect(first?.accessToken).toBeTruthy();

    // Five seconds left: the next call refreshes first (RefreshToken), then goes out with the new token.
    await patchSession(page, { accessExpiresAt: Date.now() + 5_000 });
    await page.reload();
    await page.getByText('No reservation yet.').waitFor();
    const second = await storedSession(page);
    expect(second?.accessToken).not.toBe(first?.accessToken);
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    expect(second?.accessExpiresAt).toBeGreaterThan(Date.now() + 60_000);

    // A token the server refuses (UNAUTHENTICATED): one refresh, then the call is retried and succeeds.
    await patchSession(page, { accessToken: 'not.a.token' });
    await page.reload();
    await page.getByText('No reservation yet.').waitFor();
    const third = await storedSession(page);
    expect(third?.accessToken).not.toBe('not.a.token');
    expect(third?.refreshToken).not.toBe(second?.refreshToken);

    // Refresh refused too: signed out, on the sign-in page, which then goes back where the user was.
    await patchSession(page, { accessToken: 'not.a.token', refreshToken: 'not-a-refresh-token' });
    await page.reload();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(new URL(page.url()).hash).toBe('#/sign-in?next=%2Fmy&expired=1');
    await expect(storedSession(page)).resolves.toBeNull();
    await page.getByLabel('Password').fill('wrong-password-0123');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/password/i);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No reservation yet.').waitFor();
    expect(new URL(page.url()).hash).toBe('#/my');
    expect(errors).toEqual([]);
  }, 120_000);

  it('edits the profile and deletes the account after confirming', async () => {
    const email = `pro-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'profile-password-0123';
    await call(clients.auth, 'signUp', { email, password, name: 'Pro File' });
    const { page, errors } = await openPage();
    // A guest account at the hotel admin sign-in: refused with a plain reason, no session started.
    await page.goto(`${server.url}/#/admin/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This is a guest account, not a hotel admin account.').waitFor();
    await expect(storedSession(page)).resolves.toBeNull();
    await page.goto(`${server.url}/#/sign-in?next=%2Fprofile`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const form = page.getByRole('form', { name: 'Profile' });
    await expect(form.getByLabel('Full name').inputValue()).resolves.toBe('Pro File');
    await form.getByLabel('Full name').fill('Pro Filed');
    await form.getByLabel('Phone').fill('+33 1 23 45 67 89');
    await form.getByLabel('By text message').check();
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText('Profile saved.').waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Pro Filed' }).waitFor();
    await page.reload();
    await expect(form.getByLabel('Phone').inputValue()).resolves.toBe('+33 1 23 45 67 89');
    await expect(form.getByLabel('By text message').isChecked()).resolves.toBe(true);
    await expect(form.getByLabel('Full name').inputValue()).resolves.toBe('Pro Filed');
    await screenshot(page, 'guest-8-profile');

    await page.getByRole('button', { name: 'Delete account…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Keep my account' }).click();
    await page.getByRole('button', { name: 'Delete account…' }).click();
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account is deleted and you are signed out.').waitFor();
    await expect(storedSession(page)).resolves.toBeNull();
    await expect(call(clients.auth, 'signIn', { email, password })).rejects.toMatchObject({ code: 16 });
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('hotel admin', () => {
  it('signs in, creates a hotel with a room type and inventory that guests then find, and checks in an arrival', async () => {
    const city = `Adminburg ${randomUUID().slice(0, 6)}`;
    const { page, errors } = await openPage();
    // Signed out, the dashboard asks for the hotel admin sign-in.
    await page.goto(`${server.url}/#/admin`);
    await page.getByText('Hotel admins sign in to manage their hotels.').waitFor();
    await adminSignIn(page, await adminAccount([]));
    await page.getByText('No hotel yet', { exact: false }).waitFor();
    const form = page.getByRole('form', { name: 'New hotel' });
    await form.getByLabel('Name').fill('Admin Test Hotel');
    await form.getByLabel('City').fill(city);
    await form.getByLabel('Country code').fill('PT');
    await form.getByLabel('Latitude').fill('123');
    await form.getByLabel('Longitude').fill('-9.14');
    await form.getByLabel('Time zone').fill('Europe/Lisbon');
    await form.getByLabel('Currency').fill('EUR');
    await form.getByRole('button', { name: 'Create hotel' }).click();
    const latitude = form.locator('.field', { has: page.getByLabel('Latitude') });
    await expect(latitude.locator('.field-error').innerText()).resolves.toMatch(/90/);
    await screenshot(page, 'admin-1-hotel-field-violation');

    await form.getByLabel('Latitude').fill('38.72');
    await form.getByRole('button', { name: 'Create hotel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Admin Test Hotel' }).waitFor();
    const hotelId = /#\/admin\/hotels\/([^/?]+)/.exec(page.url())?.[1] ?? '';

    const roomForm = page.getByRole('form', { name: 'New room type' });
    await roomForm.getByLabel('Room type name').fill('Loft');
    await roomForm.getByLabel('Max guests').fill('2');
    await roomForm.getByRole('button', { name: 'Add room type' }).click();
    await page.locator('.room-type', { hasText: 'Loft' }).waitFor();
    await screenshot(page, 'admin-2-hotel');

    await page.getByRole('link', { name: 'Inventory & rates' }).click();
    const inventory = page.getByRole('form', { name: 'Set rooms and price for a range' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon' }).format(new Date());
    await inventory.getByLabel('From night').fill(today);
    await inventory.getByLabel('Until (exclusive)').fill(addDays(today, 40));
    await inventory.getByLabel('Rooms').fill('4');
    await inventory.getByLabel('Nightly price (EUR)').fill('99.50');
    await inventory.getByRole('button', { name: 'Save inventory' }).click();
    await inventory.getByText('40 nights updated.').waitFor();
    const cell = page.locator(`td[data-date="${today}"]`);
    await expect(cell.innerText()).resolves.toMatch(/4\/4\s*€99\.50/);
    await screenshot(page, 'admin-3-calendar');

    // A guest finds the new hotel...
    const guest = await openPage();
    await guest.page.goto(`${server.url}/#/?city=${encodeURIComponent(city)}&checkIn=${addDays(today, 3)}&checkOut=${addDays(today, 5)}&guests=2`);
    await guest.page.getByRole('link', { name: 'Admin Test Hotel' }).waitFor();
    await expect(guest.page.locator('.result').innerText()).resolves.toContain('€199.00');
    // ...and one arrives today.
    const { roomTypes } = await call(clients.admin, 'getHotel', { hotelId });
    const { reservation } = await call(clients.booking, 'createReservation', {
      idempotencyKey: randomUUID(),
      hotelId,
      roomTypeId: roomTypes[0].id,
      checkIn: today,
      checkOut: addDays(today, 2),
      guests: 1,
      guestName: 'Grace Hopper',
      guestEmail: 'grace@example.com',
    });

    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await page.getByRole('button', { name: 'Check in Grace Hopper' }).click();
    await page.locator('.guest-row', { hasText: 'Checked in' }).waitFor();
    await screenshot(page, 'admin-4-front-desk');
    const checkedIn = await call(clients.booking, 'getReservation', { reservationId: reservation.id });
    expect(checkedIn.reservation.status).toBe('RESERVATION_STATUS_CHECKED_IN');

    await page.getByRole('link', { name: 'Reservations', exact: true }).click();
    await page.locator('.reservations-table', { hasText: 'Grace Hopper' }).waitFor();
    // One of 4 rooms taken tonight and tomorrow night: the chart's peak is 25%.
    await page.locator('.chart figcaption', { hasText: 'peak 25%' }).waitFor();
    await screenshot(page, 'admin-5-reservations');
    expect([...errors, ...guest.errors]).toEqual([]);
  }, 120_000);
});

describe('hotel admin, editing', () => {
  it('lists only its own hotels, is refused another, renames its hotel, edits and deletes room types, and cancels a reservation from the list', async () => {
    const { hotelId, roomTypeId } = await hotelForGuests(`Editham ${randomUUID().slice(0, 6)}`);
    const other = await hotelForGuests(`Elsewhere ${randomUUID().slice(0, 6)}`, 'Not Yours Hotel');
    const { reservation } = await call(clients.booking, 'createReservation', {
      idempotencyKey: randomUUID(),
      hotelId,
      roomTypeId,
      checkIn: day(5),
      checkOut: day(6),
      guests: 1,
      guestName: 'Alan Turing',
      guestEmail: 'alan@example.com',
    });
    const { page, errors } = await openPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await adminSignIn(page, await adminAccount([hotelId]));
    // ListHotels answers with the admin's hotels only.
    const listed = page.locator('ul.plain li');
    await listed.first().waitFor();
    await expect(listed.allInnerTexts()).resolves.toEqual([expect.stringContaining('Hôtel du Test')]);

    // Another hotel's dashboard: the server's PERMISSION_DENIED, said plainly.
    await page.goto(`${server.url}/#/admin/hotels/${other.hotelId}`);
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Your account may not do this/);
    await screenshot(page, 'admin-0-permission-denied');

    await page.goto(`${server.url}/#/admin`);
    await page.getByRole('link', { name: 'Hôtel du Test' }).click();

    const details = page.getByRole('form', { name: 'Hotel details' });
    await details.getByLabel('Name').fill('Hôtel Renommé');
    await details.getByRole('button', { name: 'Save hotel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hôtel Renommé' }).waitFor();

    await page.getByRole('button', { name: 'Edit Double' }).click();
    const edit = page.getByRole('form', { name: 'Edit Double' });
    await edit.getByLabel('Room type name').fill('Double Deluxe');
    await edit.getByRole('button', { name: 'Save room type' }).click();
    await page.locator('.room-type', { hasText: 'Double Deluxe' }).waitFor();

    const add = page.getByRole('form', { name: 'New room type' });
    await add.getByLabel('Room type name').fill('Broom cupboard');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByRole('button', { name: 'Delete Broom cupboard' }).click();
    await page.locator('.room-type', { hasText: 'Broom cupboard' }).waitFor({ state: 'detached' });
    const { hotel, roomTypes } = await call(clients.admin, 'getHotel', { hotelId });
    expect(hotel.name).toBe('Hôtel Renommé');
    expect(roomTypes.filter((rt: { active: boolean }) => rt.active).map((rt: { name: string }) => rt.name)).toEqual(['Double Deluxe']);

    await page.getByRole('link', { name: 'Reservations', exact: true }).click();
    const row = page.locator('.reservations-table tr', { hasText: 'Alan Turing' });
    await row.getByRole('button', { name: 'Cancel…' }).click();
    await expect(row.getByRole('alertdialog').innerText()).resolves.toMatch(/Penalty €0\.00\. Free cancellation/);
    await row.getByRole('button', { name: 'Confirm cancellation' }).click();
    await row.getByText('Cancelled').waitFor();
    await screenshot(page, 'admin-6-cancelled-from-list');
    const after = await call(clients.booking, 'getReservation', { reservationId: reservation.id });
    expect(after.reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('phone-sized viewport and app shell', () => {
  it('lays out search and hotel pages without sideways scrolling and installs a service worker that never caches the API', async () => {
    const city = `Mobiletown ${randomUUID().slice(0, 6)}`;
    await hotelForGuests(city);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/?city=${encodeURIComponent(city)}&checkIn=${day(10)}&checkOut=${day(11)}&guests=1`);
    await page.getByRole('link', { name: 'Hôtel du Test' }).waitFor();
    const overflow = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
    await expect(page.evaluate(overflow)).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-1-search');
    await page.getByRole('link', { name: 'Hôtel du Test' }).click();
    await page.locator('.quote').first().waitFor();
    await expect(page.evaluate(overflow)).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-2-hotel');

    const manifest = await page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())");
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' });
    // The worker controls the page once ready; reload so the shell goes through it, then list the cache.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.reload();
    await page.locator('.quote').first().waitFor();
    const cached = (await page.evaluate(
      'caches.keys().then((keys) => Promise.all(keys.map((k) => caches.open(k).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => new URL(r.url).pathname))',
    )) as string[];
    expect(cached).toContain('/index.html');
    expect(cached.some((p) => p.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((p) => p.startsWith('/hotel.') || p.startsWith('/grpc.'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
