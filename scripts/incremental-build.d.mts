// Types for incremental-build.mjs, so the TypeScript specs that test it stay strict.
export interface WorkspacePackage {
  name: string;
  dir: string;
  manifest: {
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
}

export const STAMP: string;
export function listPackages(root: string): WorkspacePackage[];
export function newestInput(dir: string): number;
export function planBuilds(
  root: string,
  packages: WorkspacePackage[],
): { pkg: WorkspacePackage; newest: number; stale: boolean }[];
export function buildChanged(
  root: string,
  options?: {
    packages?: WorkspacePackage[];
    build?: (pkg: WorkspacePackage) => boolean;
    log?: (line: string) => void;
  },
): boolean;
