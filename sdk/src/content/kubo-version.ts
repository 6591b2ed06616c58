/** The body of Kubo's `/api/v0/version` (graph-node calls it as a health check). */
export interface KuboVersion {
  Version: string;
  Commit: string;
  Repo: string;
  System: string;
  Golang: string;
}
