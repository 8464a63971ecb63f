/**
 * The scenario file (SPEC §2): load with positions, merge `extends`, apply `--set`, validate with
 * the zod schemas, report every issue. The API other modules code against.
 */
export { loadScenario, loadRawScenario, validateRaw, mergeMaps, MAX_EXTENDS_DEPTH, STDIN_NAME } from './load.js';
export type { LoadOptions, ScenarioHost } from './load.js';
export { applySet, applySetOption, formatPath, parseSetPath, splitSetOption, tryParseSetPath } from './set.js';
export type { PathSegment } from './set.js';
export { scenarioJsonSchema, shapeAt, MAX_MAGNITUDE_TEXT, MAX_RATE_TEXT } from './schema.js';
export type { SchemaShape } from './schema.js';
export { validateTree } from './validate.js';
export type { ValidationResult } from './validate.js';
export type { RawScenario, RawNode, RawMap, RawList, RawScalar, RawEntry } from './raw.js';
export { toPlain, nodeAt } from './raw.js';
export { MAX_FILE_BYTES, MAX_ALIAS_NODES, FORBIDDEN_KEYS } from './yaml.js';
export { STARTER_SCENARIO } from './starter.js';
export { didYouMean, editDistance } from './suggest.js';
export { ScenarioError, formatIssue, formatIssues } from './issues.js';
export type { ScenarioIssue, SourceLocation } from './issues.js';
export type * from './types.js';
export { checkUncertainty, choleskyLower, pearsonMatrix } from './uncertainty.js';
export { numberLeafSchema } from './schema.js';
