// `pnpm demo` rebuilds a package only when something it is built from changed since its last build. A
// stale dist would show a newcomer yesterday's code, so every kind of change must trigger a build.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChanged, type WorkspacePackage } from '../../scripts/incremental-build.mjs';

describe('buildChanged', () => {
  let root: string;
  let packages: WorkspacePackage[];
  let built: string[];
  let failing: Set<string>;
  let duringBuild: (pkg: WorkspacePackage) => void;
  let lastMtime = 0;

  /**
   * Dates a file or folder strictly after every earlier change. The kernel's file clock is coarse (a few
   * ms), so two real edits in a row can share an mtime; a person's edits never are that close.
   */
  const touch = (full: string) => {
    lastMtime = Math.max(Date.now(), lastMtime + 1);
    utimesSync(full, new Date(lastMtime), new Date(lastMtime));
  };
  const edit = (file: string, text = 'x') => {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    touch(full);
    touch(path.dirname(full));
  };
  const remove = (file: string) => {
    rmSync(path.join(root, file));
    touch(path.dirname(path.join(root, file)));
  };
  const pkg = (name: string, deps: string[], build: boolean): WorkspacePackage => ({
    name,
    dir: path.join(root, name),
    manifest: {
      scripts: build ? { build: 'tsc' } : {},
      dependencies: Object.fromEntries(deps.map((d) => [d, 'workspace:*'])),
    },
  });
  /** One demo start: which packages it built, in order. */
  const start = () => {
    built = [];
    const ok = buildChanged(root, {
      packages,
      log: () => undefined,
      build: (p) => {
        duringBuild(p);
        // What a build writes is never an input: dist, and caches under node_modules.
        edit(`${p.name}/dist/index.js`);
        edit(`${p.name}/node_modules/.cache/build.json`);
        if (failing.has(p.name)) {
          return false;
        }
        built.push(p.name);
        return true;
      },
    });
    return { ok, built };
  };
  /** Dates everything an hour back, as a checkout that has not been touched since. */
  const ageAll = (dir: string) => {
    const past = new Date(Date.now() - 3_600_000);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        ageAll(full);
      }
      utimesSync(full, past, past);
    }
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wsnoc-incremental-'));
    failing = new Set();
    duringBuild = () => undefined;
    for (const file of [
      'pnpm-lock.yaml',
      'tsconfig.base.json',
      'shared/package.json',
      'shared/src/index.ts',
      'server/package.json',
      'server/src/main.ts',
      'server/src/extra.ts',
      'tools/package.json',
      'tools/src/lint.js',
    ]) {
      edit(file);
    }
    // `tools` has no build but is an input of the server; packages are listed in no particular order.
    packages = [pkg('server', ['shared', 'tools'], true), pkg('tools', [], false), pkg('shared', [], true)];
    ageAll(root);
    expect(start()).toEqual({ ok: true, built: ['shared', 'server'] });
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('builds nothing when nothing changed since the last build', () => {
    expect(start().built).toEqual([]);
  });

  it('builds a package whose source changed, and not the package it depends on', () => {
    edit('server/src/main.ts', 'changed');
    expect(start().built).toEqual(['server']);
    expect(start().built).toEqual([]);
  });

  it('builds a package and everything that depends on it, even through a package with no build', () => {
    edit('shared/src/index.ts', 'changed');
    expect(start().built).toEqual(['shared', 'server']);
    edit('tools/src/lint.js', 'changed');
    expect(start().built).toEqual(['server']);
  });

  it('builds when a source file was deleted or added, a package.json changed or the lockfile changed', () => {
    remove('server/src/extra.ts');
    expect(start().built).toEqual(['server']);
    edit('server/src/new/feature.ts');
    expect(start().built).toEqual(['server']);
    edit('shared/package.json', '{"changed":true}');
    expect(start().built).toEqual(['shared', 'server']);
    edit('pnpm-lock.yaml', 'changed');
    expect(start().built).toEqual(['shared', 'server']);
  });

  it('ignores dist, node_modules and dot folders', () => {
    edit('shared/dist/extra.js');
    edit('server/node_modules/.vite/cache.json');
    edit('server/.cache/x');
    expect(start().built).toEqual([]);
  });

  it('builds again after a failed build, whose half-written dist must not count as built', () => {
    edit('shared/src/index.ts', 'broken');
    failing.add('shared');
    expect(start()).toEqual({ ok: false, built: [] });
    failing.clear();
    expect(start().built).toEqual(['shared', 'server']);
  });

  it('builds again when a file was saved while the previous build ran', () => {
    edit('server/src/main.ts', 'changed');
    duringBuild = (p) => {
      if (p.name === 'server') {
        edit('server/src/main.ts', 'saved mid-build');
      }
    };
    expect(start().built).toEqual(['server']);
    duringBuild = () => undefined;
    expect(start().built).toEqual(['server']);
    expect(start().built).toEqual([]);
  });

  it('records in the stamp the newest input the build saw', () => {
    edit('shared/src/index.ts', 'changed');
    const newest = statSync(path.join(root, 'shared/src')).mtimeMs;
    start();
    const stamp = JSON.parse(readFileSync(path.join(root, 'shared/dist/.build-stamp'), 'utf8')) as {
      newestInputMs: number;
    };
    expect(stamp.newestInputMs).toBe(newest);
  });
});
