/**
 * The command line (SPEC §4): commander wiring only. Every command is declared here as data and
 * its implementation is imported lazily, so `--help` and `model` load only what they use. Exit
 * codes are decided here and nowhere else (0 ok, 1 invalid scenario or failed computation,
 * 2 wrong usage).
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, RunError, UsageError } from './errors.js';
import type { Io } from './io.js';
import { TOOL_VERSION } from './version.js';
import { ScenarioError, formatIssues } from '../scenario/issues.js';
import { terminalText } from '../scenario/terminal-text.js';
import { METRIC_NAMES } from '../engine/types.js';
import { nearest } from '../scenario/suggest.js';

/** What every command module exports. */
export interface CommandModule {
  run(args: string[], options: Record<string, unknown>, io: Io): Promise<number | void>;
}

interface OptionSpec {
  flags: string;
  description: string;
  default?: unknown;
  /** repeatable: values collect into an array */
  repeatable?: boolean;
  /** the allowed values: checked in {@link normalizeOptions}, with a did-you-mean */
  choices?: string[];
}

interface CommandSpec {
  name: string;
  args: string;
  summary: string;
  options: OptionSpec[];
  /** shown under "Examples:" in the command's --help (clig.dev: lead with examples) */
  examples: string[];
  load: () => Promise<CommandModule>;
}

const SET: OptionSpec = {
  flags: '--set <PATH=VALUE>',
  description: 'override a scenario value before validation, e.g. share_price.cagr=0.3 (repeatable)',
  repeatable: true,
};
const SHARD: OptionSpec = {
  flags: '--shard <I/N>',
  description: 'compute only the I-th (0-based) of N contiguous slices, e.g. --shard "$JOB_COMPLETION_INDEX/100"',
};
const OUTPUT: OptionSpec = {
  flags: '-o, --output <FILE>',
  description: 'write the result to FILE (whole or not at all); .csv, .json or .md picks the format',
};
const FORMATS = ['table', 'csv', 'json', 'markdown'];
const FORMAT: OptionSpec = {
  flags: '-f, --format <FORMAT>',
  description: 'table, csv, json or markdown (default: from --output\'s extension, else table)',
  choices: FORMATS,
};
const MANIFEST: OptionSpec = {
  flags: '--manifest <FILE>',
  description: 'also write the manifest (tool and spec version, command, files with sha256, --set) to FILE as JSON',
};
/** SPEC §8: terminal charts are drawn on a colour terminal only, unless forced or refused. */
const CHART: OptionSpec = { flags: '--chart', description: 'draw the terminal chart even into a pipe, a file or without colour' };
const NO_CHART: OptionSpec = { flags: '--no-chart', description: 'never draw the terminal chart' };
const EXACT: OptionSpec = {
  flags: '--exact',
  description: 'terminal tables show every cent (default: money at a glance, e.g. $64.0B; csv/json are always exact)',
};
const METRIC: OptionSpec = { flags: '--metric <NAME>', description: 'one metric (names below; docs/model.md defines them)' };
const METRICS: OptionSpec = { flags: '--metrics <A,B,...>', description: 'comma-separated metrics (names below)' };
/** Options every command takes (clig.dev). */
const COMMON: OptionSpec[] = [
  { flags: '-q, --quiet', description: 'no warnings, notes or progress on stderr (errors are still printed)' },
  { flags: '--no-color', description: 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)' },
];
/** `-o FILE.EXT` picks this format when --format is not given. */
const FORMAT_OF_EXTENSION: Record<string, string> = { '.csv': 'csv', '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.parquet': 'parquet' };

const EXTENDS_ROOT: OptionSpec = {
  flags: '--extends-root <DIR>',
  description: 'only allow extends bases inside DIR (for validating untrusted scenarios; see docs/security.md)',
};

/**
 * Before any command runs (issue 12): outputs are checked against each other and against the
 * command's inputs (an output may never destroy an input), and `--extends-root` is applied.
 */
