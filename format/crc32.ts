// CRC-32 of the header's checksum field (spec/format.md §3): the IEEE 802.3 polynomial,
// reflected, as zlib's crc32() and PNG compute it. The table and the running value are int32
// (not uint32) so the loop, interpreted on a cold start, never boxes a number.

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
