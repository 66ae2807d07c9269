/**
 * Whether the stylish report is coloured. In order, the first that applies wins:
 * writing to a file (never), `--no-color` / `--color`, `NO_COLOR` (set and not
 * empty: never, see no-color.org), `FORCE_COLOR` (set and not empty: colour, as
 * picocolors does, except `0` and `false` which mean no colour, as in Node),
 * else colour only when standard output is a terminal and TERM is not `dumb`.
 */
export function shouldColor(input: { flag: boolean | undefined; toFile: boolean; isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (input.toFile) return false;
  if (input.flag !== undefined) return input.flag;
  if (input.env.NO_COLOR) return false;
  const force = input.env.FORCE_COLOR;
  if (force) return force !== '0' && force.toLowerCase() !== 'false';
  return input.isTTY && input.env.TERM !== 'dumb';
}
