import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import type { RawSourceMap } from 'source-map';
import { PRELOADED_WORKFLOW_MODULES, workflowBundleOptions } from '../../src/workflow-bundle';
import { workflowBundleFile } from '../support/test-env';

/**
 * The modules every workflow in a reusable V8 context shares (src/workflow-shared.ts, preloaded by
 * src/workflow-bundle.ts): the list is exactly the bundle's modules that may be shared, every build
 * of the bundle preloads it, and in the SDK's own context the shared modules are frozen (a write by
 * one workflow throws instead of reaching the next) and their schemas still parse.
 */

const root = path.resolve(__dirname, '../..');
const src = path.join(root, 'src');

/** What a shared module may call from @temporalio/workflow at module scope: definitions, which need no workflow. */
const MODULE_SCOPE_WORKFLOW_API = new Set(['defineQuery', 'defineUpdate', 'defineSignal', 'proxyActivities']);

interface ModuleInfo {
  /** files this one imports at run time */
  imports: string[];
  /** names it imports from @temporalio/workflow at run time */
  workflowApi: string[];
}

/** The run-time import graph from a file, as eslint.config.js reads it (`import type` is erased). */
function importGraph(entry: string): Map<string, ModuleInfo> {
  const graph = new Map<string, ModuleInfo>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const info: ModuleInfo = { imports: [], workflowApi: [] };
    graph.set(file, info);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, clause, specifier] of source.matchAll(/^(?:import|export)\s+([^;]*?)\s+from\s+'([^']+)'/gm)) {
      if (/^type\s/.test(clause!)) continue;
      if (specifier === '@temporalio/workflow') {
        for (const part of clause!.replace(/[{}]/g, '').split(',')) {
          const name = part.trim().split(/\s+as\s+/)[0]!;
          if (name && !name.startsWith('type ')) info.workflowApi.push(name);
        }
        continue;
      }
      if (!specifier!.startsWith('.')) continue;
      const base = path.join(path.dirname(file), specifier!);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
      if (target) {
        info.imports.push(target);
        visit(target);
      }
    }
  };
  visit(entry);
  return graph;
}

const bundled = importGraph(path.join(src, 'workflows.ts'));

const sharedRoot = path.join(src, 'workflow-shared.ts');
const shared = importGraph(sharedRoot);
shared.delete(sharedRoot);
const relative = (files: Iterable<string>) => [...files].map((file) => path.relative(root, file)).sort();

