/**
 * The bundled repositories: which modules each one holds. Training and
 * held-out repositories share no module, so held-out tasks run on code the
 * policy never saw.
 */
export const TRAIN_REPOS: Record<string, string[]> = {
  "bounds-kit": ["range", "stats"],
  "str-utils": ["strings", "arrays"],
  "shop-core": ["money", "cart"],
  "shop-labels": ["money", "cart", "strings"],
  "calendar": ["dates", "range"],
  "board": ["grid", "range"],
  "lookup": ["sorted", "arrays"],
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
  "file-server": ["paths", "buffers"],
  "config-store": ["objects", "ratelimit"],
  "login": ["auth", "ratelimit"],
  "byte-tools": ["buffers", "auth"],
  "uploads": ["paths", "objects"],
  "courier": ["shipping", "durations"],
  "routes": ["polyline", "tokens"],
  "metrics": ["buckets", "sortkit"],
  "lending": ["loan", "durations"],
  "text-pipeline": ["tokens", "sortkit", "shipping"],
  "plotter": ["polyline", "buckets", "sortkit"],
};
