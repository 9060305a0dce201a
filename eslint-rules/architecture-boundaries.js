// @ts-check
/**
 * Local ESLint rule: enforces the hexagonal architecture's dependency rule.
 *
 *   - src/core      imports only src/core, plus type-only imports of src/ports.
 *   - src/ports     imports only types: type-only imports of src/core and src/ports.
 *   - src/adapters/<name>
 *                   may import src/core, src/ports, npm packages, Node builtins and
 *                   files of the same adapter; never another adapter, never
 *                   src/main.ts or src/app. Only src/adapters/rpc may import src/gen.
 *   - Only src/main.ts, src/app/** (composition root) and tests may import adapters.
 *   - src/core, src/ports, src/adapters and src/gen must not import src/main.ts.
 *
 * Counted as imports: `import ...`, `export ... from`, `export * from`,
 * `import x = require('...')`, dynamic `import('literal')` (always a value import)
 * and TypeScript import types `import('...').T` (always type-only).
 *
 * Files outside `<root>/src` (tests, scripts, benches) are not checked.
 *
 * Option: `{ root: string }`, the absolute path of the repository root (the folder
 * holding `src/`). Defaults to ESLint's cwd.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/** @typedef {import('eslint').Rule.RuleModule} RuleModule */
/** @typedef {import('eslint').Rule.RuleContext} RuleContext */
/** @typedef {import('estree').Node} EsNode */

/**
 * Where a source file or an import target lives.
 * @typedef {(
 *   | { kind: 'core' }
 *   | { kind: 'ports' }
 *   | { kind: 'adapter', name: string }
 *   | { kind: 'gen' }
 *   | { kind: 'main' }
 *   | { kind: 'app' }
 *   | { kind: 'src-other', rel: string }
 *   | { kind: 'outside', rel: string }
 *   | { kind: 'builtin' }
 *   | { kind: 'package' }
 * )} Layer
 */

const BUILTINS = new Set(builtinModules);

/** Human-readable statement of what each restricted layer may import (quoted in messages). */
const RULES = {
  core: 'src/core may import only src/core and type-only src/ports',
  ports: 'src/ports may import only types from src/core and src/ports',
  adapter:
    'src/adapters/<name> may import only src/core, src/ports, npm packages, Node builtins and its own adapter folder (src/gen only from src/adapters/rpc)',
  adapterImport: 'only src/main.ts, src/app and tests may import src/adapters',
  main: 'src/core, src/ports, src/adapters and src/gen must not import src/main.ts',
};

/**
 * @param {string} p
 * @returns {string}
 */
function toPosix(p) {
  return p.split(path.sep).join('/');
}

/**
 * Classifies a root-relative posix path.
 * @param {string} rel path relative to the repo root, posix separators
 * @returns {Layer}
 */
function classifyRelative(rel) {
  if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
    return { kind: 'outside', rel };
  }
  const parts = rel.split('/');
  if (parts[0] !== 'src') return { kind: 'outside', rel };
  const top = parts[1] ?? '';
  if (parts.length === 2 && /^main(\.[cm]?[jt]sx?)?$/.test(top)) return { kind: 'main' };
  if (parts.length >= 3) {
    if (top === 'core') return { kind: 'core' };
    if (top === 'ports') return { kind: 'ports' };
    if (top === 'gen') return { kind: 'gen' };
    if (top === 'app') return { kind: 'app' };
    if (top === 'adapters') {
      // src/adapters/<name>/...; a file directly in src/adapters is its own "adapter".
      const name = parts.length === 3 ? (parts[2] ?? '').replace(/\.[cm]?[jt]sx?$/, '') : (parts[2] ?? '');
      return { kind: 'adapter', name };
    }
  }
  return { kind: 'src-other', rel };
}

/**
 * @param {string} root
 * @param {string} absFile
 * @returns {Layer}
 */
function classifyFile(root, absFile) {
  return classifyRelative(toPosix(path.relative(root, absFile)));
}

/**
 * Classifies an import specifier as seen from `fromFile`.
 * @param {string} root
 * @param {string} fromFile absolute path of the importing file
 * @param {string} specifier
 * @returns {Layer}
 */
function classifyTarget(root, fromFile, specifier) {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '')) {
    return { kind: 'builtin' };
  }
  if (specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.startsWith('/')) {
    // NodeNext style: './x.js' names the source './x.ts'; only the folder matters here,
    // except for src/main, which classifyRelative recognises with any JS/TS extension.
    return classifyFile(root, path.resolve(path.dirname(fromFile), specifier));
  }
  if (specifier.startsWith('file:')) {
    try {
      return classifyFile(root, new URL(specifier).pathname);
    } catch {
      return { kind: 'package' };
    }
  }
  return { kind: 'package' };
}

/**
 * @param {Layer} layer
 * @returns {string}
 */
function describeLayer(layer) {
  switch (layer.kind) {
    case 'core':
      return 'src/core';
    case 'ports':
      return 'src/ports';
    case 'adapter':
      return `src/adapters/${layer.name}`;
    case 'gen':
      return 'src/gen';
    case 'main':
      return 'src/main.ts';
    case 'app':
      return 'src/app';
    case 'src-other':
      return layer.rel;
    case 'outside':
      return layer.rel.startsWith('..') || path.isAbsolute(layer.rel) ? 'a file outside the repository' : layer.rel;
    case 'builtin':
      return 'a Node builtin';
    case 'package':
      return 'an npm package';
  }
}

