import type { Command } from "commander";
import type { Run } from "../command.js";
import { addJobCancelCommand } from "./job-cancel.js";
import { addJobChallengeCommand } from "./job-challenge.js";
import { addJobExamplesCommand } from "./job-examples.js";
import { addJobListCommand } from "./job-list.js";
import { addJobPostCommand } from "./job-post.js";
import { addJobRefundCommand } from "./job-refund.js";
import { addJobResultCommand } from "./job-result.js";
import { addJobRunCommand } from "./job-run.js";
import { addJobStatusCommand } from "./job-status.js";
import { addJobVerifyCommand } from "./job-verify.js";
import { addJobWaitCommand } from "./job-wait.js";

/**
 * `hashwork job …`: the requester's commands, one file each (`job verify`: re-run a job locally and compare it with
 * the revealed results; `job challenge`: bond a challenge of an agreed result; `job run`: local, no chain).
 */
export function addJobCommands(program: Command, run: Run): void {
  const job = program
    .command("job")
    .description("post jobs, follow them, fetch verified results, verify and challenge them, cancel and refund");
  addJobPostCommand(job, run);
  addJobRunCommand(job, run);
  addJobWaitCommand(job, run);
  addJobStatusCommand(job, run);
  addJobResultCommand(job, run);
  addJobCancelCommand(job, run);
  addJobRefundCommand(job, run);
  addJobVerifyCommand(job, run);
  addJobChallengeCommand(job, run);
  addJobListCommand(job, run);
  addJobExamplesCommand(job, run);
}
