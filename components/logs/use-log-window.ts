"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import {
  appendPage,
  EMPTY_WINDOW,
  hasNewer,
  hasOlder,
  prependPage,
  replaceWindow,
  windowEnd,
  windowStart,
  type LogPage,
  type LogWindow,
} from "./log-window";

export const LOG_POLL_MS = 2000;
/** Characters read on each side of a search hit when jumping to it. */
const AROUND_CHARS = 256 << 10;

type PageQuery = { before?: number; after?: number; limit?: number; maxChars?: number };

/**
 * A run's log as a window that follows the tail: loads the end first, polls
 * for new output every 2 s while the run is live, pages older output in on
 * demand and can jump to any chunk (a search hit). One load at a time; a
 * jump makes the answers of loads still in flight be ignored, and a page is
 * only added to the window it was read for, so the window never has gaps.
 */
export function useLogWindow(runId: string, live: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [win, setWin] = useState<LogWindow>(EMPTY_WINDOW);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState<"older" | "newer" | "jump" | null>(null);
  const latest = useRef(win);
  latest.current = win;
  const generation = useRef(0);
  const busy = useRef(false);
  const jumping = useRef(false);

  const fetchPage = useCallback(
    (q: PageQuery): Promise<LogPage> =>
      queryClient.fetchQuery({ ...trpc.logs.page.queryOptions({ runId, ...q }), staleTime: 0, gcTime: 0 }),
    [queryClient, trpc, runId],
  );

  /** Runs one load unless another is in flight; `update` is dropped when a jump happened meanwhile. */
  const load = useCallback(
    async (kind: "older" | "newer" | null, read: () => Promise<(w: LogWindow) => LogWindow>) => {
      if (busy.current || jumping.current) return;
      busy.current = true;
      const gen = generation.current;
      if (kind) setLoading(kind);
      try {
        const update = await read();
        if (gen === generation.current) setWin(update);
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        busy.current = false;
        if (kind) setLoading(null);
      }
    },
    [],
  );

  /** New output after the window; when the reader is elsewhere in the log, only learns the log's new end. */
  const poll = useCallback(
    () =>
      load(null, async () => {
        const w = latest.current;
        if (w.loaded && hasNewer(w)) {
          const probe = await fetchPage({ after: w.lastSeq, limit: 1, maxChars: 1024 });
          return (cur) => ({ ...cur, lastSeq: Math.max(cur.lastSeq, probe.lastSeq), firstSeq: probe.firstSeq });
        }
        if (!w.loaded) {
          const page = await fetchPage({});
          return () => replaceWindow(page);
        }
        const end = windowEnd(w);
        const page = await fetchPage({ after: end });
        return (cur) => (windowEnd(cur) === end ? appendPage(cur, page) : cur);
      }),
    [load, fetchPage],
  );

  const loadOlder = useCallback(() => {
    if (!hasOlder(latest.current)) return;
    return load("older", async () => {
      const start = windowStart(latest.current);
      const page = await fetchPage({ before: start });
      return (cur) => (windowStart(cur) === start ? prependPage(cur, page) : cur);
    });
  }, [load, fetchPage]);

  const loadNewer = useCallback(() => {
    if (!hasNewer(latest.current)) return;
    return load("newer", async () => {
      const end = windowEnd(latest.current);
      const page = await fetchPage({ after: end });
      return (cur) => (windowEnd(cur) === end ? appendPage(cur, page) : cur);
    });
  }, [load, fetchPage]);

  /** Replaces the window: with the log's end (`seq` undefined) or with the output around chunk `seq`. */
  const jump = useCallback(
    async (seq?: number) => {
      const gen = ++generation.current;
      jumping.current = true;
      setLoading("jump");
      try {
        let next: LogWindow;
        if (seq === undefined) next = replaceWindow(await fetchPage({}));
        else {
          const [before, after] = await Promise.all([
            fetchPage({ before: seq + 1, maxChars: AROUND_CHARS }),
            fetchPage({ after: seq, maxChars: AROUND_CHARS }),
          ]);
          next = appendPage(replaceWindow(before), after);
        }
        if (gen === generation.current) setWin(next);
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        if (gen === generation.current) {
          jumping.current = false;
          setLoading(null);
        }
      }
    },
    [fetchPage],
  );

  // First load, then every 2 s while the run is live, and a few more polls after it ends for its last output.
  const wasLive = useRef(live);
  useEffect(() => {
    void poll();
  }, [poll]);
  useEffect(() => {
    const ended = wasLive.current && !live;
    wasLive.current = live;
    if (!live && !ended) return;
    let left = live ? Infinity : 3;
    const timer = setInterval(() => {
      void poll();
      if (--left <= 0) clearInterval(timer);
    }, LOG_POLL_MS);
    return () => clearInterval(timer);
  }, [live, poll]);

  return { window: win, error, loading, loadOlder, loadNewer, jump };
}
