import type { Location } from '../core/types';
import { baseName } from './facts';

/** Escapes the characters that would turn a user's prose into markup. */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_<>#|])/g, '\\$1');
}

export function mdCode(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${t.includes('`') ? ` ${t} ` : t}${fence}`;
}

/** `file.yaml:12` linked to the place (1-based line, as editors show it). */
export function mdPlace(location: Location, uriOf: (path: string) => string): string {
  const line = location.range.start.line + 1;
  const url = `${uriOf(location.path)}#L${line}`;
  return `[${baseName(location.path).replace(/([\\`*_[\]])/g, '\\$1')}:${line}](${url})`;
}

/** Markdown as plain text, for clients that only show plaintext. */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\((?:[^)]*)\)/g, '$1')
    .replace(/^---$/gm, '')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[^\\])[*_](\S(?:.*?\S)?)[*_]/g, '$1$2')
    .replace(/`+ ?([^`]*?) ?`+/g, '$1')
    .replace(/\\([\\`*_<>#|[\]])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
