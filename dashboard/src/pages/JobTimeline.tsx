import { Time } from "../components/Values";
import type { JobDetail } from "../queries/jobDetail";
import { jobTimeline } from "./timelineSteps";

/** The job's lifecycle as a vertical list of steps, each with when it happened. */
export function JobTimeline({ job }: { job: JobDetail }) {
  return (
    <ol className="timeline" data-testid="job-timeline">
      {jobTimeline(job).map((step) => (
        <li
          key={step.name}
          className={`timeline-step step-${step.state}`}
          data-testid={`timeline-${step.name}`}
          data-state={step.state}
        >
          <span className="timeline-dot" />
          <div>
            <strong>{step.label}</strong> {step.at && <Time seconds={step.at} testId={`timeline-${step.name}-time`} />}
            <div className="timeline-detail">{step.detail}</div>
          </div>
        </li>
      ))}
    </ol>
  );
}