describe('the modules workflows share', () => {
  it('are what the bundle preloads, by the name the entry point resolves', () => {
    expect(PRELOADED_WORKFLOW_MODULES).toEqual(['./workflow-shared']);
    const { workflowsPath, preloadModules } = workflowBundleOptions();
    // The generated entry point is a sibling of workflows.ts, so the names resolve from its folder.
    expect(preloadModules.map((name) => require.resolve(path.join(path.dirname(workflowsPath), name)))).toEqual([
      sharedRoot,
    ]);
  });

  it('are every module of the bundle but the list of workflows, so a new module is shared as soon as workflow code imports it', () => {
    const direct = importGraph(sharedRoot).get(sharedRoot)!.imports;
    const settle = path.join(src, 'platform/workflow/settle.ts');
    expect(relative(direct.filter((file) => file !== settle))).toEqual(
      relative([...bundled.keys()].filter((file) => file !== path.join(src, 'workflows.ts'))),
    );
    // and they reach nothing outside the bundle's own modules (no second copy of anything)
    expect(relative([...shared.keys()].filter((file) => file !== settle && !bundled.has(file)))).toEqual([]);
  });

  it('call the workflow API at module scope only to define messages and activity proxies', () => {
    const found: string[] = [];
    for (const [file, info] of shared) {
      const source = fs.readFileSync(file, 'utf8');
      for (const name of info.workflowApi.filter((api) => !MODULE_SCOPE_WORKFLOW_API.has(api))) {
        // a statement at column 0 calling it runs when the module loads, before any workflow exists
        for (const [line] of source.matchAll(new RegExp(`^[^\\s/*)}].*\\b${name}\\s*[(<].*$`, 'gm'))) {
          if (!/^(export\s+)?(async\s+)?function\b/.test(line)) found.push(`${path.relative(root, file)}: ${line}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('keep no state at module scope', () => {
    // A module-level binding that can be reassigned, or a collection that can be filled, would be one per worker, not per case.
    const found: string[] = [];
    for (const file of shared.keys()) {
      const source = fs.readFileSync(file, 'utf8');
      for (const [line] of source.matchAll(/^(?:export\s+)?(?:let|var)\s.*$/gm))
        found.push(`${path.relative(root, file)}: ${line}`);
      // a collection is declared read-only (ReadonlySet, ReadonlyMap), so tsc refuses a write to it
      for (const [, name] of source.matchAll(
        /^(?:export\s+)?const\s+(\w+)\s*(?::(?!\s*Readonly)[^=]*)?=\s*new\s+(?:Map|Set|WeakMap|WeakSet)\b/gm,
      )) {
        found.push(`${path.relative(root, file)}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('are preloaded by every build of the workflow bundle: worker, audit replay, tests and bench', () => {
    const files = ['src', 'bench', 'test/support']
      .flatMap((folder) =>
        fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).map((f) => path.join(folder, f)),
      )
      .filter((file) => file.endsWith('.ts'));
    const resolvingWorkflows = files.filter((file) =>
      /require\.resolve\('[./]*(src\/)?workflows'\)/.test(fs.readFileSync(path.join(root, file), 'utf8')),
    );
    expect(resolvingWorkflows).toEqual([path.join('src', 'workflow-bundle.ts')]);
    const building = files.filter(
      (file) =>
        file !== path.join('src', 'workflow-bundle.ts') &&
        /^(?!\s*(\*|\/\/|\/\*)).*(bundleWorkflowCode\(|workflowsPath)/m.test(
          fs.readFileSync(path.join(root, file), 'utf8'),
        ),
    );
    expect(building.sort()).toEqual([
      'bench/setup.ts',
      'src/audit/replay.ts',
      'src/worker.ts',
      'test/support/global-setup.ts',
    ]);
    for (const file of building)
      expect([file, fs.readFileSync(path.join(root, file), 'utf8')]).toEqual([
        file,
        expect.stringContaining('workflowBundleOptions()'),
      ]);
  });

  describe("in the SDK's reusable V8 context", () => {
    let creator: ReusableVMWorkflowCreator;
    let modules: readonly Record<string, unknown>[];
    beforeAll(async () => {
      const code = fs.readFileSync(workflowBundleFile, 'utf8');
      const inlineMap = code.slice(code.lastIndexOf('base64,') + 'base64,'.length).trimEnd();
      const sourceMap = JSON.parse(Buffer.from(inlineMap, 'base64').toString()) as RawSourceMap;
      creator = await ReusableVMWorkflowCreator.create(
        { code, filename: workflowBundleFile, sourceMap },
        10_000,
        new Set(),
        () => false,
      );
      modules = vm.runInContext(
        `__webpack_module_cache__['./src/workflow-shared.ts'].exports.SHARED_MODULES`,
        (creator as unknown as { context: vm.Context }).context,
      ) as readonly Record<string, unknown>[];
    });
    afterAll(() => creator.destroy());

    it('are loaded once, before any workflow, and frozen: a write from one workflow cannot reach the next', () => {
      expect(modules.length).toBeGreaterThan(50);
      const unfrozen: string[] = [];
      modules.forEach((exports, index) => {
        for (const [name, value] of Object.entries(exports)) {
          if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) unfrozen.push(`${index}.${name}`);
        }
      });
      expect(unfrozen).toEqual([]);
    });

    it('keep their zod schemas working frozen: each parses good and bad input, twice, without writing to itself', () => {
      const failures = new Set<string>();
      let schemas = 0;
      modules.forEach((exports, index) => {
        for (const [name, value] of Object.entries(exports)) {
          const parse = (value as { safeParse?: unknown } | null)?.safeParse;
          if (typeof parse !== 'function') continue;
          schemas += 1;
          for (const input of [undefined, {}, [], 'x', '2026-01-01', '12:30', 0, { actor: {} }, undefined]) {
            try {
              Reflect.apply(parse, value, [input]);
            } catch (error) {
              failures.add(`${index}.${name}: ${(error as Error).message}`);
            }
          }
        }
      });
      expect(schemas).toBeGreaterThan(50);
      expect([...failures]).toEqual([]);
    });
  });
});
