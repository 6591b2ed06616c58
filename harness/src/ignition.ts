import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, id } from "ethers";
import { REPO } from "./chain.js";

const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);
const PROPOSER_ROLE = id("PROPOSER_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");

/**
 * Deploys the whole market under governance: token, Timelock + Governor, provider registry, randomness source, job
 * market and verification court. Every value is an Ignition parameter (see ignition/parameters/*.json); the defaults below suit a
 * public network, ignition/parameters/localhost.json shortens the governance clock for the devnet.
 *
 * Payment: the market escrows and the registry stakes in the bundled HashworkToken (the default export), or in an
 * existing ERC-20 given as the `paymentToken` parameter (`HashworkOnExistingToken`; scripts/deploy.ts picks it when
 * the parameters name one). The HashworkToken is deployed either way: it carries the Governor's votes. Amount
 * parameters (minFee, minCollateral, minBudget, minBond) are in the payment token's units.
 *
 * Ownership: the market, the registry and the court are constructed owned by the Timelock (no transfer, so no pending
 * two-step state to complete). The market creates its registry (so the registry holds the market as an immutable), and
 * the registry lets the market's deployer wire the court once; the Timelock starts with the deployer as a temporary
 * admin only to grant the Governor the proposer and canceller roles, which the deployer then renounces. Afterwards the
 * deployer holds no role anywhere.
 */
export default buildModule("Hashwork", (m) => hashwork(m, false));

/** The same system paying in the existing ERC-20 at the `paymentToken` parameter. */
export const HashworkOnExistingToken = buildModule("Hashwork", (m) => hashwork(m, true));

type ModuleBuilder = Parameters<Parameters<typeof buildModule>[1]>[0];

