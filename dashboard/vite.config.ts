import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `base: "./"` keeps asset URLs relative, so the built dist/ works from any path the devnet serves it under.
export default defineConfig({
  base: "./",
  plugins: [react()],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  // One bundle of ~670 kB (~200 kB gzipped), mostly recharts; an analyst tool loads it once.
  build: { chunkSizeWarningLimit: 800 },
});
