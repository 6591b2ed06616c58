import type { Command } from "commander";
import type { Run } from "../command.js";
import { examples } from "../examples.js";

export function addJobExamplesCommand(job: Command, run: Run): void {
  job
    .command("examples")
    .description("list the sample workloads `job post --example <name>` runs")
    .action((_o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const list = examples().map((e) => ({
          name: e.name,
          description: e.description,
          inputFormat: e.inputFormat,
          args: e.args,
          limits: e.limits,
          outputMediaType: e.outputMediaType,
          defaultInputBytes: e.defaultInput().length,
        }));
        ctx.output.result({ examples: list }, ({ examples: items }) => {
          const width = Math.max(...items.map((e) => e.name.length));
          return [
            "Sample workloads (post one with `hashwork job post --example <name> --wait`):",
            ...items.map((e) => `  ${e.name.padEnd(width)}  ${e.description}`),
          ].join("\n");
        });
      }),
    );
}
