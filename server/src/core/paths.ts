/**
 * Path helpers for the POSIX-style absolute paths the core and services use (the Node host
 * converts at its edge), without Node's `path` module: the services also run where there is
 * no Node (a browser worker).
 */

/**
 * Is `file` a plain path under the folder `dir` (no `.`, `..` or empty segment, `dir` not the root)? Then it is
 * inside by its prefix alone, and relative to `dir` it is its tail: what `path.relative` answers, without resolving
 * both paths again for every file of a run. False says nothing: the caller asks `path.relative`.
 */
export function plainlyUnder(dir: string, file: string): boolean {
  return dir.length > 1 && file.startsWith(`${dir}/`) && !/\/\.{0,2}(?:\/|$)/.test(file);
}

/** The folder of a path, as `path.posix.dirname` gives it for absolute paths. */
export function dirName(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const slash = path.lastIndexOf('/', end - 1);
  if (slash < 0) return '.';
  if (slash === 0) return '/';
  return path.slice(0, slash);
}

/** A `file:` URL for an absolute path, encoded as Node's `pathToFileURL` encodes it. */
export function fileUrl(path: string): string {
  const url = new URL('file:///');
  // The characters Node's pathToFileURL encodes beyond what the URL path setter does.
  url.pathname = path.replace(/[%\\\n\r\t[\]^|~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return url.href;
}
