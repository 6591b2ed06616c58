import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import { firstBlockWithCode } from "@hashwork/harness/deploy";
import { probePaymentToken } from "@hashwork/harness/payment-token";
import { TOKEN, ethers, networkHelpers } from "../fixture.js";
import { deployInline } from "../helpers/inlineSolidity.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** The probe's rejection message (fails the test if it resolves). */
async function rejection(probe: Promise<unknown>): Promise<string> {
  const outcome = await probe.then(
    () => undefined,
    (error: Error) => error.message,
  );
  expect(outcome, "the probe accepted it").to.be.a("string");
  return outcome!;
}

describe("@hashwork/harness: the payment-token probe and firstBlockWithCode", () => {
  it("accepts a real ERC-20 and reports what it answered", async () => {
    const [holder] = await ethers.getSigners();
    const token = await ethers.deployContract("HashworkToken", [holder!.address, 1_000n * TOKEN]);
    const facts = await probePaymentToken(ethers.provider, await token.getAddress(), "hardhat");
    expect(facts).to.deep.equal({ decimals: 18, totalSupply: 1_000n * TOKEN });
  });

  it("rejects an account without code, naming the address and the network", async () => {
    const [, eoa] = await ethers.getSigners();
    const message = await rejection(probePaymentToken(ethers.provider, eoa!.address, "base-sepolia"));
    expect(message).to.contain(eoa!.address).and.to.contain('"base-sepolia"').and.to.contain("has no code");
  });

  it("rejects a contract that is not an ERC-20, naming the call that failed", async () => {
    const [deployer] = await ethers.getSigners();
    const source = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract NotAToken {
    function decimals() external pure returns (uint8) { return 6; }
}
`;
    const other = await deployInline<{ getAddress(): Promise<string> }>(
      "NotAToken.sol",
      source,
      "NotAToken",
      deployer!,
      [],
    );
    const address = await other.getAddress();
    const message = await rejection(probePaymentToken(ethers.provider, address, "sepolia"));
    expect(message).to.contain(address).and.to.contain('"sepolia"').and.to.contain("balanceOf(address(0)) failed");
  });

  it("rejects a string that is not an address", async () => {
    const message = await rejection(probePaymentToken(ethers.provider, "0x1234", "sepolia"));
    expect(message).to.contain("0x1234").and.to.contain("not an address");
  });

  it("firstBlockWithCode finds the block a contract was deployed in", async () => {
    const [holder] = await ethers.getSigners();
    await networkHelpers.mine(5);
    const token = await ethers.deployContract("HashworkToken", [holder!.address, TOKEN]);
    const receipt = await token.deploymentTransaction()!.wait();
    await networkHelpers.mine(3);
    expect(await firstBlockWithCode(ethers.provider, await token.getAddress())).to.equal(receipt!.blockNumber);
  });

  it("scripts/deploy.ts exits before deploying when paymentToken names an account", async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), "hashwork-deploy-probe-"));
    try {
      const eoa = "0x000000000000000000000000000000000000dEaD";
      const parameters = join(dir, "parameters.json");
      await writeFile(parameters, JSON.stringify({ Hashwork: { paymentToken: eoa } }));
      const run = promisify(execFile)(
        join(REPO, "node_modules/.bin/hardhat"),
        ["run", "--no-compile", "scripts/deploy.ts"],
        {
          cwd: REPO,
          env: {
            ...process.env,
            HASHWORK_IGNITION_PARAMETERS: parameters,
            HASHWORK_DEPLOYMENTS_DIR: join(dir, "deployments"),
            HASHWORK_SUBGRAPH_NETWORKS: join(dir, "networks.json"),
            HASHWORK_DEPLOYMENT_ID: "deploy-probe-test",
          },
        },
      );
      const failure = await run.then(
        () => undefined,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failure, "deploy.ts succeeded").to.not.equal(undefined);
      expect(failure!.code).to.equal(1);
      expect(failure!.stderr).to.contain(`paymentToken ${eoa} on network "default" has no code`);
      expect(failure!.stderr).to.contain("nothing was deployed");
      expect(await readdir(dir)).to.deep.equal(["parameters.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
