/**
 * The scenario loader's door to the real file system and stdin (only `cli` touches `fs` and
 * `process`, STYLE layout).
 */
import { readFileSync, statSync } from 'node:fs';
import { loadScenario, type ScenarioHost } from '../scenario/index.js';
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