async function prepareRun(spec: CommandSpec, positional: string[], options: Record<string, unknown>): Promise<void> {
  const { declareOutputs } = await import('./run-files.js');
  declareOutputs(options, spec.name === 'init' ? [] : positional);
  const { preflightOutput } = await import('./io.js');
  for (const key of ['output', 'pathsOut']) {
    const path = options[key];
    if (typeof path === 'string' && path !== '-') preflightOutput(path);
  }
  // set on every run that reads scenarios (unset without the option): runCli may run many command
  // lines in one process
  if (!spec.options.includes(SET)) return;
  const root = options['extendsRoot'];
  const { configureScenarioReading } = await import('./load.js');
  configureScenarioReading(root === undefined ? {} : { extendsRoot: String(root) });
}

/** Every command, declared once. */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'model',
    args: '<FILE>',
    summary: 'compute one scenario: summary, per-period table, tranche table',
    options: [
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
      METRIC,
      METRICS,
      EXACT,
      {
        flags: '--view <VIEW>',
        description: 'summary, periods, tranches or ledger: the table for csv/markdown (table/json show all but the ledger unless asked)',
        choices: ['summary', 'periods', 'tranches', 'ledger'],
      },
      CHART,
      NO_CHART,
    ],
    examples: [
      'chipsforequity model scenarios/meta-amd-base.yaml',
      'chipsforequity model scenarios/meta-amd-base.yaml --set share_price.cagr=0.3 --view tranches',
      'chipsforequity model scenarios/meta-amd-base.yaml -o result.csv --view periods',
      'saving=$(chipsforequity model scenarios/meta-amd-base.yaml --metric savings)',
    ],
    load: () => import('./commands/model.js'),
  },
  {
    name: 'compare',
    args: '<FILE> <FILE...>',
    summary: 'summary metrics of several scenarios side by side',
    options: [
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
      METRIC,
      METRICS,
      EXACT,
      { flags: '--delta', description: "every scenario after the first as its difference from the first file's metrics" },
    ],
    examples: [
      'chipsforequity compare scenarios/meta-amd-base.yaml scenarios/meta-amd-bear.yaml scenarios/meta-amd-bull.yaml',
      'chipsforequity compare scenarios/*.yaml --metrics savings,amd_net_cost -o compare.md',
      'chipsforequity compare scenarios/meta-amd-base.yaml scenarios/rocm-gap.yaml scenarios/supply-delay.yaml --delta',
    ],
    load: () => import('./commands/compare.js'),
  },
  {
    name: 'sweep',
    args: '<FILE>',
    summary: 'the Cartesian grid of varied parameters, one row per point',
    options: [
      { flags: '--vary <PATH=SPEC>', description: 'PATH=A:B:STEP (inclusive) or PATH=V1,V2,... (repeatable)', repeatable: true },
      SET,
      { ...FORMAT, description: 'output format (heatmap: two --vary drawn as a coloured grid of one metric; parquet needs --output FILE)', choices: [...FORMATS, 'heatmap', 'parquet'] },
      OUTPUT,
      MANIFEST,
      METRICS,
      METRIC,
      EXACT,
      { flags: '--workers <N>', description: 'worker threads (default: automatic)' },
      SHARD,
    ],
    examples: [
      'chipsforequity sweep scenarios/meta-amd-base.yaml --vary share_price.cagr=0:0.3:0.05 -o grid.csv',
      'chipsforequity sweep scenarios/meta-amd-base.yaml --vary share_price.cagr=0,0.15,0.3 --vary baseline.price_change=-0.2,0',
    ],
    load: () => import('./commands/sweep.js'),
  },
  {
    name: 'tornado',
    args: '<FILE>',
    summary: 'rank parameters by the swing they cause in a metric',
    options: [
      { flags: '--vary <PATH=LOW,HIGH>', description: 'explicit low and high values for a parameter (repeatable)', repeatable: true },
      { flags: '--swing <FRACTION>', description: 'move every default quantity by ±FRACTION of its value (default: per input, see docs/model.md)' },
      { flags: '--rate-swing <RATE>', description: 'move every default rate (CAGR, price changes, discount, tax) by ±RATE (default: per input)' },
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
      METRIC,
      CHART,
      NO_CHART,
      EXACT,
    ],
    examples: [
      'chipsforequity tornado scenarios/meta-amd-base.yaml',
      'chipsforequity tornado scenarios/meta-amd-base.yaml --metric savings_pv --vary amd.unit_price=30000,40000',
    ],
    load: () => import('./commands/tornado.js'),
  },
  {
    name: 'breakeven',
    args: '<FILE>',
    summary: 'goal seek: the values of PATH at which the metric crosses the target',
    options: [
      { flags: '--vary <PATH>', description: 'the parameter to solve for' },
      METRIC,
      { flags: '--target <VALUE>', description: 'the metric value to cross', default: '0' },
      { flags: '--min <A>', description: 'low end of the search range' },
      { flags: '--max <B>', description: 'high end of the search range' },
      { flags: '--tolerance <T>', description: 'stop bisecting when the bracket is this narrow' },
      { flags: '--scan <N>', description: 'scan steps used to bracket crossings' },
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
      EXACT,
    ],
    examples: [
      'chipsforequity breakeven scenarios/meta-amd-base.yaml --vary baseline.price_change',
      'chipsforequity breakeven scenarios/meta-amd-base.yaml --vary share_price.cagr --metric warrant_net_value --target 20000000000',
    ],
    load: () => import('./commands/breakeven.js'),
  },
  {
    name: 'simulate',
    args: '<FILE>',
    summary: 'Monte Carlo over share-price paths and uncertain inputs (docs/model.md, docs/uncertainty.md)',
    options: [
      { flags: '--paths <N>', description: 'number of price paths', default: '10000' },
      { flags: '--seed <S>', description: 'seed of the random generator', default: '1' },
      { flags: '--workers <N>', description: 'worker threads (default: automatic)' },
      { flags: '--paths-out <FILE>', description: 'write one row per path (CSV; Parquet when FILE ends in .parquet)' },
      SHARD,
      { flags: '--merge <FILES...>', description: "the shards' --paths-out CSV files: the whole run's statistics, exactly" },
      { flags: '--bins <N>', description: 'histogram bins', default: '20' },
      {
        flags: '--view <VIEW>',
        description: 'statistics, tranches, histogram, run, inputs, drivers or thresholds: the table for csv (default statistics)',
        choices: ['statistics', 'tranches', 'histogram', 'run', 'inputs', 'drivers', 'thresholds'],
      },
      {
        flags: '--threshold <METRIC=VALUE>',
        description: 'also report P(METRIC > VALUE), e.g. savings=10000000000 (repeatable)',
        repeatable: true,
      },
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
      METRICS,
      METRIC,
      CHART,
      NO_CHART,
      EXACT,
    ],
    examples: [
      'chipsforequity simulate scenarios/meta-amd-base.yaml --paths 100000 --seed 7',
      'chipsforequity simulate scenarios/meta-amd-base.yaml --view histogram -o histogram.csv',
    ],
    load: () => import('./commands/simulate.js'),
  },
  {
    name: 'explain',
    args: '<FILE> [PATH...]',
    summary: 'each value at PATH (all, without PATH) and the file:line:col, --set or default that set it (SPEC §9)',
    options: [SET, { ...FORMAT, choices: ['table', 'json'] }, OUTPUT, MANIFEST],
    examples: ['chipsforequity explain scenarios/meta-amd-bull.yaml share_price.cagr', 'chipsforequity explain scenarios/meta-amd-bull.yaml warrant --set warrant.tax_rate=0.25 --format json'],
    load: () => import('./commands/explain.js'),
  },
  {
    name: 'check',
    args: '<FILE...>',
    summary: "run each file's expect: block; exit 1 when an expectation fails (SPEC §9)",
    options: [SET, { ...FORMAT, choices: ['table', 'json'] }, OUTPUT, MANIFEST],
    examples: ['chipsforequity check scenarios/*.yaml', 'chipsforequity check scenarios/meta-amd-base.yaml --set share_price.cagr=0.2'],
    load: () => import('./commands/check.js'),
  },
  {
    name: 'value',
    args: '<FILE>',
    summary: "the warrant's risk-neutral fair value at the valuation date (SPEC §7)",
    options: [
      { flags: '--paths <N>', description: 'number of price paths (even with antithetic pairs)', default: '100000' },
      { flags: '--seed <S>', description: 'seed of the random generator', default: '1' },
      { flags: '--workers <N>', description: 'worker threads (default: automatic)' },
      { flags: '--no-antithetic', description: 'plain Monte Carlo instead of antithetic pairs (W and -W)' },
      {
        flags: '--view <VIEW>',
        description: 'which table for csv (default tranches)',
        choices: ['tranches', 'summary', 'inputs'],
      },
      SET,
      FORMAT,
      OUTPUT,
      MANIFEST,
    ],
    examples: ['chipsforequity value scenarios/meta-amd-base.yaml', 'chipsforequity value scenarios/openai-amd.yaml --paths 200000 --seed 7 --format csv'],
    load: () => import('./commands/value.js'),
  },
  {
    name: 'report',
    args: '<FILE>',
    summary: 'one self-contained HTML page: headline, charts, tables, inputs (SPEC §8)',
    options: [
      OUTPUT,
      { flags: '--paths <N>', description: 'add the Monte Carlo part: fan chart, savings histogram, vest probabilities' },
      { flags: '--seed <S>', description: 'seed of the random generator (with --paths; default 1)' },
      { flags: '--workers <N>', description: 'worker threads for --paths (default: automatic)' },
      SET,
    ],
    examples: ['chipsforequity report scenarios/meta-amd-base.yaml --output report.html', 'chipsforequity report scenarios/meta-amd-uncertain.yaml --paths 10000 --output uncertain.html'],
    load: () => import('./commands/report.js'),
  },
  {
    name: 'validate',
    args: '<FILE...>',
    summary: 'check scenario files and print every error',
    options: [SET],
    examples: [
      'chipsforequity validate scenarios/*.yaml',
      'chipsforequity validate my.yaml --set share_price.cagr=0.3',
    ],
    load: () => import('./commands/validate.js'),
  },
  {
    name: 'schema',
    args: '',
    summary: 'print the JSON Schema of the scenario file (for editors)',
    options: [OUTPUT],
    examples: [
      'chipsforequity schema -o scenario.schema.json',
    ],
    load: () => import('./commands/schema.js'),
  },
  {
    name: 'init',
    args: '[FILE]',
    summary: 'write a commented starter scenario (refuses to overwrite; - or no FILE prints it)',
    options: [],
    examples: [
      'chipsforequity init my.yaml && chipsforequity validate my.yaml',
    ],
    load: () => import('./commands/init.js'),
  },
  {
    name: 'completion',
    args: '<SHELL>',
    summary: 'print a tab-completion script for bash, zsh or fish',
    options: [],
    examples: [
      'source <(chipsforequity completion bash)          # bash, this shell',
      'chipsforequity completion zsh > "${fpath[1]}/_chipsforequity"',
      'chipsforequity completion fish > ~/.config/fish/completions/chipsforequity.fish',
    ],
    load: () => import('./commands/completion.js'),
  },
];

