import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InventoryNight } from '../../../src/gen/hotel/v1/admin_service_pb.js';
import type { Hotel, RoomType } from '../../../src/gen/hotel/v1/hotel_pb.js';
import type { RatePlan } from '../../../src/gen/hotel/v1/rates_pb.js';
import { admin, rates } from '../api.js';
import { addDays, monthRange, nights, todayIn } from '../lib/dates.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { formatMoney, parseMoneyInput } from '../lib/format.js';
import { Empty, ErrorBanner, Field, Loading, SelectField, useAsync, useSubmit } from '../ui.js';

interface MonthData {
  readonly byRoomType: ReadonlyMap<string, ReadonlyMap<string, InventoryNight>>;
  readonly plans: readonly RatePlan[];
}

/** A month of inventory (rooms left / total, price) per room type, and forms that edit a range of nights. */
export function Calendar({ hotel, roomTypes, onChange }: { hotel: Hotel; roomTypes: RoomType[]; onChange: () => void }) {
  const [month, setMonth] = useState(todayIn(hotel.timeZone).slice(0, 7));
  const { from, to } = monthRange(`${month}-01`);
  const [data, reload] = useAsync(async (): Promise<MonthData> => {
    const byRoomType = new Map<string, Map<string, InventoryNight>>();
    const plans: RatePlan[] = [];
    await Promise.all(
      roomTypes.map(async (rt) => {
        const [inventory, planList] = await Promise.all([
          admin.getInventory({ hotelId: hotel.id, roomTypeId: rt.id, from, to }),
          rates.listRatePlans({ hotelId: hotel.id, roomTypeId: rt.id }),
        ]);
        byRoomType.set(rt.id, new Map(inventory.nights.map((n) => [n.date, n])));
        plans.push(...planList.ratePlans);
      }),
    );
    return { byRoomType, plans };
  }, [hotel.id, from, roomTypes.map((r) => r.id).join()]);

  const today = todayIn(hotel.timeZone);
  // Edits start today at the earliest: past nights cannot be sold any more.
  const editFrom = from < today ? today : from;
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Bring today's column into view (the hotel's today; the room type column stays pinned).
    const cell = grid.current?.querySelector<HTMLElement>(`th[data-date="${today}"]`);
    if (grid.current && cell) grid.current.scrollLeft = Math.max(0, cell.offsetLeft - 160);
  }, [data.state, today]);

  if (roomTypes.length === 0) return <Empty>Add a room type first.</Empty>;
  const days = nights(from, to);
  return (
    <div>
      <div className="row">
        <Field label="Month" className="narrow" type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
      </div>
      {data.state === 'loading' && <Loading what="the calendar" />}
      {data.state === 'error' && <ErrorBanner error={data.error} />}
      {data.state === 'ready' && (
        <div className="grid-scroll" tabIndex={0} aria-label="Inventory calendar" ref={grid}>
          <table className="calendar">
            <caption>Rooms left / total, and nightly price, {month}</caption>
            <thead>
              <tr>
                <th scope="col">Room type</th>
                {days.map((d) => (
                  <th scope="col" key={d} data-date={d} className={d === today ? 'today' : undefined}>
                    {Number(d.slice(8))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {roomTypes.map((rt) => (
                <tr key={rt.id}>
                  <th scope="row">{rt.name}</th>
                  {days.map((d) => {
                    const night = data.value.byRoomType.get(rt.id)?.get(d);
                    if (!night) return <td key={d} className="cell cell--none" title={`${d}: no inventory`}>·</td>;
                    const left = night.totalRooms - night.reserved;
                    return (
                      <td key={d} className={`cell${left <= 0 ? ' cell--full' : ''}`} title={`${d}: ${night.reserved} of ${night.totalRooms} reserved`} data-date={d} data-room-type={rt.id}>
                        <span className="avail">
                          {left}/{night.totalRooms}
                        </span>
                        <span className="cell-price">{formatMoney(night.price)}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="columns">
        <InventoryForm hotel={hotel} roomTypes={roomTypes} defaultFrom={editFrom} onDone={() => (reload(), onChange())} />
        {data.state === 'ready' && <RatesForm hotel={hotel} roomTypes={roomTypes} plans={data.value.plans} defaultFrom={editFrom} onDone={() => (reload(), onChange())} />}
      </div>
    </div>
  );
}

function InventoryForm(props: { hotel: Hotel; roomTypes: RoomType[]; defaultFrom: string; onDone: () => void }) {
  const { hotel, roomTypes } = props;
  const [form, setForm] = useState({ roomTypeId: roomTypes[0]?.id ?? '', from: props.defaultFrom, to: addDays(props.defaultFrom, 7), rooms: '10', price: '' });
  const [done, setDone] = useState<string | undefined>();
  const submit = useSubmit();
  const priceError = form.price !== '' && parseMoneyInput(form.price, hotel.currencyCode) === undefined ? `Enter an amount in ${hotel.currencyCode}` : undefined;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    void submit.run(async () => {
      const response = await admin.setInventory({
        hotelId: hotel.id,
        roomTypeId: form.roomTypeId,
        from: form.from,
        to: form.to,
        totalRooms: Number(form.rooms),
        nightlyPriceMinor: parseMoneyInput(form.price, hotel.currencyCode) ?? 0n,
      });
      setDone(`${response.nightsUpdated} nights updated.`);
      props.onDone();
    });
  };
  const e = submit.error;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="inventory-form-title">
      <h3 id="inventory-form-title">Set rooms and price for a range</h3>
      <SelectField label="Room type" name="room_type_id" value={form.roomTypeId} onChange={(ev) => setForm({ ...form, roomTypeId: ev.target.value })} error={fieldError(e, 'room_type_id')}>
        {roomTypes.map((rt) => (
          <option key={rt.id} value={rt.id}>
            {rt.name}
          </option>
        ))}
      </SelectField>
      <div className="row">
        <Field label="From night" name="from" type="date" value={form.from} error={fieldError(e, 'from')} onChange={(ev) => setForm({ ...form, from: ev.target.value })} />
        <Field label="Until (exclusive)" name="to" type="date" value={form.to} error={fieldError(e, 'to')} onChange={(ev) => setForm({ ...form, to: ev.target.value })} />
      </div>
      <div className="row">
        <Field label="Rooms" name="total_rooms" type="number" min={0} value={form.rooms} error={fieldError(e, 'total_rooms')} onChange={(ev) => setForm({ ...form, rooms: ev.target.value })} />
        <Field label={`Nightly price (${hotel.currencyCode})`} name="nightly_price" inputMode="decimal" value={form.price} error={priceError ?? fieldError(e, 'nightly_price_minor')} onChange={(ev) => setForm({ ...form, price: ev.target.value })} />
      </div>
      <ErrorBanner error={e} extra={unplacedViolations(e, ['room_type_id', 'from', 'to', 'total_rooms', 'nightly_price_minor'])} />
      {done && <p role="status">{done}</p>}
      <button type="submit" disabled={submit.busy || priceError !== undefined}>
        Save inventory
      </button>
    </form>
  );
}

function RatesForm(props: { hotel: Hotel; roomTypes: RoomType[]; plans: readonly RatePlan[]; defaultFrom: string; onDone: () => void }) {
  const { hotel, plans } = props;
  const [form, setForm] = useState({ planId: plans[0]?.id ?? '', from: props.defaultFrom, to: addDays(props.defaultFrom, 7), prices: '', child: '0', stopSell: 'unchanged' });
  const [done, setDone] = useState<string | undefined>();
  const submit = useSubmit();
  const names = new Map(props.roomTypes.map((rt) => [rt.id, rt.name]));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    void submit.run(async () => {
      const messages: string[] = [];
      const plan = plans.find((p) => p.id === form.planId);
      if (plan && form.prices.trim() !== '') {
        const prices = form.prices.split(',').map((p) => parseMoneyInput(p, hotel.currencyCode) ?? 0n);
        const response = await rates.setRatePrices({
          hotelId: hotel.id,
          ratePlanId: plan.id,
          from: form.from,
          to: form.to,
          pricesByAdultsMinor: prices,
          extraChildMinor: parseMoneyInput(form.child, hotel.currencyCode) ?? 0n,
        });
        messages.push(`${response.nightsUpdated} nights of ${plan.name} priced.`);
      }
      if (plan && form.stopSell !== 'unchanged') {
        const response = await rates.setRestrictions({ hotelId: hotel.id, roomTypeId: plan.roomTypeId, from: form.from, to: form.to, stopSell: form.stopSell === 'stop' });
        messages.push(`${response.nightsUpdated} nights ${form.stopSell === 'stop' ? 'closed' : 'opened'}.`);
      }
      setDone(messages.join(' ') || 'Nothing to change.');
      props.onDone();
    });
  };
  const e = submit.error;
  if (plans.length === 0) return <Empty>No rate plan: rooms sell at the nightly inventory price.</Empty>;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="rates-form-title">
      <h3 id="rates-form-title">Rates and stop-sell for a range</h3>
      <SelectField label="Rate plan" value={form.planId} onChange={(ev) => setForm({ ...form, planId: ev.target.value })}>
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {names.get(p.roomTypeId)} · {p.name}
          </option>
        ))}
      </SelectField>
      <div className="row">
        <Field label="From night" type="date" value={form.from} error={fieldError(e, 'from')} onChange={(ev) => setForm({ ...form, from: ev.target.value })} />
        <Field label="Until (exclusive)" type="date" value={form.to} error={fieldError(e, 'to')} onChange={(ev) => setForm({ ...form, to: ev.target.value })} />
      </div>
      <Field label={`Prices for 1, 2, … adults (${hotel.currencyCode})`} hint="comma separated, e.g. 100, 120" value={form.prices} error={fieldError(e, 'prices_by_adults_minor')} onChange={(ev) => setForm({ ...form, prices: ev.target.value })} />
      <div className="row">
        <Field label={`Per child (${hotel.currencyCode})`} inputMode="decimal" value={form.child} error={fieldError(e, 'extra_child_minor')} onChange={(ev) => setForm({ ...form, child: ev.target.value })} />
        <SelectField label="Stop-sell" value={form.stopSell} onChange={(ev) => setForm({ ...form, stopSell: ev.target.value })}>
          <option value="unchanged">Unchanged</option>
          <option value="stop">Close to sale</option>
          <option value="open">Open for sale</option>
        </SelectField>
      </div>
      <ErrorBanner error={e} extra={unplacedViolations(e, ['from', 'to', 'prices_by_adults_minor', 'extra_child_minor'])} />
      {done && <p role="status">{done}</p>}
      <button type="submit" disabled={submit.busy}>
        Save rates
      </button>
    </form>
  );
}
