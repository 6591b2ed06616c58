// Bounds of the bundle format. bundle.schema.json repeats them (JSON Schema cannot import constants);
// a test keeps the two in step.

/** One mebibyte, in bytes. */
export const MIB = 1024 * 1024;

/** Largest `limits.memoryMiB`: the whole 32-bit WASM address space. */
export const MEMORY_MIB_MAX = 4096; // MiB
/**
 * `limits.stackKiB`: the deterministic stack budget, in KiB of call frames as the sandbox counts them (16 bytes per
 * value; see the executor's README). A bundle without the field gets the default, which a browser tab's Web Worker
 * stack holds with room to spare (Chromium's holds a 260 KiB budget, measured by the cautious `measureStackKiB`);
 * deep recursion asks for more, up to the maximum every provider node's sandbox holds.
 */
export const STACK_KIB_DEFAULT = 128; // KiB
/** Smallest `limits.stackKiB`. */
export const STACK_KIB_MIN = 16; // KiB
/** Largest `limits.stackKiB`: 2^21 slots, which a provider node's 64 MiB sandbox stack holds on every tier. */
export const STACK_KIB_MAX = 32 * 1024; // KiB
/** Largest fuel limit: 2^53 - 1, the largest integer JSON numbers carry exactly (the chain holds a uint64). */
export const FUEL_MAX = Number.MAX_SAFE_INTEGER; // fuel units
/** Largest `limits.maxOutputBytes`. */
export const MAX_OUTPUT_BYTES_MAX = 256 * MIB; // bytes
/** Largest WASM module a bundle may name (`module.size`). */
export const MODULE_SIZE_MAX = 64 * MIB; // bytes
/** Largest stdin a bundle may name (`input.size`). */
export const INPUT_SIZE_MAX = 1024 * MIB; // bytes
/** Most arguments after argv[0] (`args`). */
export const ARGS_MAX = 256; // entries
/** Most environment variables (`env`). */
export const ENV_MAX = 256; // entries
/** Longest argument or environment value. */
export const ARG_LENGTH_MAX = 4096; // UTF-16 code units
/** Longest environment variable name. */
export const ENV_KEY_LENGTH_MAX = 128; // characters
/** Total UTF-8 bytes of all args and `KEY=VALUE` env strings (each NUL-terminated, as WASI passes them). */
export const ARGS_ENV_BYTES_MAX = 64 * 1024; // bytes
/** Largest serialized bundle `parseBundle` accepts. */
export const BUNDLE_BYTES_MAX = 128 * 1024; // bytes
