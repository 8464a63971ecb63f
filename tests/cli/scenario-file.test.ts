/**
 * readScenarioFile / readStandardInput (issue 12): the one reader of scenario bytes. Counted while
 * reading, special files refused for their role, never blocking, and no refusal quotes the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasScenarioExtension, readScenarioFile } from '../../src/cli/scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'cfe-scenario-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readScenarioFile', () => {
  it('reads a regular file whole, with its real path and identity', () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'version: 1\n');
    const read = readScenarioFile(file, { role: 'file' });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Buffer.from(read.bytes).toString()).toBe('version: 1\n');
    expect(read.identity).toEqual({ dev: statSync(file).dev, ino: statSync(file).ino });
  });

  it('refuses by size before reading (a pipe is counted while reading: see io-edge)', () => {
    const file = join(dir, 'eleven.yaml');
    writeFileSync(file, 'x'.repeat(11));
    expect(readScenarioFile(file, { role: 'file', maxBytes: 10 })).toMatchObject({ ok: false, code: 'too_large' });
    expect(readScenarioFile(file, { role: 'file', maxBytes: 11 }).ok).toBe(true);
    // a pipe that holds more is counted while reading: tests/hardening/io-edge.test.ts (`<(...)` of 11 MB)
  });

  it('a FIFO with no writer reads as empty at once (never waits); as a base it is refused', () => {
    const fifo = join(dir, 'lonely.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const read = readScenarioFile(fifo, { role: 'file' });
    expect(read.ok && read.bytes.length).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readScenarioFile(fifo, { role: 'extends' })).toMatchObject({ ok: false, code: 'not_regular' });
  });

  it('devices are refused in both roles, before any byte is read', () => {
    expect(readScenarioFile('/dev/zero', { role: 'file' })).toMatchObject({ ok: false, code: 'not_regular' });
    expect(readScenarioFile('/dev/zero', { role: 'extends' })).toMatchObject({ ok: false, code: 'not_regular' });
    expect(readScenarioFile(dir, { role: 'file' })).toMatchObject({ ok: false, code: 'is_directory' });
  });

  it('a base must be .yaml/.yml by name and by real path, and its refusal quotes nothing', () => {
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'API_KEY=do-not-print\n');
    symlinkSync(secret, join(dir, 'innocent.yaml'));
    for (const path of [secret, join(dir, 'innocent.yaml')]) {
      const read = readScenarioFile(path, { role: 'extends' });
      expect(read).toMatchObject({ ok: false, code: 'not_yaml' });
      expect(JSON.stringify(read)).not.toContain('do-not-print');
    }
    // as the command's own FILE, the user chose it: read
    expect(readScenarioFile(secret, { role: 'file' }).ok).toBe(true);
    expect(['a.yaml', 'b.YML', 'c.Yaml'].map(hasScenarioExtension)).toEqual([true, true, true]);
    expect(['a.yaml.txt', 'yaml', '.yaml.bak'].map(hasScenarioExtension)).toEqual([false, false, false]);
  });

  it('--extends-root: inside is read; .. and links out of it are refused', () => {
    const root = join(dir, 'root');
    mkdirSync(root);
    writeFileSync(join(root, 'base.yaml'), 'version: 1\n');
    writeFileSync(join(dir, 'outside.yaml'), 'version: 1\n');
    symlinkSync(join(dir, 'outside.yaml'), join(root, 'link.yaml'));
    expect(readScenarioFile(join(root, 'base.yaml'), { role: 'extends', extendsRoot: root }).ok).toBe(true);
    expect(readScenarioFile(join(root, '..', 'outside.yaml'), { role: 'extends', extendsRoot: root })).toMatchObject({ code: 'outside_root' });
    expect(readScenarioFile(join(root, 'link.yaml'), { role: 'extends', extendsRoot: root })).toMatchObject({ code: 'outside_root' });
  });

  it('a loop of links is a loop, not "no such file"', () => {
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    expect(readScenarioFile(join(dir, 'loop-a.yaml'), { role: 'file' })).toMatchObject({ ok: false, code: 'symlink_loop' });
    expect(readScenarioFile(join(dir, 'none.yaml'), { role: 'file' })).toMatchObject({ ok: false, code: 'no_such_file' });
  });
});
