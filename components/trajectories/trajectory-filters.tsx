"use client";

import { useEffect, useRef } from "react";
import { SearchInput } from "@/components/common/search-input";
import type { SkillCount } from "@/server/trajectories/list-query";
import { hasFilters, type TrajectoryListParams } from "./list-params";

interface Props {
  params: TrajectoryListParams;
  bySkill: SkillCount[];
  /** Trajectories under every filter but the skill one. */
  allSkillsCount: number | null;
  onChange: (patch: Partial<TrajectoryListParams>) => void;
  onClear: () => void;
}

const thousands = new Intl.NumberFormat("en-US");

function RangeInputs({ label, min, max, step, onMin, onMax, testId }: { label: string; min: string; max: string; step: string; onMin: (v: string) => void; onMax: (v: string) => void; testId: string }) {
  const input = (value: string, onChange: (v: string) => void, which: "min" | "max") => (
    <input
      type="number"
      inputMode="decimal"
      step={step}
      value={value}
      placeholder={which}
      aria-label={`${label} ${which === "min" ? "from" : "to"}`}
      data-testid={`${testId}-${which}`}
      onChange={(e) => onChange(e.target.value)}
      className={`h-8 w-20 rounded-md border bg-white px-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 ${
        value ? "border-indigo-300 text-indigo-800" : "border-slate-300"
      }`}
    />
  );
  return (
    <div className="flex items-center gap-1.5 text-sm" role="group" aria-label={label}>
      <span className="text-slate-500">{label}</span>
      {input(min, onMin, "min")}
      <span className="text-slate-400">–</span>
      {input(max, onMax, "max")}
    </div>
  );
}

/** Skill chips with counts, then task search, step and reward ranges and the pass/fail switch; "/" focuses the search. */
export function TrajectoryFilters({ params, bySkill, allSkillsCount, onChange, onClear }: Props) {
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = document.activeElement;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || (el && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const chip = (skill: string, label: string, count: number | null, passRate: number | null) => {
    const active = params.skill === skill;
    return (
      <button
        key={skill || "__all"}
        type="button"
        aria-pressed={active}
        onClick={() => onChange({ skill })}
        data-testid={`skill-chip-${skill || "all"}`}
        className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
          active ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-200 bg-white text-slate-700 hover:border-slate-300 hover:bg-slate-50"
        }`}
      >
        <span className="font-medium">{label}</span>
        <span className={`tabular-nums ${active ? "text-indigo-100" : "text-slate-400"}`}>{count == null ? "…" : thousands.format(count)}</span>
        {passRate != null && <span className={`text-xs tabular-nums ${active ? "text-indigo-100" : "text-emerald-600"}`}>{(passRate * 100).toFixed(0)}%</span>}
      </button>
    );
  };

  // A skill chosen in the URL that has no trajectories under the other filters still shows (with 0).
  const skills = params.skill && !bySkill.some((s) => s.skill === params.skill) ? [...bySkill, { skill: params.skill, count: 0, passed: 0, known: 0, meanReward: 0 }] : bySkill;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Skill" data-testid="skill-chips">
        {chip("", "All skills", allSkillsCount, null)}
        {skills.map((s) => chip(s.skill, s.skill, s.count, s.known ? s.passed / s.known : null))}
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <SearchInput
          ref={searchRef}
          value={params.task}
          onChange={(task) => onChange({ task })}
          placeholder="Task id contains…"
          label="Filter by task id"
          shortcut="/"
          testId="filter-task"
        />
        <label className="flex items-center gap-1.5 text-sm">
          <span className="text-slate-500">Result</span>
          <select
            value={params.passed}
            onChange={(e) => onChange({ passed: e.target.value as TrajectoryListParams["passed"] })}
            data-testid="filter-passed"
            className={`h-8 rounded-md border bg-white pl-2 pr-7 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 ${
              params.passed ? "border-indigo-300 text-indigo-800" : "border-slate-300 text-slate-700"
            }`}
          >
            <option value="">Any</option>
            <option value="passed">Passed</option>
            <option value="failed">Failed</option>
            <option value="unknown">Outcome unknown</option>
          </select>
        </label>
        <RangeInputs label="Step" min={params.stepMin} max={params.stepMax} step="1" onMin={(stepMin) => onChange({ stepMin })} onMax={(stepMax) => onChange({ stepMax })} testId="filter-step" />
        <RangeInputs label="Reward" min={params.rewardMin} max={params.rewardMax} step="0.1" onMin={(rewardMin) => onChange({ rewardMin })} onMax={(rewardMax) => onChange({ rewardMax })} testId="filter-reward" />
        {params.group && (
          <span className="inline-flex items-center gap-1 rounded-md bg-indigo-50 px-2 py-1 text-xs text-indigo-800">
            group <span className="font-mono">{params.group}</span>
            <button type="button" aria-label="Clear the group filter" onClick={() => onChange({ group: "" })} className="ml-1 text-indigo-500 hover:text-indigo-900">
              ×
            </button>
          </span>
        )}
        {hasFilters(params) && (
          <button type="button" onClick={onClear} data-testid="filters-clear" className="text-sm text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline">
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
