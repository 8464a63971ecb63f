/**
 * Streaming at the edge: where long runs' text goes (stdout with backpressure, or a file written
 * whole or not at all) and the progress bar they draw on stderr. `sweep` streams its rows into a
 * {@link Sink}; `sweep`, `simulate` and `value` draw a {@link Progress} bar. The analyses never
 * see any of it: they hand over text or batches and report `done / total` through callbacks.
 */
import { AtomicFileWriter, type Io } from './io.js';

/** Where streamed text goes. */
export interface Sink {
  write(text: string): Promise<void>;
  /** the output is complete */
  commit(): void;
  /** the run failed: leave nothing behind */
  abort(): void;
}

/** stdout with backpressure; yields to the event loop so a closed pipe (EPIPE) ends the run. */
export class StdoutSink implements Sink {
  constructor(private readonly io: Io) {}
  write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (text === '' || this.io.stdout.write(text)) setImmediate(resolve);
      else this.io.stdout.once('drain', () => resolve());
    });
  }
  commit(): void {}
  abort(): void {}
}

/** `--output FILE`: streamed into a temporary file, renamed over FILE on commit. */
export class FileSink implements Sink {
  private readonly file: AtomicFileWriter;
  private yielded = Date.now();
  constructor(path: string) {
    this.file = new AtomicFileWriter(path);
  }
  async write(text: string): Promise<void> {
    if (text !== '') this.file.write(text);
    // let a signal (Ctrl-C) be handled, which removes the temporary file (issue 12)
    if (Date.now() - this.yielded > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      this.yielded = Date.now();
    }
  }
  commit(): void {
    this.file.commit();
  }
  abort(): void {
    this.file.abort();
  }
}

/** `-`/no `--output`: stdout; otherwise the file. */
export function sinkFor(io: Io, output: string | undefined): Sink {
  return output !== undefined && output !== '-' ? new FileSink(output) : new StdoutSink(io);
}

export interface ProgressOptions {
  /** what is counted: `points`, `paths`, `samples` */
  unit: string;
  /** the total, when known up front (`update(done)` then needs no total) */
  total?: number;
  /** show the rate, `(N/s)` */
  rate?: boolean;
  /** when finished: `keep` the last bar on its own line, or `erase` it */
  end: 'keep' | 'erase';
}

/**
 * A one-line progress bar on stderr, `[####------] done/total unit`, redrawn at most every 100 ms
 * (and always at the end). Only constructed when stderr is a terminal: see {@link progressFor}.
 * `update` is a bound function, so it can be handed over as a callback.
 */
export class Progress {
  private last = 0;
  private drawn = false;
  private readonly started = Date.now();
  constructor(
    private readonly io: Io,
    private readonly options: ProgressOptions,
  ) {}

  readonly update = (done: number, total: number = this.options.total ?? done): void => {
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    let line = `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${this.options.unit}`;
    if (this.options.rate === true) line += ` (${Math.round(done / Math.max((now - this.started) / 1000, 0.001))}/s)`;
    this.io.stderr.write(line);
    this.drawn = true;
  };

  /** The run is over (or failed): end the bar's line. */
  finish(): void {
    if (!this.drawn) return;
    this.io.stderr.write(this.options.end === 'keep' ? '\n' : '\r\x1b[K');
    // a kept bar stays where it is; an erased one may be drawn afresh
    if (this.options.end === 'erase') this.drawn = false;
  }
}

/** A progress bar when stderr is a terminal (and not `--quiet`), else none. */
export function progressFor(io: Io, options: ProgressOptions): Progress | undefined {
  return io.stderrIsTTY ? new Progress(io, options) : undefined;
}
