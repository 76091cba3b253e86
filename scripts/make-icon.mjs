// Draws images/icon.png (128x128): an envelope on a dark tile with a red and an amber status bar.
// Plain Node (zlib for PNG's deflate), so the icon is reproducible without image tools.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  if (x < 0 || y < 0 || x >= size || y >= size) return;
  const i = (y * size + x) * 4;
  pixels.set([r, g, b, a], i);
};
const rect = (x0, y0, x1, y1, color) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, color);
};
const line = (x0, y0, x1, y1, color, width = 4) => {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    rect(x - width / 2, y - width / 2, x + width / 2, y + width / 2, color);
  }
};
// Rounded dark tile.
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const dx = Math.max(0, Math.abs(x - 63.5) - 46);
    const dy = Math.max(0, Math.abs(y - 63.5) - 46);
    if (dx * dx + dy * dy <= 18 * 18) set(x, y, [30, 41, 59]);
  }
}
const paper = [241, 245, 249];
rect(22, 34, 106, 92, paper);
line(22, 34, 64, 66, [100, 116, 139]);
line(106, 34, 64, 66, [100, 116, 139]);
rect(22, 98, 70, 108, [220, 38, 38]); // permanent
rect(76, 98, 106, 108, [245, 158, 11]); // temporary

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
