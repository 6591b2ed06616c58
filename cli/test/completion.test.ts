import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ExitCode } from "../src/exit-codes.js";
import { hashwork } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const dir = await tempDir();

describe("hashwork completion", () => {
  it("prints a bash script that registers and completes from the command tree", async () => {
    const r = await hashwork(["completion", "bash"]);
    assert.equal(r.code, ExitCode.Ok, r.stderr);
    const script = join(dir, "hashwork.bash");
    await writeFile(script, r.stdout);
    const bash = (commands: string) =>
      execFileSync("bash", ["--norc", "-c", `source ${script}\n${commands}`], { encoding: "utf8" });
    assert.equal(bash("complete -p hashwork").trim(), "complete -o default -F _hashwork hashwork");
    /** The candidates bash offers after typing `line` (the last word is the one being completed). */
    const complete = (line: string) => {
      const words = line.split(" ");
      const array = words.map((w) => `'${w}'`).join(" ");
      return bash(`COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _hashwork; printf '%s\\n' "\${COMPREPLY[@]}"`)
        .split("\n")
        .filter(Boolean);
    };
    const top = complete("hashwork ");
    for (const command of ["job", "provider", "market", "deposit", "completion", "--rpc", "--profile", "--version"]) {
      assert.ok(top.includes(command), `${command} in ${top.join(" ")}`);
    }
    assert.deepEqual(complete("hashwork j"), ["job"]);
    assert.deepEqual(complete("hashwork d"), ["deposit"]);
    assert.deepEqual(complete("hashwork job p"), ["post"]);
    // Global options and their values are skipped on the way to the command; its own options and the global ones follow.
    assert.deepEqual(complete("hashwork --rpc http://x job st"), ["status"]);
    assert.ok(complete("hashwork job post --").includes("--example"));
    assert.ok(complete("hashwork job post --").includes("--keystore"));
    const shells = complete("hashwork completion ");
    assert.ok(shells.includes("bash") && shells.includes("zsh"), shells.join(" "));
  });

  it("prints a zsh script with the commands and their descriptions", async () => {
    const r = await hashwork(["completion", "zsh"]);
    assert.equal(r.code, ExitCode.Ok, r.stderr);
    assert.match(r.stdout, /^#compdef hashwork\n/);
    assert.match(r.stdout, /'job:post jobs, follow them/);
    assert.match(r.stdout, /'job post'\) reply=\(.*'--example:/);
    assert.match(r.stdout, /compdef _hashwork hashwork/);
  });

  it("refuses other shells", async () => {
    const r = await hashwork(["completion", "fish"]);
    assert.equal(r.code, ExitCode.Usage);
    assert.match(r.stderr, /Allowed choices are bash, zsh/);
  });
});
