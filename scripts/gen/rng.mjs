// A seeded random source (splitmix32 over a 32-bit state): the same seed gives the same
// program on every machine and Node version, which Math.random cannot promise.
export class Rng {
  constructor(seed) {
    this.state = (Number(seed) ^ 0x9e3779b9) >>> 0;
  }

  // A float in [0, 1).
  next() {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  }

  // true with probability p.
  chance(p) {
    return this.next() < p;
  }

  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  // One key of {name: weight}, chosen by weight.
  weighted(table) {
    const entries = Object.entries(table).filter(([, w]) => w > 0);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [name, w] of entries) {
      x -= w;
      if (x < 0) return name;
    }
    return entries[entries.length - 1][0];
  }

  // Up to n distinct items, in the order given.
  some(items, n) {
    const chosen = new Set();
    const k = Math.min(n, items.length);
    while (chosen.size < k) chosen.add(this.pick(items));
    return items.filter((i) => chosen.has(i));
  }
}
