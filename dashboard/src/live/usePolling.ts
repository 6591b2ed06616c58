import { useEffect, useRef } from "react";

/**
 * Calls `poll` now and every `intervalMs` while the tab is visible; a hidden tab pauses, and becoming
 * visible polls at once. The latest `poll` is always used, so callers need not memoise it.
 */
export function usePolling(poll: () => void, intervalMs: number): void {
  const latest = useRef(poll);
  latest.current = poll;

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      latest.current();
      timer = setInterval(() => latest.current(), intervalMs);
    };
    const stop = () => clearInterval(timer);
    const onVisibilityChange = () => {
      stop();
      if (document.visibilityState === "visible") start();
    };
    if (document.visibilityState === "visible") start();
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [intervalMs]);
}
