import { expect } from "chai";
import { POOL_SEED, TOKEN, deploySystem, ethers, networkHelpers } from "./fixture.js";
import { signPermit } from "./helpers/permit.js";

const SUPPLY = 1_000_000_000n * TOKEN;

describe("HashworkToken", () => {
  it("test_constructor_MintsTheWholeSupplyToTheHolder", async () => {
    const { token, deployer } = await networkHelpers.loadFixture(deploySystem);
    expect(await token.name()).to.equal("Hashwork");
    expect(await token.symbol()).to.equal("HWK");
    expect(await token.decimals()).to.equal(18n);
    expect(await token.totalSupply()).to.equal(SUPPLY);
    // The fixture seeded the court's pool from the holder's supply.
    expect(await token.balanceOf(deployer.address)).to.equal(SUPPLY - POOL_SEED);
    const deployment = await ethers.deployContract("HashworkToken", [deployer.address, 5n]);
    await expect(deployment.deploymentTransaction())
      .to.emit(deployment, "Transfer")
      .withArgs(ethers.ZeroAddress, deployer.address, 5n);
  });

  it("test_constructor_RevertWhen_HolderIsZero", async () => {
    const { token } = await networkHelpers.loadFixture(deploySystem);
    await expect(ethers.deployContract("HashworkToken", [ethers.ZeroAddress, SUPPLY])).to.be.revertedWithCustomError(
      token,
      "HashworkTokenZeroHolder",
    );
  });

  it("test_constructor_RevertWhen_SupplyExceedsTheVotesCap", async () => {
    const { token, deployer } = await networkHelpers.loadFixture(deploySystem);
    const cap = 2n ** 208n - 1n;
    await expect(ethers.deployContract("HashworkToken", [deployer.address, cap + 1n]))
      .to.be.revertedWithCustomError(token, "ERC20ExceededSafeSupply")
      .withArgs(cap + 1n, cap);
  });

  it("test_transfer_MovesTokensAndEmitsTransfer", async () => {
    const { token, deployer, other } = await networkHelpers.loadFixture(deploySystem);
    const tx = token.transfer(other.address, 7n * TOKEN);
    await expect(tx)
      .to.emit(token, "Transfer")
      .withArgs(deployer.address, other.address, 7n * TOKEN);
    await expect(tx).to.changeTokenBalances(ethers, token, [deployer, other], [-7n * TOKEN, 7n * TOKEN]);
    await expect(token.connect(other).transfer(deployer.address, 8n * TOKEN))
      .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
      .withArgs(other.address, 7n * TOKEN, 8n * TOKEN);
  });

  it("test_transferFrom_SpendsTheAllowance", async () => {
    const { token, deployer, other, requester } = await networkHelpers.loadFixture(deploySystem);
    await expect(token.approve(other.address, 5n * TOKEN))
      .to.emit(token, "Approval")
      .withArgs(deployer.address, other.address, 5n * TOKEN);
    await token.connect(other).transferFrom(deployer.address, requester.address, 2n * TOKEN);
    expect(await token.allowance(deployer.address, other.address)).to.equal(3n * TOKEN);
    expect(await token.balanceOf(requester.address)).to.equal(2n * TOKEN);
    await expect(token.connect(other).transferFrom(deployer.address, requester.address, 4n * TOKEN))
      .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
      .withArgs(other.address, 3n * TOKEN, 4n * TOKEN);
  });

  describe("permit (EIP-2612)", () => {
    it("test_permit_SetsTheAllowanceFromASignature", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(deploySystem);
      const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
      const { v, r, s } = await signPermit(token, requester, other.address, 3n * TOKEN, deadline);
      await expect(token.connect(other).permit(requester.address, other.address, 3n * TOKEN, deadline, v, r, s))
        .to.emit(token, "Approval")
        .withArgs(requester.address, other.address, 3n * TOKEN);
      expect(await token.allowance(requester.address, other.address)).to.equal(3n * TOKEN);
      expect(await token.nonces(requester.address)).to.equal(1n);
    });

    it("test_DOMAIN_SEPARATOR_MatchesEIP712", async () => {
      const { token } = await networkHelpers.loadFixture(deploySystem);
      const { chainId } = await ethers.provider.getNetwork();
      const expected = ethers.TypedDataEncoder.hashDomain({
        name: "Hashwork",
        version: "1",
        chainId,
        verifyingContract: await token.getAddress(),
      });
      expect(await token.DOMAIN_SEPARATOR()).to.equal(expected);
      const domain = await token.eip712Domain();
      expect([domain.name, domain.version, domain.chainId]).to.deep.equal(["Hashwork", "1", chainId]);
    });

    it("test_permit_RevertWhen_Expired", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(deploySystem);
      const deadline = BigInt(await networkHelpers.time.latest()) - 1n;
      const { v, r, s } = await signPermit(token, requester, other.address, TOKEN, deadline);
      await expect(token.permit(requester.address, other.address, TOKEN, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("test_permit_RevertWhen_SignedByAnotherAccount", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(deploySystem);
      const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
      const { v, r, s } = await signPermit(token, requester, other.address, TOKEN, deadline, other);
      await expect(token.permit(requester.address, other.address, TOKEN, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(other.address, requester.address);
    });

    it("test_permit_RevertWhen_Replayed", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(deploySystem);
      const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
      const { v, r, s } = await signPermit(token, requester, other.address, TOKEN, deadline);
      await token.permit(requester.address, other.address, TOKEN, deadline, v, r, s);
      await expect(
        token.permit(requester.address, other.address, TOKEN, deadline, v, r, s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
    });
  });

  describe("votes (ERC20Votes)", () => {
    async function votesFixture() {
      const sys = await deploySystem();
      await sys.token.transfer(sys.requester.address, 100n * TOKEN);
      return sys;
    }

    it("test_delegate_ActivatesVotingPowerAndEmits", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(votesFixture);
      expect(await token.getVotes(requester.address)).to.equal(0n); // balances do not vote until delegated
      const tx = token.connect(requester).delegate(other.address);
      await expect(tx).to.emit(token, "DelegateChanged").withArgs(requester.address, ethers.ZeroAddress, other.address);
      await expect(tx)
        .to.emit(token, "DelegateVotesChanged")
        .withArgs(other.address, 0n, 100n * TOKEN);
      expect(await token.delegates(requester.address)).to.equal(other.address);
      expect(await token.getVotes(other.address)).to.equal(100n * TOKEN);
      expect(await token.numCheckpoints(other.address)).to.equal(1n);
      const [key, value] = await token.checkpoints(other.address, 0);
      expect([key, value]).to.deep.equal([BigInt(await ethers.provider.getBlockNumber()), 100n * TOKEN]);
    });

    it("test_transfer_MovesVotesWithCheckpoints", async () => {
      const { token, requester, other, deployer } = await networkHelpers.loadFixture(votesFixture);
      await token.connect(requester).delegate(requester.address);
      const before = BigInt(await ethers.provider.getBlockNumber());
      await networkHelpers.mine(1);
      await expect(token.connect(requester).transfer(deployer.address, 40n * TOKEN))
        .to.emit(token, "DelegateVotesChanged")
        .withArgs(requester.address, 100n * TOKEN, 60n * TOKEN);
      await networkHelpers.mine(1);
      expect(await token.getVotes(requester.address)).to.equal(60n * TOKEN);
      expect(await token.getPastVotes(requester.address, before)).to.equal(100n * TOKEN);
      expect(await token.getPastTotalSupply(before)).to.equal(SUPPLY);
      expect(await token.getVotes(other.address)).to.equal(0n);
    });

    it("test_clock_IsTheBlockNumber", async () => {
      const { token } = await networkHelpers.loadFixture(votesFixture);
      expect(await token.clock()).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      expect(await token.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
    });

    it("test_getPastVotes_RevertWhen_TimepointNotInThePast", async () => {
      const { token, requester } = await networkHelpers.loadFixture(votesFixture);
      const now = BigInt(await ethers.provider.getBlockNumber());
      await expect(token.getPastVotes(requester.address, now + 1n))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now + 1n, now);
    });

    it("test_delegateBySig_DelegatesFromASignature", async () => {
      const { token, requester, other } = await networkHelpers.loadFixture(votesFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const expiry = BigInt(await networkHelpers.time.latest()) + 600n;
      const nonce = await token.nonces(requester.address);
      const sig = ethers.Signature.from(
        await requester.signTypedData(
          { name: "Hashwork", version: "1", chainId, verifyingContract: await token.getAddress() },
          {
            Delegation: [
              { name: "delegatee", type: "address" },
              { name: "nonce", type: "uint256" },
              { name: "expiry", type: "uint256" },
            ],
          },
          { delegatee: other.address, nonce, expiry },
        ),
      );
      await expect(token.connect(other).delegateBySig(other.address, nonce, expiry, sig.v, sig.r, sig.s))
        .to.emit(token, "DelegateChanged")
        .withArgs(requester.address, ethers.ZeroAddress, other.address);
      expect(await token.getVotes(other.address)).to.equal(100n * TOKEN);
      expect(await token.nonces(requester.address)).to.equal(nonce + 1n); // permit and delegation share nonces
    });
  });
});
