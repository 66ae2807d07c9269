/**
 * Editor URIs of any scheme ⇄ the absolute posix paths the workspace works
 * with. In the browser the workspace is rarely `file:` (github.dev:
 * `vscode-vfs://github/owner/repo/…`, code-server: `vscode-remote://host/…`,
 * `tmp:/…`): such a URI becomes `/<scheme>:<authority>/<its path>`, one
 * folder per file system, so project roots, globs and relative paths work
 * as on disk. `file:` URIs keep their own path.
 */
const URI = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/;

export function webUriToPath(uri: string): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = URI.exec(uri);
  if (!m) return undefined;
  const [, scheme, authority = '', rawPath] = m;
  let p: string;
  try {
    p = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.length > 1 ? p.replace(/\/+$/, '') : p;
  if (scheme.toLowerCase() === 'file') return p;
  return `/${scheme}:${decodeURIComponent(authority)}${p === '/' ? '' : p}`;
}

/** The inverse of webUriToPath, for paths no URI is known for (the client's own spelling is used when known). */
export function webPathToUri(path: string): string {
  const m = /^\/([a-zA-Z][\w+.-]*):([^/]*)(\/.*)?$/.exec(path);
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (!m) return `file://${encode(path)}`;
  const [, scheme, authority, rest = '/'] = m;
  return `${scheme}://${authority}${encode(rest)}`;
}
