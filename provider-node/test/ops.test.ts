// The operator kit in ops/ against the node's code: every metric the alert rules and the Grafana dashboard query is
// one the node exports (read from its registry), `promtool check rules` and `promtool test rules` accept the rules,
// and systemd accepts the unit. No chain needed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { createMetrics } from "../src/metrics.js";

const OPS = new URL("../ops/", import.meta.url).pathname;
// Series Prometheus adds to every target itself, which the rules may use to see a node that is down.
const SCRAPE_SERIES = new Set(["up"]);
// Labels Prometheus attaches to every series of a target.
const TARGET_LABELS = new Set(["job", "instance"]);
const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless"]);
// Set where Debian's prometheus package cannot be had; CI (.ci/run) unpacks its promtool, so there the checks run.
const SKIP_PROMTOOL = process.env.HASHWORK_SKIP_PROMTOOL === "1";

/** Every series name the node's /metrics can hold, with the labels each may carry. */
function exportedSeries(): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const metric of createMetrics().registry.getMetricsAsArray()) {
    const { name, type, labelNames } = metric as unknown as { name: string; type: string; labelNames: string[] };
    // A histogram's series are its buckets (labelled `le`), sum and count; a summary's quantiles, sum and count.
    if (type === "histogram") {
      series.set(`${name}_bucket`, new Set([...labelNames, "le"]));
      for (const suffix of ["_sum", "_count"]) series.set(name + suffix, new Set(labelNames));
    } else if (type === "summary") {
      series.set(name, new Set([...labelNames, "quantile"]));
      for (const suffix of ["_sum", "_count"]) series.set(name + suffix, new Set(labelNames));
    } else series.set(name, new Set(labelNames));
  }
  return series;
}

/** The metric names a PromQL expression selects, each with the label names its matchers use. */
function selectors(expr: string): { name: string; labels: string[] }[] {
  const found: { name: string; labels: string[] }[] = [];
  const text = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals: label values, not names
    .replace(/\$\{?\w+\}?/g, "") // Grafana variables ($__rate_interval, $instance)
    .replace(/\[[^\]]*\]/g, "") // range and subquery durations
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // label lists
  for (const match of text.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const [word] = match;
    const start = match.index;
    const rest = text.slice(start + word.length);
    if (start > 0 && /[0-9.]/.test(text[start - 1])) continue; // the exponent of a number such as 4e9
    if (/^\s*\(/.test(rest) || PROMQL_WORDS.has(word)) continue; // a function or an operator
    if (text.lastIndexOf("{", start) > text.lastIndexOf("}", start)) continue; // a label inside a matcher
    const matcher = /^\s*\{([^}]*)\}/.exec(rest)?.[1] ?? "";
    const labels = [...matcher.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
    found.push({ name: word, labels });
  }
  return found;
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

function alertExpressions(): { where: string; expr: string }[] {
  const rules = parseYaml(readFileSync(join(OPS, "alerts.yml"), "utf8")) as RuleFile;
  return rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert ?? r.record}`, expr: r.expr })));
}

function dashboardExpressions(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(join(OPS, "grafana-dashboard.json"), "utf8")) as {
    panels: Panel[];
    templating: { list: { name: string; query?: string | { query: string } }[] };
  };
  const fromPanels = (panels: Panel[]): { where: string; expr: string }[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr ?? "" })),
      ...fromPanels(p.panels ?? []),
    ]);
  // A query variable's label_values(metric, label) names a metric too (its second argument is a label, not one).
  const fromVariables = dashboard.templating.list.flatMap((v) => {
    const query = typeof v.query === "string" ? v.query : (v.query?.query ?? "");
    const metric = /^label_values\(\s*([^,)]+)/.exec(query)?.[1];
    return metric ? [{ where: `variable $${v.name}`, expr: metric }] : [];
  });
  return [...fromPanels(dashboard.panels), ...fromVariables];
}

function run(command: string, args: string[]) {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  return { ok: r.status === 0, missing: (r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT", r };
}

describe("ops/: the operator kit matches the node", () => {
  it("reads metric names out of PromQL, leaving functions, labels, keywords and numbers", () => {
    const expr =
      'sum by (instance) (rate(a_total{job="x", state=~"a|b"}[5m])) / on (instance) b > 4e9 and up{instance=~"$i"}';
    assert.deepEqual(selectors(expr), [
      { name: "a_total", labels: ["job", "state"] },
      { name: "b", labels: [] },
      { name: "up", labels: ["instance"] },
    ]);
  });

  for (const [file, expressions] of [
    ["alerts.yml", alertExpressions],
    ["grafana-dashboard.json", dashboardExpressions],
  ] as const) {
    it(`${file} queries only series and labels the node exports`, () => {
      const series = exportedSeries();
      const used = expressions();
      assert.ok(used.length >= 10, `${file}: only ${used.length} expressions found`);
      const problems: string[] = [];
      for (const { where, expr } of used) {
        const selected = selectors(expr);
        if (selected.length === 0) problems.push(`${where}: no metric in ${JSON.stringify(expr)}`);
        for (const { name, labels } of selected) {
          const known = series.get(name) ?? (SCRAPE_SERIES.has(name) ? new Set<string>() : undefined);
          if (!known) {
            problems.push(`${where}: ${name} is not exported`);
            continue;
          }
          for (const label of labels)
            if (!known.has(label) && !TARGET_LABELS.has(label))
              problems.push(`${where}: ${name} has no label ${label}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it("promtool check rules accepts alerts.yml", { skip: SKIP_PROMTOOL && "HASHWORK_SKIP_PROMTOOL=1" }, () => {
    const check = run("promtool", ["check", "rules", join(OPS, "alerts.yml")]);
    assert.ok(!check.missing, "promtool is not installed: apt-get install --no-install-recommends prometheus");
    assert.ok(check.ok, check.r.stdout + check.r.stderr);
  });

  it(
    "promtool test rules: the alerts fire on the series they are written for",
    { skip: SKIP_PROMTOOL && "HASHWORK_SKIP_PROMTOOL=1" },
    () => {
      const test = run("promtool", ["test", "rules", join(OPS, "alerts.test.yml")]);
      assert.ok(!test.missing, "promtool is not installed: apt-get install --no-install-recommends prometheus");
      assert.ok(test.ok, test.r.stdout + test.r.stderr);
    },
  );

  it("systemd-analyze verify accepts hashwork-node.service", (t) => {
    // The unit names the installed binary, absent here; every other line is checked as written.
    const dir = mkdtempSync(join(tmpdir(), "hashwork-node-unit-"));
    try {
      const unit = readFileSync(join(OPS, "hashwork-node.service"), "utf8");
      assert.match(
        unit,
        /^ExecStart=\/usr\/local\/bin\/hashwork-node start .*--password-file \$\{CREDENTIALS_DIRECTORY\}/m,
      );
      writeFileSync(join(dir, "hashwork-node.service"), unit.replaceAll("/usr/local/bin/hashwork-node", "/bin/true"));
      const verify = run("systemd-analyze", ["verify", join(dir, "hashwork-node.service")]);
      if (verify.missing) return t.skip("systemd-analyze is not installed");
      assert.ok(verify.ok && verify.r.stderr.trim() === "", verify.r.stdout + verify.r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
