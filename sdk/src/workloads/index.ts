export {
  EXAMPLE_NAMES,
  getExample,
  isExampleName,
  listExamples,
  randomInput,
  type ExampleName,
  type ExampleWorkload,
} from "./examples.js";
export { seededRandom, type RandomSource } from "./random-input.js";
export { UnknownExampleError } from "../errors/workloads.js";
