import { fileKindOf, properName } from '../file-kind';
import { defineRule } from '../rule';
import type { TextSpan } from '../types';

/**
 * A file whose content is a playbook, a vocabulary or a playbook-lint config
 * but whose name does not say so (core/file-kind.ts misnamedKind finds them).
 * The CLI and the editor analyse such a file as the kind it holds and run only
 * this rule on it: everything else waits until the name is right.
 */
export default defineRule({
  id: 'misnamed-file',
  defaultSeverity: 'error',
  description: 'A playbook, vocabulary or config file has the name playbook-lint looks for, so it is not skipped.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  runsOnBrokenFiles: true,
  check({ file, report }) {
    if (fileKindOf(file.path) === file.kind) return;
    const wanted = properName(file.path, file.kind);
    const base = file.path.slice(Math.max(file.path.lastIndexOf('/'), file.path.lastIndexOf('\\')) + 1);
    if (file.kind === 'config') {
      report({
        span: firstLine(file.text),
        message: `playbook-lint reads its settings only from a file named ${wanted}, so "${base}" is ignored; rename it to ${wanted}`,
      });
      return;
    }
    const top = new RegExp(`^${file.kind}[ \\t]*:`, 'm').exec(file.text);
    const span = top ? { start: top.index, end: top.index + file.kind.length } : firstLine(file.text);
    report({
      span,
      message: `this file holds a ${file.kind} (it starts with "${file.kind}:") but is not checked, because ${file.kind} file names end in .${file.kind}.yaml or .${file.kind}.yml; rename it to ${wanted}`,
    });
  },
});

function firstLine(text: string): TextSpan {
  const nl = text.search(/\r?\n/);
  return { start: 0, end: nl === -1 ? text.length : nl };
}
