"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { chunksToLines, fragmentKey } from "./log-lines";
import { LogRow, LOG_LINE_HEIGHT as H } from "./log-row";
import { LogSearchBar } from "./log-search-bar";
import { hasNewer, hasOlder } from "./log-window";
import { useLogSearch } from "./use-log-search";
import { useLogWindow } from "./use-log-window";

/** Lines drawn beyond the visible ones, and how close to an edge (in lines) the next page is fetched. */
const OVERSCAN = 30;
const EDGE_LINES = 40;

/**
 * A run's log: follows the tail while the run is live (unless the reader
 * scrolled up), draws only the lines on screen, pages older output in on
 * scroll-up, and searches the whole log on the server (n / N between hits).
 */
export function LogViewer({ runId, live }: { runId: string; live: boolean }) {
  const { window: win, error, loading, loadOlder, loadNewer, jump } = useLogWindow(runId, live);
  const { lines, lineOfFragment } = useMemo(() => chunksToLines(win.chunks), [win.chunks]);

  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(512);
  const [tall, setTall] = useState(false);
  const [follow, setFollowState] = useState(true);
  const following = useRef(true);
  const setFollow = (on: boolean) => {
    following.current = on;
    setFollowState(on);
  };
  /** The first visible line and how far into it the view starts: kept in place when pages come and go. */
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  /** A search hit to bring into view once the window holds it. */
  const target = useRef<string | null>(null);

  const searchBox = useRef<HTMLInputElement>(null);
  const [searchInput, setSearchInput] = useState("");
  const search = useLogSearch(runId, searchInput, live);
  const [active, setActive] = useState(-1);
  useEffect(() => setActive(-1), [search.query]);
  const activeKey = active >= 0 && search.matches[active] ? fragmentKey(search.matches[active].seq, search.matches[active].line) : null;
  const activeLine = activeKey ? lineOfFragment.get(activeKey) : undefined;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scrollTo = (top: number) => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = Math.max(0, top);
    setScrollTop(el.scrollTop);
  };

  // After the lines change: show a pending search hit, else stay at the bottom when following, else keep the anchor line in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (target.current) {
      const idx = lineOfFragment.get(target.current);
      if (idx !== undefined) {
        target.current = null;
        scrollTo(idx * H - el.clientHeight / 2);
      }
      return;
    }
    if (following.current) scrollTo(el.scrollHeight);
    else if (anchor.current) {
      const idx = lineOfFragment.get(anchor.current.key);
      if (idx !== undefined) scrollTo(idx * H + anchor.current.offset);
    }
  }, [lines, lineOfFragment]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    setScrollTop(top);
    const first = Math.min(lines.length - 1, Math.floor(top / H));
    anchor.current = first >= 0 ? { key: lines[first].key, offset: top - first * H } : null;
    const fromBottom = el.scrollHeight - top - el.clientHeight;
    setFollow(fromBottom < H && !hasNewer(win));
    if (top < EDGE_LINES * H && hasOlder(win) && !loading) void loadOlder();
    if (fromBottom < EDGE_LINES * H && hasNewer(win) && !loading) void loadNewer();
  };

  const jumpToEnd = useCallback(() => {
    setFollow(true);
    target.current = null;
    if (hasNewer(win)) void jump();
    else scrollTo(scroller.current?.scrollHeight ?? 0);
  }, [win, jump]);

  const goToMatch = (i: number) => {
    const m = search.matches[i];
    if (!m) return;
    setActive(i);
    setFollow(false);
    const key = fragmentKey(m.seq, m.line);
    const idx = lineOfFragment.get(key);
    if (idx !== undefined) scrollTo(idx * H - height / 2 + H);
    else {
      target.current = key;
      void jump(m.seq);
    }
  };
  const step = (dir: 1 | -1) => {
    const n = search.matches.length;
    if (!n) return;
    goToMatch(active < 0 ? (dir === 1 ? 0 : n - 1) : (active + dir + n) % n);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === "n" || e.key === "N") {
      e.preventDefault();
      step(e.key === "n" ? 1 : -1);
    } else if (e.key === "End" || e.key === "G") {
      e.preventDefault();
      jumpToEnd();
    } else if (e.key === "/") {
      e.preventDefault();
      searchBox.current?.focus();
    }
  };

  const start = Math.max(0, Math.floor(scrollTop / H) - OVERSCAN);
  const end = Math.min(lines.length, Math.ceil((scrollTop + height) / H) + OVERSCAN);
  const lastVisible = Math.min(lines.length, Math.floor((scrollTop + height) / H));
  const below = lines.length - lastVisible;
  const rows = [];
  for (let i = start; i < end; i++) {
    const line = lines[i];
    const prev = lines[i - 1];
    const showTime = !prev || Math.floor(prev.at / 1000) !== Math.floor(line.at / 1000);
    rows.push(<LogRow key={line.key} line={line} showTime={showTime} query={search.query} active={i === activeLine} />);
  }

  const empty = win.loaded && lines.length === 0;
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="log-viewer">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-2">
        <div className="flex items-center gap-3 text-xs text-slate-500">
          <LogState live={live} follow={follow} loaded={win.loaded} empty={empty} />
          <span className="tabular-nums" data-testid="log-line-count">
            {lines.length.toLocaleString()} line{lines.length === 1 ? "" : "s"}
            {hasOlder(win) ? " · older output above" : ""}
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="h-2.5 w-2.5 rounded-sm border-l-2 border-red-500/70 bg-red-500/20" aria-hidden /> stderr
          </span>
          {loading && <span className="text-indigo-600">loading…</span>}
          {error && (
            <span className="text-red-600" role="alert" title={error}>
              Can’t load the log, retrying…
            </span>
          )}
        </div>
        <div className="flex items-center gap-2">
          <LogSearchBar
            ref={searchBox}
            value={searchInput}
            onChange={setSearchInput}
            query={search.query}
            count={search.matches.length}
            more={search.more}
            active={active}
            busy={search.searching || search.pending}
            onStep={step}
          />
          <button
            type="button"
            onClick={() => setTall((t) => !t)}
            className="h-8 rounded-md border border-slate-300 px-2 text-xs text-slate-600 shadow-sm hover:bg-slate-50"
            aria-pressed={tall}
          >
            {tall ? "Shrink" : "Expand"}
          </button>
        </div>
      </div>
      <div className="relative">
        <div
          ref={scroller}
          onScroll={onScroll}
          onKeyDown={onKeyDown}
          tabIndex={0}
          role="log"
          aria-label="Run log"
          aria-live="off"
          className={`overflow-auto bg-slate-950 font-mono text-[12px] outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-400 ${
            tall ? "h-[80vh]" : "h-[32rem]"
          }`}
          style={{ lineHeight: `${H}px` }}
          data-testid="log-scroller"
        >
          {empty ? (
            <p className="px-4 py-6 font-sans text-sm text-slate-400">
              {live
                ? "Waiting for output…"
                : "This run has no log output. Runs launched from a recipe stream their stdout and stderr here; a trainer started by hand does not."}
            </p>
          ) : (
            <div className="w-max min-w-full py-1">
              <div style={{ height: start * H }} />
              {rows}
              <div style={{ height: (lines.length - end) * H }} />
            </div>
          )}
        </div>
        {!follow && !empty && (below > 0 || hasNewer(win)) && (
          <button
            type="button"
            onClick={jumpToEnd}
            className="absolute bottom-4 right-6 rounded-full bg-indigo-600 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-indigo-500"
            data-testid="log-jump-to-end"
          >
            ↓ Jump to end{below > 0 ? ` · ${below.toLocaleString()}${hasNewer(win) ? "+" : ""} more lines` : ""}
          </button>
        )}
      </div>
    </div>
  );
}

function LogState({ live, follow, loaded, empty }: { live: boolean; follow: boolean; loaded: boolean; empty: boolean }) {
  if (!loaded) return <span>Loading log…</span>;
  if (!live) return <span>Run ended</span>;
  if (empty) return <span>Waiting for output…</span>;
  return follow ? (
    <span className="inline-flex items-center gap-1.5 text-emerald-700" data-testid="log-following">
      <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-emerald-500" /> Following output
    </span>
  ) : (
    <span className="text-amber-700">Paused · scrolled up</span>
  );
}
