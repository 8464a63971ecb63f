/**
 * src/cli/stream.ts, the edge's streaming pieces shared by sweep, simulate and value: the progress
 * bar draws exactly what each command drew before it moved there (sweep: points with a rate, kept
 * on its line; simulate/value: paths/samples, erased), at most every 100 ms and always at the end;
 * a file sink leaves the file whole on commit and nothing on abort.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { FileSink, Progress, progressFor, sinkFor, StdoutSink } from '../../src/cli/stream.js';

function fakeIo(stderrIsTTY = true): { io: Io; err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  const stream = (into: string[]) => ({ write: (text: string) => (into.push(text), true), once: () => undefined }) as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream(out), stderr: stream(err), stdoutIsTTY: false, stderrIsTTY, color: false }, err, out };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress bar', () => {
  it('is made only when stderr is a terminal', () => {
    expect(progressFor(fakeIo(false).io, { unit: 'paths', end: 'erase' })).toBeUndefined();
    expect(progressFor(fakeIo(true).io, { unit: 'paths', end: 'erase' })).toBeInstanceOf(Progress);
  });

  it("sweep's bar: points, the rate, at most every 100 ms, kept on its own line", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { io, err } = fakeIo();
    const bar = new Progress(io, { unit: 'points', total: 10, rate: true, end: 'keep' });
    vi.advanceTimersByTime(1000);
    bar.update(2);
    vi.advanceTimersByTime(50);
    bar.update(4); // too soon: not drawn
    vi.advanceTimersByTime(950);
    bar.update(10);
    bar.finish();
    expect(err).toEqual([
      `\r[${'#'.repeat(6)}${'-'.repeat(24)}] 2/10 points (2/s)`,
      `\r[${'#'.repeat(30)}] 10/10 points (5/s)`,
      '\n',
    ]);
  });

  it("simulate's and value's bar: the total per update, no rate, erased at the end", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    for (const unit of ['paths', 'samples']) {
      const { io, err } = fakeIo();
      const bar = new Progress(io, { unit, end: 'erase' });
      const update = bar.update; // handed over as a callback
      update(1000, 4000);
      update(2000, 4000); // within 100 ms: not drawn
      update(4000, 4000); // the end is always drawn
      bar.finish();
      bar.finish(); // nothing drawn since: nothing to erase
      expect(err).toEqual([`\r[${'#'.repeat(8)}${'-'.repeat(22)}] 1000/4000 ${unit}`, `\r[${'#'.repeat(30)}] 4000/4000 ${unit}`, '\r\x1b[K']);
    }
  });

  it('a bar never drawn writes nothing when finished', () => {
    const { io, err } = fakeIo();
    new Progress(io, { unit: 'points', total: 5, rate: true, end: 'keep' }).finish();
    new Progress(io, { unit: 'paths', end: 'erase' }).finish();
    expect(err).toEqual([]);
  });
});

describe('sinks', () => {
  it('stdout without --output or with -, a file otherwise', () => {
    const { io } = fakeIo();
    expect(sinkFor(io, undefined)).toBeInstanceOf(StdoutSink);
    expect(sinkFor(io, '-')).toBeInstanceOf(StdoutSink);
    const dir = mkdtempSync(join(tmpdir(), 'cfe-stream-'));
    const sink = sinkFor(io, join(dir, 'x.csv'));
    expect(sink).toBeInstanceOf(FileSink);
    sink.abort();
  });

  it('stdout receives the text as written', async () => {
    const { io, out } = fakeIo();
    const sink = new StdoutSink(io);
    await sink.write('a,b\r\n');
    await sink.write('');
    await sink.write('1,2\r\n');
    sink.commit();
    expect(out.join('')).toBe('a,b\r\n1,2\r\n');
  });

  it('a file is whole on commit and absent on abort', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-stream-'));
    const kept = new FileSink(join(dir, 'kept.csv'));
    await kept.write('a,b\r\n');
    await kept.write('1,2\r\n');
    expect(existsSync(join(dir, 'kept.csv'))).toBe(false);
    kept.commit();
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('a,b\r\n1,2\r\n');
    const dropped = new FileSink(join(dir, 'dropped.csv'));
    await dropped.write('a,b\r\n');
    dropped.abort();
    expect(readdirSync(dir)).toEqual(['kept.csv']);
  });
});
