/** Reading a rendered site back: pages, their ids and links (shared by the CLI and browser tests). */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The site's pages and stylesheets by path ('/'-separated, relative to `dir`): top level, and with `deep` its sub-folders too. */
export function readSite(dir: string, deep = false): Map<string, string> {
  const names = deep ? (readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')) : readdirSync(dir);
  return new Map(
    names
      .filter((f) => f.endsWith('.html') || f.endsWith('.css'))
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function idsOf(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => unescape(m[1]));
}

export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => unescape(m[1]));
}

/** Every link of every page (stylesheet links too) that names no existing file or no element id in it: "page -> href". */
export function brokenLinks(site: Map<string, string>): string[] {
  const ids = new Map([...site].map(([name, html]) => [name, new Set(idsOf(html))]));
  const broken: string[] = [];
  for (const [name, html] of site) {
    for (const href of hrefsOf(html)) {
      const [file, anchor] = href.split('#');
      const target = file === '' ? name : path.posix.normalize(path.posix.join(path.posix.dirname(name), file));
      if (!ids.has(target) || (anchor !== undefined && !ids.get(target)!.has(anchor))) broken.push(`${name} -> ${href}`);
    }
  }
  return broken;
}