function hashwork(m: ModuleBuilder, existingPaymentToken: boolean) {
  const deployer = m.getAccount(0);

  const token = m.contract("HashworkToken", [
    m.getParameter("tokenHolder", deployer),
    m.getParameter("tokenSupply", 1_000_000_000n * 10n ** 18n),
  ]);
  // Any ERC-20 fits the HashworkToken binding's calls the deployment makes (none: it is only passed on).
  const paymentToken = existingPaymentToken
    ? m.contractAt("HashworkToken", m.getParameter<string>("paymentToken"), { id: "PaymentToken" })
    : token;

  // Governance. The clock is the token's: voting delay and period are in blocks.
  const timelock = m.contract("HashworkTimelock", [
    m.getParameter("timelockDelay", 2n * 24n * 3600n), // seconds a passed proposal waits before execution
    [], // proposers: the Governor, granted below once it exists
    [ZeroAddress], // executors: anyone may execute a ready operation
    deployer, // temporary admin, renounced below
  ]);
  const governor = m.contract("HashworkGovernor", [
    token,
    timelock,
    m.getParameter("votingDelay", 7_200n), // blocks, about a day
    m.getParameter("votingPeriod", 50_400n), // blocks, about a week
    m.getParameter("proposalThreshold", 100_000n * 10n ** 18n), // votes needed to propose (0.01% of the supply)
    m.getParameter("quorumPercent", 4n), // % of the supply
  ]);
  const grantProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, governor], { id: "grantProposer" });
  const grantCanceller = m.call(timelock, "grantRole", [CANCELLER_ROLE, governor], { id: "grantCanceller" });
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
    id: "renounceTimelockAdmin",
    after: [grantProposer, grantCanceller],
  });

  // Whether the market reads live seeds with BLOCKHASH itself (about 5,000 gas less per claim and audit decision);
  // suites that plant audit seeds in the source, as a biasing proposer would, deploy with false.
  const randomness = m.contract("BlockhashRandomness", [m.getParameter("inlineSeeds", true)]);

  // The market's settlement and parameter checks are linked libraries (it would exceed the contract size limit).
  const marketParameters = m.library("MarketParameters");
  const settlement = m.library("Settlement");
  const market = m.contract(
    "JobMarket",
    [
      paymentToken,
      // The market creates its registry from this code, owned by the Timelock, with the market fixed in it.
      registryCreationCode(),
      {
        unbondingPeriod: m.getParameter("unbondingPeriod", 7n * 24n * 3600n), // seconds
        jailThreshold: m.getParameter("jailThreshold", 3n), // faults within any fault window (sliding) jail
        jailDuration: m.getParameter("jailDuration", 24n * 3600n), // seconds
        faultWindow: m.getParameter("faultWindow", 7n * 24n * 3600n), // seconds; completions never erase faults
      },
      randomness,
      timelock, // treasury: protocol fees accrue to governance, withdrawn by proposal (setTreasury moves it)
      timelock, // owner
      {
        feeBps: m.getParameter("feeBps", 250n), // 2.5% of the job's total budget...
        auditFeeBps: m.getParameter("auditFeeBps", 1_200n), // audit fee: 12% of one replica's budget
        auditRateBps: m.getParameter("auditRateBps", 1_000n), // 10% of jobs are audited (break-even 6.25%)
        collateralBps: m.getParameter("collateralBps", 150_000n), // collateral = 15x one replica's budget
        minFee: m.getParameter("minFee", 10n ** 16n), // ...and at least 0.01 token per job
        minCollateral: m.getParameter("minCollateral", 10n ** 18n), // 1 token
        minBudget: m.getParameter("minBudget", 10n ** 15n), // 0.001 token per replica
        dissentSlashBps: m.getParameter("dissentSlashBps", 10_000n), // a wrong (or withheld) result loses all
        noShowSlashBps: m.getParameter("noShowSlashBps", 2_500n), // never committing loses a quarter
        requesterShareBps: m.getParameter("requesterShareBps", 5_000n), // of slashed collateral
        honestShareBps: m.getParameter("honestShareBps", 2_000n), // of slashed collateral
        challengerShareBps: m.getParameter("challengerShareBps", 2_000n), // of slashed collateral; the rest to the pool
        revealPeriod: m.getParameter("revealPeriod", 600n), // seconds
        challengeWindow: m.getParameter("challengeWindow", 600n), // seconds, plus the job's execution time
        auditDrawPeriod: m.getParameter("auditDrawPeriod", 600n), // seconds
        wideningPeriod: m.getParameter("wideningPeriod", 60n), // seconds
        guardianPauseDuration: m.getParameter("guardianPauseDuration", 3n * 24n * 3600n), // seconds
        fuelPerSecond: m.getParameter("fuelPerSecond", 50_000_000n), // reference verifier speed
      },
      // Job records recycled: job n reuses job n - 65,536's storage once that job is finished (see README, Gas).
      m.getParameter("recordRing", 65_536n),
    ],
    { libraries: { MarketParameters: marketParameters, Settlement: settlement } },
  );

  const registry = m.contractAt("ProviderRegistry", m.staticCall(market, "registry"));

  // Audits, challenges and verifier panels. Token, registry and randomness are the market's.
  const court = m.contract("VerificationCourt", [
    market,
    timelock, // owner
    {
      panelSize: m.getParameter("panelSize", 3n),
      maxRounds: m.getParameter("maxRounds", 2n), // panels before failing closed
      bondBps: m.getParameter("bondBps", 40_000n), // challenge bond = 4x one replica's budget (a panel costs 3x)...
      minBond: m.getParameter("minBond", 10n ** 18n), // ...and at least 1 token
      verifierSlashBps: m.getParameter("verifierSlashBps", 5_000n), // a verifier outside the verdict loses half
      drawPeriod: m.getParameter("courtDrawPeriod", 600n), // seconds
      revealPeriod: m.getParameter("courtRevealPeriod", 600n), // seconds
      wideningPeriod: m.getParameter("courtWideningPeriod", 60n), // seconds
    },
  ]);

  // The deployer's one-time wiring right.
  m.call(registry, "setCourt", [court]);

  const system = { token, registry, randomness, market, court, timelock, governor };
  return existingPaymentToken ? { ...system, paymentToken } : system;
}

/** ProviderRegistry's creation code, from the build's artifact (the market's constructor deploys it). */
function registryCreationCode(): string {
  const path = join(REPO, "artifacts", "contracts", "ProviderRegistry.sol", "ProviderRegistry.json");
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { bytecode: string }).bytecode;
  } catch (error) {
    throw new Error(`cannot read ProviderRegistry's artifact (${path}): run \`npx hardhat build\` first`, {
      cause: error,
    });
  }
}
