import type { LeasedJob } from "./worker-api";

/**
 * What a job inherits from the worker's own environment: these names, and the
 * names starting with a prefix written `PREFIX*`. Everything else the worker
 * has (its API key, cloud credentials, tokens of other services) stays with the
 * worker: a trainer, or model-generated code it runs, sees only what it needs
 * to find its tools, its GPUs, its caches and the network. Recipes set their
 * own variables (`env:`), and the operator adds names with `skillboard worker
 * --pass-env NAME` or `SKILLBOARD_PASS_ENV=A,B,C*`.
 */
export const JOB_ENV_ALLOW_LIST: readonly string[] = [
  // The session: where programs are, who runs them, language and time zone, temp files.
  "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "LANGUAGE", "LC_*", "TZ", "TMPDIR", "XDG_*",
  // GPUs and their libraries (CUDA_VISIBLE_DEVICES is then set per job), and the collective-communication settings.
  "CUDA_*", "NVIDIA_*", "NCCL_*", "LD_LIBRARY_PATH", "ROCR_VISIBLE_DEVICES", "HIP_*",
  // The Python environment the worker was started in, and thread counts.
  "VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV", "PYTHONPATH", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
  // Model and kernel caches (HF_TOKEN included: downloading gated models is a trainer's job).
  "HF_*", "TRANSFORMERS_CACHE", "TORCH_HOME", "TRITON_CACHE_DIR",
  // The network as the host reaches it: proxies and the CA certificates to trust.
  "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
  "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
];

/** The operator's extra names: comma- or space-separated, each a name or a `PREFIX*`. */
export const PASS_ENV_VARIABLE = "SKILLBOARD_PASS_ENV";

const PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** Splits and checks `--pass-env` / SKILLBOARD_PASS_ENV values; a bad entry throws naming it. */
export function parsePassEnv(values: readonly string[], source = "--pass-env"): string[] {
  const names = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  for (const name of names) {
    if (!PATTERN.test(name)) {
      throw new Error(`${source}: '${name}' is not an environment variable name or a PREFIX* (letters, digits and '_', an optional '*' at the end)`);
    }
  }
  return names;
}

const matches = (name: string, pattern: string) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/** The part of `env` a job inherits: the names on the allow-list or among `extra` (SKILLBOARD_API_KEY is replaced by the job's token later). */
export function allowedWorkerEnv(env: NodeJS.ProcessEnv, extra: readonly string[] = []): NodeJS.ProcessEnv {
  const patterns = [...JOB_ENV_ALLOW_LIST, ...extra];
  const out = {} as NodeJS.ProcessEnv;
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && patterns.some((p) => matches(name, p))) out[name] = value;
  }
  return out;
}

export interface JobEnvContext {
  /** The worker's environment, already narrowed by `allowedWorkerEnv`. */
  baseEnv: NodeJS.ProcessEnv;
  /** Handed to the process as SKILLBOARD_URL. */
  url: string;
  /** The host has GPUs: a job that asks for none gets CUDA_VISIBLE_DEVICES="". */
  hostHasGpus: boolean;
}

/**
 * The process environment: the allowed part of the worker's, the recipe's `env`, and what
 * attaches the SDK to the run (SKILLBOARD_RUN_ID, SKILLBOARD_URL, SKILLBOARD_API_KEY = the
 * run's job token, SKILLBOARD_MANAGED) and pins the GPUs.
 */
export function jobEnv(job: LeasedJob, gpus: readonly number[], ctx: JobEnvContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...ctx.baseEnv, PYTHONUNBUFFERED: "1", ...job.env };
  env.SKILLBOARD_RUN_ID = job.runId;
  env.SKILLBOARD_URL = ctx.url;
  if (job.jobToken) env.SKILLBOARD_API_KEY = job.jobToken;
  else delete env.SKILLBOARD_API_KEY;
  env.SKILLBOARD_MANAGED = "1";
  if (gpus.length) {
    env.CUDA_VISIBLE_DEVICES = gpus.join(",");
    env.CUDA_DEVICE_ORDER = "PCI_BUS_ID"; // CUDA numbers GPUs as nvidia-smi does
  } else if (ctx.hostHasGpus) {
    env.CUDA_VISIBLE_DEVICES = "";
  }
  return env;
}
