/**
 * Training modules that call other modules of their repository: a bug in the
 * module they call shows up in their tests (the symptom in a caller), so
 * localization has to follow the call.
 */
import type { ModuleDef } from "./module-def";

export const TRAIN_CALLERS: ModuleDef[] = [
  {
    name: "pricing",
    deps: ["money"],
    source: `const { formatCents, applyDiscount, addTax } = require('./money');

function salePrice(cents, percent) {
  return formatCents(applyDiscount(cents, percent));
}

function grossPrice(cents, ratePercent, percent) {
  return addTax(applyDiscount(cents, percent), ratePercent);
}

function priceTag(name, cents) {
  return name + ': ' + formatCents(cents);
}

module.exports = { salePrice, grossPrice, priceTag };
`,
    cases: {
      salePrice: ["1000, 10", "999, 50", "1000, 100", "250, 0", "1999, 5"],
      grossPrice: ["1000, 8, 10", "0, 10, 50", "250, 20, 0", "999, 10, 100"],
      priceTag: ["'tea', 1234", "'gum', 5", "'refund', -250", "'pen', 100"],
    },
  },
  {
    name: "labels",
    deps: ["strings"],
    source: `const { capitalize, truncate, padLeft } = require('./strings');

function titleLabel(s, width) {
  return truncate(capitalize(s), width);
}

function codeLabel(n, width) {
  return padLeft(String(n), width, '0');
}

function shortName(first, last) {
  return capitalize(first) + ' ' + truncate(capitalize(last), 2);
}

module.exports = { titleLabel, codeLabel, shortName };
`,
    cases: {
      titleLabel: ["'hello', 10", "'abcdef', 4", "'abc', 3", "'', 2", "'zoe', 2"],
      codeLabel: ["7, 3", "123, 2", "45, 5", "0, 1"],
      shortName: ["'ada', 'lovelace'", "'al', 'x'", "'bo', 'li'"],
    },
  },
  {
    name: "planner",
    deps: ["dates"],
    source: `const { isLeapYear, daysInMonth, dayOfYear } = require('./dates');

function daysLeftInYear(y, m, d) {
  return (isLeapYear(y) ? 366 : 365) - dayOfYear(y, m, d);
}

function monthEnd(y, m) {
  return y + '-' + m + '-' + daysInMonth(y, m);
}

function weeksInMonth(y, m) {
  return Math.ceil(daysInMonth(y, m) / 7);
}

module.exports = { daysLeftInYear, monthEnd, weeksInMonth };
`,
    cases: {
      daysLeftInYear: ["2023, 1, 1", "2024, 12, 31", "2024, 3, 1", "2023, 12, 31", "1900, 3, 1"],
      monthEnd: ["2024, 2", "2023, 2", "2023, 4", "2000, 2"],
      weeksInMonth: ["2023, 2", "2024, 2", "2023, 1"],
    },
  },
  {
    name: "moves",
    deps: ["grid"],
    source: `const { cellIndex, inBounds, neighborCount } = require('./grid');

function canStep(row, col, dr, dc, height, width) {
  return inBounds(row + dr, col + dc, height, width);
}

function isCorner(row, col, height, width) {
  return neighborCount(row, col, height, width) === 3;
}

function cellAfter(row, col, dr, dc, width) {
  return cellIndex(row + dr, col + dc, width);
}

module.exports = { canStep, isCorner, cellAfter };
`,
    cases: {
      canStep: ["0, 0, 1, 0, 3, 3", "0, 0, -1, 0, 3, 3", "2, 2, 0, 1, 3, 3", "1, 1, 1, 1, 3, 3"],
      isCorner: ["0, 0, 3, 3", "1, 1, 3, 3", "2, 2, 3, 3", "0, 1, 3, 3"],
      cellAfter: ["0, 0, 1, 1, 4", "2, 3, 0, -1, 4", "1, 1, -1, -1, 5"],
    },
  },
  {
    name: "ranking",
    deps: ["sorted"],
    source: `const { binarySearch, lowerBound, indexOfMax } = require('./sorted');

function rankOf(sortedScores, score) {
  return lowerBound(sortedScores, score) + 1;
}

function hasScore(sortedScores, score) {
  return binarySearch(sortedScores, score) !== -1;
}

function winner(names, scores) {
  const i = indexOfMax(scores);
  return i === -1 ? null : names[i];
}

module.exports = { rankOf, hasScore, winner };
`,
    cases: {
      rankOf: ["[1, 3, 5, 7], 4", "[1, 3, 5, 7], 0", "[1, 3, 5, 7], 9", "[1, 3, 3, 7], 3"],
      hasScore: ["[1, 3, 5, 7], 5", "[1, 3, 5, 7], 1", "[1, 3, 5, 7], 7", "[1, 3, 5, 7], 4", "[], 2"],
      winner: ["['a', 'b', 'c'], [3, 9, 2]", "[], []", "['x', 'y'], [5, 5]", "['p', 'q', 'r'], [1, 2, 8]"],
    },
  },
  {
    name: "summary",
    deps: ["stats"],
    source: `const { mean, median, spread } = require('./stats');

function summarize(xs) {
  return { mean: mean(xs), median: median(xs), spread: spread(xs) };
}

function isSkewed(xs) {
  return Math.abs(mean(xs) - median(xs)) > 1;
}

function relativeSpread(xs) {
  const m = mean(xs);
  return m === 0 ? 0 : spread(xs) / m;
}

module.exports = { summarize, isSkewed, relativeSpread };
`,
    cases: {
      summarize: ["[3, 1, 2]", "[4, 1, 3, 2]", "[]", "[10, 2, 38]"],
      isSkewed: ["[1, 2, 3]", "[1, 2, 30]", "[5]", "[1, 2, 3, 10]"],
      relativeSpread: ["[2, 4]", "[]", "[-1, 1]", "[1, 2, 3]"],
    },
  },
];
