import { ownCopy } from '../strings';
import { someWordValue, stem, WordMemo } from './words';

/**
 * The cheap count behind why-restates-tactic's early exit (surelyGivesReason in why.ts): how many
 * distinct stems of a why are its own, not the tactic's. It runs on every why and tactic of a
 * project, so it works on small integer ids instead of strings: each distinct stem gets an id once,
 * each word's id is read where the word stands (WordMemo: no slice, no lower-casing), and "is this
 * stem the tactic's" or "counted already" is one array read against the call's stamp, where lists
 * of strings were searched and compared for every word. Bounded: everything starts afresh once
 * MAX_IDS stems have ids.
 */
export class OwnWordCounter {
  private ids = new Map<string, number>();
  private tacticIds!: WordMemo<number>;
  private ownIds!: WordMemo<number>;
  /** Per stem id: the stamp of the last call whose tactic has the stem, and of the last call that counted it. */
  private tacticMark = new Int32Array(1024);
  private ownMark = new Int32Array(1024);
  private stamp = 0;

  /** `counts(lower)`: may the word (lower case) be a why's own at all (not a stop word, not a list's)? */
  constructor(private readonly counts: (lower: string) => boolean) {
    this.reset();
  }

  /** Has `why` more than `limit` distinct stems of words that count and that no word of `tactic` has? */
  exceeds(why: string, tactic: string | undefined, limit: number): boolean {
    if (this.ids.size >= MAX_IDS || this.stamp >= MAX_STAMP) this.reset();
    const stamp = ++this.stamp;
    if (tactic)
      someWordValue(tactic, this.tacticIds, (id) => {
        this.tacticMark[id] = stamp;
        return false; // every word
      });
    let own = 0;
    return someWordValue(why, this.ownIds, (id) => {
      if (id < 0 || this.tacticMark[id] === stamp || this.ownMark[id] === stamp) return false;
      this.ownMark[id] = stamp;
      return ++own > limit;
    });
  }

  private reset(): void {
    this.ids = new Map();
    this.tacticIds = new WordMemo(MAX_WORDS, (w) => this.idOf(stem(w)));
    this.ownIds = new WordMemo(MAX_WORDS, (w) => (this.counts(w) ? this.idOf(stem(w)) : -1));
    this.tacticMark.fill(0);
    this.ownMark.fill(0);
    this.stamp = 0;
  }

  private idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(ownCopy(s), id);
      if (id >= this.tacticMark.length) {
        this.tacticMark = grown(this.tacticMark);
        this.ownMark = grown(this.ownMark);
      }
    }
    return id;
  }
}

const MAX_IDS = 50_000;
const MAX_WORDS = 50_000;
const MAX_STAMP = 2 ** 30;

function grown(marks: Int32Array) {
  const out = new Int32Array(marks.length * 2);
  out.set(marks);
  return out;
}
