/**
 * Text that stands in for content not written yet. A `why` or `deviate-when`
 * holding only this counts as missing (one click on "Insert a why: stub" must
 * not make a playbook pass), with a message that says it is a placeholder.
 */

/** The stub texts the tool itself writes (quick fixes, snippets, the New Playbook template). */
export const WHY_STUB = 'TODO: the principle behind this tactic';
export const DEVIATION_STUB = 'TODO: an observable condition under which to do otherwise';

/** A marker word at the start: TODO, TBD, FIXME, XXX (alone, or followed by ":", "-", "(", …). */
const MARKER = /^\s*(?:TODO|TBD|TBA|FIXME|XXX)(?![\p{L}\p{N}])/iu;
/** Only dots, ellipses, question marks, dashes, underscores or "n/a": a gap left to fill. */
const GAP = /^\s*(?:[.…?\-_–—*]+|n\/?a)\s*$/iu;
const LOREM = /\blorem ipsum\b/i;

/** Why the text is a placeholder ("the stub playbook-lint inserts", "starts with TODO", …), or undefined when it is real text. */
export function placeholderReason(text: string): string | undefined {
  const t = text.trim();
  if (t === WHY_STUB || t === DEVIATION_STUB) return 'it is the stub playbook-lint inserts';
  const marker = MARKER.exec(t);
  if (marker) return `it starts with ${marker[0].trim().toUpperCase()}`;
  if (t !== '' && GAP.test(t)) return 'it holds no words';
  if (LOREM.test(t)) return 'it is lorem ipsum filler';
  return undefined;
}
