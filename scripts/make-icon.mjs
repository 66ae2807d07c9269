// Draws media/icon.png (128×128, the Marketplace icon): a page with text lines and a
// check mark on a rounded blue square. Run `node scripts/make-icon.mjs` after changing it;
// the PNG is committed. Plain zlib + CRC, no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = 4; // supersampling per axis, for smooth edges
const BG = [31, 58, 95];
const PAGE = [246, 244, 238];
const LINE = [120, 134, 156];
const CHECK = [46, 160, 90];

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const nearSegment = (x, y, [ax, ay], [bx, by], w) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (w / 2) ** 2;
};

/** The colour (RGBA) at a point, painter's order. */
function colourAt(x, y) {
  if (nearSegment(x, y, [66, 92], [80, 106], 11) || nearSegment(x, y, [80, 106], [108, 70], 11)) return [...CHECK, 255];
  if (inRoundRect(x, y, 30, 18, 98, 112, 6)) {
    for (const [y0, len] of [[34, 48], [48, 40], [62, 44], [76, 24]]) if (inRoundRect(x, y, 42, y0, 42 + len, y0 + 6, 3)) return [...LINE, 255];
    return [...PAGE, 255];
  }
  if (inRoundRect(x, y, 2, 2, 126, 126, 22)) return [...BG, 255];
  return [0, 0, 0, 0];
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
      const c = colourAt(x + (sx + 0.5) / S, y + (sy + 0.5) / S);
      for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
      sum[3] += c[3];
    }
    const o = y * (N * 4 + 1) + 1 + x * 4;
    for (let i = 0; i < 3; i++) raw[o + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
    raw[o + 3] = Math.round(sum[3] / (S * S));
  }
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