/** The command table as the completion scripts need it (commands/completion.ts). */
export function completionCommands(): import('./commands/completion.js').CompletionCommand[] {
  return COMMANDS.map((spec) => {
    const options = [...spec.options, ...COMMON];
    const flags = options.flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-')));
    const long = (o: OptionSpec) => o.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!;
    const choices: Record<string, string[]> = {};
    for (const o of options) if (o.choices) choices[long(o)] = o.choices;
    return {
      name: spec.name,
      summary: spec.summary,
      flags,
      choices,
      valued: options.filter((o) => o.flags.includes('<')).map(long),
    };
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return previous ? [...previous, value] : [value];
}

function readVersion(): string {
  // Kept in step with package.json by a test (tests/cli/bin.test.ts).
  return TOOL_VERSION;
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('chipsforequity')
    .description(
      'What chips-for-equity hardware really costs once the warrant is counted, against an all-Nvidia baseline. Exact to the cent.',
    )
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(terminalText(s)),
      writeErr: (s) => io.stderr.write(terminalText(s)),
      // one prefix for every usage error, commander's own included: `chipsforequity: message`
      outputError: (s, write) => write(terminalText(s.replace(/^error: /, 'chipsforequity: '))),
    })
    .exitOverride();

  program.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  $ chipsforequity model scenarios/meta-amd-base.yaml',
      '  $ chipsforequity compare scenarios/meta-amd-base.yaml scenarios/meta-amd-bull.yaml',
      '  $ chipsforequity init my.yaml',
      '',
      'Run chipsforequity COMMAND --help for its options and examples.',
      'docs/model.md explains the model and every metric; docs/sources.md the sources.',
    ].join('\n'),
  );
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.args ? `${spec.name} ${spec.args}` : spec.name).description(spec.summary);
    for (const o of [...spec.options, ...COMMON]) {
      const option = new Option(o.flags, o.description);
      if (o.repeatable) option.argParser(collect);
      if (o.default !== undefined) option.default(o.default);
      cmd.addOption(option);
    }
    // issue 12: every command that reads scenarios can confine `extends` to one directory
    if (spec.options.includes(SET)) cmd.addOption(new Option(EXTENDS_ROOT.flags, EXTENDS_ROOT.description));
    cmd.addHelpText('after', helpFooter(spec));
    cmd.exitOverride();
    cmd.action(async (...actionArgs: unknown[]) => {
      // commander passes the positional arguments, then the options object, then the command.
      const command = actionArgs[actionArgs.length - 1] as Command;
      const options = normalizeOptions(spec, command, io);
      const positional = (command.args as string[]).slice();
      await prepareRun(spec, positional, options);
      const module = await spec.load();
      const code = await module.run(positional, options, io);
      setExit(typeof code === 'number' ? code : EXIT_OK);
    });
  }
  return program;
}

