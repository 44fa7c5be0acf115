// The outline gives each block and argument its line, whatever strings, heredocs and comments hold.
import { describe, expect, it } from 'vitest';
import { outlineHcl, type HclOutlineItem } from './outlineHcl.ts';

/** `line kind name labels` per item, indented by depth: easy to compare with the source. */
function flatten(items: HclOutlineItem[], depth = 0): string[] {
  return items.flatMap((item) => [
    `${'  '.repeat(depth)}${item.line} ${item.kind} ${[item.name, ...item.labels].join(' ')}`,
    ...flatten(item.children, depth + 1),
  ]);
}

describe('outlineHcl', () => {
  it('outlines nested and dynamic blocks with their lines', () => {
    const text = `resource "a_b" "main" {
  name = "x"
  tags = {
    a = "b"
  }
  inner {
    deep { value = 1 }
  }
  dynamic "inner" {
    for_each = [1, 2]
    content {
      other = each.value
    }
  }
}
`;
    expect(flatten(outlineHcl(text))).toEqual([
      '1 block resource a_b main',
      '  2 attribute name',
      '  3 attribute tags',
      '  6 block inner',
      '    7 block deep',
      '      7 attribute value',
      '  9 block dynamic inner',
      '    10 attribute for_each',
      '    11 block content',
      '      12 attribute other',
    ]);
  });

  it('is not fooled by braces and names inside strings, templates, heredocs and comments', () => {
    const text = `# resource "fake" "one" {
// data "fake" "two" {
/* resource "fake" "three" {
   x = 1 } */
resource "a_b" "c" {
  s = "brace { and \\" quote \${var.x == "}" ? "{" : "}"}"
  h = <<-EOT
    not_an_argument = 1
    }
  EOT
  list = [
    { k = "v" },
  ]
  after = true
}
`;
    expect(flatten(outlineHcl(text))).toEqual([
      '5 block resource a_b c',
      '  6 attribute s',
      '  7 attribute h',
      '  11 attribute list',
      '  14 attribute after',
    ]);
  });

  it('never throws on broken text', () => {
    expect(() => outlineHcl('resource "a" {\n  x = "unterminated\n  y = [1,\n')).not.toThrow();
    expect(() => outlineHcl('}}} = = "')).not.toThrow();
  });
});
