// The keystrokes both typing benchmarks replay (bench/lsp.mjs over stdio, bench/web-worker.mjs in a
// browser worker), so their figures compare. A server need not republish unchanged diagnostics, so
// every timed edit is a keystroke inside a [[reference]] (its message or range changes with each
// character, or the reference becomes defined), at the end of the first folded `why` line. Before
// each name the editor's auto-closed "[[]]" is inserted (untimed: an empty reference changes nothing).
import { parse as parseYaml } from 'yaml';

const termKey = (name) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** [{ offset, text, timed }] in order, offsets in the text as edited so far; stops after `edits` timed ones. */
export function keystrokes(text, vocabText, edits) {
  const defined = new Set();
  for (const t of parseYaml(vocabText).terms) for (const n of [t.term, ...(t.aliases ?? [])]) defined.add(termKey(String(n)));
  const names = [
    'value wedge',
    'champion',
    'reframeing',
    'mutual action plan',
    'deal velocity',
    'economic buyer',
    'socratic question',
    'cost of inaction',
    'buying committee',
    'trial close',
    'power sponsor',
    'paper process',
  ];
  const whyAt = text.indexOf('why: >\n');
  let offset = text.indexOf('\n', text.indexOf('\n', whyAt) + 1);
  const out = [];
  let timed = 0;
  outer: for (const name of names) {
    out.push({ offset, text: ' [[]]', timed: false });
    offset += 3;
    let typed = '';
    for (const ch of name) {
      if (timed >= edits) break outer;
      const before = typed.trim() === '' ? 'empty' : defined.has(termKey(typed)) ? 'defined' : 'undefined';
      typed += ch;
      const after = defined.has(termKey(typed)) ? 'defined' : 'undefined';
      const changes = !(after === 'defined' && before !== 'undefined');
      out.push({ offset, text: ch, timed: changes });
      if (changes) timed++;
      offset += ch.length;
    }
    offset += 2;
  }
  return out;
}
