import wabtInit from "wabt";

let wabt: ReturnType<typeof wabtInit> | undefined;

/** wabt feature switches (`exceptions`, `threads`, `relaxed_simd`, `memory64`, `multi_memory`, ...). */
export type WatFeatures = Record<string, boolean>;

/**
 * Assembles WebAssembly text into a binary with wabt (the JS build of wat2wasm). `validate: false`
 * produces deliberately invalid modules (wabt then only encodes); `features` enables proposals the
 * sandbox must refuse.
 */
export async function wat(
  source: string,
  options: { validate?: boolean; features?: WatFeatures } = {},
): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const features = { bulk_memory: true, mutable_globals: true, simd: true, ...options.features };
  const module = (await wabt).parseWat("test.wat", source, features);
  try {
    module.resolveNames();
    if (options.validate !== false) module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
