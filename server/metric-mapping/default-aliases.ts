/**
 * Built-in aliases (code, on for every project): the spellings frameworks and
 * dataset hubs use for the paper's five skills and five OOD benchmarks. Keys
 * are normalised (see names.ts). An alias applies only where its target is one
 * of the project's skills or benchmarks; a project alias with the same name
 * overrides it.
 */
export const BUILT_IN_ALIASES: Readonly<Record<string, string>> = {
  // skills
  localisation: "localization",
  fault_localization: "localization",
  file_localization: "localization",
  code_localization: "localization",
  edit: "editing",
  edits: "editing",
  code_edit: "editing",
  code_editing: "editing",
  code_repair: "editing",
  unittest: "unit_test",
  unit_tests: "unit_test",
  unittests: "unit_test",
  test_generation: "unit_test",
  test_gen: "unit_test",
  testgen: "unit_test",
  code_review: "review",
  pr_review: "review",
  review_verdict: "review",
  repro: "reproduction",
  reproduce: "reproduction",
  issue_reproduction: "reproduction",
  bug_reproduction: "reproduction",
  // benchmarks
  swe_bench_verified: "swe_verified",
  swebench_verified: "swe_verified",
  swe_verified_500: "swe_verified",
  sweb_verified: "swe_verified",
  swe_bench_multilingual: "swe_multilingual",
  swebench_multilingual: "swe_multilingual",
  swe_bench_ml: "swe_multilingual",
  terminalbench: "terminal_bench",
  terminal_bench_core: "terminal_bench",
  tbench: "terminal_bench",
  t_bench: "terminal_bench",
  refactor: "refactoring",
  refactor_bench: "refactoring",
  refactorbench: "refactoring",
  security_bench: "security",
  secbench: "security",
  sec_bench: "security",
  code_security: "security",
};
