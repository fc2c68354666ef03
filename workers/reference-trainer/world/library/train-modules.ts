/**
 * Source modules of the training repositories. Each case is a call whose
 * expected outcome the generator records by running this (correct) code.
 */
import type { ModuleDef } from "./module-def";

export const TRAIN_MODULES: ModuleDef[] = [
  {
    name: "range",
    source: `function clamp(x, lo, hi) {
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
}

function inRange(x, lo, hi) {
  return x >= lo && x < hi;
}

function span(lo, hi) {
  const out = [];
  for (let i = lo; i < hi; i++) out.push(i);
  return out;
}

module.exports = { clamp, inRange, span };
`,
    cases: {
      clamp: ["5, 0, 3", "-2, 0, 3", "3, 0, 3", "0, 0, 3", "2, 0, 3", "-1, -5, -2"],
      inRange: ["0, 0, 3", "3, 0, 3", "2, 0, 3", "-1, 0, 3", "4, 0, 3"],
      span: ["0, 3", "2, 5", "4, 4", "-1, 1"],
    },
  },
  {
    name: "stats",
    source: `function sum(xs) {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

function mean(xs) {
  if (xs.length === 0) return 0;
  return sum(xs) / xs.length;
}

function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length % 2 === 1) return s[mid];
  return (s[mid - 1] + s[mid]) / 2;
}

function spread(xs) {
  if (xs.length === 0) return 0;
  return Math.max(...xs) - Math.min(...xs);
}

module.exports = { sum, mean, median, spread };
`,
    cases: {
      sum: ["[1, 2, 3]", "[]", "[-1, 1, 5]"],
      mean: ["[2, 4, 9]", "[]", "[5]", "[1, 2]"],
      median: ["[3, 1, 2]", "[4, 1, 3, 2]", "[]", "[7]", "[10, 2, 38, 23, 38, 23]"],
      spread: ["[3, 9, 1]", "[5]", "[]", "[-4, 4]"],
    },
  },
  {
    name: "strings",
    source: `function capitalize(s) {
  if (s.length === 0) return s;
  return s[0].toUpperCase() + s.slice(1);
}

function truncate(s, n) {
  if (s.length <= n) return s;
  return s.slice(0, n - 1) + '~';
}

function padLeft(s, width, ch) {
  let out = s;
  while (out.length < width) out = ch + out;
  return out;
}

function countChar(s, ch) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ch) n++;
  }
  return n;
}

module.exports = { capitalize, truncate, padLeft, countChar };
`,
    cases: {
      capitalize: ["'hello'", "''", "'a'", "'Zed'"],
      truncate: ["'abcdef', 4", "'abc', 3", "'abcd', 3", "'', 2"],
      padLeft: ["'7', 3, '0'", "'123', 2, '0'", "'ab', 4, '*'", "'', 1, 'x'"],
      countChar: ["'banana', 'a'", "'banana', 'z'", "'', 'a'", "'aaa', 'a'"],
    },
  },
  {
    name: "arrays",
    source: `function chunk(xs, size) {
  const out = [];
  for (let i = 0; i < xs.length; i += size) {
    out.push(xs.slice(i, i + size));
  }
  return out;
}

function lastItems(xs, n) {
  if (n === undefined) return xs[xs.length - 1];
  return xs.slice(Math.max(0, xs.length - n));
}

function take(xs, n) {
  return xs.slice(0, Math.min(n, xs.length));
}

function uniq(xs) {
  const out = [];
  for (const x of xs) {
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

module.exports = { chunk, lastItems, take, uniq };
`,
    cases: {
      chunk: ["[1, 2, 3, 4, 5], 2", "[1, 2], 2", "[], 3", "[1, 2, 3], 1"],
      lastItems: ["[1, 2, 3]", "[1, 2, 3], 2", "[1, 2], 5", "[4], 0"],
      take: ["[1, 2, 3], 2", "[1, 2], 5", "[1, 2], 0"],
      uniq: ["[1, 2, 1, 3, 2]", "[]", "['a', 'a']"],
    },
  },
  {
    name: "money",
    source: `function toCents(amount) {
  return Math.round(amount * 100);
}

function formatCents(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return sign + '$' + whole + '.' + (rest < 10 ? '0' + rest : String(rest));
}

function applyDiscount(cents, percent) {
  if (percent <= 0) return cents;
  if (percent >= 100) return 0;
  return Math.round(cents * (100 - percent) / 100);
}

function addTax(cents, ratePercent) {
  return cents + Math.round(cents * ratePercent / 100);
}

module.exports = { toCents, formatCents, applyDiscount, addTax };
`,
    cases: {
      toCents: ["1.25", "0", "19.99"],
      formatCents: ["1234", "5", "-250", "100", "10"],
      applyDiscount: ["1000, 10", "1000, 0", "1000, 100", "999, 50", "500, -5"],
      addTax: ["1000, 8", "0, 10", "250, 20"],
    },
  },
  {
    name: "cart",
    deps: ["money"],
    source: `const { toCents, applyDiscount } = require('./money');

function lineTotal(item) {
  return toCents(item.price) * item.qty;
}

function cartTotal(items, discountPercent) {
  let total = 0;
  for (const item of items) total += lineTotal(item);
  return applyDiscount(total, discountPercent || 0);
}

function itemCount(items) {
  let n = 0;
  for (const item of items) {
    if (item.qty > 0) n += item.qty;
  }
  return n;
}

module.exports = { lineTotal, cartTotal, itemCount };
`,
    cases: {
      lineTotal: ["{ price: 2.5, qty: 2 }", "{ price: 0.1, qty: 3 }", "{ price: 4, qty: 0 }"],
      cartTotal: ["[{ price: 1, qty: 3 }, { price: 0.5, qty: 1 }]", "[{ price: 10, qty: 1 }], 10", "[]", "[{ price: 20, qty: 2 }], 25"],
      itemCount: ["[{ qty: 2 }, { qty: 0 }, { qty: -1 }, { qty: 3 }]", "[]", "[{ qty: 1 }]"],
    },
  },
  {
    name: "dates",
    source: `function isLeapYear(y) {
  if (y % 400 === 0) return true;
  if (y % 100 === 0) return false;
  return y % 4 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y, m) {
  if (m === 2 && isLeapYear(y)) return 29;
  return DAYS[m - 1];
}

function dayOfYear(y, m, d) {
  let n = d;
  for (let i = 1; i < m; i++) n += daysInMonth(y, i);
  return n;
}

module.exports = { isLeapYear, daysInMonth, dayOfYear };
`,
    cases: {
      isLeapYear: ["2000", "1900", "2024", "2023"],
      daysInMonth: ["2024, 2", "2023, 2", "2023, 1", "2023, 4", "2023, 12"],
      dayOfYear: ["2023, 1, 1", "2023, 3, 1", "2024, 3, 1", "2023, 12, 31"],
    },
  },
  {
    name: "grid",
    source: `function cellIndex(row, col, width) {
  return row * width + col;
}

function inBounds(row, col, height, width) {
  return row >= 0 && col >= 0 && row < height && col < width;
}

function neighborCount(row, col, height, width) {
  let n = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if (dr === 0 && dc === 0) continue;
      if (inBounds(row + dr, col + dc, height, width)) n++;
    }
  }
  return n;
}

module.exports = { cellIndex, inBounds, neighborCount };
`,
    cases: {
      cellIndex: ["0, 0, 4", "2, 3, 4", "1, 0, 5"],
      inBounds: ["0, 0, 3, 3", "3, 0, 3, 3", "2, 2, 3, 3", "-1, 1, 3, 3", "1, 3, 3, 3"],
      neighborCount: ["0, 0, 3, 3", "1, 1, 3, 3", "0, 1, 3, 3", "0, 0, 1, 1"],
    },
  },
  {
    name: "sorted",
    source: `function binarySearch(xs, target) {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (xs[mid] === target) return mid;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function lowerBound(xs, target) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOfMax(xs) {
  if (xs.length === 0) return -1;
  let best = 0;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] > xs[best]) best = i;
  }
  return best;
}

module.exports = { binarySearch, lowerBound, indexOfMax };
`,
    cases: {
      binarySearch: ["[1, 3, 5, 7], 5", "[1, 3, 5, 7], 1", "[1, 3, 5, 7], 7", "[1, 3, 5, 7], 4", "[], 1"],
      lowerBound: ["[1, 3, 5, 7], 4", "[1, 3, 5, 7], 0", "[1, 3, 5, 7], 9", "[1, 3, 3, 7], 3"],
      indexOfMax: ["[3, 9, 2]", "[]", "[5, 5]", "[1, 2, 8]"],
    },
  },
  {
    name: "paging",
    source: `function pageCount(total, size) {
  if (total <= 0) return 0;
  return Math.ceil(total / size);
}

function pageSlice(xs, page, size) {
  const start = (page - 1) * size;
  return xs.slice(start, start + size);
}

function hasNextPage(page, total, size) {
  return page < pageCount(total, size);
}

module.exports = { pageCount, pageSlice, hasNextPage };
`,
    cases: {
      pageCount: ["10, 3", "9, 3", "0, 5", "1, 10"],
      pageSlice: ["[1, 2, 3, 4, 5], 1, 2", "[1, 2, 3, 4, 5], 3, 2", "[1, 2, 3], 2, 3"],
      hasNextPage: ["1, 10, 3", "4, 10, 3", "3, 9, 3", "1, 0, 5"],
    },
  },
  {
    name: "temperature",
    source: `function cToF(c) {
  return c * 9 / 5 + 32;
}

function fToC(f) {
  return (f - 32) * 5 / 9;
}

function classify(c) {
  if (c <= 0) return 'freezing';
  if (c < 15) return 'cold';
  if (c < 25) return 'mild';
  return 'hot';
}

module.exports = { cToF, fToC, classify };
`,
    cases: {
      cToF: ["0", "100", "-40", "37"],
      fToC: ["32", "212", "-40"],
      classify: ["-5", "0", "14", "15", "25", "30"],
    },
  },
  {
    name: "grades",
    deps: ["stats"],
    source: `const { mean } = require('./stats');

function letter(score) {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

function passed(score, minimum) {
  return score >= minimum;
}

function report(scores) {
  const avg = mean(scores);
  return { average: avg, letter: letter(avg), passed: passed(avg, 60) };
}

module.exports = { letter, passed, report };
`,
    cases: {
      letter: ["95", "90", "89", "70", "60", "59"],
      passed: ["60, 60", "59, 60", "80, 50"],
      report: ["[90, 70]", "[50, 60]", "[100]"],
    },
  },
  {
    name: "text",
    source: `function wordCount(s) {
  const words = s.split(' ').filter((w) => w.length > 0);
  return words.length;
}

function longestWord(s) {
  let best = '';
  for (const w of s.split(' ')) {
    if (w.length > best.length) best = w;
  }
  return best;
}

function initials(name) {
  const parts = name.split(' ').filter((p) => p.length > 0);
  return parts.map((p) => p[0].toUpperCase()).join('');
}

module.exports = { wordCount, longestWord, initials };
`,
    cases: {
      wordCount: ["'the quick fox'", "''", "'  spaced   out '", "'one'"],
      longestWord: ["'a bb ccc dd'", "'tie tie'", "''"],
      initials: ["'ada lovelace'", "'Grace  Brewster Hopper'", "''"],
    },
  },
  {
    name: "vector",
    source: `function addVectors(a, b) {
  return a.map((x, i) => x + b[i]);
}

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function scaleVector(v, k) {
  return v.map((x) => x * k);
}

function manhattan(a, b) {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d;
}

module.exports = { addVectors, dot, scaleVector, manhattan };
`,
    cases: {
      addVectors: ["[1, 2], [3, 4]", "[], []", "[-1, 0, 1], [1, 1, 1]"],
      dot: ["[1, 2, 3], [4, 5, 6]", "[], []", "[2], [-3]"],
      scaleVector: ["[1, -2], 3", "[4], 0"],
      manhattan: ["[0, 0], [3, 4]", "[1, 1], [1, 1]", "[-2, 5], [2, 1]"],
    },
  },
  {
    name: "matrix",
    deps: ["vector"],
    source: `const { dot } = require('./vector');

function transpose(m) {
  if (m.length === 0) return [];
  const out = [];
  for (let c = 0; c < m[0].length; c++) {
    out.push(m.map((row) => row[c]));
  }
  return out;
}

function rowSums(m) {
  return m.map((row) => row.reduce((a, b) => a + b, 0));
}

function matVec(m, v) {
  return m.map((row) => dot(row, v));
}

function trace(m) {
  let t = 0;
  for (let i = 0; i < m.length; i++) t += m[i][i];
  return t;
}

module.exports = { transpose, rowSums, matVec, trace };
`,
    cases: {
      transpose: ["[[1, 2], [3, 4]]", "[]", "[[1, 2, 3]]"],
      rowSums: ["[[1, 2], [3, 4]]", "[[]]", "[[-1, 1, 5]]"],
      matVec: ["[[1, 0], [0, 1]], [5, 6]", "[[2, 3]], [1, 1]"],
      trace: ["[[1, 2], [3, 4]]", "[]", "[[7]]"],
    },
  },
  {
    name: "interval",
    source: `function overlaps(a, b) {
  return a[0] < b[1] && b[0] < a[1];
}

function intervalLength(iv) {
  return Math.max(0, iv[1] - iv[0]);
}

function mergeTwo(a, b) {
  if (!overlaps(a, b)) return null;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

function containsPoint(iv, x) {
  return x >= iv[0] && x < iv[1];
}

module.exports = { overlaps, intervalLength, mergeTwo, containsPoint };
`,
    cases: {
      overlaps: ["[1, 5], [4, 8]", "[1, 5], [5, 8]", "[4, 8], [1, 5]", "[1, 2], [3, 4]"],
      intervalLength: ["[2, 7]", "[5, 5]", "[7, 2]"],
      mergeTwo: ["[1, 5], [4, 8]", "[1, 2], [3, 4]", "[0, 10], [2, 3]"],
      containsPoint: ["[1, 5], 1", "[1, 5], 5", "[1, 5], 3", "[1, 5], 0"],
    },
  },
  {
    name: "counter",
    source: `function histogram(xs) {
  const counts = {};
  for (const x of xs) counts[x] = (counts[x] || 0) + 1;
  return counts;
}

function mostCommon(xs) {
  const counts = histogram(xs);
  let best = null;
  let bestCount = 0;
  for (const x of xs) {
    if (counts[x] > bestCount) {
      best = x;
      bestCount = counts[x];
    }
  }
  return best;
}

function countAbove(xs, threshold) {
  let n = 0;
  for (const x of xs) {
    if (x > threshold) n++;
  }
  return n;
}

module.exports = { histogram, mostCommon, countAbove };
`,
    cases: {
      histogram: ["['a', 'b', 'a']", "[]", "[1, 1, 1]"],
      mostCommon: ["['a', 'b', 'b']", "[]", "['x', 'y']", "[3, 1, 3, 1, 1]"],
      countAbove: ["[1, 5, 10], 4", "[1, 5, 10], 5", "[], 0", "[-1, -2], -3"],
    },
  },
  {
    name: "geometry",
    source: `function rectArea(w, h) {
  if (w < 0 || h < 0) return 0;
  return w * h;
}

function perimeter(w, h) {
  return 2 * (w + h);
}

function isSquare(w, h) {
  return w === h && w > 0;
}

function triangleKind(a, b, c) {
  if (a + b <= c || a + c <= b || b + c <= a) return 'invalid';
  if (a === b && b === c) return 'equilateral';
  if (a === b || b === c || a === c) return 'isosceles';
  return 'scalene';
}

module.exports = { rectArea, perimeter, isSquare, triangleKind };
`,
    cases: {
      rectArea: ["3, 4", "0, 5", "-1, 5", "2, -2"],
      perimeter: ["3, 4", "0, 0"],
      isSquare: ["2, 2", "2, 3", "0, 0"],
      triangleKind: ["3, 3, 3", "3, 3, 5", "3, 4, 5", "1, 2, 3", "5, 3, 3"],
    },
  },
  {
    name: "bits",
    source: `function isPowerOfTwo(n) {
  if (n <= 0) return false;
  while (n % 2 === 0) n = n / 2;
  return n === 1;
}

function countBits(n) {
  let count = 0;
  while (n > 0) {
    count += n % 2;
    n = Math.floor(n / 2);
  }
  return count;
}

function parity(n) {
  return countBits(n) % 2 === 0 ? 'even' : 'odd';
}

module.exports = { isPowerOfTwo, countBits, parity };
`,
    cases: {
      isPowerOfTwo: ["1", "8", "6", "0", "-4"],
      countBits: ["0", "7", "8", "10"],
      parity: ["3", "7", "0"],
    },
  },
  {
    name: "roman",
    source: `const NUMERALS = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];

function toRoman(n) {
  if (n <= 0) return '';
  let out = '';
  for (const [value, symbol] of NUMERALS) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

function romanLength(n) {
  return toRoman(n).length;
}

function isRomanDigit(ch) {
  return 'IVXLCDM'.indexOf(ch) !== -1;
}

module.exports = { toRoman, romanLength, isRomanDigit };
`,
    cases: {
      toRoman: ["1", "4", "9", "14", "40", "1994", "0"],
      romanLength: ["8", "3", "1000"],
      isRomanDigit: ["'X'", "'A'", "'M'"],
    },
  },
  {
    name: "version",
    source: `function parseVersion(v) {
  return v.split('.').map((p) => Number(p));
}

function compareVersions(a, b) {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    if (pa[i] > pb[i]) return 1;
    if (pa[i] < pb[i]) return -1;
  }
  return 0;
}

function bumpMinor(v) {
  const p = parseVersion(v);
  return p[0] + '.' + (p[1] + 1) + '.0';
}

function isMajorChange(a, b) {
  return parseVersion(a)[0] !== parseVersion(b)[0];
}

module.exports = { parseVersion, compareVersions, bumpMinor, isMajorChange };
`,
    cases: {
      parseVersion: ["'1.2.3'", "'10.0.1'"],
      compareVersions: ["'1.2.3', '1.2.4'", "'2.0.0', '1.9.9'", "'1.0.0', '1.0.0'", "'1.10.0', '1.9.0'"],
      bumpMinor: ["'1.2.3'", "'0.9.9'"],
      isMajorChange: ["'1.2.3', '2.0.0'", "'1.2.3', '1.3.0'"],
    },
  },
  {
    name: "rle",
    source: `function encode(s) {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    out += (j - i) + s[i];
    i = j;
  }
  return out;
}

function decodePairs(pairs) {
  let out = '';
  for (const [count, ch] of pairs) {
    for (let k = 0; k < count; k++) out += ch;
  }
  return out;
}

function longestRun(s) {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

module.exports = { encode, decodePairs, longestRun };
`,
    cases: {
      encode: ["'aaabcc'", "''", "'abc'", "'zzzz'"],
      decodePairs: ["[[3, 'a'], [1, 'b']]", "[]", "[[0, 'x'], [2, 'y']]"],
      longestRun: ["'aabbbc'", "''", "'abc'", "'cccc'"],
    },
  },
  {
    name: "inventory",
    source: `function restock(stock, amount, capacity) {
  return Math.min(stock + amount, capacity);
}

function needsReorder(stock, threshold) {
  return stock <= threshold;
}

function allocate(stock, requested) {
  if (requested <= 0) return { given: 0, left: stock };
  const given = Math.min(stock, requested);
  return { given: given, left: stock - given };
}

module.exports = { restock, needsReorder, allocate };
`,
    cases: {
      restock: ["5, 3, 10", "8, 5, 10", "0, 0, 4"],
      needsReorder: ["3, 5", "5, 5", "6, 5"],
      allocate: ["10, 3", "2, 5", "4, 0", "4, -1"],
    },
  },
  {
    name: "fizz",
    source: `function fizzbuzz(n) {
  if (n % 15 === 0) return 'FizzBuzz';
  if (n % 3 === 0) return 'Fizz';
  if (n % 5 === 0) return 'Buzz';
  return String(n);
}

function digitSum(n) {
  let s = 0;
  let m = Math.abs(n);
  while (m > 0) {
    s += m % 10;
    m = Math.floor(m / 10);
  }
  return s;
}

function collatzSteps(n) {
  let steps = 0;
  while (n > 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}

module.exports = { fizzbuzz, digitSum, collatzSteps };
`,
    cases: {
      fizzbuzz: ["15", "9", "10", "7", "30"],
      digitSum: ["123", "0", "-45", "9"],
      collatzSteps: ["1", "6", "7", "2"],
    },
  },
  {
    name: "ratings",
    source: `function stars(rating) {
  const r = Math.round(rating);
  if (r < 1) return 1;
  if (r > 5) return 5;
  return r;
}

function averageRating(ratings) {
  if (ratings.length === 0) return 0;
  let total = 0;
  for (const r of ratings) total += r;
  return Math.round((total / ratings.length) * 10) / 10;
}

function isPositive(rating) {
  return rating >= 4;
}

module.exports = { stars, averageRating, isPositive };
`,
    cases: {
      stars: ["3.4", "0.2", "7", "4.5", "1"],
      averageRating: ["[4, 5]", "[]", "[1, 2, 2]", "[3]"],
      isPositive: ["4", "3.9", "5"],
    },
  },
  {
    name: "scheduler",
    deps: ["interval"],
    source: `const { overlaps } = require('./interval');

function fitsIn(duration, start, end) {
  return start + duration <= end;
}

function nextFree(busy, duration, dayEnd) {
  let t = 0;
  for (const slot of busy) {
    if (slot[0] - t >= duration) return t;
    t = Math.max(t, slot[1]);
  }
  return dayEnd - t >= duration ? t : -1;
}

function conflicts(meetings) {
  let n = 0;
  for (let i = 0; i < meetings.length; i++) {
    for (let j = i + 1; j < meetings.length; j++) {
      if (overlaps(meetings[i], meetings[j])) n++;
    }
  }
  return n;
}

module.exports = { fitsIn, nextFree, conflicts };
`,
    cases: {
      fitsIn: ["2, 3, 5", "3, 3, 5", "1, 0, 0"],
      nextFree: ["[[0, 2], [3, 5]], 1, 8", "[[0, 2], [3, 5]], 2, 8", "[[0, 8]], 1, 8", "[], 4, 8", "[[1, 3]], 1, 4"],
      conflicts: ["[[0, 2], [1, 3], [2, 4]]", "[]", "[[0, 1], [1, 2]]"],
    },
  },
];
