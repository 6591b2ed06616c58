import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DeploymentError, errorOutput, loadDeployment, marketAddresses, parseErrorOutput } from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

const contracts = {
  HashworkToken: { address: "0x0000000000000000000000000000000000000001", startBlock: 3 },
  ProviderRegistry: { address: "0x0000000000000000000000000000000000000002", startBlock: 5 },
  JobMarket: { address: "0x0000000000000000000000000000000000000003", startBlock: 7 },
  VerificationCourt: { address: "0x0000000000000000000000000000000000000004", startBlock: 9 },
};

describe("deployments", () => {
  it("reads a chain's addresses and the earliest start block of market, registry and court", async () => {
    const file = join(await tempDir(), "31337.json");
    writeFileSync(file, JSON.stringify({ chainId: 31337, network: "localhost", contracts }));
    assert.deepEqual(marketAddresses(loadDeployment(31337, file)), {
      token: contracts.HashworkToken.address,
      registry: contracts.ProviderRegistry.address,
      market: contracts.JobMarket.address,
      court: contracts.VerificationCourt.address,
      startBlock: 5,
    });
  });

  it("pays in the deployment's PaymentToken when it names one (an existing ERC-20), else in the HashworkToken", async () => {
    const file = join(await tempDir(), "84532.json");
    const paymentToken = { address: "0x0000000000000000000000000000000000000005", startBlock: 1 };
    writeFileSync(
      file,
      JSON.stringify({ chainId: 84532, network: "x", contracts: { ...contracts, PaymentToken: paymentToken } }),
    );
    const addresses = marketAddresses(loadDeployment(84532, file));
    assert.equal(addresses.token, paymentToken.address);
    assert.equal(addresses.startBlock, 5, "the token's own start block does not move where indexers start");
  });

  it("refuses a missing file, another chain's file and a file without the market", async () => {
    const dir = await tempDir();
    assert.throws(() => loadDeployment(1, join(dir, "none.json")), /no deployment for chain 1/);
    const file = join(dir, "other.json");
    writeFileSync(file, JSON.stringify({ chainId: 5, network: "x", contracts: {} }));
    assert.throws(
      () => loadDeployment(31337, file),
      (e) => e instanceof DeploymentError && /chain 5, not 31337/.test(e.message),
    );
    assert.throws(() => marketAddresses(loadDeployment(5, file)), /lacks JobMarket/);
    const { VerificationCourt: _court, ...withoutCourt } = contracts;
    const old = join(dir, "dispute-era.json");
    writeFileSync(old, JSON.stringify({ chainId: 5, network: "x", contracts: withoutCourt }));
    assert.throws(() => marketAddresses(loadDeployment(5, old)), /VerificationCourt/);
  });
});

describe("error outputs", () => {
  it("round-trips the code and exit code, and ignores ordinary outputs", () => {
    assert.deepEqual(parseErrorOutput(errorOutput("OUT_OF_FUEL")), { code: "OUT_OF_FUEL" });
    assert.deepEqual(parseErrorOutput(errorOutput("NON_ZERO_EXIT", 3)), { code: "NON_ZERO_EXIT", exitCode: 3 });
    assert.equal(
      new TextDecoder().decode(errorOutput("NON_ZERO_EXIT", 4294967295)),
      "hashwork.error:NON_ZERO_EXIT:4294967295\n",
    );
    assert.deepEqual(parseErrorOutput(errorOutput("NON_ZERO_EXIT", 4294967295)), {
      code: "NON_ZERO_EXIT",
      exitCode: 4294967295,
    });
    // Exit codes are unsigned 32-bit: no sign, nothing above 2^32 - 1.
    for (const text of ["hashwork.error:NON_ZERO_EXIT:-1\n", "hashwork.error:NON_ZERO_EXIT:4294967296\n", "hello\n"]) {
      assert.equal(parseErrorOutput(new TextEncoder().encode(text)), undefined, text);
    }
  });
});
