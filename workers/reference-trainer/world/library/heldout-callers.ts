/**
 * Held-out modules that call other modules of their repository (the first
 * five call the input guards of the security modules): a bug in the module
 * they call shows up in their tests, so an issue quoting them names a
 * function that is not where the bug is.
 */
import type { ModuleDef } from "./module-def";

export const HELDOUT_CALLERS: ModuleDef[] = [
  {
    name: "fileserve",
    deps: ["paths"],
    source: `const { isSafePath, resolveUnder } = require('./paths');

function serveFile(root, p) {
  return { path: resolveUnder(root, p), status: 200 };
}

function filterSafe(paths) {
  return paths.filter((p) => isSafePath(p));
}

function canServe(p) {
  try {
    resolveUnder('/srv', p);
    return true;
  } catch (e) {
    return false;
  }
}

module.exports = { serveFile, filterSafe, canServe };
`,
    cases: {
      serveFile: ["'/srv', 'img/x.png'", "'/srv', '../secret'", "'/srv', '/etc/passwd'", "'/data', 'a/b/c.txt'", "'/srv', 'a/../../b'", "'/srv', 'c:/boot.ini'"],
      filterSafe: ["['a.txt', '../b', '/c', 'd/e']", "[]", "['x//y', 'ok']"],
      canServe: ["'docs/a.txt'", "'../etc/passwd'", "'c:/win'", "'a/./b'", "''"],
    },
  },
  {
    name: "packets",
    deps: ["buffers"],
    source: `const { readAt, writeAt, safeSlice } = require('./buffers');

function packetType(buf) {
  return readAt(buf, 0);
}

function payload(buf) {
  return safeSlice(buf, 2, readAt(buf, 1));
}

function markSeen(buf, index) {
  return writeAt(buf, index, 1);
}

module.exports = { packetType, payload, markSeen };
`,
    cases: {
      packetType: ["[7, 2, 1, 1]", "[]", "[3]"],
      payload: ["[1, 2, 9, 8]", "[1, 3, 9, 8]", "[1, 0]", "[1, 1]", "[5, 2, 4, 4, 4]", "[1, -1, 2]"],
      markSeen: ["[0, 0, 0], 2", "[0, 0], 2", "[0, 0], -1", "[0], 0"],
    },
  },
  {
    name: "settings",
    deps: ["objects"],
    source: `const { setPath, getPath } = require('./objects');

function applySettings(pairs) {
  const store = {};
  for (const [key, value] of pairs) setPath(store, key, value);
  return store;
}

function readSetting(store, key, fallback) {
  const v = getPath(store, key);
  return v === undefined ? fallback : v;
}

function mergeSetting(store, key, value) {
  setPath(store, key, value);
  return getPath(store, key);
}

module.exports = { applySettings, readSetting, mergeSetting };
`,
    cases: {
      applySettings: ["[['a.b', 1], ['c', 2]]", "[['__proto__.x', 1]]", "[]", "[['u.constructor.y', 2]]", "[['a', 1], ['a.b', 2]]"],
      readSetting: ["{ a: { b: 2 } }, 'a.b', 0", "{}, 'x.y', 'none'", "{ a: null }, 'a.b', 5"],
      mergeSetting: ["{}, 'k.v', 3", "{}, 'prototype.z', 1", "{ a: 1 }, 'b', 2"],
    },
  },
  {
    name: "session",
    deps: ["auth"],
    source: `const { isStrongPassword, checkPin, sameSecret } = require('./auth');

function login(pin, expected, failures) {
  return checkPin(pin, expected, failures, 3) === 'ok';
}

function setPassword(current, next) {
  if (!isStrongPassword(next)) throw new Error('weak password');
  return current === next ? 'unchanged' : 'changed';
}

function verifyToken(token, expected) {
  return token.length > 0 && sameSecret(token, expected);
}

module.exports = { login, setPassword, verifyToken };
`,
    cases: {
      login: ["'1234', '1234', 0", "'1111', '1234', 1", "'1234', '1234', 3", "'1234', '1234', 2", "'0000', '1234', 2"],
      setPassword: ["'old', 'abcdefgh12'", "'old', 'abc12'", "'abcdefgh12', 'abcdefgh12'", "'x', 'abcdefghij'", "'x', '1234567890'"],
      verifyToken: ["'abc', 'abc'", "'abc', 'abd'", "'abc', 'ab'", "'', ''"],
    },
  },
  {
    name: "throttle",
    deps: ["ratelimit"],
    source: `const { allowRequest, remainingQuota, windowStart, isExpired } = require('./ratelimit');

function admit(used, limit) {
  return allowRequest(used, limit) ? 'ok' : 'denied';
}

function quotaHeader(used, limit) {
  return 'remaining=' + remainingQuota(used, limit);
}

function tokenUsable(issuedAt, ttl, now) {
  return !isExpired(issuedAt, ttl, now);
}

function windowKey(user, now) {
  return user + '@' + windowStart(now, 60000);
}

module.exports = { admit, quotaHeader, tokenUsable, windowKey };
`,
    cases: {
      admit: ["4, 5", "5, 5", "0, 1", "6, 5", "0, 0"],
      quotaHeader: ["2, 5", "7, 5", "5, 5"],
      tokenUsable: ["0, 100, 99", "0, 100, 100", "50, 100, 200", "10, 5, 14"],
      windowKey: ["'ann', 61000", "'bob', 59999", "'c', 120000"],
    },
  },
  {
    name: "invoice",
    deps: ["shipping"],
    source: `const { weightClass, shippingCost, freeShipping } = require('./shipping');

function shippingLine(kg, zone, orderTotal) {
  if (freeShipping(orderTotal, 50)) return 0;
  return shippingCost(kg, zone);
}

function parcelLabel(kg) {
  return weightClass(kg).toUpperCase();
}

function invoiceTotal(orderTotal, kg, zone) {
  return orderTotal + shippingLine(kg, zone, orderTotal);
}

module.exports = { shippingLine, parcelLabel, invoiceTotal };
`,
    cases: {
      shippingLine: ["1, 1, 10", "3, 2, 20", "10, 3, 49", "10, 3, 50", "0.2, 4, 0"],
      parcelLabel: ["0.5", "1", "5", "6"],
      invoiceTotal: ["10, 1, 1", "60, 3, 2", "45, 6, 2", "49.5, 5, 1"],
    },
  },
  {
    name: "timesheet",
    deps: ["durations"],
    source: `const { toMinutes, formatDuration, addMinutes, isOvertime } = require('./durations');

function shiftLength(startH, startM, endH, endM) {
  return formatDuration(toMinutes(endH, endM) - toMinutes(startH, startM));
}

function endOfShift(clock, minutes) {
  return addMinutes(clock, minutes);
}

function overtimeMinutes(worked, limit) {
  return isOvertime(worked, limit) ? worked - limit : 0;
}

module.exports = { shiftLength, endOfShift, overtimeMinutes };
`,
    cases: {
      shiftLength: ["9, 0, 17, 30", "8, 15, 8, 20", "10, 0, 11, 0", "6, 50, 9, 5"],
      endOfShift: ["1430, 20", "600, 480", "0, 0", "100, -200"],
      overtimeMinutes: ["500, 480", "480, 480", "10, 480", "481, 480"],
    },
  },
  {
    name: "routing",
    deps: ["polyline"],
    source: `const { segmentLength, pathLength, boundingBox } = require('./polyline');

function routeCost(points, rate) {
  return pathLength(points) * rate;
}

function fitsOnMap(points, w, h) {
  const box = boundingBox(points);
  if (box === null) return true;
  return box[2] - box[0] <= w && box[3] - box[1] <= h;
}

function longestLeg(points) {
  let best = 0;
  for (let i = 1; i < points.length; i++) best = Math.max(best, segmentLength(points[i - 1], points[i]));
  return best;
}

module.exports = { routeCost, fitsOnMap, longestLeg };
`,
    cases: {
      routeCost: ["[[0, 0], [1, 0], [1, 2]], 2", "[], 5", "[[5, 5]], 3", "[[0, 0], [3, 4]], 1"],
      fitsOnMap: ["[[0, 0], [2, -1], [1, 3]], 2, 4", "[[0, 0], [2, -1], [1, 3]], 1, 4", "[], 0, 0", "[[4, 4]], 0, 0", "[[0, 0], [3, 0]], 3, 0"],
      longestLeg: ["[[0, 0], [1, 0], [1, 2]]", "[]", "[[0, 0], [-3, 4]]"],
    },
  },
  {
    name: "wordstats",
    deps: ["tokens"],
    source: `const { isVowel, countVowels, camelToSnake } = require('./tokens');

function vowelShare(s) {
  if (s.length === 0) return 0;
  return Math.round((countVowels(s) * 100) / s.length);
}

function startsWithVowel(s) {
  return s.length > 0 && isVowel(s[0]);
}

function toColumnName(s) {
  return camelToSnake(s).toUpperCase();
}

module.exports = { vowelShare, startsWithVowel, toColumnName };
`,
    cases: {
      vowelShare: ["'education'", "''", "'rhythm'", "'aeio'"],
      startsWithVowel: ["'apple'", "'Echo'", "'tree'", "''"],
      toColumnName: ["'userId'", "'x'", "'createdAtUtc'"],
    },
  },
  {
    name: "payments",
    deps: ["loan"],
    source: `const { monthlyInterest, payoffMonths, totalPaid } = require('./loan');

function costOfLoan(balance, payment) {
  const months = payoffMonths(balance, payment);
  return months < 0 ? null : totalPaid(payment, months) - balance;
}

function interestShare(balance, annualRatePercent, payment) {
  return Math.round((monthlyInterest(balance, annualRatePercent) * 100) / payment);
}

function canAfford(balance, payment, maxMonths) {
  const months = payoffMonths(balance, payment);
  return months >= 0 && months <= maxMonths;
}

module.exports = { costOfLoan, interestShare, canAfford };
`,
    cases: {
      costOfLoan: ["100, 30", "90, 30", "0, 10", "50, 0"],
      interestShare: ["1200, 12, 50", "1000, 0, 10", "500, 6, 5"],
      canAfford: ["100, 30, 4", "100, 30, 3", "90, 30, 3", "50, 0, 10", "0, 10, 0"],
    },
  },
  {
    name: "leaderboard",
    deps: ["sortkit"],
    source: `const { insertionSort, kthSmallest } = require('./sortkit');

function topScore(scores) {
  const s = insertionSort(scores);
  return s.length ? s[s.length - 1] : null;
}

function podium(scores) {
  return insertionSort(scores).reverse().slice(0, 3);
}

function runnerUp(scores) {
  return kthSmallest(scores, scores.length - 1);
}

module.exports = { topScore, podium, runnerUp };
`,
    cases: {
      topScore: ["[3, 9, 2]", "[]", "[5, -1, 5, 0]"],
      podium: ["[3, 1, 2, 5]", "[]", "[4, 4]"],
      runnerUp: ["[7, 3, 9]", "[7]", "[1, 2, 2]", "[]"],
    },
  },
];
