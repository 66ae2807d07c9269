/**
 * Fingerprints of the parts of a file's exports that other files' diagnostics
 * read: the workspace compares old and new ones to decide what a change can
 * affect. Exports are never changed once stored, so each fingerprint is
 * computed once per exports object (a keystroke compares the previous
 * keystroke's exports again, and the 30 KB playbook's ids cost a sort each time).
 */
import type { FileExports } from '../core/project/exports';

type Shape = 'terms' | 'termPlaces' | 'ids' | 'idPlaces' | 'playbook' | 'extra';

const memo = new WeakMap<FileExports, Partial<Record<Shape, string>>>();

function cached(e: FileExports | undefined, shape: Shape, compute: (e: FileExports) => string): string {
  if (!e) return '';
  let shapes = memo.get(e);
  if (!shapes) memo.set(e, (shapes = {}));
  return (shapes[shape] ??= compute(e));
}

/** Names a vocabulary defines, with what each means (term, alias). */
export const termShape = (e: FileExports | undefined): string =>
  cached(e, 'terms', (x) =>
    x.terms
      .map((t) => `${t.key}\u0001${t.name}\u0001${t.term}\u0001${t.isAlias ? 1 : 0}`)
      .sort()
      .join('\u0002'),
  );

export const termPlaces = (e: FileExports | undefined): string =>
  cached(e, 'termPlaces', (x) => x.terms.map((t) => `${t.key}@${t.location.range.start.line}:${t.location.range.start.character}`).join('|'));

export const idShape = (e: FileExports | undefined): string =>
  cached(e, 'ids', (x) =>
    x.ids
      .map((i) => `${i.id}\u0001${i.kind}`)
      .sort()
      .join('\u0002'),
  );

export const idPlaces = (e: FileExports | undefined): string =>
  cached(e, 'idPlaces', (x) => x.ids.map((i) => `${i.id}@${i.location.range.start.line}:${i.location.range.start.character}`).join('|'));

/**
 * The same ids, kinds and places in the same order (the usual keystroke): then the id
 * shapes and places are equal too, and nothing needs building or sorting.
 */
export function sameIds(a: FileExports | undefined, b: FileExports | undefined): boolean {
  const x = a?.ids ?? [];
  const y = b?.ids ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].id !== y[i].id || x[i].kind !== y[i].kind) return false;
    const p = x[i].location.range.start;
    const q = y[i].location.range.start;
    if (p.line !== q.line || p.character !== q.character) return false;
  }
  return true;
}

/** Whether a playbook's change can matter to the project rules of other playbooks (see playbookShape). */
export function samePlaybookShape(a: FileExports | undefined, b: FileExports | undefined): boolean {
  if (!a || !b) return a === b;
  if (sameIds(a, b) && a.seeAlso.length === b.seeAlso.length && a.seeAlso.every((s, i) => s === b.seeAlso[i])) return true;
  return playbookShape(a) === playbookShape(b);
}

/** What the project rules of other playbooks read of a playbook: its ids, their places, its see-also. */
export const playbookShape = (e: FileExports | undefined): string =>
  cached(e, 'playbook', (x) => `${idShape(x)}\u0003${idPlaces(x)}\u0003${x.seeAlso.join('\u0001')}`);

const KNOWN_EXPORT_FIELDS = new Set(['path', 'kind', 'terms', 'ids', 'termUses', 'seeAlso', 'insertion']);

/** Fields of FileExports this module does not know yet: any change there re-checks the project. */
export const extraShape = (e: FileExports | undefined): string =>
  cached(e, 'extra', (x) => {
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (!KNOWN_EXPORT_FIELDS.has(k)) extra[k] = v;
    return Object.keys(extra).length ? JSON.stringify(extra) : '';
  });
