/**
 * A small, strict XML 1.0 reader for the JUnit tests: elements, attributes,
 * text, the five predefined entities and character references. It throws on
 * anything not well-formed that a JUnit report could get wrong: characters
 * XML 1.0 forbids, a raw `<` or `&`, unquoted or duplicate attributes,
 * mismatched tags, references to forbidden characters.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME = /^[A-Za-z_:][\w.:-]*/;

function allowedCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare "&" in ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref];
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Error(`unknown entity &${ref}; in ${where}`);
    const cp = m[1] ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (!allowedCodePoint(cp)) throw new Error(`reference to a character XML 1.0 forbids (&${ref};) in ${where}`);
    return String.fromCodePoint(cp);
  });
}

export function parseXml(source: string): XmlElement {
  const bad = FORBIDDEN.exec(source);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML 1.0 (offset ${bad.index})`);
  let i = 0;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();

  const element = (): XmlElement => {
    if (source[i] !== '<') throw new Error(`expected "<" at ${i}`);
    i++;
    const name = NAME.exec(source.slice(i))?.[0];
    if (!name) throw new Error(`expected an element name at ${i}`);
    i += name.length;
    const node: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`expected white space before an attribute at ${i}`);
      const attr = NAME.exec(source.slice(i))?.[0];
      if (!attr) throw new Error(`expected an attribute name at ${i}`);
      i += attr.length;
      skipSpace();
      if (source[i] !== '=') throw new Error(`expected "=" after ${attr} at ${i}`);
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attr} at ${i}`);
      const end = source.indexOf(quote, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${attr}`);
      if (attr in node.attributes) throw new Error(`duplicate attribute ${attr} on <${name}>`);
      // Attribute-value normalisation: literal tab / line breaks become spaces; references keep them.
      node.attributes[attr] = decode(source.slice(i + 1, end).replace(/\r\n|[\t\n\r]/g, ' '), `attribute ${attr} of <${name}>`);
      i = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', i);
      if (next < 0) throw new Error(`<${name}> is never closed`);
      node.text += decode(source.slice(i, next), `the text of <${name}>`);
      i = next;
      if (source.startsWith('</', i)) {
        i += 2;
        const close = NAME.exec(source.slice(i))?.[0];
        if (close !== name) throw new Error(`</${close}> closes <${name}>`);
        i += close.length;
        skipSpace();
        if (source[i] !== '>') throw new Error(`expected ">" at ${i}`);
        i++;
        return node;
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
        continue;
      }
      node.children.push(element());
    }
  };

  const root = element();
  skipSpace();
  if (i !== source.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

export function childrenNamed(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c) => c.name === name);
}
