import { describe } from "vitest";
import { declareRestFuzz } from "../testing/rest-fuzz-runner";
import { FOREIGN_DOOR_FUZZ_ROUTES } from "../testing/rest-fuzz-routes";

// Property-based fuzz of rllm's UI logger routes and the MLflow tracking and artifact APIs (REST v1: rest-fuzz-v1.test.ts).
describe("REST fuzz: rllm and MLflow doors", () => {
  declareRestFuzz("REST fuzz, rllm and MLflow", FOREIGN_DOOR_FUZZ_ROUTES);
});
