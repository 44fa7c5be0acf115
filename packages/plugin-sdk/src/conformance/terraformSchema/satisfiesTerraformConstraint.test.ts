// Terraform version constraints, as `terraform init` reads them.
import { describe, expect, it } from 'vitest';
import { satisfiesTerraformConstraint } from './satisfiesTerraformConstraint.ts';

describe('satisfiesTerraformConstraint', () => {
  it.each([
    ['4.55.0', '4.55.0', true],
    ['4.55.0', '= 4.55.0', true],
    ['4.55.1', '4.55.0', false],
    ['4.55.0', '~> 4.50', true],
    ['5.0.0', '~> 4.50', false],
    ['4.55.3', '~> 4.55.1', true],
    ['4.56.0', '~> 4.55.1', false],
    ['9.1.0', '~> 4', true],
    ['5.100.0', '>= 5.0, < 6.0', true],
    ['6.0.0', '>= 5.0, < 6.0', false],
    ['2.71.0', '!= 2.71.0', false],
    ['2.71.0', '> 2.70', true],
  ])('%s against "%s" is %s', (version, constraint, expected) => {
    expect(satisfiesTerraformConstraint(version, constraint)).toBe(expected);
  });

  it('gives no answer for what is not a constraint', () => {
    expect(satisfiesTerraformConstraint('1.0.0', 'latest please')).toBeUndefined();
    expect(satisfiesTerraformConstraint('1.0.0', '>= one')).toBeUndefined();
  });
});
