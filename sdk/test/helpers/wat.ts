import wabtInit from "wabt";

let wabt: ReturnType<typeof wabtInit> | undefined;

/** Assembles WebAssembly text into a binary with wabt (the JS build of wat2wasm). */
export async function wat(source: string): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const module = (await wabt).parseWat("test.wat", source, { bulk_memory: true, mutable_globals: true });
  try {
    module.resolveNames();
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
