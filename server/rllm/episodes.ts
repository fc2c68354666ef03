import type { Db } from "@/db";
import { BadRequestError, PayloadTooLargeError } from "../errors";
import { requireRunRow } from "../runs/service";
import type { BlobStore } from "../trajectories/blob-store";
import { appendTrajectoryBatch } from "../trajectories/service";
import { assertJsonDepth, describeZodError, parseOrThrow } from "../validation";
import { contentBatchId } from "./batch-ids";
import { trajectoriesOfEpisode } from "./episode-trajectories";
import { episodesBatchBody, rllmEpisode, trajectoryGroupBody, trajectoryGroupsBatchBody, type RllmEpisode } from "./payloads";

/** Episodes in one batch request; past it rllm's own fallback posts them one by one. */
export const MAX_EPISODES_PER_BATCH = 5_000;
export const MAX_GROUPS_PER_BATCH = 10_000;

export interface EpisodesResult {
  accepted: number;
  /** Episodes already stored (a retry, or the one-by-one fallback after a batch that did land). */
  duplicates: number;
  trajectories: number;
}

function parseEpisode(raw: unknown, where: string, sessionId?: string): RllmEpisode {
  assertJsonDepth(raw, where);
  const result = rllmEpisode.safeParse(raw);
  if (!result.success) throw new BadRequestError(`${where}: ${describeZodError(result.error)}`);
  if (sessionId && result.data.session_id !== sessionId) {
    throw new BadRequestError(`${where}.session_id: '${result.data.session_id}' is not the batch's session '${sessionId}'.`);
  }
  return result.data;
}

/**
 * Stores episodes as trajectories. Each episode is its own batch, with an id made of the
 * session, step and episode id: the batch request and rllm's one-by-one fallback after it
 * (`POST /api/episodes`) store each episode once, however they overlap.
 */
async function storeEpisodes(db: Db, blobs: BlobStore, sessionId: string, episodes: RllmEpisode[]): Promise<EpisodesResult> {
  requireRunRow(db, sessionId);
  const result: EpisodesResult = { accepted: 0, duplicates: 0, trajectories: 0 };
  for (const episode of episodes) {
    const trajectories = trajectoriesOfEpisode(episode);
    const batchId = contentBatchId("episode", [episode.step, episode.episode_id]);
    const stored = await appendTrajectoryBatch(db, blobs, sessionId, { batchId, trajectories });
    if (stored.duplicate) result.duplicates++;
    else {
      result.accepted++;
      result.trajectories += stored.accepted;
    }
  }
  return result;
}

/** `POST /api/episodes/batch` (`{session_id, episodes: [...]}`): every episode is checked before any is stored. */
export async function appendEpisodesBatch(db: Db, blobs: BlobStore, body: unknown): Promise<EpisodesResult> {
  const n = (body as { episodes?: unknown[] } | null)?.episodes?.length ?? 0;
  if (n > MAX_EPISODES_PER_BATCH) {
    throw new PayloadTooLargeError(`episodes: a batch holds at most ${MAX_EPISODES_PER_BATCH} episodes, this one has ${n}.`);
  }
  const input = parseOrThrow(episodesBatchBody, body);
  const episodes = input.episodes.map((e, i) => parseEpisode(e, `episodes.${i}`, input.session_id));
  return storeEpisodes(db, blobs, input.session_id, episodes);
}

/** `POST /api/episodes`: one episode, as rllm's fallback sends them. */
export async function appendEpisode(db: Db, blobs: BlobStore, body: unknown): Promise<EpisodesResult> {
  const episode = parseEpisode(body, "body");
  return storeEpisodes(db, blobs, episode.session_id, [episode]);
}

export interface GroupsResult {
  accepted: number;
  /** Per group: how many of its samples are stored under its group key at its step. */
  groups: { groupId: string; step: number; samples: number; expected: number | null }[];
}

/**
 * Trajectory groups need no store of their own: an episode's trajectories are filed under
 * the group key rllm forms (`task_id:trajectory name`), so the GRPO group view finds a
 * group's samples by that key. The answer says how many of each group's samples are stored.
 */
function checkGroups(db: Db, sessionId: string, rawGroups: unknown[]): GroupsResult {
  const run = requireRunRow(db, sessionId);
  const count = db.$client.prepare("SELECT count(*) FROM trajectories WHERE run_pk = ? AND step = ? AND group_key = ?").pluck();
  const groups = rawGroups.map((raw, i) => {
    const result = trajectoryGroupBody.safeParse(raw);
    if (!result.success) throw new BadRequestError(`groups.${i}: ${describeZodError(result.error)}`);
    if (result.data.session_id !== sessionId) throw new BadRequestError(`groups.${i}.session_id: '${result.data.session_id}' is not the session '${sessionId}'.`);
    return result.data;
  });
  return {
    accepted: groups.length,
    groups: groups.map((g) => ({
      groupId: g.group_id,
      step: g.step,
      samples: count.get(run.pk, g.step, g.group_id) as number,
      expected: g.num_trajectories ?? null,
    })),
  };
}

/** `POST /api/trajectory-groups/batch` (`{session_id, groups: [...]}`). */
export function acceptTrajectoryGroupsBatch(db: Db, body: unknown): GroupsResult {
  const n = (body as { groups?: unknown[] } | null)?.groups?.length ?? 0;
  if (n > MAX_GROUPS_PER_BATCH) throw new PayloadTooLargeError(`groups: a batch holds at most ${MAX_GROUPS_PER_BATCH} groups, this one has ${n}.`);
  const input = parseOrThrow(trajectoryGroupsBatchBody, body);
  return checkGroups(db, input.session_id, input.groups);
}

/** `POST /api/trajectory-groups`: one group, as rllm's fallback sends them. */
export function acceptTrajectoryGroup(db: Db, body: unknown): GroupsResult {
  const sessionId = parseOrThrow(trajectoryGroupBody, body).session_id;
  return checkGroups(db, sessionId, [body]);
}