/**
 * Decides whether `from` may import `target`. Returns the messageId to report, or null.
 * @param {Layer} from
 * @param {Layer} target
 * @param {boolean} typeOnly
 * @returns {keyof typeof RULES | null}
 */
function violation(from, target, typeOnly) {
  switch (from.kind) {
    case 'core':
      if (target.kind === 'core') return null;
      if (target.kind === 'ports' && typeOnly) return null;
      return target.kind === 'main' ? 'main' : 'core';
    case 'ports':
      if ((target.kind === 'core' || target.kind === 'ports') && typeOnly) return null;
      return target.kind === 'main' ? 'main' : 'ports';
    case 'adapter':
      switch (target.kind) {
        case 'core':
        case 'ports':
        case 'package':
        case 'builtin':
          return null;
        case 'adapter':
          return target.name === from.name ? null : 'adapter';
        case 'gen':
          return from.name === 'rpc' ? null : 'adapter';
        case 'main':
          return 'main';
        default:
          return 'adapter';
      }
    case 'gen':
      if (target.kind === 'main') return 'main';
      if (target.kind === 'adapter') return 'adapterImport';
      return null;
    case 'src-other':
      return target.kind === 'adapter' ? 'adapterImport' : null;
    case 'main':
    case 'app':
    case 'outside':
    default:
      return null;
  }
}

/** @type {RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Enforce the hexagonal dependency rule between src/core, src/ports, src/adapters, src/gen and src/main.ts',
    },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string', description: 'Absolute path of the repository root (the folder holding src/).' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      core: `${RULES.core} (found {{kind}} import of '{{specifier}}', which is {{target}})`,
      ports: `${RULES.ports} (found {{kind}} import of '{{specifier}}', which is {{target}})`,
      adapter: `${RULES.adapter}; {{from}} found {{kind}} import of '{{specifier}}', which is {{target}}`,
      adapterImport: `${RULES.adapterImport} ({{from}} found {{kind}} import of '{{specifier}}', which is {{target}})`,
      main: `${RULES.main} ({{from}} found {{kind}} import of '{{specifier}}')`,
    },
  },

  create(context) {
    const options = /** @type {{ root?: string } | undefined} */ (context.options[0]);
    const root = path.resolve(options?.root ?? context.cwd);
    const filename = context.physicalFilename ?? context.filename;
    if (!filename || !path.isAbsolute(filename)) return {};
    const from = classifyFile(root, filename);
    if (from.kind === 'outside' || from.kind === 'main' || from.kind === 'app') return {};

    /**
     * @param {EsNode} node node to report on (the module specifier literal)
     * @param {unknown} specifier
     * @param {boolean} typeOnly
     */
    function check(node, specifier, typeOnly) {
      if (typeof specifier !== 'string') return;
      const target = classifyTarget(root, filename, specifier);
      const messageId = violation(from, target, typeOnly);
      if (messageId === null) return;
      context.report({
        node,
        messageId,
        data: {
          from: describeLayer(from),
          kind: typeOnly ? 'type-only' : 'value',
          specifier,
          target: describeLayer(target),
        },
      });
    }

    /**
     * `import type {…}` or `import { type A, type B }` (every specifier type-only).
     * @param {any} node ImportDeclaration
     * @returns {boolean}
     */
    function importIsTypeOnly(node) {
      if (node.importKind === 'type') return true;
      const specifiers = /** @type {any[]} */ (node.specifiers);
      return (
        specifiers.length > 0 &&
        specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
      );
    }

    /**
     * `export type {…} from`, `export type * from` or `export { type A } from`.
     * @param {any} node ExportNamedDeclaration | ExportAllDeclaration
     * @returns {boolean}
     */
    function exportIsTypeOnly(node) {
      if (node.exportKind === 'type') return true;
      const specifiers = /** @type {any[] | undefined} */ (node.specifiers);
      return (
        node.type === 'ExportNamedDeclaration' &&
        specifiers !== undefined &&
        specifiers.length > 0 &&
        specifiers.every((s) => s.exportKind === 'type')
      );
    }

    /**
     * String value of `'x'` or `` `x` `` (no substitutions), else undefined.
     * @param {any} node
     * @returns {string | undefined}
     */
    function staticString(node) {
      if (!node) return undefined;
      if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
      if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
        return node.quasis[0]?.value.cooked ?? undefined;
      }
      return undefined;
    }

    /** @type {Record<string, (node: any) => void>} */
    const visitors = {
      ImportDeclaration(node) {
        check(node.source, node.source.value, importIsTypeOnly(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value, exportIsTypeOnly(node));
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value, exportIsTypeOnly(node));
      },
      ImportExpression(node) {
        const value = staticString(node.source);
        if (value !== undefined) check(node.source, value, false);
      },
      // import x = require('y')
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref?.type === 'TSExternalModuleReference') {
          check(ref.expression, staticString(ref.expression), node.importKind === 'type');
        }
      },
      // type T = import('y').T
      TSImportType(node) {
        const literal = node.source ?? node.argument?.literal;
        if (literal) check(literal, staticString(literal), true);
      },
    };
    return /** @type {import('eslint').Rule.RuleListener} */ (visitors);
  },
};

export default rule;
