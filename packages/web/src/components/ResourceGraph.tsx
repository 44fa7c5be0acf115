// The infrastructure of a commons as a dependency graph, from its Terraform state: one node per resource
// (with its instance count), laid out in columns by dependency depth — what nothing depends on comes
// first — and an edge from each resource to the ones that depend on it. The table beside it is the
// accessible equivalent; the graph is the picture.
import { useComputedColorScheme } from '@mantine/core';

export interface GraphResource {
  address: string;
  type: string;
  mode: 'managed' | 'data';
  instances: string[];
  dependsOn: string[];
}

const NODE_WIDTH = 250;
const NODE_HEIGHT = 34;
const COLUMN_GAP = 70;
const ROW_GAP = 12;
const MARGIN = 16;

/** Depth of each resource: 0 without dependencies, else one more than its deepest dependency. */
function depthsOf(resources: GraphResource[]): Map<string, number> {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (address: string): number => {
    const known = depths.get(address);
    if (known !== undefined) return known;
    if (visiting.has(address)) return 0; // a cycle cannot come from Terraform; never loop on one
    visiting.add(address);
    const dependencies = byAddress.get(address)?.dependsOn.filter((dep) => byAddress.has(dep)) ?? [];
    const value = dependencies.length ? 1 + Math.max(...dependencies.map(depth)) : 0;
    visiting.delete(address);
    depths.set(address, value);
    return value;
  };
  for (const resource of resources) depth(resource.address);
  return depths;
}

function shortLabel(resource: GraphResource): string {
  const label = resource.address.replace(/^module\./, 'mod.');
  return label.length > 32 ? `…${label.slice(-31)}` : label;
}

export function ResourceGraph({ resources, title }: { resources: GraphResource[]; title: string }) {
  const dark = useComputedColorScheme('light') === 'dark';
  const depths = depthsOf(resources);
  const columns: GraphResource[][] = [];
  for (const resource of resources) (columns[depths.get(resource.address)!] ??= []).push(resource);
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((column, columnIndex) =>
    column.forEach((resource, rowIndex) =>
      position.set(resource.address, {
        x: MARGIN + columnIndex * (NODE_WIDTH + COLUMN_GAP),
        y: MARGIN + rowIndex * (NODE_HEIGHT + ROW_GAP),
      }),
    ),
  );
  const width = MARGIN * 2 + Math.max(1, columns.length) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
  const height =
    MARGIN * 2 + Math.max(1, ...columns.map((column) => column.length)) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
  const colors = dark
    ? { text: '#e9ecef', node: '#2e2e2e', border: '#748ffc', data: '#b8b8b8', edge: '#696969' }
    : { text: '#212529', node: '#f8f9fa', border: '#3b5bdb', data: '#5c636a', edge: '#adb5bd' };
  return (
    <div style={{ overflowX: 'auto' }}>
      <svg role="img" aria-label={title} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <title>{title}</title>
        <desc>
          {resources.length} resources in {columns.length} levels of dependency; the Resources table lists
          each with what it depends on.
        </desc>
        {resources.flatMap((resource) =>
          resource.dependsOn
            .filter((dependency) => position.has(dependency))
            .map((dependency) => {
              const from = position.get(dependency)!;
              const to = position.get(resource.address)!;
              const x1 = from.x + NODE_WIDTH;
              const y1 = from.y + NODE_HEIGHT / 2;
              const x2 = to.x;
              const y2 = to.y + NODE_HEIGHT / 2;
              const bend = Math.max(30, (x2 - x1) / 2);
              return (
                <path
                  key={`${dependency}->${resource.address}`}
                  d={`M${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`}
                  stroke={colors.edge}
                  fill="none"
                  data-edge={`${dependency} -> ${resource.address}`}
                />
              );
            }),
        )}
        {resources.map((resource) => {
          const { x, y } = position.get(resource.address)!;
          const count = resource.instances.length;
          return (
            <g key={resource.address} data-node={resource.address}>
              <rect
                x={x}
                y={y}
                width={NODE_WIDTH}
                height={NODE_HEIGHT}
                rx={5}
                fill={colors.node}
                stroke={resource.mode === 'data' ? colors.data : colors.border}
                strokeDasharray={resource.mode === 'data' ? '4 3' : undefined}
              />
              <text x={x + 8} y={y + 21} fill={colors.text} fontSize={12}>
                {shortLabel(resource)}
                {count > 1 ? ` ×${count}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
