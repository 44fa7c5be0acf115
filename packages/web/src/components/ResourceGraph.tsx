// A simple SVG graph of a commons' infrastructure: the commons in the middle column, one column per
// resource type, one node per resource (address), coloured by the planned action.
import { useComputedColorScheme } from '@mantine/core';

export interface GraphResource {
  address: string;
  action: string;
}

const ACTION_COLORS: Record<string, string> = {
  create: '#2b8a3e',
  update: '#e67700',
  delete: '#c92a2a',
  'no-op': '#5c7cfa',
  read: '#868e96',
};

export function ResourceGraph({ resources, title }: { resources: GraphResource[]; title: string }) {
  const dark = useComputedColorScheme('light') === 'dark';
  const byType = new Map<string, GraphResource[]>();
  for (const resource of resources) {
    const type = resource.address.replace(/\[.*$/, '').split('.').slice(-1)[0] ?? resource.address;
    byType.set(type, [...(byType.get(type) ?? []), resource]);
  }
  const groups = [...byType];
  const rowHeight = 30;
  const height = Math.max(120, resources.length * rowHeight + groups.length * 10 + 40);
  const text = dark ? '#e9ecef' : '#212529';
  let y = 20;
  const rootY = height / 2;
  return (
    <svg role="img" aria-label={title} width="100%" viewBox={`0 0 900 ${height}`} style={{ maxWidth: 900 }}>
      <title>{title}</title>
      <rect x={10} y={rootY - 18} width={140} height={36} rx={6} fill="#364fc7" />
      <text x={80} y={rootY + 5} textAnchor="middle" fill="#fff" fontSize={13}>
        commons
      </text>
      {groups.map(([type, items]) => {
        const groupTop = y;
        y += items.length * rowHeight + 10;
        const groupMid = groupTop + (items.length * rowHeight) / 2;
        return (
          <g key={type}>
            <path
              d={`M150 ${rootY} C 220 ${rootY}, 220 ${groupMid}, 290 ${groupMid}`}
              stroke="#adb5bd"
              fill="none"
            />
            <rect x={290} y={groupMid - 14} width={160} height={28} rx={4} fill="none" stroke="#adb5bd" />
            <text x={370} y={groupMid + 4} textAnchor="middle" fill={text} fontSize={12}>
              {type}
            </text>
            {items.map((item, index) => {
              const itemY = groupTop + index * rowHeight + rowHeight / 2;
              return (
                <g key={item.address}>
                  <path
                    d={`M450 ${groupMid} C 500 ${groupMid}, 500 ${itemY}, 540 ${itemY}`}
                    stroke="#adb5bd"
                    fill="none"
                  />
                  <circle cx={548} cy={itemY} r={7} fill={ACTION_COLORS[item.action] ?? '#868e96'} />
                  <text x={562} y={itemY + 4} fill={text} fontSize={12}>
                    {item.address} ({item.action})
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
