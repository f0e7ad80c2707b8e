// Types of scripts/package.mjs for the TypeScript end-to-end tests.
export function vsixPath(): string;
export function packageExtension(options?: { log?: (line: string) => void }): { vsix: string; bytes: number };
