import type { Command } from "commander";
import type { Run } from "../command.js";
import { addJobCancelCommand } from "./job-cancel.js";
import { addJobDisputeCommand } from "./job-dispute.js";
import { addJobExamplesCommand } from "./job-examples.js";
import { addJobListCommand } from "./job-list.js";
import { addJobPostCommand } from "./job-post.js";
import { addJobRefundCommand } from "./job-refund.js";
import { addJobResultCommand } from "./job-result.js";
import { addJobRunCommand } from "./job-run.js";
import { addJobStatusCommand } from "./job-status.js";
import { addJobWaitCommand } from "./job-wait.js";

/**
 * `hashwork job …`: the requester's commands, one file each (`job dispute`: k = 1 challenges; `job run`:
 * local, in the providers' sandbox, no chain).
 */
export function addJobCommands(program: Command, run: Run): void {
  const job = program.command("job").description("post jobs, follow them, fetch verified results, cancel and refund");
  addJobPostCommand(job, run);
  addJobRunCommand(job, run);
  addJobWaitCommand(job, run);
  addJobStatusCommand(job, run);
  addJobResultCommand(job, run);
  addJobCancelCommand(job, run);
  addJobRefundCommand(job, run);
  addJobDisputeCommand(job, run);
  addJobListCommand(job, run);
  addJobExamplesCommand(job, run);
}
