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
  // 4: the trust protocol (audits, the verification court, fuel pricing). The job and verifier tables of the dispute
  // era describe contracts that no longer exist, so they are rebuilt; the cursor restarts from the configured start
  // block (the state machines are rebuilt from the new contracts' logs). Transactions stay for the nonce bookkeeping,
  // detached from job ids that a new market reuses (the "@" suffix marks them archived, see TxStore).
  `
  DROP TABLE jobs;
  DROP TABLE verifications;
  DELETE FROM cursor;
  DELETE FROM blocks;
  UPDATE txs SET job_id = job_id || '@dispute-era' WHERE job_id IS NOT NULL AND job_id NOT LIKE '%@%';
  CREATE TABLE jobs (
    job_id TEXT PRIMARY KEY,       -- decimal uint256
    state TEXT NOT NULL CHECK (state IN ('seen','claimed','fetched','executed','committed','revealed','verifying','settled','failed','skipped')),
    reason TEXT,                   -- why failed or skipped, or the last retryable problem
    posted_block INTEGER NOT NULL, -- the lottery's trigger block
    posted_block_hash TEXT NOT NULL,
    posted_at INTEGER,             -- unix seconds (from getJob)
    requester TEXT NOT NULL,
    resource_class INTEGER NOT NULL,
    replicas INTEGER NOT NULL,
    max_fuel TEXT NOT NULL,
    max_price_per_mfuel TEXT NOT NULL, -- token units per million fuel
    budget TEXT NOT NULL,          -- token units per replica
    collateral TEXT NOT NULL,      -- token units per slot
    min_reputation INTEGER NOT NULL,
    claim_deadline INTEGER NOT NULL,
    commit_deadline INTEGER NOT NULL,
    bundle_hash TEXT NOT NULL,
    bundle_uri TEXT NOT NULL,
    claim_at INTEGER,              -- unix seconds: earliest winning second of the lottery
    seen_ms INTEGER NOT NULL,      -- local wall clock when the posting log was handled
    slot INTEGER,
    result_kind TEXT,              -- output | error | input-unavailable
    output_hash TEXT,              -- what we commit and reveal, with fuel_used
    fuel_used TEXT,
    result_uri TEXT,
    salt TEXT,
    output_path TEXT,
    output_stored INTEGER NOT NULL DEFAULT 0, -- 1 once the output is in the content store
    exec_ms INTEGER,
    audited INTEGER,               -- null until the audit decision, then 0 or 1
    outcome INTEGER,               -- IJobMarket.Outcome once settled
    earned TEXT,                   -- token units credited to us
    slashed TEXT,                  -- token units slashed from us
    attempts INTEGER NOT NULL DEFAULT 0,
    claim_overhead_ms INTEGER,     -- wall-clock ms from claimable to the claim transaction's broadcast
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX jobs_state ON jobs (state);
  CREATE TABLE verifications (
    job_id TEXT NOT NULL,          -- decimal uint256
    round INTEGER NOT NULL,        -- 0: the audit; 1..: panels
    state TEXT NOT NULL CHECK (state IN ('seen','claimed','executed','committed','revealed','resolved','failed','skipped')),
    reason TEXT,
    opened_block INTEGER NOT NULL, -- the draw's trigger block: seed of the next one, stake as of the previous
    opened_block_hash TEXT NOT NULL, -- block of the log that announced the round (reorg check)
    opened_at INTEGER NOT NULL,    -- unix seconds: the draw widens from here
    seats INTEGER NOT NULL,
    draw_ends_at INTEGER NOT NULL,
    commit_ends_at INTEGER NOT NULL,
    reveal_ends_at INTEGER NOT NULL,
    bundle_hash TEXT,              -- from the job's JobPosted log, once looked up
    bundle_uri TEXT,
    claim_at INTEGER,              -- unix seconds: earliest winning second of our draw
    seat INTEGER,
    result_kind TEXT,
    output_hash TEXT,              -- our answer: what we commit and reveal, with fuel_used
    fuel_used TEXT,
    state_digest TEXT,             -- digest of the final state: our proof of execution binds it with the round's seed
    result_uri TEXT,
    salt TEXT,
    output_path TEXT,
    output_stored INTEGER NOT NULL DEFAULT 0,
    exec_ms INTEGER,
    upheld INTEGER,                -- 1: our answer was the verdict (VerifierPaid.upheld), 0: it was not
    earned TEXT,                   -- token units the court credited us
    slashed TEXT,                  -- token units slashed from us (no-show, withheld or dissent)
    attempts INTEGER NOT NULL DEFAULT 0,
    seen_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (job_id, round)
  );
  CREATE INDEX verifications_state ON verifications (state);
  CREATE TABLE watches (
    job_id TEXT PRIMARY KEY,       -- a sampled job this node checks as a watcher
    state TEXT NOT NULL CHECK (state IN ('seen','executed','matched','challenged','settled','failed','skipped')),
    reason TEXT,
    requester TEXT NOT NULL,
    bundle_hash TEXT NOT NULL,
    bundle_uri TEXT NOT NULL,
    budget TEXT NOT NULL,          -- token units per replica: the bond is bondFor(budget)
    result_kind TEXT,
    output_hash TEXT,              -- our own answer
    fuel_used TEXT,
    agreed TEXT,                   -- the replicas' agreed result we compared it with
    bond TEXT,                     -- token units we posted (challenged)
    challenge_result TEXT,         -- won | lost | undecided
    earned TEXT,                   -- token units the court credited us (bond back and reward)
    slashed TEXT,                  -- token units forfeited (a lost bond)
    attempts INTEGER NOT NULL DEFAULT 0,
    seen_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX watches_state ON watches (state);
  `,
  // 5: output retention (jobs.keepOutputsSec). final_ms: local wall clock (ms) from which a record no longer needs its
  // output file: terminal, and a failed job we hold a slot on once its settlement (outcome) is recorded — what
  // jobs/steps/index.ts needsWork calls done. Triggers set it whichever path finalizes a record (a transition, the
  // outcome recorded from a JobSettled log), so no step has to remember it; rows already final count from their last
  // update. The output sweeper (content/output-sweeper.ts) deletes expired files and clears output_path: the partial
  // indexes hold only the rows that still have a file.
  `
  ALTER TABLE jobs ADD COLUMN final_ms INTEGER;
  ALTER TABLE verifications ADD COLUMN final_ms INTEGER;
  UPDATE jobs SET final_ms = updated_ms
    WHERE state IN ('settled','skipped') OR (state = 'failed' AND (slot IS NULL OR outcome IS NOT NULL));
  UPDATE verifications SET final_ms = updated_ms WHERE state IN ('resolved','failed','skipped');
  -- Fires when final_ms disagrees with the row (unset on a final row, set on one that is not): sets it, or clears it
  -- for a failed job whose claim was recorded after it failed (it is driven to its settlement again).
  CREATE TRIGGER jobs_final AFTER UPDATE OF state, slot, outcome ON jobs
    WHEN (NEW.final_ms IS NULL) = (NEW.state IN ('settled','skipped')
      OR (NEW.state = 'failed' AND (NEW.slot IS NULL OR NEW.outcome IS NOT NULL)))
    BEGIN UPDATE jobs SET final_ms = CASE WHEN NEW.final_ms IS NULL THEN NEW.updated_ms END WHERE job_id = NEW.job_id; END;
  CREATE TRIGGER verifications_final AFTER UPDATE OF state ON verifications
    WHEN NEW.final_ms IS NULL AND NEW.state IN ('resolved','failed','skipped')
    BEGIN UPDATE verifications SET final_ms = NEW.updated_ms WHERE job_id = NEW.job_id AND round = NEW.round; END;
  CREATE INDEX jobs_kept_outputs ON jobs (final_ms) WHERE output_path IS NOT NULL;
  CREATE INDEX verifications_kept_outputs ON verifications (final_ms) WHERE output_path IS NOT NULL;
  `,
];
