/**
 * The tools each environment offers. An atomic skill's tools are its action
 * vocabulary: localization navigates (list, search, read) but cannot edit;
 * editing edits at a location the prompt names (read it, edit, undo, run the
 * tests) but cannot look for files; the others check (tests, calls, scripts).
 * A composite task offers the union its work needs; no single skill's
 * vocabulary covers one (`composites.test.ts` proves it per task).
 */
import type { AtomicSkill, Benchmark } from "../world/types";

export const SKILL_TOOLS: Record<AtomicSkill, readonly string[]> = {
  localization: ["list_files", "read_file", "search", "run_tests", "submit"],
  editing: ["read_file", "edit", "undo_edit", "run_tests", "submit"],
  unit_test: ["read_file", "add_test", "run_tests", "submit"],
  review: ["list_files", "read_file", "search", "run_tests", "write_script", "run_script", "submit"],
  reproduction: ["list_files", "read_file", "search", "write_script", "run_script", "submit"],
};

export const COMPOSITE_TOOLS: Record<Benchmark, readonly string[]> = {
  bug_fix: ["list_files", "read_file", "search", "edit", "undo_edit", "run_tests", "write_script", "run_script", "submit"],
  security: ["list_files", "read_file", "search", "edit", "undo_edit", "run_tests", "write_script", "run_script", "submit"],
  refactoring: ["list_files", "read_file", "search", "edit", "undo_edit", "run_tests", "submit"],
};
