import type { FormEvent } from "react";
import { formatEnum } from "../format";
import { JOB_OUTCOMES, JOB_STATUSES, type JobFilters, type JobOutcome, type JobStatus } from "../queries/jobList";
import { routeHref } from "../router";

/** The job explorer's filters; submitting writes them into the URL (so a filtered list can be shared). */
export function JobFiltersForm({ filters }: { filters: JobFilters }) {
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const resourceClass = text("class");
    window.location.hash = routeHref({
      page: "jobs",
      pageIndex: 0,
      filters: {
        status: text("status") as JobStatus | undefined,
        outcome: text("outcome") as JobOutcome | undefined,
        resourceClass: resourceClass === undefined ? undefined : Number(resourceClass),
        requester: text("requester"),
        provider: text("provider"),
      },
    });
  };

  // `key` remounts the form when the URL's filters change, so its inputs show them.
  return (
    <form className="filters" onSubmit={onSubmit} key={JSON.stringify(filters)}>
      <label>
        Status
        <select name="status" defaultValue={filters.status ?? ""}>
          <option value="">any</option>
          {JOB_STATUSES.map((s) => (
            <option key={s} value={s}>
              {formatEnum(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select name="outcome" defaultValue={filters.outcome ?? ""}>
          <option value="">any</option>
          {JOB_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {formatEnum(o)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Class
        <input name="class" type="number" min={0} max={31} defaultValue={filters.resourceClass} placeholder="any" />
      </label>
      <label>
        Requester
        <input name="requester" defaultValue={filters.requester} placeholder="0x…" pattern="0x[0-9a-fA-F]{40}" />
      </label>
      <label>
        Provider
        <input name="provider" defaultValue={filters.provider} placeholder="0x…" pattern="0x[0-9a-fA-F]{40}" />
      </label>
      <button type="submit">Filter</button>
      <a href={routeHref({ page: "jobs", filters: {}, pageIndex: 0 })}>Clear</a>
    </form>
  );
}
