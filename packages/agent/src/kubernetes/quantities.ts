// Kubernetes resource quantities as metrics.k8s.io reports them ("12345678n", "250m", "1536Ki", "2G").

const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity as a plain number of base units (cores, bytes); 0 for what is not a quantity. */
export function parseQuantity(quantity: string | undefined): number {
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(String(quantity ?? '').trim());
  if (!match) return 0;
  const value = Number(match[1]);
  const suffix = match[2]!;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return Number.isFinite(value) && factor !== undefined ? value * factor : 0;
}
