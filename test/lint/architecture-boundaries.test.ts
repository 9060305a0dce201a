import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from '../../eslint-rules/architecture-boundaries.js';
import plugin from '../../eslint-rules/index.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Repository root, derived from this file's location so the test works in any clone. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const file = (rel: string): string => path.join(root, rel);
const options: [{ root: string }] = [{ root }];

const tester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    ecmaVersion: 'latest',
    sourceType: 'module',
  },
});

const CORE = file('src/core/booking/book-room.ts');
const PORT = file('src/ports/reservation-repository.ts');
const POSTGRES = file('src/adapters/postgres/reservation-repository.ts');
const RPC = file('src/adapters/rpc/services/booking-service.ts');

type Kind = 'value' | 'type-only';
/** Expected error with every placeholder of the message filled (RuleTester compares the whole message). */
const coreErr = (kind: Kind, specifier: string, target: string) => ({ messageId: 'core', data: { kind, specifier, target } });
const portsErr = (kind: Kind, specifier: string, target: string) => ({ messageId: 'ports', data: { kind, specifier, target } });
const adapterErr = (from: string, kind: Kind, specifier: string, target: string) => ({
  messageId: 'adapter',
  data: { from, kind, specifier, target },
});
const adapterImportErr = (from: string, kind: Kind, specifier: string, target: string) => ({
  messageId: 'adapterImport',
  data: { from, kind, specifier, target },
});
const mainErr = (from: string, kind: Kind, specifier: string) => ({ messageId: 'main', data: { from, kind, specifier } });

describe('local plugin', () => {
  it('exposes the rule as architecture-boundaries', () => {
    if (plugin.rules['architecture-boundaries'] !== rule) throw new Error('rule not registered');
  });
});

