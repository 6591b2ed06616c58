import { DataTable } from "../components/DataTable";
import { QueryStatus } from "../components/QueryStatus";
import { Badge, Hex, JobLink, Time, Tokens } from "../components/Values";
import { formatMfuel } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import { fetchJobList, type JobFilters, type JobListItem } from "../queries/jobList";
import { routeHref } from "../router";
import { JobFiltersForm } from "./JobFiltersForm";

/** Job explorer: filters, then one page of jobs, newest first. */
export function JobsPage({ filters, pageIndex }: { filters: JobFilters; pageIndex: number }) {
  const { data, error, loading } = useSubgraphQuery(`jobs:${JSON.stringify(filters)}:${pageIndex}`, (url) =>
    fetchJobList(url, filters, pageIndex),
  );
  const pageHref = (index: number) => routeHref({ page: "jobs", filters, pageIndex: index });

  return (
    <>
      <h2>Jobs</h2>
      <JobFiltersForm filters={filters} />
      {data ? (
        <>
          <DataTable<JobListItem>
            testId="jobs"
            rows={data.jobs}
            rowKey={(job) => job.id}
            empty="No jobs match."
            columns={[
              { key: "id", header: "Job", cell: (job) => <JobLink id={job.id} /> },
              { key: "status", header: "Status", cell: (job) => <Badge value={job.status} /> },
              { key: "outcome", header: "Outcome", cell: (job) => (job.outcome ? <Badge value={job.outcome} /> : "—") },
              { key: "class", header: "Class", numeric: true, cell: (job) => job.resourceClass },
              { key: "slots", header: "Claimed / k", numeric: true, cell: (job) => `${job.claimed} / ${job.replicas}` },
              { key: "requester", header: "Requester", cell: (job) => <Hex value={job.requester} /> },
              { key: "maxFuel", header: "Fuel limit", numeric: true, cell: (job) => formatMfuel(job.maxFuel) },
              {
                key: "maxPrice",
                header: "Max / Mfuel",
                numeric: true,
                cell: (job) => <Tokens wei={job.maxPricePerMfuel} />,
              },
              { key: "audit", header: "Audit", cell: (job) => <Badge value={job.audit} /> },
              { key: "escrow", header: "Escrow", numeric: true, cell: (job) => <Tokens wei={job.escrow} /> },
              { key: "slashed", header: "Slashed", numeric: true, cell: (job) => <Tokens wei={job.slashed} /> },
              { key: "posted", header: "Posted", cell: (job) => <Time seconds={job.postedAt} /> },
              { key: "settled", header: "Settled", cell: (job) => <Time seconds={job.settledAt} /> },
            ]}
          />
          <nav className="pager">
            {pageIndex > 0 && <a href={pageHref(pageIndex - 1)}>← Newer</a>}
            <span>Page {pageIndex + 1}</span>
            {data.hasNextPage && <a href={pageHref(pageIndex + 1)}>Older →</a>}
          </nav>
        </>
      ) : (
        <QueryStatus loading={loading} error={error} />
      )}
    </>
  );
}
