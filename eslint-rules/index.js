// @ts-check
/**
 * Local ESLint plugin for this repository. Registered in eslint.config.js as `local`,
 * so the rule is referenced as `local/architecture-boundaries`.
 */
import architectureBoundaries from './architecture-boundaries.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'eslint-plugin-local', version: '0.0.0' },
  rules: {
    'architecture-boundaries': architectureBoundaries,
  },
};

export default plugin;
