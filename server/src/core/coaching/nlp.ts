import { remember } from './bounded-cache';
/**
 * The sentence reader behind the coaching checks: part-of-speech tags, lemmas
 * and negation from wink-nlp with its English lite model (chosen over
 * compromise on accuracy and speed, see docs/coaching.md).
 *
 * - The model is loaded lazily, on the first sentence a coaching rule reads,
 *   and once per process or worker thread (a module-level singleton): a run
 *   with the coaching rules off never pays for it.
 * - Each distinct text is read once: playbooks repeat their phrasing, so the
 *   cache answers most calls (bounded, cleared when full).
 * - Tokens carry offsets into the text as given, so findings point at the
 *   source words.
 */

export type Pos =
  | 'ADJ'
  | 'ADP'
  | 'ADV'
  | 'AUX'
  | 'CCONJ'
  | 'DET'
  | 'INTJ'
  | 'NOUN'
  | 'NUM'
  | 'PART'
  | 'PRON'
  | 'PROPN'
  | 'PUNCT'
  | 'SCONJ'
  | 'SYM'
  | 'VERB'
  | 'X'
  | 'SPACE';

export interface Token {
  /** As written. */
  text: string;
  lower: string;
  pos: Pos;
  lemma: string;
  /** A hyphenated word ("re-pitch", "sign-off"): its last part's lemma, which the tagger read alone. */
  lastPart?: string;
  /** Inside the scope of a negation ("do not send …"). */
  negated: boolean;
  start: number;
  end: number;
}

interface WinkReader {
  readDoc(text: string): {
    tokens(): { out(f?: unknown): unknown[] };
  };
  its: Record<string, unknown>;
}

let reader: WinkReader | undefined;
let loads = 0;

/** The wink reader, created on first use (nlp-model.ts: its own file in the Node builds; nothing to install). */
function wink(): WinkReader {
  if (!reader) {
    // Required here, not imported at the top, so that loading the rules does not load the model.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createReader } = require('./nlp-model') as { createReader: () => WinkReader };
    reader = createReader();
    loads++;
  }
  return reader;
}

/** Loads the model now, if it is not yet loaded (see loadWhatRulesNeed in two-phase-lint.ts). */
export function loadSentenceReader(): void {
  if (!override) wink();
}

/** How many times this process (or worker) has loaded the model: 0 or 1. */
export function modelLoads(): number {
  return loads;
}

const MAX_CACHED = 50_000;
const cache = new Map<string, readonly Token[]>();
let reads = 0;

/** Texts actually tagged (cache misses) since the process started. */
export function sentencesRead(): number {
  return reads;
}

/**
 * The tokens of `text` (one sentence or a short passage). Same text, same
 * (frozen, shared) array: callers must not change it.
 */
export function tokensOf(text: string): readonly Token[] {
  return cache.get(text) ?? remember(cache, text, MAX_CACHED, Object.freeze(tag(text)));
}

/** Another tagger for the same interface: used only by scripts/coaching-nlp-compare.ts to compare libraries. */
export type Tagger = (text: string) => Token[];
let override: Tagger | undefined;

export function useTagger(tagger: Tagger | undefined): void {
  override = tagger;
  cache.clear();
}

function tag(text: string): Token[] {
  reads++;
  if (override) return override(text);
  const w = wink();
  const its = w.its;
  const t = w.readDoc(text).tokens();
  const values = t.out() as string[];
  const pos = t.out(its.pos) as Pos[];
  const lemmas = t.out(its.lemma) as string[];
  const negated = t.out(its.negationFlag) as boolean[];
  const out: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let start = text.indexOf(value, at);
    if (start < 0) start = at; // the tagger normalised the token; keep positions monotonic
    const end = Math.min(text.length, start + value.length);
    at = end;
    out.push(token(value, value.toLowerCase().replace(/’/g, "'"), pos[i], lemmas[i].toLowerCase(), !!negated[i], start, end));
  }
  return joinHyphenated(text, out);
}

/**
 * A token. Every token is made here, so all have one object shape (the same fields in the same order, lastPart
 * included): the checks' optimised code that reads tokens is not thrown away, in each thread, at the first
 * hyphenated word or copied token.
 */
export function token(text: string, lower: string, pos: Pos, lemma: string, negated: boolean, start: number, end: number, lastPart?: string): Token {
  return { text, lower, pos, lemma, negated, start, end, lastPart };
}

/** "sign - off" written "sign-off" is one word for the checks; it keeps the last part's tag. */
export function joinHyphenated(text: string, ts: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const dash = ts[i + 1];
    const prev = out[out.length - 1];
    if (prev && t.text === '-' && dash && prev.end === t.start && t.end === dash.start && /\p{L}/u.test(dash.text)) {
      const lower = `${prev.lower}-${dash.lower}`;
      const pos = dash.pos === 'VERB' || dash.pos === 'NOUN' ? dash.pos : prev.pos;
      out[out.length - 1] = token(text.slice(prev.start, dash.end), lower, pos, lower, prev.negated, prev.start, dash.end, dash.lemma);
      i++;
      continue;
    }
    out.push(t);
  }
  return out;
}

/**
 * Prose as the tagger should see it, same length as the input (offsets stay
 * valid): [[links]] become their words, line breaks spaces.
 */
export function plainProse(text: string): string {
  return text.replace(/\[\[|\]\]/g, '  ').replace(/\s/g, ' ');
}

/** Splits prose into sentences with their offsets (a full stop, ! or ? followed by space). */
export function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^.!?;]+(?:[.!?;]+|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/\p{L}/u.test(m[0])) out.push({ text: m[0], start: m.index });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
