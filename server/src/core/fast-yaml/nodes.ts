/**
 * Light nodes built by the fast path (collections.ts, scalars.ts): a map, sequence, pair and scalar
 * carrying exactly what the core reads from a parsed document (`items`, `key`, `value`,
 * `type`, `range`, `flow`), which is the node interface of ../yaml-nodes.ts that yaml's own
 * nodes satisfy too.
 *
 * Why not yaml's classes: their constructors define a node-type symbol per instance with
 * Object.defineProperty and set several other fields, which costs more than the whole rest
 * of building the tree. Nothing in the core calls a node method, so a plain shape suffices;
 * ../yaml-nodes.ts tells the kinds apart (instanceof here, yaml's isMap & co. there).
 */

/** [start, valueEnd, nodeEnd], exactly as yaml's composer sets `range`. */
export type Range = [number, number, number];

export type FastNode = FastScalar | FastMap | FastSeq;

export class FastScalar {
  /** The resolved value (core schema): string, null, boolean or number. */
  value: unknown;
  /** Scalar.PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_FOLDED or BLOCK_LITERAL. */
  type: string;
  range: Range;
  constructor(value: unknown, type: string, range: Range) {
    this.value = value;
    this.type = type;
    this.range = range;
  }
}

export class FastPair {
  key: FastScalar;
  value: FastNode | null;
  constructor(key: FastScalar) {
    this.key = key;
    this.value = null;
  }
}

export class FastMap {
  items: FastPair[] = [];
  range: Range;
  /** Block mappings only (flow mappings are left to the full parse). */
  flow = false;
  constructor(range: Range) {
    this.range = range;
  }
}

export class FastSeq {
  items: FastNode[] = [];
  range: Range;
  flow: boolean;
  constructor(range: Range, flow: boolean) {
    this.range = range;
    this.flow = flow;
  }
}
