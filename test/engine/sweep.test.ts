import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifySweep, distinctSorted, middleValue } from '../../src/engine/sweep';

const pts = (pairs: Array<[number, number]>) => pairs.map(([lr, weightDecay]) => ({ lr, weightDecay }));

describe('classifySweep', () => {
  const cases: Array<[string, Array<[number, number]>, string]> = [
    ['single point', [[1e-3, 0.1]], 'none'],
    ['S1: α swept, λ fixed', [[1e-4, 0.1], [1e-3, 0.1], [1e-2, 0.1]], 'S1'],
    ['S2: double α, halve λ', [[1e-3, 0.2], [2e-3, 0.1], [4e-3, 0.05]], 'S2'],
    ['S2 with rounded literals', [[1e-4, 1], [3e-4, 0.333], [1e-3, 0.1]], 'S2'],
    ['grid', [[1e-4, 0.1], [1e-4, 0.01], [1e-3, 0.1], [1e-3, 0.01]], 'grid'],
    ['λ only', [[1e-3, 0.1], [1e-3, 0.01]], 'lambda-only'],
  ];
  for (const [name, points, kind] of cases) it(name, () => assert.equal(classifySweep(pts(points)), kind));
});

describe('helpers', () => {
  it('merges equal floats', () => assert.deepEqual(distinctSorted([0.3, 0.1 + 0.2, 0.1]), [0.1, 0.3]));
  it('takes the geometric middle of an even sweep', () => assert.ok(Math.abs(middleValue([1e-4, 1e-3, 1e-2, 1e-1]) - Math.sqrt(1e-5)) < 1e-12));
});
