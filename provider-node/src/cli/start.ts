import { loadConfig } from "../config/load.js";
import { providerPassword } from "../keystore/password.js";
import { unlockKeystore } from "../keystore/unlock.js";
import { chooseLogFormat } from "../log-format.js";
import { createLogger } from "../logger.js";
import { startNode } from "../service.js";
import type { ParsedArgs } from "./args.js";

/** `hashwork-node start`: runs the service until SIGTERM/SIGINT, then stops gracefully. */
export async function start({ options }: ParsedArgs): Promise<void> {
  const config = loadConfig(options.config ?? "hashwork-node.json", { faulty: options.faulty === true });
  const format = chooseLogFormat(options["log-format"], config.log.format, process.stdout.isTTY === true);
  const logger = createLogger(config.log.level, {}, format);
  const wallet = await unlockKeystore(config.keystore, await providerPassword(options["password-file"]));
  const node = await startNode(config, wallet, logger);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "signal received");
      node.stop(signal, config.shutdownGraceMs).then(resolve, (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exitCode = 1;
        resolve();
      });
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  });
  logger.flush();
}
