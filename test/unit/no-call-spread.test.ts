/**
 * No list is spread into a call's arguments in the product's code: `a.push(...b)`
 * and `Math.max(...b)` throw "Maximum call stack size exceeded" once b holds
 * about 100,000 items (150,000 equal ids in one file crashed the server so).
 * Use pushAll / maxOf from core/arrays.ts. Rest parameters (`(...args: T[])`) are fine.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** Source with comments, strings and template literals blanked out (line breaks kept), so only code is searched. */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * Line numbers of `...` whose innermost open bracket is a "(" and that is not a typed rest parameter.
 * A variadic API with no other form (showInformationMessage(message, ...actions)) may spread a list
 * it caps itself, on a line that says so with a `// bounded: …` comment.
 */
export function callSpreads(text: string): number[] {
  const code = codeOnly(text);
  const raw = text.split('\n');
  const open: string[] = [];
  const found: number[] = [];
  let line = 1;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\n') line++;
    else if (c === '(' || c === '[' || c === '{') open.push(c);
    else if (c === ')' || c === ']' || c === '}') open.pop();
    else if (code.startsWith('...', i)) {
      if (open[open.length - 1] === '(' && !/^\.\.\.\w+\??\s*:/.test(code.slice(i, i + 80)) && !raw[line - 1].includes('// bounded:')) found.push(line);
      i += 2;
    }
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('no list spread into a call (stack overflow on big inputs)', () => {
  it('finds the pattern it looks for', () => {
    assert.deepEqual(
      callSpreads('a.push(...b);\nf(x, ...rest);\nfunction g(...args: string[]) {}\nconst c = [...d];\n// h(...e)\nask(q, ...few); // bounded: at most 3\n'),
      [1, 2],
    );
  });

  it('server/src and client/src have none', () => {
    const hits = [...sources(path.join(REPO_ROOT, 'server/src')), ...sources(path.join(REPO_ROOT, 'client/src'))].flatMap((file) =>
      callSpreads(readFileSync(file, 'utf8')).map((line) => `${path.relative(REPO_ROOT, file)}:${line}`),
    );
    assert.deepEqual(hits, [], 'use pushAll / maxOf (server/src/core/arrays.ts) instead of spreading a list into a call');
  });
});
