/**
 * Text for a person's terminal (issue 12): the one place where user-controlled text (scenario
 * names, labels, keys, values, file names, option values) is neutralised before it is printed in
 * a table, an error, a warning or a progress line. A control character in a name must never
 * retitle, clear or recolour the reader's terminal, and a newline in a file name must never split
 * the `file:line:col` line. csv and json keep the data exact; they never pass through here.
 *
 * Every C0 and C1 control character, DEL, and the bidirectional overrides and isolates (which can
 * reorder what a line appears to say, "Trojan Source") are written as visible escapes: `\n`, `\r`,
 * `\t`, `\x1b`, `\u202e`. Text without them is returned unchanged (the same string).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeCharacter(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = c.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
}

/** One line for a terminal: every control character, line breaks and tabs included, escaped. */
export function terminalLine(text: string): string {
  UNSAFE_IN_LINE.lastIndex = 0;
  return UNSAFE_IN_LINE.test(text) ? text.replace(UNSAFE_IN_LINE, escapeCharacter) : text;
}

/** Several lines for a terminal: as {@link terminalLine}, but `\n` is kept as a line break. */
export function terminalText(text: string): string {
  UNSAFE_IN_TEXT.lastIndex = 0;
  return UNSAFE_IN_TEXT.test(text) ? text.replace(UNSAFE_IN_TEXT, escapeCharacter) : text;
}
