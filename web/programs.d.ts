// The module scripts/build-web.mjs generates for the worker bundle: every example module (the article
// ports of examples/articles/ and the own demos of examples/), as the CLI's scan finds them.
declare module 'seqgrad:programs' {
  export const modules: readonly {
    meta?: { id?: string; name: string; title: string; fixes?: readonly string[]; options?: Readonly<Record<string, string>> };
    main?: (argv: string[]) => Promise<void>;
  }[];
}
