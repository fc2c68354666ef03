"use client";

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

export type XAxisMode = "step" | "relative";

/** Display settings shared by every chart on a page (TensorBoard-style). */
export interface ChartSettings {
  /** EMA weight in [0, 0.99]; 0 = raw only. */
  smoothing: number;
  xAxis: XAxisMode;
  logY: boolean;
}

interface ChartSettingsContextValue extends ChartSettings {
  update: (patch: Partial<ChartSettings>) => void;
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = { smoothing: 0.6, xAxis: "step", logY: false };
const STORAGE_KEY = "skillboard.chart-settings";

const ChartSettingsContext = createContext<ChartSettingsContextValue | null>(null);

/** Holds the chart settings of one page; remembers them in localStorage across visits. */
export function ChartSettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<ChartSettings>(DEFAULT_CHART_SETTINGS);

  useEffect(() => {
    try {
      const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null") as Partial<ChartSettings> | null;
      if (saved) setSettings((s) => sanitize({ ...s, ...saved }));
    } catch {
      // Unreadable settings: keep the defaults.
    }
  }, []);

  const value = useMemo<ChartSettingsContextValue>(
    () => ({
      ...settings,
      update: (patch) =>
        setSettings((s) => {
          const next = sanitize({ ...s, ...patch });
          try {
            window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
          } catch {
            // Storage full or disabled: the setting still applies to this page.
          }
          return next;
        }),
    }),
    [settings],
  );
  return <ChartSettingsContext.Provider value={value}>{children}</ChartSettingsContext.Provider>;
}

export function useChartSettings(): ChartSettingsContextValue {
  const ctx = useContext(ChartSettingsContext);
  if (!ctx) throw new Error("useChartSettings must be used inside <ChartSettingsProvider>");
  return ctx;
}

function sanitize(s: ChartSettings): ChartSettings {
  const smoothing = Number.isFinite(s.smoothing) ? Math.min(Math.max(s.smoothing, 0), 0.99) : DEFAULT_CHART_SETTINGS.smoothing;
  return { smoothing, xAxis: s.xAxis === "relative" ? "relative" : "step", logY: Boolean(s.logY) };
}
