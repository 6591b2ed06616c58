import { expect } from "chai";
import { TOKEN, deploySystem, networkHelpers, providerOf } from "../fixture.js";

describe("ProviderRegistry.register", () => {
  it("test_register_RecordsTheOfferAndEmitsProviderRegistered", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    await expect(sys.registry.connect(p).register("ipfs://meta", 0b1011, TOKEN / 50n, 7, 5))
      .to.emit(sys.registry, "ProviderRegistered")
      .withArgs(p.address, "ipfs://meta", 0b1011, TOKEN / 50n, 7, 5);
    const rec = await providerOf(sys.registry, p);
    expect(rec.registered).to.equal(true);
    expect([rec.classes, rec.pricePerMfuel, rec.minMfuel, rec.capacity]).to.deep.equal([0b1011n, TOKEN / 50n, 7n, 5n]);
    expect([rec.stake, rec.locked, rec.activeJobs, rec.unbonding, rec.jailedUntil]).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
    expect([rec.completed, rec.slashes, rec.noShows, rec.faultsAtJail]).to.deep.equal([0n, 0n, 0n, 0n]);
    expect(await sys.registry.reputation(p.address)).to.equal(0n);
  });

  it("test_register_AcceptsEveryResourceClassAndTheExtremes", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const all = 2n ** 32n - 1n;
    const maxPrice = 2n ** 64n - 1n;
    const maxMin = 2n ** 32n - 1n;
    await expect(sys.registry.connect(sys.providers[0]!).register("", all, maxPrice, maxMin, 65_535))
      .to.emit(sys.registry, "ProviderRegistered")
      .withArgs(sys.providers[0]!.address, "", all, maxPrice, maxMin, 65_535);
  });

  it("test_register_RevertWhen_AlreadyRegistered", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    await expect(sys.registry.connect(p).register("ipfs://meta2", 1, TOKEN, 0, 1))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryAlreadyRegistered")
      .withArgs(p.address);
  });

  const invalid: [string, number, bigint, number][] = [
    ["NoClasses", 0, TOKEN, 1],
    ["ZeroPrice", 1, 0n, 1],
    ["ZeroCapacity", 1, TOKEN, 0],
  ];
  for (const [cond, classes, price, capacity] of invalid) {
    it(`test_register_RevertWhen_${cond}`, async () => {
      const sys = await networkHelpers.loadFixture(deploySystem);
      await expect(sys.registry.connect(sys.providers[0]!).register("ipfs://meta", classes, price, 3, capacity))
        .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInvalidOffer")
        .withArgs(classes, price, capacity);
    });
  }
});

describe("ProviderRegistry.updateOffer", () => {
  it("test_updateOffer_ReplacesTheOfferAndEmitsProviderUpdated", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    await expect(sys.registry.connect(p).updateOffer("ipfs://meta/v2", 0b110, 2n * TOKEN, 12, 8))
      .to.emit(sys.registry, "ProviderUpdated")
      .withArgs(p.address, "ipfs://meta/v2", 0b110, 2n * TOKEN, 12, 8);
    const rec = await providerOf(sys.registry, p);
    expect([rec.classes, rec.pricePerMfuel, rec.minMfuel, rec.capacity, rec.registered]).to.deep.equal([
      0b110n,
      2n * TOKEN,
      12n,
      8n,
      true,
    ]);
  });

  it("test_updateOffer_RevertWhen_NotRegistered", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    await expect(sys.registry.connect(sys.other).updateOffer("ipfs://meta", 1, TOKEN, 0, 1))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryNotRegistered")
      .withArgs(sys.other.address);
  });

  it("test_updateOffer_RevertWhen_OfferInvalid", async () => {
    const sys = await networkHelpers.loadFixture(deploySystem);
    const p = sys.providers[0]!;
    await sys.registry.connect(p).register("ipfs://meta", 1, TOKEN, 0, 1);
    await expect(sys.registry.connect(p).updateOffer("ipfs://meta", 1, TOKEN, 0, 0))
      .to.be.revertedWithCustomError(sys.registry, "ProviderRegistryInvalidOffer")
      .withArgs(1, TOKEN, 0);
  });
});
