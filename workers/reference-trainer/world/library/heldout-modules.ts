/**
 * Source modules of the held-out repositories (never trained on). The first
 * five guard untrusted input; their bugs become the `security` tasks.
 */
import type { ModuleDef } from "./module-def";

export const HELDOUT_MODULES: ModuleDef[] = [
  {
    name: "buffers",
    security: "out-of-bounds access",
    source: `function readAt(buf, index) {
  if (index < 0 || index >= buf.length) throw new RangeError('index out of bounds');
  return buf[index];
}

function writeAt(buf, index, value) {
  if (index < 0 || index >= buf.length) throw new RangeError('index out of bounds');
  buf[index] = value;
  return buf;
}

function safeSlice(buf, start, length) {
  if (start < 0 || length < 0 || start + length > buf.length) throw new RangeError('slice out of bounds');
  return buf.slice(start, start + length);
}

module.exports = { readAt, writeAt, safeSlice };
`,
    cases: {
      readAt: ["[1, 2, 3], 0", "[1, 2, 3], 2", "[1, 2, 3], 3", "[1, 2, 3], -1"],
      writeAt: ["[0, 0], 1, 9", "[0, 0], 2, 9", "[0, 0], -1, 9"],
      safeSlice: ["[1, 2, 3, 4], 1, 2", "[1, 2, 3, 4], 3, 2", "[1, 2], -1, 1", "[1, 2, 3], 0, 3"],
    },
  },
  {
    name: "paths",
    security: "path traversal",
    source: `function isSafeSegment(seg) {
  return seg !== '..' && seg !== '' && seg.indexOf(':') === -1;
}

function isSafePath(p) {
  if (p.startsWith('/')) return false;
  const parts = p.split('/');
  for (const part of parts) {
    if (!isSafeSegment(part)) return false;
  }
  return true;
}

function resolveUnder(base, p) {
  if (!isSafePath(p)) throw new Error('unsafe path: ' + p);
  return base + '/' + p;
}

module.exports = { isSafeSegment, isSafePath, resolveUnder };
`,
    cases: {
      isSafeSegment: ["'docs'", "'..'", "''", "'c:'"],
      isSafePath: ["'docs/a.txt'", "'../etc/passwd'", "'/etc/passwd'", "'a//b'", "'a/../../b'"],
      resolveUnder: ["'/srv', 'img/x.png'", "'/srv', '../secret'", "'/srv', '/root'"],
    },
  },
  {
    name: "objects",
    security: "prototype pollution",
    source: `const BLOCKED = ['__proto__', 'constructor', 'prototype'];

function isBlockedKey(key) {
  return BLOCKED.includes(key);
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let node = obj;
  for (let i = 0; i < keys.length; i++) {
    if (isBlockedKey(keys[i])) throw new TypeError('blocked key: ' + keys[i]);
    if (i === keys.length - 1) node[keys[i]] = value;
    else {
      if (typeof node[keys[i]] !== 'object' || node[keys[i]] === null) node[keys[i]] = {};
      node = node[keys[i]];
    }
  }
  return obj;
}

function getPath(obj, path) {
  let node = obj;
  for (const key of path.split('.')) {
    if (node === undefined || node === null) return undefined;
    node = node[key];
  }
  return node;
}

module.exports = { isBlockedKey, setPath, getPath };
`,
    cases: {
      isBlockedKey: ["'__proto__'", "'name'", "'constructor'"],
      setPath: ["{}, 'a.b', 1", "{ a: 1 }, 'a.c', 2", "{}, '__proto__.polluted', 1", "{}, 'x.constructor', 1", "{}, 'k', null"],
      getPath: ["{ a: { b: 2 } }, 'a.b'", "{ a: 1 }, 'a.b.c'", "{}, 'x'"],
    },
  },
  {
    name: "auth",
    security: "authentication bypass",
    source: `function isStrongPassword(pw) {
  if (pw.length < 10) return false;
  let digits = 0;
  let letters = 0;
  for (const ch of pw) {
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch.toLowerCase() !== ch.toUpperCase()) letters++;
  }
  return digits >= 1 && letters >= 1;
}

function checkPin(pin, expected, failures, maxFailures) {
  if (failures >= maxFailures) return 'locked';
  return pin === expected ? 'ok' : 'denied';
}

function sameSecret(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff += a.charCodeAt(i) === b.charCodeAt(i) ? 0 : 1;
  return diff === 0;
}

module.exports = { isStrongPassword, checkPin, sameSecret };
`,
    cases: {
      isStrongPassword: ["'abcdefgh12'", "'abc12'", "'abcdefghij'", "'1234567890'", "'passw0rd!!'"],
      checkPin: ["'1234', '1234', 0, 3", "'1111', '1234', 1, 3", "'1234', '1234', 3, 3", "'1234', '1234', 2, 3"],
      sameSecret: ["'abc', 'abc'", "'abc', 'abd'", "'abc', 'ab'", "'', ''"],
    },
  },
  {
    name: "ratelimit",
    security: "rate-limit and expiry bypass",
    source: `function allowRequest(count, limit) {
  return count < limit;
}

function remainingQuota(count, limit) {
  return Math.max(0, limit - count);
}

function windowStart(now, windowMs) {
  return now - (now % windowMs);
}

function isExpired(issuedAt, ttl, now) {
  return now - issuedAt >= ttl;
}

module.exports = { allowRequest, remainingQuota, windowStart, isExpired };
`,
    cases: {
      allowRequest: ["4, 5", "5, 5", "0, 1", "6, 5"],
      remainingQuota: ["2, 5", "7, 5", "5, 5"],
      windowStart: ["1234, 1000", "999, 1000", "2000, 1000"],
      isExpired: ["0, 100, 99", "0, 100, 100", "50, 100, 200"],
    },
  },
  {
    name: "shipping",
    source: `function weightClass(kg) {
  if (kg <= 1) return 'small';
  if (kg <= 5) return 'medium';
  return 'large';
}

function shippingCost(kg, zone) {
  const base = { small: 5, medium: 9, large: 20 }[weightClass(kg)];
  return zone > 1 ? base + (zone - 1) * 2 : base;
}

function freeShipping(orderTotal, threshold) {
  return orderTotal >= threshold;
}

module.exports = { weightClass, shippingCost, freeShipping };
`,
    cases: {
      weightClass: ["0.5", "1", "3", "5", "6"],
      shippingCost: ["1, 1", "3, 2", "10, 3", "0.2, 4"],
      freeShipping: ["50, 50", "49.99, 50", "100, 50"],
    },
  },
  {
    name: "durations",
    source: `function toMinutes(hours, minutes) {
  return hours * 60 + minutes;
}

function formatDuration(total) {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h + 'h' + (m < 10 ? '0' : '') + m;
}

function addMinutes(clock, delta) {
  return (clock + delta + 1440) % 1440;
}

function isOvertime(minutes, limit) {
  return minutes > limit;
}

module.exports = { toMinutes, formatDuration, addMinutes, isOvertime };
`,
    cases: {
      toMinutes: ["1, 30", "0, 5", "2, 0"],
      formatDuration: ["90", "5", "60", "125"],
      addMinutes: ["1430, 20", "60, -90", "0, 0"],
      isOvertime: ["481, 480", "480, 480", "10, 480"],
    },
  },
  {
    name: "polyline",
    source: `function segmentLength(a, b) {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);
}

function pathLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += segmentLength(points[i - 1], points[i]);
  return total;
}

function boundingBox(points) {
  if (points.length === 0) return null;
  let minX = points[0][0];
  let maxX = points[0][0];
  let minY = points[0][1];
  let maxY = points[0][1];
  for (const p of points) {
    minX = Math.min(minX, p[0]);
    maxX = Math.max(maxX, p[0]);
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  return [minX, minY, maxX, maxY];
}

module.exports = { segmentLength, pathLength, boundingBox };
`,
    cases: {
      segmentLength: ["[0, 0], [3, 4]", "[1, 1], [1, 1]", "[-2, 0], [2, -1]"],
      pathLength: ["[[0, 0], [1, 0], [1, 2]]", "[]", "[[5, 5]]"],
      boundingBox: ["[[0, 0], [2, -1], [1, 3]]", "[]", "[[4, 4]]"],
    },
  },
  {
    name: "sortkit",
    source: `function insertionSort(xs) {
  const a = [...xs];
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

function isSorted(xs) {
  for (let i = 1; i < xs.length; i++) {
    if (xs[i - 1] > xs[i]) return false;
  }
  return true;
}

function kthSmallest(xs, k) {
  if (k < 1 || k > xs.length) return undefined;
  return insertionSort(xs)[k - 1];
}

module.exports = { insertionSort, isSorted, kthSmallest };
`,
    cases: {
      insertionSort: ["[3, 1, 2]", "[]", "[5, -1, 5, 0]"],
      isSorted: ["[1, 2, 2, 3]", "[2, 1]", "[]"],
      kthSmallest: ["[7, 3, 9], 1", "[7, 3, 9], 3", "[7, 3, 9], 0", "[7, 3, 9], 4"],
    },
  },
  {
    name: "buckets",
    deps: ["sortkit"],
    source: `const { insertionSort } = require('./sortkit');

function bucketOf(x, width) {
  return Math.floor(x / width) * width;
}

function bucketize(xs, width) {
  const out = {};
  for (const x of xs) {
    const b = bucketOf(x, width);
    out[b] = (out[b] || 0) + 1;
  }
  return out;
}

function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = insertionSort(xs);
  const idx = Math.ceil((p / 100) * s.length) - 1;
  return s[Math.max(0, idx)];
}

module.exports = { bucketOf, bucketize, percentile };
`,
    cases: {
      bucketOf: ["17, 10", "20, 10", "3, 5"],
      bucketize: ["[1, 12, 15, 27], 10", "[], 5"],
      percentile: ["[5, 1, 3, 2, 4], 50", "[5, 1, 3, 2, 4], 100", "[5, 1, 3, 2, 4], 0", "[], 50", "[10, 20], 51"],
    },
  },
  {
    name: "loan",
    source: `function monthlyInterest(balance, annualRatePercent) {
  return Math.round(balance * annualRatePercent / 12) / 100;
}

function payoffMonths(balance, payment) {
  if (payment <= 0) return -1;
  let months = 0;
  while (balance > 0) {
    balance -= payment;
    months++;
  }
  return months;
}

function totalPaid(payment, months) {
  return payment * months;
}

module.exports = { monthlyInterest, payoffMonths, totalPaid };
`,
    cases: {
      monthlyInterest: ["1200, 12", "1000, 0", "500, 6"],
      payoffMonths: ["100, 30", "90, 30", "0, 10", "50, 0"],
      totalPaid: ["30, 4", "0, 12"],
    },
  },
  {
    name: "tokens",
    source: `function isVowel(ch) {
  return 'aeiou'.includes(ch.toLowerCase());
}

function countVowels(s) {
  let n = 0;
  for (const ch of s) {
    if (isVowel(ch)) n++;
  }
  return n;
}

function camelToSnake(s) {
  let out = '';
  for (const ch of s) {
    if (ch >= 'A' && ch <= 'Z') out += '_' + ch.toLowerCase();
    else out += ch;
  }
  return out;
}

module.exports = { isVowel, countVowels, camelToSnake };
`,
    cases: {
      isVowel: ["'a'", "'B'", "'E'"],
      countVowels: ["'education'", "''", "'rhythm'"],
      camelToSnake: ["'helloWorld'", "'x'", "'parseHTTPRequest'"],
    },
  },
];
