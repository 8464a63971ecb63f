/**
 * The scenario loader's door to the real file system and stdin (only `cli` touches `fs` and
 * `process`, STYLE layout).
 */
import { readFileSync, statSync } from 'node:fs';
import { loadRawScenario, loadScenario, validateRaw, ScenarioError, type RawScenario, type ScenarioHost } from '../scenario/index.js';
import type { Scenario } from '../scenario/types.js';

/** A {@link ScenarioHost} backed by node:fs, the process's working directory and stdin. */
export function nodeScenarioHost(): ScenarioHost {
  return {
    readFile: (absPath) => readFileSync(absPath),
    fileSize: (absPath) => {
      try {
        return statSync(absPath).size;
      } catch {
        return undefined;
      }
    },
    isDirectory: (absPath) => {
      try {
        return statSync(absPath).isDirectory();
      } catch {
        return false;
      }
    },
    cwd: process.cwd(),
    readStdin: () => readFileSync(0),
  };
}

/** Loads and validates a scenario for a command; throws ScenarioError (exit 1, decided in main). */
export function loadScenarioFromCli(path: string, sets?: readonly string[]): Scenario {
  return loadScenario(path, { host: nodeScenarioHost(), sets: sets ?? [] });
}

/**
 * Loads and validates a scenario, keeping the merged tree too (its files feed the manifest, its
 * positions `check`); throws ScenarioError as {@link loadScenarioFromCli}.
 */
export function loadWithSourcesFromCli(path: string, sets?: readonly string[]): { scenario: Scenario; raw: RawScenario } {
  const raw = loadRawScenario(path, { host: nodeScenarioHost(), sets: sets ?? [] });
  const result = validateRaw(raw);
  if (!result.ok) throw new ScenarioError(result.issues);
  return { scenario: result.scenario, raw };
}
