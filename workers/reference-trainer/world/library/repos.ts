/**
 * The bundled repositories: which modules each one holds. Training and
 * held-out repositories share no module, so held-out tasks run on code the
 * policy never saw.
 */
export const TRAIN_REPOS: Record<string, string[]> = {
  "bounds-kit": ["range", "stats", "summary"],
  "str-utils": ["strings", "arrays", "labels"],
  "shop-core": ["money", "cart", "pricing"],
  "shop-labels": ["money", "cart", "strings"],
  "calendar": ["dates", "range", "planner"],
  "board": ["grid", "range", "moves"],
  "lookup": ["sorted", "arrays", "ranking"],
  "pager": ["paging", "arrays"],
  "weather": ["temperature", "ratings"],
  "gradebook": ["stats", "grades"],
  "class-report": ["stats", "grades", "temperature"],
  "wordsmith": ["text", "strings"],
  "linalg": ["vector", "matrix"],
  "linalg-stats": ["vector", "matrix", "stats"],
  "spans": ["interval", "range"],
  "tally": ["counter", "arrays"],
  "shapes": ["geometry", "vector"],
  "number-games": ["bits", "fizz"],
  "numerals": ["roman", "strings"],
  "release-tools": ["version", "text"],
  "compress": ["rle", "counter"],
  "warehouse": ["inventory", "money"],
  "puzzles": ["fizz", "dates"],
  "reviews": ["ratings", "counter"],
  "agenda": ["scheduler", "interval"],
  "search-tools": ["sorted", "paging", "bits"],
};

export const HELDOUT_REPOS: Record<string, string[]> = {
  "file-server": ["paths", "fileserve", "buffers"],
  "uploads": ["paths", "fileserve", "objects"],
  "net-io": ["buffers", "packets", "tokens"],
  "byte-tools": ["buffers", "packets", "auth"],
  "config-store": ["objects", "settings", "ratelimit"],
  "preferences": ["objects", "settings", "durations"],
  "login": ["auth", "session", "ratelimit"],
  "accounts": ["auth", "session", "shipping"],
  "gateway": ["ratelimit", "throttle", "paths"],
  "api-quota": ["ratelimit", "throttle", "tokens"],
  "courier": ["shipping", "invoice", "durations"],
  "payroll": ["durations", "timesheet", "loan"],
  "routes": ["polyline", "routing", "tokens"],
  "metrics": ["buckets", "sortkit", "leaderboard"],
  "lending": ["loan", "payments", "durations"],
  "text-pipeline": ["tokens", "wordstats", "sortkit"],
  "plotter": ["polyline", "routing", "buckets", "sortkit"],
};
