import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, id } from "ethers";

const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);
const PROPOSER_ROLE = id("PROPOSER_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");

/**
 * Deploys the whole market under governance: token, Timelock + Governor, provider registry, randomness source and
 * job market and dispute court. Every value is an Ignition parameter (see ignition/parameters/*.json); the defaults below suit a
 * public network, ignition/parameters/localhost.json shortens the governance clock for the devnet.
 *
 * Ownership: the market the registry and the court are constructed owned by the Timelock (no transfer, so no pending
 * two-step state to complete). The registry lets its deployer wire the market and the court once each; the Timelock starts with the
 * deployer as a temporary admin only to grant the Governor the proposer and canceller roles, which the deployer
 * then renounces. Afterwards the deployer holds no role anywhere.
 */
export default buildModule("Hashwork", (m) => {
  const deployer = m.getAccount(0);

  const token = m.contract("HashworkToken", [
    m.getParameter("tokenHolder", deployer),
    m.getParameter("tokenSupply", 1_000_000_000n * 10n ** 18n),
  ]);

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

  const registry = m.contract("ProviderRegistry", [
    token,
    timelock, // owner
    m.getParameter("unbondingPeriod", 7n * 24n * 3600n), // seconds
    m.getParameter("jailThreshold", 3n), // consecutive faults
    m.getParameter("jailDuration", 24n * 3600n), // seconds
  ]);

  const randomness = m.contract("BlockhashRandomness", []);

  const market = m.contract("JobMarket", [
    token,
    registry,
    randomness,
    timelock, // treasury: fees and slash shares accrue to governance, withdrawn by proposal (setTreasury moves it)
    timelock, // owner
    {
      feeBps: m.getParameter("feeBps", 250n), // 2.5% of each winner's price
      collateralBps: m.getParameter("collateralBps", 20_000n), // collateral = 2x max price per replica
      minCollateral: m.getParameter("minCollateral", 10n ** 18n), // 1 token
      minPrice: m.getParameter("minPrice", 10n ** 15n), // 0.001 token per replica
      dissentSlashBps: m.getParameter("dissentSlashBps", 10_000n), // a wrong hash loses all collateral
      noShowSlashBps: m.getParameter("noShowSlashBps", 2_500n), // abandoning a slot loses a quarter
      requesterShareBps: m.getParameter("requesterShareBps", 5_000n),
      honestShareBps: m.getParameter("honestShareBps", 3_000n),
      challengeWindow: m.getParameter("challengeWindow", 600n), // seconds
      wideningPeriod: m.getParameter("wideningPeriod", 60n), // seconds
    },
  ]);

  // Disputes of k = 1 results. Token, registry and randomness are the market's.
  const court = m.contract("DisputeCourt", [
    market,
    timelock, // owner
    {
      bondBps: m.getParameter("disputeBondBps", 10_000n), // bond = the job's max price...
      minBond: m.getParameter("disputeMinBond", 10n ** 18n), // ...and at least 1 token
      verifiers: m.getParameter("disputeVerifiers", 3n),
      providerSlashBps: m.getParameter("disputeProviderSlashBps", 10_000n), // an overturned result loses all collateral
      verifierSlashBps: m.getParameter("disputeVerifierSlashBps", 2_500n), // a no-show verifier loses a quarter
      requesterShareBps: m.getParameter("disputeRequesterShareBps", 4_000n), // of the provider's slash
      challengerShareBps: m.getParameter("disputeChallengerShareBps", 2_000n), // of the provider's slash
      verifierShareBps: m.getParameter("disputeVerifierShareBps", 3_000n), // of the losing side's pool
      drawPeriod: m.getParameter("disputeDrawPeriod", 600n), // seconds
      commitPeriod: m.getParameter("disputeCommitPeriod", 600n), // seconds
      revealPeriod: m.getParameter("disputeRevealPeriod", 600n), // seconds
      wideningPeriod: m.getParameter("disputeWideningPeriod", 60n), // seconds
    },
  ]);

  // The deployer's one-time wiring rights.
  m.call(registry, "setMarket", [market]);
  m.call(registry, "setDisputeCourt", [court]);

  return { token, registry, randomness, market, court, timelock, governor };
});