/** What `COMMAND --help` prints after the options: examples, then the metric names it accepts. */
function helpFooter(spec: CommandSpec): string {
  const lines = ['', 'Examples:', ...spec.examples.map((e) => `  $ ${e}`)];
  if (spec.options.some((o) => o === METRIC || o === METRICS)) {
    lines.push('', 'Metrics (docs/model.md defines each one):', ...wrapWords(METRIC_NAMES, 78, '  '));
  }
  return lines.join('\n');
}

function wrapWords(words: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const [i, word] of words.entries()) {
    const piece = `${word}${i < words.length - 1 ? ',' : ''}`;
    if (line.length > indent.length && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${piece}` : piece;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}

/**
 * The conventions every command shares, applied once before it runs (clig.dev):
 * - `--quiet` and `--no-color` set on `io`;
 * - a `choices` option with another value is a usage error with a did-you-mean;
 * - `-o FILE.csv|.json|.md|.markdown` picks the format when `--format` is not given; a clash with
 *   an explicit `--format` is a usage error (another extension, e.g. `.txt`, keeps the default);
 * - `--set` of the same PATH twice is a usage error, as `--vary` is in sweep and tornado.
 */
export function normalizeOptions(spec: CommandSpec, command: Command, io: Io): Record<string, unknown> {
  const options = { ...command.opts() };
  if (options['quiet'] === true) {
    io.quiet = true;
    io.stderrIsTTY = false; // no progress bar
  }
  if (options['color'] === false) io.color = false;
  for (const o of spec.options) {
    if (!o.choices) continue;
    const key = command.options.find((opt) => opt.flags === o.flags)?.attributeName();
    const value = key === undefined ? undefined : options[key];
    if (typeof value !== 'string' || o.choices.includes(value)) continue;
    const flag = o.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!;
    const near = nearest(value, o.choices);
    const what = flag.slice(2);
    throw new UsageError(
      `${flag} ${value}: unknown ${what}${near ? ` (did you mean "${near}"?)` : ''}; known ${what}s: ${o.choices.join(', ')}`,
    );
  }
  // a command's --format may be FORMAT itself or a copy with its own choices (sweep adds heatmap)
  const formatOption = spec.options.find((o) => o.flags === FORMAT.flags);
  if (spec.name === 'schema' && typeof options['output'] === 'string') {
    // `schema` writes JSON only: `-o schema.csv` would be a JSON file under a misleading name
    const match = /\.[A-Za-z]+$/.exec(options['output']);
    const inferred = match ? FORMAT_OF_EXTENSION[match[0].toLowerCase()] : undefined;
    if (inferred !== undefined && inferred !== 'json') {
      throw new UsageError(`--output ${options['output']}: ${spec.name} writes JSON only; name the file .json`);
    }
  }
  if (formatOption !== undefined) {
    const output = typeof options['output'] === 'string' ? options['output'] : undefined;
    const match = output === undefined ? null : /\.[A-Za-z]+$/.exec(output);
    const inferred = match ? FORMAT_OF_EXTENSION[match[0].toLowerCase()] : undefined;
    if (inferred !== undefined && formatOption.choices !== undefined && !formatOption.choices.includes(inferred)) {
      throw new UsageError(`--output ${output}: ${spec.name} writes ${formatOption.choices.join(', ')}, not ${inferred}; name the file for one of them`);
    }
    if (options['format'] === undefined) options['format'] = inferred ?? 'table';
    else if (inferred !== undefined && inferred !== options['format']) {
      throw new UsageError(
        `--output ${output} asks for ${inferred} by its extension but --format is ${String(options['format'])}; drop one of them or make them agree`,
      );
    }
  }
  const sets = Array.isArray(options['set']) ? (options['set'] as string[]) : [];
  const seen = new Set<string>();
  for (const assignment of sets) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) continue; // the loader words a malformed --set
    const path = assignment.slice(0, eq).trim();
    if (seen.has(path)) throw new UsageError(`--set ${path} is given twice; give each path one value`);
    seen.add(path);
  }
  return options;
}

/** Prints one plain line for a failure and returns its exit code. */
export function reportFailure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return EXIT_OK;
    }
    // commander already printed its message
    return EXIT_USAGE;
  }
  // messages quote option values and file names: neutralised for the terminal (issue 12)
  if (error instanceof UsageError) {
    io.stderr.write(`chipsforequity: ${terminalText(error.message)}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof RunError) {
    io.stderr.write(`chipsforequity: ${terminalText(error.message)}\n`);
    return EXIT_INVALID;
  }
  if (error instanceof ScenarioError) {
    io.stderr.write(`${formatIssues(error.issues)}\n`);
    return EXIT_INVALID;
  }
  const detail = terminalText(error instanceof Error ? error.message : String(error));
  io.stderr.write(
    `chipsforequity: internal error (${detail.split('\n')[0]}); please report it with the command and scenario that caused it\n`,
  );
  if (process.env['CHIPSFOREQUITY_DEBUG']) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return EXIT_INVALID;
}

