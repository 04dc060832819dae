// The sample programs of examples/, bundled into the page at build time (no fetch at run
// time). hello.veld comes first; the rest follow by name.

const files = import.meta.glob<string>("../../../examples/*.veld", {
  query: "?raw",
  import: "default",
  eager: true,
});

export interface Example {
  readonly fileName: string;
  readonly source: string;
}

export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, source]) => ({ fileName: path.slice(path.lastIndexOf("/") + 1), source }))
  .sort((a, b) =>
    a.fileName === "hello.veld"
      ? -1
      : b.fileName === "hello.veld"
        ? 1
        : a.fileName < b.fileName
          ? -1
          : 1,
  );
