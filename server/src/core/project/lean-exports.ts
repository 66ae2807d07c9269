/**
 * The compact form of a file's exports, for the language server's closed files and for
 * exports crossing between threads (the CLI's lint workers, the server's index workers).
 * (The see-also facts the server keeps beside them: services/lean-facts.ts.)
 *
 * A closed file costs only this: its ids, term uses and see-also entries as
 * small objects whose locations are rebuilt on demand from four numbers, with
 * strings copied out of the file's text (a V8 substring otherwise keeps the
 * whole text alive) and term names shared between files. The objects satisfy
 * the core's FileExports / IdEntry / TermUse types, so the core's ProjectIndex
 * and rules read them unchanged.
 *
 * The packed form (plain arrays and Int32Arrays) is what a worker thread sends
 * to the main thread: cheap to structured-clone, unpacked into the lean objects.
 */
import type { FileExports, IdEntry, TermEntry, TermUse } from './exports';
import type { FileKind, Location, Position } from '../types';
import { ownCopy } from '../strings';

// ------------------------------------------------------------------ strings

const INTERN_LIMIT = 50_000;
let interned = new Map<string, string>();

/** One shared, ownCopyed copy per distinct value (term keys and names repeat in every playbook). */
export function intern(s: string): string {
  const found = interned.get(s);
  if (found !== undefined) return found;
  // Typing creates new partial names forever; a full table simply starts over (sharing is an optimisation).
  if (interned.size >= INTERN_LIMIT) interned = new Map();
  const copy = ownCopy(s);
  interned.set(copy, copy);
  return copy;
}

// ------------------------------------------------------------------ lean objects

/**
 * A position in one number: line * 65536 + character (a small integer for lines below
 * 32768), or, for a character past 65535, -(line * 2^32 + character) - 1. Exact either way.
 */
export function packPosition(line: number, character: number): number {
  return character < 65536 ? line * 65536 + character : -(line * 4294967296 + character) - 1;
}

export function unpackPosition(n: number): Position {
  if (n >= 0) return { line: Math.floor(n / 65536), character: n % 65536 };
  const m = -n - 1;
  return { line: Math.floor(m / 4294967296), character: m % 4294967296 };
}

export function locationOf(path: string, start: number, end: number): Location {
  return { path, range: { start: unpackPosition(start), end: unpackPosition(end) } };
}

export class IdRef implements IdEntry {
  constructor(
    readonly id: string,
    readonly kind: 'stage' | 'tactic',
    readonly label: string | undefined,
    readonly path: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get location(): Location {
    return locationOf(this.path, this.start, this.end);
  }

  /** Writes the range as putRange does, straight from the packed positions (no Location made). */
  putRange(pos: Int32Array, i: number): void {
    putPosition(pos, i * 4, this.start);
    putPosition(pos, i * 4 + 2, this.end);
  }
}

function putPosition(pos: Int32Array, at: number, packed: number): void {
  const p = packed >= 0 ? packed : -packed - 1;
  const unit = packed >= 0 ? 65536 : 4294967296;
  pos[at] = Math.floor(p / unit);
  pos[at + 1] = p % unit;
}

export class UseRef implements TermUse {
  constructor(
    readonly key: string,
    readonly name: string,
    readonly path: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get location(): Location {
    return locationOf(this.path, this.start, this.end);
  }
}

/**
 * A file's exports as the workspace keeps them. Its term uses, the most numerous entries
 * (every `[[…]]` of every playbook), stay packed and become objects only when asked for:
 * the index's use table, references and rename ask rarely, and only the table keeps them
 * (until the next change).
 */
class LeanExports implements FileExports {
  insertion?: FileExports['insertion'];
  readonly #useKeys: string[];
  readonly #useNames: string[];
  readonly #usePos: Int32Array;

  constructor(
    readonly path: string,
    readonly kind: FileKind,
    readonly terms: TermEntry[],
    readonly ids: IdEntry[],
    readonly seeAlso: string[],
    useKeys: string[],
    useNames: string[],
    usePos: Int32Array,
  ) {
    this.#useKeys = useKeys;
    this.#useNames = useNames;
    this.#usePos = usePos;
  }

