export * from "./projects";
export * from "./runs";
export * from "./metrics";
export * from "./evals";
export * from "./trajectories";
export * from "./logs";
export * from "./auth";
export * from "./jobs";
