/** The paper's five atomic skills and five OOD benchmarks: the defaults of a new project. */
export const DEFAULT_SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];
export const DEFAULT_BENCHMARKS = ["swe_verified", "swe_multilingual", "terminal_bench", "refactoring", "security"];
export const DEFAULT_PROJECT = "default";
