import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { loadConfig } from "./config";
import { LiveStatusProvider } from "./live/LiveStatus";
import "./styles.css";

const config = await loadConfig();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <LiveStatusProvider config={config}>
      <App />
    </LiveStatusProvider>
  </StrictMode>,
);