/** Entry point used by bin/chipsforequity. Sets process.exitCode; never throws. */
export async function main(argv: string[]): Promise<void> {
  const { processIo } = await import('./io.js');
  const io = processIo();
  installPipeGuard();
  process.exitCode = await runCli(argv, io);
}

/**
 * Runs one command line against `io` and resolves to its exit code (0, 1 or 2); never throws and
 * never touches process.exitCode, so tests (e.g. tests/fuzz) can drive the CLI in-process with an
 * injected {@link Io}, exactly as bin/chipsforequity does through {@link main}.
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let exit = EXIT_OK;
  // the command line as given, for the manifest of every JSON output (SPEC §9)
  io = { ...io, argv: [...argv] };
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      exit = EXIT_USAGE;
    } else {
      await program.parseAsync(argv, { from: 'user' });
    }
  } catch (error) {
    exit = reportFailure(error, io);
  }
  return exit;
}

/**
 * The one stdout error path (issue 12). A closed stdout (`| head -n 1`) ends the program quietly
 * with the exit code it already has; any other write error (`> /dev/full`, an I/O error) is one
 * plain line on stderr and exit 1, never an uncaught exception. A failing stderr ends the program
 * with its exit code (there is nowhere left to report to).
 */
function installPipeGuard(): void {
  let failed = false;
  const stdoutFailed = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (failed) return;
    failed = true;
    void import('./io.js').then(({ describeFsError, removePendingTemporaryFiles }) => {
      removePendingTemporaryFiles();
      try {
        process.stderr.write(`chipsforequity: cannot write standard output: ${describeFsError(error)}\n`);
      } catch {
        /* stderr is gone too */
      }
      process.exit(EXIT_INVALID);
    });
  };
  process.stdout.on('error', stdoutFailed);
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? process.exitCode ?? 0 : (process.exitCode ?? EXIT_INVALID) || EXIT_INVALID);
  });
}
