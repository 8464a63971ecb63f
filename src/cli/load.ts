/**
 * The scenario loader's door to the real file system and stdin (only `cli` touches `fs` and
 * `process`, STYLE layout). Every byte goes through {@link readScenarioFile} /
 * {@link readStandardInput} (counted, special files refused, never blocking), and every file read
 * is recorded as an input of this run ({@link noteInput}), so no output can be written over it.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { loadRawScenario, loadScenario, validateRaw, ScenarioError, type RawScenario, type ScenarioHost } from '../scenario/index.js';
import type { Scenario } from '../scenario/types.js';
import { readScenarioFile, readStandardInput } from './scenario-file.js';
import { noteInput } from './run-files.js';
import { UsageError } from './errors.js';

/** How scenario files are read in this process (set once from the command line). */
export interface ScenarioReading {
  /** `--extends-root DIR`: every `extends` base must lie inside DIR */
  extendsRoot?: string;
}

let reading: ScenarioReading = {};

/**
 * Sets how scenario files are read (main() calls it with `--extends-root`); a usage error when
 * the root is not an existing directory.
 */
export function configureScenarioReading(options: ScenarioReading): void {
  const root = options.extendsRoot;
  if (root !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = root !== '' && statSync(root).isDirectory();
    } catch {
      /* refused below */
    }
    if (!isDirectory) throw new UsageError(`--extends-root ${root === '' ? '""' : root}: expected an existing directory`);
  }
  reading = { ...options };
}

/** A {@link ScenarioHost} backed by node:fs, the process's working directory and stdin. */
export function nodeScenarioHost(): ScenarioHost {
  const extendsRoot = reading.extendsRoot;
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
    readScenario: (absPath, role) => {
      const read = readScenarioFile(absPath, extendsRoot === undefined ? { role } : { role, extendsRoot });
      if (!read.ok) return { code: read.code, message: read.message };
      noteInput(displayName(absPath), read.identity, role);
      return { bytes: read.bytes };
    },
    cwd: process.cwd(),
    readStdin: () => {
      const read = readStandardInput();
      if ('error' in read) throw read.error;
      noteInput('standard input', read.identity, 'stdin');
      return read.bytes;
    },
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

/** A path as shown in messages: relative to the working directory when inside it. */
function displayName(absPath: string): string {
  const rel = relative(process.cwd(), absPath);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
}
