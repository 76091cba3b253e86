// The little of WebAssembly that lineIndex.ts uses: the server's TypeScript libraries (ES2022 and
// Node's types) do not declare it, though every Node and browser engine has it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

/** WebAssembly text, assembled by the build (scripts/build.mjs) and imported as its bytes. */
declare module '*.wat' {
  const bytes: Uint8Array;
  export default bytes;
}
