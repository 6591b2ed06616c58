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
  // 3: disputes. Our own k = 1 jobs learn they are disputed; verifier assignments (when the court draws us)
  // get their own persisted state machine, one row per disputed job.
  `
  ALTER TABLE jobs ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0; -- 1 once JobDisputed named our job
  CREATE TABLE verifications (
    job_id TEXT PRIMARY KEY,       -- decimal uint256: the disputed job (one dispute per job)
    state TEXT NOT NULL CHECK (state IN ('seen','claimed','executed','committed','revealed','resolved','failed','skipped')),
    reason TEXT,                   -- why failed or skipped, or the last retryable problem
    opened_block INTEGER NOT NULL, -- verifier stake counts as of this block; the seed is the next one's
    opened_block_hash TEXT NOT NULL,
    challenger TEXT NOT NULL,
    provider TEXT NOT NULL,
    requester TEXT NOT NULL,
    disputed_hash TEXT NOT NULL,   -- the provider's result under dispute
    bond TEXT NOT NULL,            -- token units
    collateral TEXT NOT NULL,      -- token units locked per verifier
    verifiers INTEGER NOT NULL,    -- verifier slots
    draw_deadline INTEGER NOT NULL, -- unix seconds
    commit_deadline INTEGER NOT NULL,
    reveal_deadline INTEGER NOT NULL,
    bundle_hash TEXT,              -- from the job's JobPosted log, once looked up
    bundle_uri TEXT,
    claim_at INTEGER,              -- unix seconds: earliest winning second of the verifier lottery
    slot INTEGER,
    result_kind TEXT,              -- output | error | input-unavailable
    result_hash TEXT,              -- our verdict: the hash we commit and reveal
    result_uri TEXT,
    salt TEXT,
    output_path TEXT,
    output_stored INTEGER NOT NULL DEFAULT 0,
    exec_ms INTEGER,
    verdict INTEGER,               -- IDisputeCourt.Verdict once resolved
    majority INTEGER,              -- 1: we revealed the deciding hash, 0: we did not (from the court's events)
    earned TEXT,                   -- token units credited to us by the court
    slashed TEXT,                  -- token units slashed from us (no-show or dissent)
    attempts INTEGER NOT NULL DEFAULT 0,
    seen_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX verifications_state ON verifications (state);
  `,
  // 4: fuel the run used (decimal): replicas will commit to (result hash, fuel used)
  `ALTER TABLE jobs ADD COLUMN fuel_used TEXT; ALTER TABLE verifications ADD COLUMN fuel_used TEXT;`,
];
