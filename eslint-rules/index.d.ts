// Types for the plain-JS local plugin (tsconfig has no allowJs).
import type { ESLint, Rule } from 'eslint';

declare const plugin: ESLint.Plugin & { rules: Record<'architecture-boundaries', Rule.RuleModule> };
export default plugin;
