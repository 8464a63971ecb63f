/**
 * The last segment of a path, without importing node:path (the report layer stays free of Node
 * modules so it can run anywhere).
 */
export function basename(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}
