import { getExample, listExamples, UnknownExampleError, type ExampleWorkload } from "@hashwork/sdk/workloads";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";

// The CLI's view of the SDK's sample workloads: looked up by name, with a not-found error (exit 3) that lists them.

export function examples(): ExampleWorkload[] {
  return listExamples();
}

export function exampleNamed(name: string): ExampleWorkload {
  try {
    return getExample(name);
  } catch (error) {
    if (!(error instanceof UnknownExampleError)) throw error;
    throw new CliError(ExitCode.NotFound, "UNKNOWN_EXAMPLE", `There is no example named "${name}".`, {
      hint: `Choose one of ${error.validNames.join(", ")} (see \`hashwork job examples\`).`,
    });
  }
}
