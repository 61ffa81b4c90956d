// "Did you mean …?": the candidates nearest to a mistyped word (case-insensitive edit distance), best first.
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** Up to `max` candidates within a distance of max(2, a third of the word), nearest first, ties in given order. */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 3));
  return [...candidates]
    .map((c, i) => ({ c, i, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit)
    .sort((p, q) => p.d - q.d || p.i - q.i)
    .slice(0, max)
    .map((x) => x.c);
}

/** ` (did you mean 'a' or 'b'?)`, or '' when nothing is near. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  if (!n.length) return '';
  const q = n.map((c) => `'${c}'`);
  return ` (did you mean ${q.length > 1 ? `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}` : q[0]}?)`;
}
