/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records the last
 * one applied. Never edit a published migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: cursor, recent block hashes, jobs, transactions, settings
  `
  CREATE TABLE cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    block INTEGER NOT NULL,        -- last block whose logs up to log_index are handled
    log_index INTEGER NOT NULL     -- -1: none of the block's logs yet; ${Number.MAX_SAFE_INTEGER}: whole block
  );
  CREATE TABLE blocks (
    number INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    parent_hash TEXT NOT NULL
  );
  CREATE TABLE jobs (
    job_id TEXT PRIMARY KEY,       -- decimal uint256
    state TEXT NOT NULL CHECK (state IN ('seen','claimed','fetched','executed','committed','revealed','settled','failed','skipped')),
    reason TEXT,                   -- why failed or skipped, or the last retryable problem
    posted_block INTEGER NOT NULL,
    posted_block_hash TEXT NOT NULL,
    posted_at INTEGER,             -- unix seconds (from getJob)
    requester TEXT NOT NULL,
    resource_class INTEGER NOT NULL,
    replicas INTEGER NOT NULL,
    max_price TEXT NOT NULL,       -- token units
    collateral TEXT NOT NULL,      -- token units
    min_reputation INTEGER NOT NULL,
    claim_deadline INTEGER NOT NULL,
    commit_deadline INTEGER NOT NULL,
    reveal_deadline INTEGER NOT NULL,
    bundle_hash TEXT NOT NULL,
    bundle_uri TEXT NOT NULL,
    claim_at INTEGER,              -- unix seconds: earliest winning second of the lottery
    seen_ms INTEGER NOT NULL,      -- local wall clock when the posting log was handled
    slot INTEGER,
    result_kind TEXT,              -- output | error | input-unavailable
    result_hash TEXT,
    result_uri TEXT,
    salt TEXT,
    output_path TEXT,
    output_stored INTEGER NOT NULL DEFAULT 0, -- 1 once the output is in the content store
    exec_ms INTEGER,
    outcome INTEGER,               -- IJobMarket.Outcome once settled
    earned TEXT,                   -- token units credited to us
    slashed TEXT,                  -- token units slashed from us
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX jobs_state ON jobs (state);
  CREATE TABLE txs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT,                   -- null for account-level transactions (withdrawals)
    kind TEXT NOT NULL,            -- claim | submit | commit | reveal | settle | withdraw
    nonce INTEGER NOT NULL,
    to_address TEXT NOT NULL,
    data TEXT NOT NULL,
    gas_limit TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','mined','reverted','dropped')),
    attempts TEXT NOT NULL,        -- JSON: [{hash, raw, maxFeePerGas, maxPriorityFeePerGas, sentMs}]
    block_number INTEGER,
    error TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX txs_job ON txs (job_id, kind);
  CREATE INDEX txs_status ON txs (status);
  CREATE UNIQUE INDEX txs_nonce_live ON txs (nonce) WHERE status = 'pending';
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: per-job node overhead (ms from claimable to claim broadcast), for the operator and the benchmark
  `ALTER TABLE jobs ADD COLUMN claim_overhead_ms INTEGER;`,
];