  get termUses(): TermUse[] {
    const n = this.#useKeys.length;
    const out: TermUse[] = new Array(n);
    const p = this.#usePos;
    for (let i = 0; i < n; i++) {
      const o = i * 4;
      out[i] = new UseRef(this.#useKeys[i], this.#useNames[i], this.path, packPosition(p[o], p[o + 1]), packPosition(p[o + 2], p[o + 3]));
    }
    return out;
  }
}

/** The fields of FileExports this module knows; others are carried over as they are. */
const KNOWN = new Set(['path', 'kind', 'terms', 'ids', 'termUses', 'seeAlso', 'insertion']);

function extraOf(e: object): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(e)) if (!KNOWN.has(k)) (extra ??= {})[k] = v;
  return extra;
}

function leanLocation(l: Location, path: string): Location {
  return {
    path,
    range: { start: { line: l.range.start.line, character: l.range.start.character }, end: { line: l.range.end.line, character: l.range.end.character } },
  };
}

/** Vocabulary entries stay plain objects (few, and rules compare them by identity); only their strings are compacted. */
function leanTerm(t: TermEntry, path: string): TermEntry {
  // Each field by name (a spread is several times slower, and a vocabulary can hold tens of thousands of entries).
  return {
    name: intern(t.name),
    key: intern(t.key),
    term: intern(t.term),
    termKey: intern(t.termKey),
    isAlias: t.isAlias,
    location: leanLocation(t.location, path),
    entryLocation: leanLocation(t.entryLocation, path),
    definition: ownCopy(t.definition),
    example: ownCopy(t.example),
    aliases: t.aliases.map(intern),
    seeAlso: t.seeAlso.map(intern),
  };
}

/** The lean copy of exports computed in this thread (from an analysis whose text it must not keep). */
export function leanExports(e: FileExports): FileExports {
  const packed = packExports(e);
  return unpack(packed, packed.terms);
}

// ------------------------------------------------------------------ packed (between threads)

/** Exports as plain arrays, every string already compact and ownCopyed from the file's text (see ownCopy). */
export interface PackedExports {
  path: string;
  kind: FileKind;
  terms: TermEntry[];
  ids: string[];
  /** 0 stage, 1 tactic */
  idKinds: Uint8Array;
  idLabels: (string | null)[];
  /** start line, start character, end line, end character per id */
  idPos: Int32Array;
  useKeys: string[];
  useNames: string[];
  usePos: Int32Array;
  seeAlso: string[];
  insertion?: { position: Position; indent: string; needsLeadingNewline: boolean };
  extra?: Record<string, unknown>;
}

export function putRange(pos: Int32Array, i: number, l: Location): void {
  const r = l.range;
  pos[i * 4] = r.start.line;
  pos[i * 4 + 1] = r.start.character;
  pos[i * 4 + 2] = r.end.line;
  pos[i * 4 + 3] = r.end.character;
}

export function packExports(e: FileExports): PackedExports {
  const idPos = new Int32Array(e.ids.length * 4);
  // An IdRef (lean exports) has its range packed and its strings compact already: nothing to copy.
  e.ids.forEach((i, n) => (i instanceof IdRef ? i.putRange(idPos, n) : putRange(idPos, n, i.location)));
  const usePos = new Int32Array(e.termUses.length * 4);
  e.termUses.forEach((u, n) => putRange(usePos, n, u.location));
  const out: PackedExports = {
    path: e.path,
    kind: e.kind,
    terms: e.terms.map((t) => leanTerm(t, e.path)),
    ids: e.ids.map((i) => (i instanceof IdRef ? i.id : ownCopy(i.id))),
    idKinds: Uint8Array.from(e.ids, (i) => (i.kind === 'stage' ? 0 : 1)),
    idLabels: e.ids.map((i) => (i.label === undefined ? null : i instanceof IdRef ? i.label : ownCopy(i.label))),
    idPos,
    useKeys: e.termUses.map((u) => intern(u.key)),
    useNames: e.termUses.map((u) => intern(u.name)),
    usePos,
    seeAlso: e.seeAlso.map((x) => ownCopy(x)),
  };
  if (e.insertion)
    out.insertion = { position: { ...e.insertion.position }, indent: ownCopy(e.insertion.indent), needsLeadingNewline: e.insertion.needsLeadingNewline };
  const extra = extraOf(e);
  if (extra) out.extra = structuredClone(extra);
  return out;
}

/** Lean exports from the packed form (made in this thread or cloned from another). */
export function unpackExports(p: PackedExports): FileExports {
  return unpack(
    p,
    p.terms.map((t) => leanTerm(t, p.path)),
  );
}

/** `terms`: the packed entries made lean and interned in this thread (packExports here just now has done it). */
function unpack(p: PackedExports, terms: TermEntry[]): FileExports {
  const path = p.path;
  const ids: IdEntry[] = new Array(p.ids.length);
  const ip = p.idPos;
  for (let i = 0; i < ids.length; i++) {
    const o = i * 4;
    const label = p.idLabels[i];
    ids[i] = new IdRef(
      p.ids[i],
      p.idKinds[i] === 0 ? 'stage' : 'tactic',
      label === null ? undefined : label,
      path,
      packPosition(ip[o], ip[o + 1]),
      packPosition(ip[o + 2], ip[o + 3]),
    );
  }
  // Interned again: from another thread each batch brings its own copies.
  const out = new LeanExports(path, p.kind, terms, ids, p.seeAlso, p.useKeys.map(intern), p.useNames.map(intern), p.usePos);
  if (p.insertion) out.insertion = p.insertion;
  if (p.extra) Object.assign(out, p.extra);
  return out;
}

/** What the project rules of a playbook read of the other playbooks: ids and see-also (packed). */
export interface PackedIds {
  path: string;
  kind: FileKind;
  ids: string[];
  idKinds: Uint8Array;
  idLabels: (string | null)[];
  idPos: Int32Array;
  seeAlso: string[];
}

export function packIds(e: FileExports): PackedIds {
  const p = packExports({ ...e, terms: [], termUses: [] });
  return { path: p.path, kind: p.kind, ids: p.ids, idKinds: p.idKinds, idLabels: p.idLabels, idPos: p.idPos, seeAlso: p.seeAlso };
}

export function unpackIds(p: PackedIds): FileExports {
  return unpackExports({ ...p, terms: [], useKeys: [], useNames: [], usePos: new Int32Array(0) });
}
