import fc from "fast-check";

/**
 * fast-check arbitraries for hostile request bodies, query strings and path segments: arbitrary
 * JSON, near-valid bodies (a valid body with one field mutated), text that is not JSON, bytes that
 * are not UTF-8, and nothing at all.
 */

export interface FuzzBody {
  kind: "json" | "near-valid" | "raw-token" | "not-json" | "bytes" | "empty" | "none";
  /** What is sent: text, raw bytes, or nothing (`undefined`). */
  data?: string | Uint8Array;
  contentType?: string;
}

const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 63, -(2 ** 63), 1e21, 5e-324, -0, 0.5, -1, 2 ** 31, 2 ** 32];
const NAN_LIKE = ["NaN", "Infinity", "-Infinity", "1e999", "-0", "0x1F", " 1", "1_000", "١٢٣", "null", "true", "undefined", ""];
const ODD_STRINGS = [
  "\u0000",
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\u202e\u202d",
  "\ufeff",
  "𝕏𝕐",
  "😀😀😀",
  "e\u0301",
  "İı",
  "../../etc/passwd",
  "..",
  "%00%2F",
  "<script>alert(1)</script>",
  "'; DROP TABLE runs; --",
  "a\r\nb",
  "\t",
  "\\",
  "__proto__",
  "constructor",
];

/** Strings a field may not expect: empty, control characters, lone surrogates, path tricks, and long ones. */
export const oddString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 100_000).chain((n) => fc.constantFrom("a", "é", "😀", "\u0000").map((c) => c.repeat(n))) },
);

/** A JSON value of the wrong type, out of range, NaN-like, odd or huge. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, 1, "", "x", [], {}, [null], { "": null }, JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom(...NAN_LIKE),
  oddString,
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Text spliced into a body where a JSON value stands: not JSON, Python's JSON, or nesting deep enough to blow a recursive walker. */
export const rawToken = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "01", "1.", ".5", "+1", "0x10", "undefined", "True", "None", "'s'", '"unterminated', "[", "{", "1,"),
  fc.constantFrom(100, 300, 5_000, 100_000).chain((depth) =>
    fc.constantFrom("[".repeat(depth) + "]".repeat(depth), '{"a":'.repeat(depth) + "1" + "}".repeat(depth), "[".repeat(depth) + "1" + "]".repeat(depth)),
  ),
);

const RAW_MARK = "\u0001raw\u0001";

type JsonPath = (string | number)[];

/** Every path in a JSON value, the root first. */
function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function withValueAt(root: unknown, at: JsonPath, edit: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  if (!at.length) return undefined;
  let parent: any = copy;
  for (const key of at.slice(0, -1)) parent = parent[key];
  edit(parent, at.at(-1)!);
  return copy;
}

export interface Mutation {
  pick: number;
  op: "replace" | "raw" | "delete" | "extra";
  value: unknown;
  raw: string;
  extraKey: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom("replace", "replace", "raw", "delete", "extra"),
  value: oddValue,
  raw: rawToken,
  extraKey: fc.oneof(fc.constantFrom("__proto__", "constructor", "id", "extra"), fc.string({ maxLength: 12 })),
});

