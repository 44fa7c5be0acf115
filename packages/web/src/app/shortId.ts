// Ids are UUIDv7: their first characters are the creation time, so two runs made a minute apart share
// a prefix. The last characters are random, which makes them the part worth showing.
export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}
