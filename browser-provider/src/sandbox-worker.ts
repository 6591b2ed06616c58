// The Web Worker executeInBrowser starts for each job: the SDK's sandbox, nothing of the page's own.
import { serveSandbox } from "@hashwork/sdk/executor/browser-worker";

serveSandbox();
