// Builds only the workspace packages whose inputs changed since their last build, for `pnpm demo`: a second
// start should not spend a minute rebuilding what is already built. `pnpm test` and `pnpm build` still
// build everything, always.
//
// A package's inputs are each file and folder below it except node_modules, dist and dot-entries, the
// inputs of the workspace packages it depends on, and the root's lockfile and base tsconfig. Folders count
// because deleting a file changes only its folder's mtime. Tests and docs inside a package count too, which
// sometimes rebuilds for nothing but never misses a change.
//
// After a successful build, dist/.build-stamp records the newest input mtime the build saw. The package is
// up to date while no input is newer. Comparing file times with file times, never with the wall clock,
// matters: the kernel dates files with a coarse clock that lags Date.now() by a few milliseconds. A file
// copied in with an old mtime (cp -p, tar) goes unnoticed; `pnpm build` builds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const STAMP = path.join('dist', '.build-stamp');
const ROOT_INPUTS = ['pnpm-lock.yaml', 'tsconfig.base.json'];

/** The workspace's packages (root excluded): name, directory and manifest, as pnpm lists them. */
export function listPackages(root) {
  const listed = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) {
    throw new Error(`pnpm ls failed: ${listed.stderr}`);
  }
  return JSON.parse(listed.stdout)
    .filter((p) => path.resolve(p.path) !== path.resolve(root))
    .map((p) => ({
      name: p.name,
      dir: p.path,
      manifest: JSON.parse(readFileSync(path.join(p.path, 'package.json'), 'utf8')),
    }));
}

/** The newest mtime (ms) below a package directory, skipping node_modules, its dist and dot-entries. */
export function newestInput(dir) {
  let newest = 0;
  const walk = (current, top) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || (top && entry.name === 'dist')) {
        continue;
      }
      const full = path.join(current, entry.name);
      newest = Math.max(newest, statSync(full).mtimeMs);
      if (entry.isDirectory()) {
        walk(full, false);
      }
    }
  };
  walk(dir, true);
  return newest;
}

function workspaceDeps(pkg, byName) {
  const specs = { ...pkg.manifest.dependencies, ...pkg.manifest.devDependencies };
  return Object.keys(specs).filter(
    (name) => byName.has(name) && String(specs[name]).startsWith('workspace:'),
  );
}

/**
 * Every package with a build script, dependencies first, each with whether it must be built. Decided for
 * all before anything is built, from inputs only, so a rebuilt dependency's new dist never hides a change.
 */
export function planBuilds(root, packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const rootNewest = Math.max(
    0,
    ...ROOT_INPUTS.filter((f) => existsSync(path.join(root, f))).map(
      (f) => statSync(path.join(root, f)).mtimeMs,
    ),
  );
  const own = new Map();
  const inputs = (pkg, seen = new Set()) => {
    if (seen.has(pkg.name)) {
      return 0;
    }
    seen.add(pkg.name);
    if (!own.has(pkg.name)) {
      own.set(pkg.name, newestInput(pkg.dir));
    }
    return Math.max(own.get(pkg.name), ...workspaceDeps(pkg, byName).map((d) => inputs(byName.get(d), seen)));
  };

  const ordered = [];
  const visited = new Set();
  const visit = (pkg) => {
    if (visited.has(pkg.name)) {
      return;
    }
    visited.add(pkg.name);
    workspaceDeps(pkg, byName).forEach((d) => visit(byName.get(d)));
    ordered.push(pkg);
  };
  packages.forEach(visit);

  return ordered
    .filter((pkg) => pkg.manifest.scripts?.build)
    .map((pkg) => {
      const newest = Math.max(rootNewest, inputs(pkg));
      const built = readStamp(path.join(pkg.dir, STAMP));
      // An input dated well in the future (a clock stepped back) would hide every later edit: build then.
      const future = newest > Date.now() + 60_000;
      return { pkg, newest, stale: built === undefined || newest > built || future };
    });
}

function readStamp(file) {
  try {
    const value = Number(JSON.parse(readFileSync(file, 'utf8')).newestInputMs);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function pnpmBuild(pkg) {
  return spawnSync('pnpm', ['run', 'build'], { cwd: pkg.dir, stdio: 'inherit' }).status === 0;
}

/**
 * Runs the build of every stale package in order; false (after saying which) as soon as one fails. The
 * package list and the build step can be replaced, for the tests.
 */
export function buildChanged(
  root,
  {
    packages = listPackages(root),
    build = pnpmBuild,
    log = (line) => process.stdout.write(`${line}\n`),
  } = {},
) {
  const plan = planBuilds(root, packages);
  const fresh = plan.filter((p) => !p.stale).map((p) => p.pkg.name);
  if (fresh.length) {
    log(`wsnoc demo: up to date, not rebuilt: ${fresh.join(', ')}`);
  }
  for (const { pkg, newest } of plan.filter((p) => p.stale)) {
    log(`wsnoc demo: building ${pkg.name}`);
    const stamp = path.join(pkg.dir, STAMP);
    // A build that fails half-way must not leave the old stamp vouching for a half-written dist.
    rmSync(stamp, { force: true });
    if (!build(pkg)) {
      log(`wsnoc demo: the build of ${pkg.name} failed (see above)`);
      return false;
    }
    // The inputs as they were before the build: a file saved while it ran is newer, so the next start
    // builds again.
    mkdirSync(path.dirname(stamp), { recursive: true });
    writeFileSync(stamp, `${JSON.stringify({ newestInputMs: newest, builtAt: new Date().toISOString() })}\n`);
  }
  return true;
}
