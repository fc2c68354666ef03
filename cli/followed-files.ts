import fs from "node:fs";
import path from "node:path";

/**
 * The files of a trainer's output folder that `import DIR` and `watch DIR` read:
 * JSON Lines (verl's `<step>.jsonl` rollout/validation dumps, OpenHands
 * `output.jsonl`, chat records), TRL's `completions_<step>.parquet`, and
 * TensorBoard `events.out.tfevents.*`.
 */
export type FollowedKind = "lines" | "parquet" | "tfrecord";

export function followedKind(fileName: string): FollowedKind | undefined {
  const base = path.basename(fileName);
  if (base.startsWith(".")) return undefined;
  if (base.endsWith(".jsonl")) return "lines";
  if (base.endsWith(".parquet")) return "parquet";
  if (base.startsWith("events.out.tfevents.")) return "tfrecord";
  return undefined;
}

const natural = new Intl.Collator("en", { numeric: true });

/** Followed files under `dir`, as paths relative to it, in natural order (2.jsonl before 10.jsonl); dot-folders are skipped. */
export function listFollowedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return; // a folder removed while walking
    }
    for (const e of entries) {
      const child = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith(".")) walk(child);
      } else if (e.isFile() && followedKind(e.name)) out.push(child);
    }
  };
  walk("");
  return out.sort((a, b) => natural.compare(a, b));
}
