import { Scenario, court, key, market, registry } from "./lib.ts";
import { T0, TREASURY, V1, deployment } from "./world.ts";

// Constructors emit every parameter from zero; governance then changes some; the treasury and the guardian move; the
// guardian pauses and governance unpauses.
const s = new Scenario("parameters", "parameters of the three contracts, treasury, guardian, pause", T0);
const NEW_TREASURY = "0x1234567890123456789012345678901234567890";
const GOVERNANCE = "0x7100000000000000000000000000000000000017";
s.block(T0, deployment());
s.block(T0 + 60, [
  market("ParameterUpdated", { parameter: key("feeBps"), oldValue: 250, newValue: 300 }),
  market("ParameterUpdated", { parameter: key("minBudget"), oldValue: 0, newValue: 1000000000000000n }),
  market("ParameterUpdated", { parameter: key("guardianPauseDuration"), oldValue: 0, newValue: 3600 }),
  registry("ParameterUpdated", { parameter: key("jailThreshold"), oldValue: 3, newValue: 4 }),
  court("ParameterUpdated", { parameter: key("panelSize"), oldValue: 3, newValue: 5 }),
  court("ParameterUpdated", { parameter: key("revealPeriod"), oldValue: 600, newValue: 900 }),
  market("TreasuryUpdated", { oldTreasury: TREASURY, newTreasury: NEW_TREASURY }),
  market("GuardianUpdated", { oldGuardian: "0x0000000000000000000000000000000000000000", newGuardian: V1 }),
]);
s.block(T0 + 120, [market("MarketPaused", { by: V1, until: T0 + 120 + 3600 })]);
s.block(T0 + 180, [market("MarketUnpaused", { by: GOVERNANCE })]);

s.expectEntity("protocol", "hashwork", {
  market: "0x00000000000000000000000000000000000000d4",
  registry: "0x00000000000000000000000000000000000000b2",
  court: "0x00000000000000000000000000000000000000e5",
  treasury: NEW_TREASURY,
  guardian: V1,
  paused: false,
  pausedUntil: 0n,
  feeBps: 300,
  auditFeeBps: 1200,
  auditRateBps: 1000,
  collateralBps: 150000,
  minFee: 10n,
  minBudget: 1000000000000000n,
  dissentSlashBps: 10000,
  noShowSlashBps: 2500,
  requesterShareBps: 5000,
  honestShareBps: 3000,
  challengerShareBps: 1000,
  revealPeriod: 600,
  challengeWindow: 600,
  auditDrawPeriod: 300,
  wideningPeriod: 60,
  guardianPauseDuration: 3600,
  fuelPerSecond: 1000000n,
  unbondingPeriod: 604800,
  jailThreshold: 4,
  jailDuration: 86400,
  faultWindow: 604800,
  panelSize: 5,
  maxRounds: 2,
  bondBps: 30000,
  minBond: 1n,
  verifierSlashBps: 5000,
  drawPeriod: 300,
  courtRevealPeriod: 900,
  courtWideningPeriod: 60,
});
s.expectQuery(
  `{ parameterUpdateds(where: { parameter_in: ["panelSize", "feeBps", "jailThreshold"], oldValue_gt: 0 }, orderBy: parameter) { source parameter oldValue newValue contract } }`,
  {
    parameterUpdateds: [
      {
        source: "JOB_MARKET",
        parameter: "feeBps",
        oldValue: "250",
        newValue: "300",
        contract: "0x00000000000000000000000000000000000000d4",
      },
      {
        source: "PROVIDER_REGISTRY",
        parameter: "jailThreshold",
        oldValue: "3",
        newValue: "4",
        contract: "0x00000000000000000000000000000000000000b2",
      },
      {
        source: "VERIFICATION_COURT",
        parameter: "panelSize",
        oldValue: "3",
        newValue: "5",
        contract: "0x00000000000000000000000000000000000000e5",
      },
    ],
  },
);
s.expectQuery(`{ roleUpdateds(where: { role: "treasury" }, orderBy: timestamp) { oldAccount newAccount } }`, {
  roleUpdateds: [
    { oldAccount: "0x0000000000000000000000000000000000000000", newAccount: TREASURY },
    { oldAccount: TREASURY, newAccount: NEW_TREASURY },
  ],
});
s.expectQuery(`{ roleUpdateds(where: { role: "guardian" }) { oldAccount newAccount } }`, {
  roleUpdateds: [{ oldAccount: "0x0000000000000000000000000000000000000000", newAccount: V1 }],
});
s.expectQuery(`{ pauseChangeds(orderBy: timestamp) { paused until by } }`, {
  pauseChangeds: [
    { paused: true, until: String(T0 + 3720), by: V1 },
    { paused: false, until: null, by: GOVERNANCE },
  ],
});
export default s;
