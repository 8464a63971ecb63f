/**
 * The scenario's inputs as a view: every value as written (after `extends` and `--set`), with the
 * file and line it came from — the report's "assumptions" section.
 */
import type { RawNode, RawScenario } from '../scenario/index.js';
import { column, type View } from './view.js';

export function inputsView(raw: RawScenario): View {
  const rows: string[][] = [];
  const walk = (node: RawNode, path: string) => {
    switch (node.kind) {
      case 'scalar': {
        const where = node.loc.line === undefined ? node.loc.source : `${node.loc.source}:${node.loc.line}`;
        rows.push([path, node.text, where]);
        return;
      }
      case 'list':
        if (node.items.length === 0) rows.push([path, '[]', node.loc.line === undefined ? node.loc.source : `${node.loc.source}:${node.loc.line}`]);
        node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
        return;
      case 'map':
        for (const [key, entry] of node.entries) walk(entry.value, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(raw.root, '');
  return {
    name: 'inputs',
    title: 'Inputs: the scenario as read (after extends and --set)',
    columns: [column('path', 'path', 'text'), column('value', 'value', 'text'), column('source', 'from', 'text')],
    rows,
  };
}
