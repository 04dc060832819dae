// The program in a link: `#code/NAME/DATA`, where DATA is the source compressed with the
// browser's own deflate (CompressionStream "deflate-raw") in base64url. No server is involved:
// the link carries the whole program, and opening it restores the source and its file name.

const PREFIX = "#code/";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes.slice()]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The URL hash that holds `source` under the file name `name`. */
export async function shareHash(name: string, source: string): Promise<string> {
  const packed = await through(
    new TextEncoder().encode(source),
    new CompressionStream("deflate-raw"),
  );
  return `${PREFIX}${encodeURIComponent(name)}/${toBase64Url(packed)}`;
}

/** The program a hash holds, or undefined when it holds none (or a damaged one). */
export async function sharedProgram(
  hash: string,
): Promise<{ name: string; source: string } | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  const rest = hash.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash < 0) return undefined;
  try {
    const name = decodeURIComponent(rest.slice(0, slash));
    const bytes = await through(
      fromBase64Url(rest.slice(slash + 1)),
      new DecompressionStream("deflate-raw"),
    );
    return { name, source: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return undefined;
  }
}
