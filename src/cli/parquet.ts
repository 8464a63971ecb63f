/**
 * `--format parquet` (SPEC §10): rows of typed cells written as Apache Parquet, streamed one row
 * group at a time (so memory stays flat) through `hyparquet-writer` (pure JavaScript, exact
 * DECIMAL columns from bigint unscaled values) into the same atomic file writer as every other
 * output: the file is whole or not written.
 *
 * Column types, chosen so that DuckDB, pandas/pyarrow and Spark read every value exactly:
 * - money: DECIMAL(38, 2); `effective_discount` and other ratios: DECIMAL(38, 6); counts: INT64;
 * - a number column of a known scale (a `--vary` axis): DECIMAL(38, scale) of its values' most
 *   decimals, or its text when the values do not fit;
 * - dates: DATE (days since 1970-01-01, the engine's own day numbers);
 * - text (and exact decimal texts such as a sale price with every digit the engine used): UTF-8;
 * - a float64 sample (an uncertain input's draw): DOUBLE, which holds it exactly.
 * Empty cells are nulls. The file's key-value metadata carries a `chipsforequity` entry (the
 * tool, its version and the run's shard) for whoever reads the file later.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { Decimal, decimalOfScaled, scaledText } from '../money/index.js';
import { SCALED_PLACES, type Cell, type Column, type ColumnKind, type TypedCell } from '../report/view.js';
import type { AtomicFileWriter } from './io.js';

/** How one Parquet column is written. */
export type ParquetColumnType = { kind: 'int64' } | { kind: 'decimal'; scale: number } | { kind: 'date' } | { kind: 'string' } | { kind: 'double' };

/** Rows per row group: about 10 MB of buffered cells for a 7-column sweep. */
export const ROW_GROUP_ROWS = 100_000;

const PRECISION = 38;
/** 10^38: the bound of a DECIMAL(38, s) unscaled value. */
const DECIMAL_LIMIT = 10n ** 38n;

/** The Parquet type of a report column (its kind and, for plain decimals, a known scale). */
export function parquetTypeOf(column: Column, scale?: number): ParquetColumnType {
  switch (column.kind) {
    case 'count':
      return { kind: 'int64' };
    case 'money':
      return { kind: 'decimal', scale: 2 };
    case 'ratio':
      return { kind: 'decimal', scale: column.places ?? 6 };
    case 'date':
      return { kind: 'date' };
    case 'decimal':
      return scale !== undefined && scale <= PRECISION ? { kind: 'decimal', scale } : { kind: 'string' };
    case 'text':
      return { kind: 'string' };
  }
}

function schemaElement(name: string, type: ParquetColumnType): Record<string, unknown> {
  const optional = { repetition_type: 'OPTIONAL' };
  switch (type.kind) {
    case 'int64':
      return { name, type: 'INT64', ...optional };
    case 'double':
      return { name, type: 'DOUBLE', ...optional };
    case 'date':
      return { name, type: 'INT32', converted_type: 'DATE', ...optional };
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', ...optional };
    case 'decimal':
      return {
        name,
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: 16,
        converted_type: 'DECIMAL',
        scale: type.scale,
        precision: PRECISION,
        logical_type: { type: 'DECIMAL', scale: type.scale, precision: PRECISION },
        ...optional,
      };
  }
}

/** A hyparquet Writer that hands each flushed buffer to the atomic file writer. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly file: AtomicFileWriter) {
    super(1 << 20);
  }
  flush(): void {
    if (this.index > 0) this.file.write(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
}

function plainValue(cell: Cell): Cell {
  return cell !== null && typeof cell === 'object' && !Decimal.isDecimal(cell) ? (cell as TypedCell).value : cell;
}

/** A cell as the value its column type stores (null for an empty cell). */
function parquetValue(cell: Cell, type: ParquetColumnType, name: string, kind: ColumnKind): unknown {
  let value = plainValue(cell);
  if (value === null || value === '') return null;
  if (typeof value === 'bigint') {
    const places = SCALED_PLACES[kind] ?? 0;
    // integer cents (millionths, a count) at the column's scale: the unscaled value by a shift
    if (type.kind === 'decimal' && type.scale >= places) {
      const unscaled = value * 10n ** BigInt(type.scale - places);
      if (unscaled >= DECIMAL_LIMIT || unscaled <= -DECIMAL_LIMIT) throw new RangeError(`parquet: ${name} value ${scaledText(value, places)} does not fit DECIMAL(38, ${type.scale})`);
      return unscaled;
    }
    if (type.kind === 'int64' && places === 0) return value;
    value = decimalOfScaled(value, places);
  }
  switch (type.kind) {
    case 'int64':
      return BigInt(Decimal.isDecimal(value) ? (value as Decimal).toFixed(0) : String(value));
    case 'double':
      return typeof value === 'number' ? value : Number(String(value));
    case 'date':
      return typeof value === 'number' ? value : null;
    case 'string':
      return Decimal.isDecimal(value) ? (value as Decimal).toFixed() : String(value);
    case 'decimal': {
      const exact = Decimal.isDecimal(value) ? (value as Decimal) : new Decimal(String(value));
      if (exact.decimalPlaces() > type.scale) throw new RangeError(`parquet: ${name} value ${exact.toFixed()} has more than ${type.scale} decimals`);
      // the digits of the value at the column's scale, read as the unscaled integer (no arithmetic)
      const unscaled = BigInt(exact.toFixed(type.scale).replace('.', ''));
      if (unscaled >= DECIMAL_LIMIT || unscaled <= -DECIMAL_LIMIT) throw new RangeError(`parquet: ${name} value ${exact.toFixed()} does not fit DECIMAL(38, ${type.scale})`);
      return unscaled;
    }
  }
}

/** A streaming Parquet table: `add` rows, `finish` once. */
export class ParquetRowWriter {
  private readonly writer: ParquetWriter;
  private readonly buffers: unknown[][];
  private rows = 0;

  constructor(
    file: AtomicFileWriter,
    private readonly names: readonly string[],
    private readonly types: readonly ParquetColumnType[],
    metadata: Record<string, string> = {},
    /** each column's report kind: how a bigint cell is scaled (cents in money, see report/view.ts) */
    private readonly kinds: readonly ColumnKind[] = [],
  ) {
    const schema = [{ name: 'root', num_children: names.length }, ...names.map((n, i) => schemaElement(n, types[i]!))];
    this.writer = new ParquetWriter({
      writer: new FileByteWriter(file),
      schema: schema as never,
      kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      createdBy: 'chipsforequity (hyparquet-writer)',
    });
    this.buffers = names.map(() => []);
  }

  /** One row, one cell per column. */
  add(cells: readonly Cell[]): void {
    for (let c = 0; c < this.names.length; c++) this.buffers[c]!.push(parquetValue(cells[c] ?? null, this.types[c]!, this.names[c]!, this.kinds[c] ?? 'decimal'));
    if (++this.rows === ROW_GROUP_ROWS) this.flushGroup();
  }

  private flushGroup(): void {
    if (this.rows === 0) return;
    void this.writer.write({
      columnData: this.names.map((name, c) => ({ name, data: this.buffers[c]! as never })),
      rowGroupSize: this.rows,
    });
    for (const b of this.buffers) b.length = 0;
    this.rows = 0;
  }

  /** Writes the last row group and the footer. */
  finish(): void {
    this.flushGroup();
    void this.writer.finish();
  }
}

/** The decimals of an exact decimal text or value (0 for integers). */
export function decimalsOf(value: Decimal): number {
  return Math.max(0, value.decimalPlaces());
}
