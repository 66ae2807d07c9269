import type { FileKind } from './types';

export const CONFIG_FILE_NAME = '.playbook-lint.yaml';

/** The kind of a file from its name alone, per the spec's file table; undefined for files we do not read. */
export function fileKindOf(path: string): FileKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (base === CONFIG_FILE_NAME) return 'config';
  if (/\.playbook\.ya?ml$/i.test(base)) return 'playbook';
  if (/\.vocabulary\.ya?ml$/i.test(base)) return 'vocabulary';
  return undefined;
}

export const LINTABLE_GLOBS = ['**/*.playbook.yaml', '**/*.playbook.yml', '**/*.vocabulary.yaml', '**/*.vocabulary.yml'];
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Config names one letter or dot away from `.playbook-lint.yaml`
 * (`.playbook-lint.yml`, `playbook-lint.yaml`, `.playbook_lint.yaml`, …):
 * playbook-lint reads none of them, so a team's settings would be ignored in silence.
 */
export function isNearMissConfigName(path: string): boolean {
  const base = baseName(path);
  if (base === CONFIG_FILE_NAME) return false;
  return /^playbooklint(?:rc)?(?:config)?(?:ya?ml|json)?$/.test(base.toLowerCase().replace(/[^a-z]/g, ''));
}

/** Globs (any case) that find the files misnamedKind judges: every YAML file and the near-miss config names. */
export const MISNAMED_CANDIDATE_GLOBS = ['**/*.yaml', '**/*.yml', '**/*playbook*lint*'];

/**
 * The kind a file holds although its name does not say so, or undefined: a
 * `.yaml`/`.yml` file whose top level starts a playbook (`playbook:`) or a
 * vocabulary (`vocabulary:` with `terms:`), or a near-miss config name.
 * Such files would otherwise be skipped without a word. Looks at the text only
 * (top-level keys sit at column 0), so it costs no parse.
 */
export function misnamedKind(path: string, text: string): FileKind | undefined {
  if (fileKindOf(path)) return undefined;
  if (isNearMissConfigName(path)) return 'config';
  if (!/\.ya?ml$/i.test(baseName(path))) return undefined;
  if (/^playbook[ \t]*:/m.test(text)) return 'playbook';
  // A config also has a top-level `vocabulary:` (its globs); a vocabulary has `terms:`.
  if (/^vocabulary[ \t]*:/m.test(text) && /^terms[ \t]*:/m.test(text)) return 'vocabulary';
  return undefined;
}

/** The name a file holding `kind` should have, in its own folder: `discovery.yaml` → `discovery.playbook.yaml`. */
export function properName(path: string, kind: FileKind): string {
  const base = baseName(path);
  if (kind === 'config') return CONFIG_FILE_NAME;
  const m = /^([\s\S]*?)(\.ya?ml)$/i.exec(base);
  const stem = (m ? m[1] : base).replace(/\.(playbook|vocabulary)$/i, '');
  return `${stem}.${kind}${m ? m[2].toLowerCase() : '.yaml'}`;
}
