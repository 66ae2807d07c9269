import { linkRanges, termMatcher } from '../coaching/term-matcher';
import { sourceText, spanOf, type SourceText } from '../coaching/source-text';
import { stringListSetting } from '../coaching/words';
import { replaceSpan } from '../fixes';
import type { FileAnalysis, ProseValue } from '../model/model';
import { termKey } from '../model/terms';
import { defineRule } from '../rule';
import type { Fix, TextEdit, TextSpan } from '../types';

const ALL_FIELDS = ['title', 'summary', 'name', 'goal', 'tactic', 'why', 'deviate-when'] as const;
/** Titles and stage names are labels (outline, headings), not prose: links there read badly. */
const DEFAULT_FIELDS: readonly ProseValue['field'][] = ['summary', 'goal', 'tactic', 'why', 'deviate-when'];

export default defineRule({
  id: 'unlinked-term',
  defaultSeverity: 'info',
  description: 'A term or alias defined in a vocabulary is linked with [[…]] where a playbook uses it.',
  appliesTo: ['playbook'],
  reads: ['terms'],
  settings: {
    'ignore-terms': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Terms or aliases never reported as unlinked (case-insensitive). Naming a term also covers its aliases.',
    },
    fields: {
      type: 'array',
      items: { type: 'string', enum: [...ALL_FIELDS] },
      uniqueItems: true,
      description: `Which playbook fields are checked. Default: ${DEFAULT_FIELDS.join(', ')} (titles and stage names are labels, not prose).`,
    },
    'every-mention': {
      type: 'boolean',
      description:
        'Report every unlinked mention. Default false: within one text (a goal, a why, …), only the first mention of a term needs a link, and none once the term is linked earlier in that text.',
    },
  },
  explanation: {
    principle:
      'Coaching needs one shared, precise vocabulary: a term the playbook leans on is linked to its definition, so every reader gets the same meaning and the vocabulary knows where it is used.',
    bad: 'tactic: Ask the economic buyer which team should adopt the product next.',
    good: 'tactic: Ask the [[economic buyer]] which team should adopt the product next.',
  },
  check({ file, project, settings, report }) {
    if (file.model.kind !== 'playbook') return;
    const terms = project.terms();
    if (terms.size === 0) return;
    const matcher = termMatcher(terms);
    const chosen = stringListSetting(settings, 'fields');
    const fields = new Set<string>(chosen.length ? chosen : DEFAULT_FIELDS);
    const ignored = new Set(stringListSetting(settings, 'ignore-terms').map(termKey));
    const everyMention = settings['every-mention'] === true;
    for (const prose of file.model.prose) {
      if (!fields.has(prose.field)) continue;
      const st = sourceText(file.text, prose.span);
      const matches = matcher.find(st.text);
      if (!matches.length) continue;
      const linked = everyMention ? [] : linkRanges(st.text).map((l) => ({ start: l.start, term: project.lookupTerm(termKey(l.inner))?.termKey }));
      const reported = new Set<string>();
      for (const m of matches) {
        const canonical = m.entry.termKey;
        if (ignored.has(m.key) || ignored.has(canonical)) continue;
        if (!everyMention) {
          if (reported.has(canonical) || linked.some((l) => l.term === canonical && l.start < m.start)) continue;
          reported.add(canonical);
        }
        const span = spanOf(st, m.start, m.end);
        const shown = m.text.replace(/\s+/g, ' ');
        const what = m.entry.isAlias && m.key === termKey(m.entry.name) ? `"${shown}" (an alias of ${m.entry.term})` : `"${shown}"`;
        const fix = linkFix(file, st, prose.span, span, shown);
        report({
          span,
          message: `Defined term ${what} is not linked; write [[${shown}]] so readers can look up its definition`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
});

/**
 * Wraps the source text in `[[` `]]`, keeping its case and any line break
 * inside it (YAML folds that break to a space, and references fold white
 * space). Safe in block and quoted scalars as is. A plain scalar cannot start
 * with `[` (it would become a list) nor hold brackets inside a flow list, so
 * there the fix also quotes the whole value, in double quotes (single quotes
 * if the text holds `"` or `\`); with both kinds of quote in it, or a bracket
 * in the term itself, no fix.
 */
function linkFix(file: FileAnalysis, st: SourceText, value: TextSpan, span: TextSpan, shown: string): Fix | undefined {
  // A term with a bracket in it would end the [[…]] early (or start another): no link can hold it.
  if (/[[\]]/.test(file.text.slice(span.start, span.end))) return undefined;
  const inserts: { at: number; text: string }[] = [
    { at: span.start, text: '[[' },
    { at: span.end, text: ']]' },
  ];
  if (st.style === 'plain' && (span.start === value.start || inFlowCollection(file.text, value))) {
    const raw = file.text.slice(value.start, value.end);
    const q = !/["\\]/.test(raw) ? '"' : !raw.includes("'") ? "'" : undefined;
    if (!q) return undefined;
    inserts.unshift({ at: value.start, text: q });
    inserts.push({ at: value.end, text: q });
  }
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < inserts.length) {
    let text = '';
    const at = inserts[i].at;
    while (i < inserts.length && inserts[i].at === at) text += inserts[i++].text;
    edits.push(replaceSpan(file, { start: at, end: at }, text));
  }
  return { title: `Link "${shown}" as [[${shown}]]`, edits, preferred: true };
}

/** Is a plain scalar inside `[…]` or `{…}`? After it, past spaces, line breaks and comments, comes `,`, `]` or `}`. */
function inFlowCollection(text: string, value: TextSpan): boolean {
  let i = value.end;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return false;
      i = nl + 1;
    } else return c === ',' || c === ']' || c === '}';
  }
  let j = value.start - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return text[j] === '[' || text[j] === ',' || text[j] === '{';
}
