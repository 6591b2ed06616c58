/**
 * Runs the subgraph's gnd JSON tests (tests/*.json, written from tests/scenarios/*.ts) in a real graph-node:
 * generates the test manifest (fixture addresses), codegen, build, then `gnd test`. Exits non-zero when anything fails.
 *
 *   npm test -w subgraph [-- tests/<file>.json ...]
 *
 * PostgreSQL as @hashwork/devkit/postgres says: POSTGRES_URL if set; a temporary database as non-root; as root the
 * Debian cluster with a password role and a fresh database (HASHWORK_TEST_DB, default hashwork_subgraph_test).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { buildSubgraph, findGnd, requireAbis, run, SUBGRAPH } from "@hashwork/devkit/graph-node";
import { postgresFor, type Postgres } from "@hashwork/devkit/postgres";
import { Service } from "@hashwork/harness/processes";
import { main } from "@hashwork/devkit/script";

main("test", async (stop) => {
  const gnd = findGnd();
  requireAbis();
  // The schema's counter fields and the JSON tests are generated: refuse stale ones (see their scripts).
  await run("counters.mjs --check", process.execPath, ["scripts/counters.mjs", "--check"], { cwd: SUBGRAPH });
  await run("tests/scenarios/build.ts --check", process.execPath, ["tests/scenarios/build.ts", "--check"], {
    cwd: SUBGRAPH,
  });
  await buildSubgraph({ deploymentFile: "config/test-deployment.json" });

  const args = process.argv.slice(2);
  const files =
    args.length > 0
      ? args
      : readdirSync(join(SUBGRAPH, "tests"))
          .filter((f) => f.endsWith(".json"))
          .sort()
          .map((f) => `tests/${f}`);
  if (files.length === 0) throw new Error("no tests/*.json");

  // With a shared database gnd keeps a failed test's entities for inspection, and they would leak into the next
  // test; so as root each file runs in its own gnd process against its own freshly created database. As non-root
  // gnd gives every test its own temporary database, and one process runs them all. (A POSTGRES_URL of your own
  // is used for every file as is.)
  const perFile = process.getuid?.() === 0 && !process.env.POSTGRES_URL;
  const groups = perFile ? files.map((f) => [f]) : [files];
  const jobs = perFile ? Math.max(1, Number(process.env.HASHWORK_TEST_JOBS ?? 4)) : 1;
  const database = process.env.HASHWORK_TEST_DB ?? "hashwork_subgraph_test";
  const logDir = mkdtempSync(join(tmpdir(), "hashwork-subgraph-test."));
  stop.onShutdown(() => rmSync(logDir, { recursive: true, force: true }));

  // Databases are made one at a time (concurrent ALTER ROLEs of the one role conflict); gnd runs up to `jobs` at once.
  let databases: Promise<unknown> = Promise.resolve();
  const runGroup = async (i: number) => {
    const made = databases.then(() => postgresFor(perFile ? `${database}_${i}` : database));
    databases = made.catch(() => undefined);
    const postgres: Postgres = await made;
    const logFile = join(logDir, `${String(i).padStart(3, "0")}.log`);
    const service = new Service(
      `gnd test ${groups[i].join(" ")}`,
      gnd,
      ["test", "--skip-build", ...postgres.args, ...groups[i]],
      {
        cwd: SUBGRAPH,
        env: postgres.env,
        logFile,
      },
    );
    stop.onShutdown(async () => void (await service.stop(2_000)));
    return { ...(await service.exited), logFile };
  };
  const results: Awaited<ReturnType<typeof runGroup>>[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < groups.length; i = next++) results[i] = await runGroup(i);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, groups.length) }, worker));

  // Logs in file order; gnd's "Tests: N passed, N failed" lines (one per process) summed into one.
  let passed = 0;
  let failed = 0;
  let ok = true;
  results.forEach(({ code, signal, logFile }, i) => {
    const log = stripVTControlCharacters(readFileSync(logFile, "utf8"));
    process.stdout.write(log);
    const summaries = [...log.matchAll(/^Tests: (\d+) passed, (\d+) failed/gm)];
    for (const [, p, f] of summaries) {
      passed += Number(p);
      failed += Number(f);
    }
    // A gnd that crashed before its summary line fails the run.
    if (summaries.length === 0)
      console.error(`test: gnd did not finish ${groups[i].join(" ")} (${signal ?? `exit ${code}`})`);
    if (summaries.length === 0 || code !== 0) ok = false;
  });
  console.log(`Tests: ${passed} passed, ${failed} failed`);
  // A run that ran nothing fails too.
  return ok && passed > 0 && failed === 0 ? 0 : 1;
});
