/**
 * The compact form of a file's see-also facts, beside its lean exports
 * (core/project/lean-exports.ts, which explains the technique).
 */
import type { Location } from '../core/types';
import { intern, locationOf, packPosition, putRange } from '../core/project/lean-exports';
import { ownCopy } from '../core/strings';
import type { FileFacts, SeeAlsoRef } from './facts';

export class SeeAlsoFact implements SeeAlsoRef {
  constructor(
    readonly name: string,
    readonly key: string,
    readonly target: 'id' | 'term',
    readonly path: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get location(): Location {
    return locationOf(this.path, this.start, this.end);
  }
}

export function leanFacts(f: FileFacts, path: string): FileFacts {
  return unpackFacts(packFacts(f), path);
}

export interface PackedFacts {
  names: string[];
  /** '' when the key is the name */
  keys: string[];
  /** 0 id, 1 term */
  targets: Uint8Array;
  pos: Int32Array;
  hash: number;
  length: number;
}

export function packFacts(f: FileFacts): PackedFacts {
  const pos = new Int32Array(f.seeAlso.length * 4);
  f.seeAlso.forEach((s, n) => putRange(pos, n, s.location));
  return {
    names: f.seeAlso.map((s) => ownCopy(s.name)),
    keys: f.seeAlso.map((s) => (s.key === s.name ? '' : s.target === 'term' ? intern(s.key) : ownCopy(s.key))),
    targets: Uint8Array.from(f.seeAlso, (s) => (s.target === 'id' ? 0 : 1)),
    pos,
    hash: f.hash,
    length: f.length,
  };
}

/**
 * A closed file's facts as the workspace keeps them: packed, its see-also entries made
 * objects only when asked for (navigation and rename ask; each asks once per request).
 */
class LeanFacts implements FileFacts {
  readonly hash: number;
  readonly length: number;
  readonly #packed: PackedFacts;

  constructor(
    packed: PackedFacts,
    private readonly path: string,
  ) {
    // Term keys shared with every other file (a copy that crossed from a worker is its own otherwise).
    for (let i = 0; i < packed.keys.length; i++) if (packed.targets[i] === 1 && packed.keys[i] !== '') packed.keys[i] = intern(packed.keys[i]);
    this.#packed = packed;
    this.hash = packed.hash;
    this.length = packed.length;
  }

  get seeAlso(): SeeAlsoRef[] {
    const p = this.#packed;
    const seeAlso: SeeAlsoRef[] = new Array(p.names.length);
    for (let i = 0; i < seeAlso.length; i++) {
      const o = i * 4;
      const target = p.targets[i] === 0 ? 'id' : 'term';
      const name = p.names[i];
      const key = p.keys[i] === '' ? name : p.keys[i];
      seeAlso[i] = new SeeAlsoFact(name, key, target, this.path, packPosition(p.pos[o], p.pos[o + 1]), packPosition(p.pos[o + 2], p.pos[o + 3]));
    }
    return seeAlso;
  }
}

export function unpackFacts(p: PackedFacts, path: string): FileFacts {
  return new LeanFacts(p, path);
}
