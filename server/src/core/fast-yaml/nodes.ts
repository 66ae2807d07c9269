/**
 * Light stand-ins for yaml's node classes (YAMLMap, YAMLSeq, Pair, Scalar), built by the
 * fast path (lexer-document.ts). They carry exactly what the core reads from a parsed
 * document (see analyze.ts, model/*, schema/validate.ts): `items`, `key`, `value`, `type`,
 * `range` and `flow`, and they answer yaml's own `isMap` / `isSeq` / `isPair` / `isScalar` /
 * `isNode` / `isCollection`, because those test a symbol (`Symbol.for('yaml.node.type')`)
 * that these classes carry on their prototypes.
 *
 * Why not yaml's classes: their constructors define that symbol per instance with
 * Object.defineProperty and set several other fields, which costs more than the whole rest
 * of building the tree. Nothing in the core calls a node method, so a plain shape suffices.
 * They are deliberately not exported beyond the fast path: code that needs yaml's methods
 * (toJS, toString, …) must use the full parse.
 */

const NODE_TYPE = Symbol.for('yaml.node.type');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

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

// On the prototypes, not per instance: yaml's identity tests read the property through the chain.
Object.defineProperty(FastScalar.prototype, NODE_TYPE, { value: SCALAR });
Object.defineProperty(FastPair.prototype, NODE_TYPE, { value: PAIR });
Object.defineProperty(FastMap.prototype, NODE_TYPE, { value: MAP });
Object.defineProperty(FastSeq.prototype, NODE_TYPE, { value: SEQ });
