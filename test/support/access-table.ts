import { ACCESS_POLICY, type AccessRule } from '../../src/adapters/rpc/access-policy.js';

export const CALLER_COLUMNS = ['anonymous', 'guest', 'admin', 'partner', 'operator'] as const;
export type CallerColumn = (typeof CALLER_COLUMNS)[number];

/** The README's words for what a rule lets each kind of caller do. */
export function cellsOf(rule: AccessRule): Record<CallerColumn, string> {
  const open = rule.callers.includes('anonymous');
  const has = (kind: CallerColumn) => open || rule.callers.includes(kind);
  const ownReservations = rule.ownership === 'reservation' || rule.guestEmail ? 'own reservations' : 'own account';
  return {
    anonymous: open ? 'yes' : '-',
    guest: !has('guest') ? '-' : open ? 'yes' : ownReservations,
    admin: !has('admin') ? '-' : open ? 'yes' : rule.ownership === 'reservation' ? "own hotels' reservations" : rule.callers.includes('guest') && !rule.scope ? 'own account' : 'own hotels',
    partner: !has('partner') ? '-' : open ? 'yes' : `\`${rule.scope ?? ''}\`, connected hotels`,
    operator: has('operator') ? 'yes' : '-',
  };
}

/** The access table as README.md spells it, one line per RPC in ACCESS_POLICY order. */
export function accessTableLines(): string[] {
  return [
    '| RPC | anonymous | guest | admin | partner | operator |',
    '|---|---|---|---|---|---|',
    ...Object.entries(ACCESS_POLICY).map(([rpc, rule]) => {
      const cells = cellsOf(rule);
      return `| \`${rpc.replace(/^hotel\.v1\./, '')}\` | ${CALLER_COLUMNS.map((c) => cells[c]).join(' | ')} |`;
    }),
  ];
}

/** Rows of the README's access table: RPC (Service/Method, without the package) and one cell per caller. */
export function readmeAccessRows(readme: string): { rpc: string; cells: Record<CallerColumn, string> }[] {
  const start = readme.indexOf('<!-- access-table:start -->');
  const end = readme.indexOf('<!-- access-table:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no access table markers');
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [rpc = '', ...cells] = line.split('|').slice(1, -1).map((c) => c.trim());
      return { rpc: rpc.replaceAll('`', ''), cells: Object.fromEntries(CALLER_COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as Record<CallerColumn, string> };
    });
}
