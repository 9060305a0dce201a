import { describe, expect, it } from 'vitest';
import { addDays, isDate, monthRange, nights, nightsBetween, todayIn } from '../../web/src/lib/dates.js';
import { occupancySeries } from '../../web/src/lib/occupancy.js';

describe('calendar helpers', () => {
  it('adds days across months, years and DST changes', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(nightsBetween('2027-03-27', '2027-03-30')).toBe(3);
    expect(nights('2027-02-27', '2027-03-02')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
  });

  it("takes today from the hotel's time zone", () => {
    const at = new Date('2027-03-14T23:30:00Z');
    expect(todayIn('Asia/Tokyo', at)).toBe('2027-03-15');
    expect(todayIn('America/Los_Angeles', at)).toBe('2027-03-14');
    expect(todayIn('', at)).toBe('2027-03-14');
  });

  it('gives the range of a month view and checks dates', () => {
    expect(monthRange('2027-12-15')).toEqual({ from: '2027-12-01', to: '2028-01-01' });
    expect(monthRange('2027-02-01')).toEqual({ from: '2027-02-01', to: '2027-03-01' });
    expect(isDate('2027-02-28')).toBe(true);
    expect(isDate('2027-02-30')).toBe(false);
    expect(isDate('27-2-3')).toBe(false);
  });
});

describe('occupancySeries', () => {
  it('sums room types per night and counts nights without inventory as empty', () => {
    const doubles = [
      { date: '2027-05-01', totalRooms: 10, reserved: 5 },
      { date: '2027-05-02', totalRooms: 10, reserved: 10 },
    ];
    const suites = [{ date: '2027-05-01', totalRooms: 2, reserved: 1 }];
    expect(occupancySeries([doubles, suites], '2027-05-01', '2027-05-04')).toEqual([
      { date: '2027-05-01', reserved: 6, total: 12, ratio: 0.5 },
      { date: '2027-05-02', reserved: 10, total: 10, ratio: 1 },
      { date: '2027-05-03', reserved: 0, total: 0, ratio: 0 },
    ]);
  });
});
