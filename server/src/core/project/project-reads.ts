/**
 * What a rule may read of other files, by name. Each rule lists its reads (`Rule.reads`); the
 * language server derives from the lists which files to re-check when a file's exports change
 * (services/workspace-invalidation.ts), and a test lints with `recordingView` to catch a rule
 * reading what it did not declare.
 *
 *   terms         the names the vocabularies in scope define, and what each means (terms(),
 *                 lookupTerm, termSuggester, vocabularyInScope; outOfScopeDefinitions: which
 *                 vocabularies left out of scope define a name)
 *   termPlaces    where another file defines a term (the `location` of its TermEntry)
 *   ids           the stage and tactic ids of every playbook (ids(), lookupId, idSuggester)
 *   idPlaces      where another file defines an id (the `location` of its IdEntry)
 *   termUses      which terms the playbooks use (usesByTerm, playbookUses)
 *   vocabularies  the list of vocabulary files in scope (vocabularies())
 *
 * A file's own exports (`get(file.path)`) are not a read of another file.
 */
import type { Suggester } from '../suggest';
import type { FileExports, IdEntry, TermEntry, TermUse } from './exports';
import type { ProjectIndex } from './project-index';

export const PROJECT_READS = ['terms', 'termPlaces', 'ids', 'idPlaces', 'termUses', 'vocabularies'] as const;
export type ProjectRead = (typeof PROJECT_READS)[number];

/** The part of the ProjectIndex a rule sees. */
export type ProjectView = Pick<
  ProjectIndex,
  | 'get'
  | 'vocabularyInScope'
  | 'terms'
  | 'lookupTerm'
  | 'termSuggester'
  | 'outOfScopeDefinitions'
  | 'ids'
  | 'lookupId'
  | 'idSuggester'
  | 'usesByTerm'
  | 'playbookUses'
  | 'vocabularies'
>;

/** A read the view saw; 'otherFile' (another file's exports as a whole) cannot be declared. */
export type RecordedRead = ProjectRead | 'otherFile';

/**
 * The index as one rule on one file sees it, reporting every read to `seen`. Entries come
 * back wrapped (the same wrapper for the same entry, so identity comparisons still hold) to
 * notice reads of another file's places. For tests: the lint itself hands rules the index.
 */
export function recordingView(index: ProjectIndex, path: string, seen: (read: RecordedRead) => void): ProjectView {
  const wrapped = new WeakMap<object, object>();
  const wrap = <T extends TermEntry | IdEntry>(entry: T, read: 'termPlaces' | 'idPlaces'): T => {
    if (!entry || typeof entry !== 'object') return entry;
    let w = wrapped.get(entry) as T | undefined;
    if (!w) {
      w = new Proxy(entry, {
        get(target, prop) {
          if (prop === 'location' && target.location.path !== path) seen(read);
          return Reflect.get(target, prop, target);
        },
      });
      wrapped.set(entry, w);
    }
    return w;
  };
  const terms = (list: TermEntry[]) => list.map((e) => wrap(e, 'termPlaces'));
  const ids = (list: IdEntry[]) => list.map((e) => wrap(e, 'idPlaces'));
  const own = (e: FileExports): FileExports => ({ ...e, terms: terms(e.terms), ids: ids(e.ids) });
  const ownCache = new Map<FileExports, FileExports>();
  return {
    get(p: string) {
      const e = index.get(p);
      if (p !== path) seen('otherFile');
      if (!e) return e;
      if (!ownCache.has(e)) ownCache.set(e, own(e));
      return ownCache.get(e);
    },
    vocabularyInScope: (p: string) => (seen('terms'), index.vocabularyInScope(p)),
    terms: () => (seen('terms'), new Map([...index.terms()].map(([k, list]) => [k, terms(list)]))),
    lookupTerm: (key: string) => {
      seen('terms');
      const e = index.lookupTerm(key);
      return e && wrap(e, 'termPlaces');
    },
    termSuggester: (): Suggester => (seen('terms'), index.termSuggester()),
    outOfScopeDefinitions: (key: string) => (seen('terms'), index.outOfScopeDefinitions(key)),
    ids: () => (seen('ids'), new Map([...index.ids()].map(([k, list]) => [k, ids(list)]))),
    lookupId: (id: string) => {
      seen('ids');
      const e = index.lookupId(id);
      return e && wrap(e, 'idPlaces');
    },
    idSuggester: (): Suggester => (seen('ids'), index.idSuggester()),
    usesByTerm: (): Map<string, TermUse[]> => (seen('termUses'), index.usesByTerm()),
    playbookUses: (termKey: string) => (seen('termUses'), index.playbookUses(termKey)),
    vocabularies: () => (seen('vocabularies'), index.vocabularies()),
  } as ProjectView;
}
