/**
 * The versions a manifest names (SPEC §9): the tool's (kept in step with package.json by
 * tests/cli/bin.test.ts through `--version`) and the SPEC's it implements.
 */
export const TOOL_VERSION = '0.1.0';
export const SPEC_VERSION = '1.1';