/** The text of `valid` with one field changed as `m` says (replaced, spliced with raw text, removed, or joined by an unknown key). */
export function mutate(valid: unknown, m: Mutation): FuzzBody {
  const paths = pathsOf(valid);
  const at = paths[m.pick % paths.length];
  const kind = m.op === "raw" ? "raw-token" : "near-valid";
  switch (m.op) {
    case "replace":
      return { kind, data: JSON.stringify(at.length ? withValueAt(valid, at, (p, k) => (p[k] = m.value)) : m.value) ?? "null" };
    case "raw": {
      const body = at.length ? withValueAt(valid, at, (p, k) => (p[k] = RAW_MARK)) : RAW_MARK;
      return { kind, data: JSON.stringify(body).replace(JSON.stringify(RAW_MARK), m.raw) };
    }
    case "delete":
      return {
        kind,
        data: JSON.stringify(at.length ? withValueAt(valid, at, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])) : {}),
      };
    case "extra": {
      const objects = paths.filter((p) => {
        let v: any = valid;
        for (const k of p) v = v[k];
        return v && typeof v === "object" && !Array.isArray(v);
      });
      if (!objects.length) return { kind, data: JSON.stringify(valid) };
      const target = objects[m.pick % objects.length];
      const edited = target.length ? withValueAt(valid, target, (p, k) => Object.defineProperty(p[k], m.extraKey, { value: m.value, enumerable: true })) : structuredClone(valid);
      if (!target.length) Object.defineProperty(edited, m.extraKey, { value: m.value, enumerable: true });
      return { kind, data: JSON.stringify(edited) };
    }
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Text that is not JSON: random text, a valid body cut short or with trailing junk, a BOM, single quotes. */
function notJson(validText: string): fc.Arbitrary<FuzzBody> {
  return fc
    .oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.nat().map((n) => validText.slice(0, n % Math.max(1, validText.length))),
      fc.string({ minLength: 1, maxLength: 5 }).map((junk) => validText + junk),
      fc.constant(`\ufeff${validText}`),
      fc.constant(validText.replace(/"/g, "'")),
      fc.constantFrom("{", "[", "{\"a\":}", "{,}", "[1,]", "nul", "\"", "{\"a\" 1}", "//", "\u0000"),
    )
    .map((data) => ({ kind: "not-json" as const, data }));
}

/** Bytes that are not UTF-8, alone or inside a valid body's string. */
function badBytes(validText: string): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((data) => ({ kind: "bytes" as const, data })),
    fc.constantFrom([0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]).map((bad) => {
      const at = validText.indexOf('"') + 1;
      const data = new Uint8Array([...utf8(validText.slice(0, at)), ...bad, ...utf8(validText.slice(at))]);
      return { kind: "bytes" as const, data };
    }),
  );
}

/**
 * Any body: arbitrary JSON, near-valid (from `valid()`, called once per sample so ids stay unique),
 * not JSON, not UTF-8, empty, or none; with a JSON content type mostly.
 */
export function fuzzBody(valid: () => unknown): fc.Arbitrary<FuzzBody> {
  const validText = JSON.stringify(valid());
  const body = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue().map((v): FuzzBody => ({ kind: "json", data: JSON.stringify(v) })) },
    { weight: 8, arbitrary: mutation.map((m) => mutate(valid(), m)) },
    { weight: 2, arbitrary: notJson(validText) },
    { weight: 1, arbitrary: badBytes(validText) },
    { weight: 1, arbitrary: fc.constantFrom<FuzzBody>({ kind: "empty", data: "" }, { kind: "none" }) },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1") },
  );
  return fc.tuple(body, contentType).map(([b, contentType]) => ({ ...b, contentType }));
}

/** A path segment: a valid id mostly, else an odd or random one, sometimes with broken percent-encoding. */
export function pathSegment(valid: string[], avoid: string[] = []): fc.Arbitrary<string> {
  const encoded = fc
    .oneof(oddString, fc.string({ minLength: 1, maxLength: 70 }), fc.integer().map(String), fc.constantFrom("0", "-1", "1e3", "9".repeat(30)))
    .filter((s) => s.length > 0 && s.length <= 10_000 && !avoid.includes(s.trim()) && !avoid.includes(String(Number(s))))
    .map(encodeSegment);
  const broken = fc.constantFrom("%", "%E0%A4%A", "%zz", "%C0%AF", "%ED%A0%80", "a%", "%2F..%2F", "%00");
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 3, arbitrary: encoded },
    { weight: 1, arbitrary: broken },
  ];
  // A valid value may span segments ('runs/log-batch'): each is encoded on its own.
  if (valid.length) options.push({ weight: 4, arbitrary: fc.constantFrom(...valid.map((v) => v.split("/").map(encodeSegment).join("/"))) });
  return fc.oneof(...options);
}

/** Percent-encodes a string as UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function encodeSegment(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A query string from the route's parameter names and good values, random names and odd values; sometimes with broken percent-encoding. */
export function queryString(names: string[], goodValues: string[]): fc.Arbitrary<string> {
  const name = names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }) : fc.string({ maxLength: 10 });
  const value = fc.oneof(
    ...(goodValues.length ? [{ weight: 4, arbitrary: fc.constantFrom(...goodValues) }] : []),
    { weight: 2, arbitrary: fc.oneof(fc.integer().map(String), fc.double().map(String), fc.constantFrom(...NAN_LIKE)) },
    { weight: 2, arbitrary: oddString.filter((s) => s.length < 20_000) },
  );
  return fc
    .tuple(fc.array(fc.tuple(name, value), { maxLength: 6 }), fc.oneof({ weight: 9, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("&%zz=1", "&a=%E0%A4%A", "&=&&", "&%") }))
    .map(([pairs, junk]) => {
      const qs = pairs.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join("&") + junk;
      return qs ? `?${qs}` : "";
    });
}
