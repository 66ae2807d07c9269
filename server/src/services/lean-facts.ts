/**
 * The compact form of a file's see-also facts, beside its lean exports
 * (core/project/lean-exports.ts, which explains the technique).
 */
import type { Location } from '../core/types';
import { intern, locationOf, ownCopy, packPosition, putRange } from '../core/project/lean-exports';
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

export function unpackFacts(p: PackedFacts, path: string): FileFacts {
  const seeAlso: SeeAlsoRef[] = new Array(p.names.length);
  for (let i = 0; i < seeAlso.length; i++) {
    const o = i * 4;
    const target = p.targets[i] === 0 ? 'id' : 'term';
    const name = p.names[i];
    const key = p.keys[i] === '' ? name : target === 'term' ? intern(p.keys[i]) : p.keys[i];
    seeAlso[i] = new SeeAlsoFact(name, key, target, path, packPosition(p.pos[o], p.pos[o + 1]), packPosition(p.pos[o + 2], p.pos[o + 3]));
  }
  return { seeAlso, hash: p.hash, length: p.length };
}
