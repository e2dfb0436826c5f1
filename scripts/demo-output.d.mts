// Types for demo-output.mjs, so the TypeScript specs that test it stay strict.
export function signInHint(options: { url: string; admin: 'generated' | 'environment' | 'existing' }): string;
export function consoleOutput(options: { pretty: boolean; host?: string; write: (text: string) => void }): {
  push(chunk: string): void;
  end(): void;
};
