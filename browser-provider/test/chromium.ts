// Debian's Chromium, headless, as both browser-provider tests open it: a persistent profile (the tab's localStorage and
// IndexedDB survive a reload), no network of its own beyond the page's, and the page's errors collected.
import { chromium, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Opens Chromium on the profile `profileDir`; every uncaught page error is pushed to `pageErrors`. */
export async function openChromium(
  profileDir: string,
  pageErrors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}