tester.run('architecture-boundaries', rule, {
  valid: [
    // src/core → src/core (values and types)
    { filename: CORE, options, code: "import { Money } from '../money/money.js';" },
    { filename: CORE, options, code: "import { err, ok, type Result } from '../shared/result.js';" },
    { filename: CORE, options, code: "export { Money } from '../money/money.js';" },
    { filename: CORE, options, code: "const m = await import('../money/money.js');" },
    // src/core → src/ports, type-only
    { filename: CORE, options, code: "import type { Clock } from '../../ports/clock.js';" },
    { filename: CORE, options, code: "import { type Clock, type Tick } from '../../ports/clock.js';" },
    { filename: CORE, options, code: "export type { Clock } from '../../ports/clock.js';" },
    { filename: CORE, options, code: "export type * from '../../ports/clock.js';" },
    { filename: CORE, options, code: "type C = import('../../ports/clock.js').Clock;" },
    // src/ports → type-only src/core and src/ports
    { filename: PORT, options, code: "import type { Reservation } from '../core/reservation/reservation.js';" },
    { filename: PORT, options, code: "import { type Result } from '../core/shared/result.js';" },
    { filename: PORT, options, code: "import type { EventOutbox } from './event-outbox.js';" },
    // adapters → core, ports, packages, builtins, same adapter
    { filename: POSTGRES, options, code: "import { Money } from '../../core/money/money.js';" },
    { filename: POSTGRES, options, code: "import type { ReservationRepository } from '../../ports/reservation-repository.js';" },
    { filename: POSTGRES, options, code: "import { EntityManager } from '@mikro-orm/core';" },
    { filename: POSTGRES, options, code: "import { randomUUID } from 'node:crypto';" },
    { filename: POSTGRES, options, code: "import { readFile } from 'fs/promises';" },
    { filename: POSTGRES, options, code: "import { toRow } from './mappers/reservation-row.js';" },
    { filename: file('src/adapters/postgres/mappers/reservation-row.ts'), options, code: "import { schema } from '../schema.js';" },
    { filename: POSTGRES, options, code: "export { toRow } from './mappers/reservation-row.js';" },
    // only the rpc adapter may import src/gen
    { filename: RPC, options, code: "import { BookingService } from '../../../gen/hotel/v1/booking_service_pb.js';" },
    { filename: file('src/adapters/rpc/messages.ts'), options, code: "const gen = await import('../../gen/hotel/v1/hotel_pb.js');" },
    // the composition root and tests may import adapters
    { filename: file('src/main.ts'), options, code: "import { startRpcServer } from './adapters/rpc/server.js';" },
    { filename: file('src/main.ts'), options, code: "import { PostgresDatabase } from './adapters/postgres/database.js';" },
    { filename: file('src/app/wire.ts'), options, code: "import { PostgresDatabase } from '../adapters/postgres/database.js';" },
    { filename: file('test/adapters/postgres.test.ts'), options, code: "import { PostgresDatabase } from '../../src/adapters/postgres/database.js';" },
    { filename: file('test/support/fakes.ts'), options, code: "import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';" },
    // not an import of a module: dynamic import with a computed specifier is not checked
    { filename: CORE, options, code: 'const mod = await import(name);' },
    // the root defaults to ESLint's cwd (the repository root when running `npx eslint` / vitest here)
    { filename: path.join(process.cwd(), 'src/core/x.ts'), code: "import { Money } from './money/money.js';" },
  ],

  invalid: [
    // src/core value-importing a port
    {
      filename: CORE,
      options,
      code: "import { Clock } from '../../ports/clock.js';",
      errors: [
        {
          message:
            "src/core may import only src/core and type-only src/ports (found value import of '../../ports/clock.js', which is src/ports)",
          line: 1,
          column: 23,
        },
      ],
    },
    // a mixed import is a value import
    {
      filename: CORE,
      options,
      code: "import { systemClock, type Clock } from '../../ports/clock.js';",
      errors: [coreErr('value', '../../ports/clock.js', 'src/ports')],
    },
    // side-effect-only import is a value import
    {
      filename: CORE,
      options,
      code: "import '../../ports/clock.js';",
      errors: [coreErr('value', '../../ports/clock.js', 'src/ports')],
    },
    // src/core importing Node builtins and npm packages
    {
      filename: CORE,
      options,
      code: "import { randomUUID } from 'node:crypto';",
      errors: [
        {
          message:
            "src/core may import only src/core and type-only src/ports (found value import of 'node:crypto', which is a Node builtin)",
        },
      ],
    },
    {
      filename: CORE,
      options,
      code: "import { createHash } from 'crypto';",
      errors: [coreErr('value', 'crypto', 'a Node builtin')],
    },
    {
      filename: CORE,
      options,
      code: "import { Entity } from '@mikro-orm/core';",
      errors: [
        {
          message:
            "src/core may import only src/core and type-only src/ports (found value import of '@mikro-orm/core', which is an npm package)",
        },
      ],
    },
    // even type-only imports of packages are banned in core
    {
      filename: CORE,
      options,
      code: "import type { EntityManager } from '@mikro-orm/core';",
      errors: [coreErr('type-only', '@mikro-orm/core', 'an npm package')],
    },
    // src/core importing an adapter, src/gen, src/main
    {
      filename: CORE,
      options,
      code: "import { x } from '../../adapters/postgres/x.js';",
      errors: [
        {
          message:
            "src/core may import only src/core and type-only src/ports (found value import of '../../adapters/postgres/x.js', which is src/adapters/postgres)",
        },
      ],
    },
    {
      filename: CORE,
      options,
      code: "import type { Hotel } from '../../gen/hotel/v1/hotel_pb.js';",
      errors: [coreErr('type-only', '../../gen/hotel/v1/hotel_pb.js', 'src/gen')],
    },
    {
      filename: CORE,
      options,
      code: "import { config } from '../../main.js';",
      errors: [
        {
          message:
            "src/core, src/ports, src/adapters and src/gen must not import src/main.ts (src/core found value import of '../../main.js')",
        },
      ],
    },
    // dynamic import() with a literal is a value import
    {
      filename: CORE,
      options,
      code: "const pg = await import('../../adapters/postgres/x.js');",
      errors: [coreErr('value', '../../adapters/postgres/x.js', 'src/adapters/postgres')],
    },
    {
      filename: CORE,
      options,
      code: 'const c = await import(`../../ports/clock.js`);',
      errors: [coreErr('value', '../../ports/clock.js', 'src/ports')],
    },
    // re-exports count as imports
    {
      filename: CORE,
      options,
      code: "export { Clock } from '../../ports/clock.js';",
      errors: [coreErr('value', '../../ports/clock.js', 'src/ports')],
    },
    {
      filename: CORE,
      options,
      code: "export * from '../../adapters/memory/memory-state.js';",
      errors: [coreErr('value', '../../adapters/memory/memory-state.js', 'src/adapters/memory')],
    },
    // src/core importing tests or other files outside src
    {
      filename: CORE,
      options,
      code: "import { fixture } from '../../../test/support/fixtures.js';",
      errors: [coreErr('value', '../../../test/support/fixtures.js', 'test/support/fixtures.js')],
    },
    // src/ports value-importing core; importing packages or builtins
    {
      filename: PORT,
      options,
      code: "import { Reservation } from '../core/reservation/reservation.js';",
      errors: [
        {
          message:
            "src/ports may import only types from src/core and src/ports (found value import of '../core/reservation/reservation.js', which is src/core)",
        },
      ],
    },
    {
      filename: PORT,
      options,
      code: "import { type Reservation, reservationId } from '../core/reservation/reservation.js';",
      errors: [portsErr('value', '../core/reservation/reservation.js', 'src/core')],
    },
    {
      filename: PORT,
      options,
      code: "import type { Readable } from 'node:stream';",
      errors: [portsErr('type-only', 'node:stream', 'a Node builtin')],
    },
    {
      filename: PORT,
      options,
      code: "import type { Channel } from 'amqplib';",
      errors: [portsErr('type-only', 'amqplib', 'an npm package')],
    },
    {
      filename: PORT,
      options,
      code: "import type { Db } from '../adapters/postgres/db.js';",
      errors: [portsErr('type-only', '../adapters/postgres/db.js', 'src/adapters/postgres')],
    },
    {
      filename: PORT,
      options,
      code: "import type { App } from '../main.js';",
      errors: [mainErr('src/ports', 'type-only', '../main.js')],
    },
    // an adapter never imports another adapter (imports, re-exports, dynamic imports, type imports)
    {
      filename: POSTGRES,
      options,
      code: "import { MemoryState } from '../memory/memory-state.js';",
      errors: [
        {
          message:
            "src/adapters/<name> may import only src/core, src/ports, npm packages, Node builtins and its own adapter folder (src/gen only from src/adapters/rpc); src/adapters/postgres found value import of '../memory/memory-state.js', which is src/adapters/memory",
        },
      ],
    },
    {
      filename: POSTGRES,
      options,
      code: "export { MemoryState } from '../memory/memory-state.js';",
      errors: [adapterErr('src/adapters/postgres', 'value', '../memory/memory-state.js', 'src/adapters/memory')],
    },
    {
      filename: POSTGRES,
      options,
      code: "export type { MemoryState } from '../memory/memory-state.js';",
      errors: [adapterErr('src/adapters/postgres', 'type-only', '../memory/memory-state.js', 'src/adapters/memory')],
    },
    {
      filename: POSTGRES,
      options,
      code: "const rpc = await import('../rpc/server.js');",
      errors: [adapterErr('src/adapters/postgres', 'value', '../rpc/server.js', 'src/adapters/rpc')],
    },
    // only the rpc adapter may import src/gen
    {
      filename: POSTGRES,
      options,
      code: "import { ReservationSchema } from '../../gen/hotel/v1/reservation_pb.js';",
      errors: [adapterErr('src/adapters/postgres', 'value', '../../gen/hotel/v1/reservation_pb.js', 'src/gen')],
    },
    {
      filename: file('src/adapters/rabbitmq/publisher.ts'),
      options,
      code: "import type { Reservation } from '../../gen/hotel/v1/reservation_pb.js';",
      errors: [adapterErr('src/adapters/rabbitmq', 'type-only', '../../gen/hotel/v1/reservation_pb.js', 'src/gen')],
    },
    // adapters must not import the composition root
    {
      filename: RPC,
      options,
      code: "import { config } from '../../../main.js';",
      errors: [mainErr('src/adapters/rpc', 'value', '../../../main.js')],
    },
    {
      filename: RPC,
      options,
      code: "import { wire } from '../../../app/wire.js';",
      errors: [adapterErr('src/adapters/rpc', 'value', '../../../app/wire.js', 'src/app')],
    },
    // src/gen must not import src/main.ts or adapters
    {
      filename: file('src/gen/hotel/v1/hotel_pb.ts'),
      options,
      code: "import { x } from '../../../main.js';",
      errors: [mainErr('src/gen', 'value', '../../../main.js')],
    },
    {
      filename: file('src/gen/hotel/v1/hotel_pb.ts'),
      options,
      code: "import { x } from '../../../adapters/rpc/messages.js';",
      errors: [adapterImportErr('src/gen', 'value', '../../../adapters/rpc/messages.js', 'src/adapters/rpc')],
    },
    // other files in src (not main.ts or src/app) may not import adapters
    {
      filename: file('src/config.ts'),
      options,
      code: "import { x } from './adapters/postgres/config.js';",
      errors: [
        {
          message:
            "only src/main.ts, src/app and tests may import src/adapters (src/config.ts found value import of './adapters/postgres/config.js', which is src/adapters/postgres)",
        },
      ],
    },
    // several violations in one file are all reported, in order
    {
      filename: CORE,
      options,
      code: [
        "import { randomUUID } from 'node:crypto';",
        "import { Money } from '../money/money.js';",
        "import type { Clock } from '../../ports/clock.js';",
        "import { IdGenerator } from '../../ports/id-generator.js';",
      ].join('\n'),
      errors: [
        { ...coreErr('value', 'node:crypto', 'a Node builtin'), line: 1 },
        { ...coreErr('value', '../../ports/id-generator.js', 'src/ports'), line: 4 },
      ],
    },
  ],
});
