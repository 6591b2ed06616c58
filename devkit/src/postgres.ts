/**
 * PostgreSQL for graph-node (gnd), as DESIGN.md "Subgraph" says:
 * - POSTGRES_URL set: used as is.
 * - non-root: gnd creates (and drops) a temporary database itself; it needs initdb/pg_ctl on PATH.
 * - root (CI): gnd refuses to create one, so we start the Debian cluster, create a password superuser role
 *   (HASHWORK_PG_ROLE / HASHWORK_PG_PASSWORD, default hashwork/hashwork) and a fresh UTF8/C database (kept as it
 *   is with HASHWORK_PG_KEEP=1), and hand gnd its URL.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter } from "node:path";
import { promisify } from "node:util";
import { waitFor } from "@hashwork/harness/ports";

/** A missing prerequisite (a binary, a database, built files): the scripts exit 2 with its message. */
export class PrerequisiteError extends Error {
  readonly exitCode = 2;
  override name = "PrerequisiteError";
}

/** gnd's database arguments (none, or `--postgres-url <url>`) and the environment to run it with. */
export interface Postgres {
  args: string[];
  env: NodeJS.ProcessEnv;
}

const execFileAsync = promisify(execFile);

function fail(message: string): never {
  throw new PrerequisiteError(`postgres: ${message}`);
}

/** PostgreSQL for a gnd that uses `database` (recreated empty unless HASHWORK_PG_KEEP=1; root only). */
export async function postgresFor(database: string, env: NodeJS.ProcessEnv = process.env): Promise<Postgres> {
  // runuser, pg_ctlcluster and friends live in sbin, which minimal PATHs (cron, CI) may lack.
  const path = [serverBin(), env.PATH, "/usr/sbin", "/sbin"].filter(Boolean).join(delimiter);
  const gndEnv = { ...env, PATH: path };
  if (env.POSTGRES_URL) return { args: ["--postgres-url", env.POSTGRES_URL], env: gndEnv };
  if (!serverBin() && !onPath("initdb", path))
    fail(
      "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql) or set POSTGRES_URL to a database gnd may use.",
    );
  if (process.getuid?.() !== 0) return { args: [], env: gndEnv }; // gnd makes a temporary database (pgtemp)

  const run = async (command: string, args: string[]) => {
    try {
      return (await execFileAsync(command, args, { env: gndEnv })).stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error((e.stderr || e.message).trim());
    }
  };
  const asPostgres = (args: string[]) => run("runuser", ["-u", "postgres", "--", ...args]);

  if (!onPath("pg_lsclusters", path))
    fail("running as root needs Debian's postgresql-common (pg_lsclusters, pg_ctlcluster), or set POSTGRES_URL");
  const clusters = (await run("pg_lsclusters", ["--no-header"])).split("\n").filter((l) => l.trim());
  const newest = clusters.map((l) => l.trim().split(/\s+/)).sort((a, b) => byVersion(a[0], b[0]))[clusters.length - 1];
  if (!newest) fail("no PostgreSQL cluster found (pg_createcluster 15 main), or set POSTGRES_URL");
  const [version, cluster, port, status] = newest;
  if (status !== "online") {
    console.error(`postgres: starting cluster ${version}/${cluster}`);
    await run("pg_ctlcluster", [version, cluster, "start"]).catch((e: Error) =>
      fail(`could not start cluster ${version}/${cluster} (see /var/log/postgresql/): ${e.message}`),
    );
  }
  // pg_ctlcluster waits for the server; a cluster someone else is starting may still be on its way.
  await waitFor(
    `cluster ${version}/${cluster} to accept connections on port ${port}`,
    () => asPostgres(["pg_isready", "-q", "-p", port]).then(() => true),
    10_000,
    200,
  ).catch((e: Error) => fail(e.message));

  // Idempotent: the role is created once; the database is recreated so every run starts empty.
  const role = env.HASHWORK_PG_ROLE ?? "hashwork";
  const password = env.HASHWORK_PG_PASSWORD ?? "hashwork"; // local loopback development database only
  const psql = (sql: string) =>
    asPostgres(["psql", "-q", "-p", port, "-v", "ON_ERROR_STOP=1", "-tA", "-d", "postgres", "-c", sql]);
  await psql(
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN
         CREATE ROLE ${identifier(role)} LOGIN SUPERUSER PASSWORD ${literal(password)};
       ELSE
         ALTER ROLE ${identifier(role)} LOGIN SUPERUSER PASSWORD ${literal(password)};
       END IF;
     END $$;`,
  ).catch((e: Error) => fail(`could not create role ${role}: ${e.message}`));
  if (env.HASHWORK_PG_KEEP !== "1")
    await asPostgres(["dropdb", "-p", port, "--if-exists", "--force", database]).catch((e: Error) =>
      fail(`could not drop database ${database}: ${e.message}`),
    );
  const exists = (await psql(`SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`)).trim() === "1";
  if (!exists)
    await asPostgres([
      "createdb",
      "-p",
      port,
      "-E",
      "UTF8",
      "--locale=C",
      "-T",
      "template0",
      "-O",
      role,
      database,
    ]).catch((e: Error) => fail(`could not create database ${database}: ${e.message}`));
  const url = `postgresql://${encodeURIComponent(role)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { args: ["--postgres-url", url], env: gndEnv };
}

/** The newest installed PostgreSQL's server binaries (initdb, pg_ctl) on Debian, if any. */
function serverBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin`));
  const newest = versions.sort(byVersion).at(-1);
  return newest && `${root}/${newest}/bin`;
}

function onPath(command: string, path: string): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(`${dir}/${command}`));
}

function byVersion(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const identifier = (s: string) => `"${s.replaceAll('"', '""')}"`;
