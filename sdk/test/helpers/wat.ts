import wabtInit from "wabt";

let wabt: ReturnType<typeof wabtInit> | undefined;

/**
 * Assembles WebAssembly text into a binary with wabt (the JS build of wat2wasm). `validate: false`
 * produces deliberately invalid modules (wabt then only encodes).
 */
export async function wat(source: string, options: { validate?: boolean } = {}): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const module = (await wabt).parseWat("test.wat", source, { bulk_memory: true, mutable_globals: true });
  try {
    module.resolveNames();
    if (options.validate !== false) module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
