// A small valid user.yaml for tests of the user.yaml editor, its rollout and its render: one open resource,
// a reader role, and `user` granted it.

/** The user.yaml text granting `user` the open reader policy. */
export function readerUserYaml(user = 'reader@example.org'): string {
  return [
    'authz:',
    '  resources: [{ name: open }]',
    "  roles: [{ id: reader, permissions: [{ id: reader, action: { service: '*', method: read } }] }]",
    '  policies: [{ id: open_reader, role_ids: [reader], resource_paths: [/open] }]',
    'users:',
    `  ${user}: { policies: [open_reader] }`,
    '',
  ].join('\n');
}
