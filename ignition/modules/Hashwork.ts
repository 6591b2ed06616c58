import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole market: token, provider registry, randomness source and job market, and wires the
 * registry to the market. Every value is an Ignition parameter (see ignition/parameters/*.json); the
 * defaults below are the devnet's.
 */
export default buildModule("Hashwork", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const treasury = m.getParameter("treasury", deployer);

  const token = m.contract("HashworkToken", [
    m.getParameter("tokenHolder", deployer),
    m.getParameter("tokenSupply", 1_000_000_000n * 10n ** 18n),
  ]);

  const registry = m.contract("ProviderRegistry", [
    token,
    deployer, // must wire the market below; governance handover is a separate step
    m.getParameter("unbondingPeriod", 7n * 24n * 3600n), // seconds
    m.getParameter("jailThreshold", 3n), // consecutive faults
    m.getParameter("jailDuration", 24n * 3600n), // seconds
  ]);

  const randomness = m.contract("BlockhashRandomness", []);

  const market = m.contract("JobMarket", [
    token,
    registry,
    randomness,
    treasury,
    owner,
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

  m.call(registry, "setMarket", [market]);

  return { token, registry, randomness, market };
});
