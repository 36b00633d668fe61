// The order in which torch.sort(lengths, descending=True) on CPU (torch 1.13: libstdc++ std::sort,
// i.e. introsort with a median-of-3 pivot and a final insertion sort) leaves equal keys, so that
// packPaddedSequence(enforceSorted: false) packs tied sequences in PyTorch's order (dropout masks
// over packed rows then match a seeded PyTorch run).

const THRESHOLD = 16;

/** Indices that sort `keys` in descending order, tie order as PyTorch's unstable CPU sort. */
export function torchSortDescending(keys: readonly number[]): number[] {
  const k = keys.slice();
  const v = keys.map((_, i) => i);
  const comp = (a: number, b: number) => k[a] > k[b]; // KeyValueCompDesc on positions
  const swap = (a: number, b: number) => {
    const tk = k[a];
    k[a] = k[b];
    k[b] = tk;
    const tv = v[a];
    v[a] = v[b];
    v[b] = tv;
  };
  const n = k.length;
  if (n < 2) return v;

  function moveMedianToFirst(result: number, a: number, b: number, c: number): void {
    if (comp(a, b)) {
      if (comp(b, c)) swap(result, b);
      else if (comp(a, c)) swap(result, c);
      else swap(result, a);
    } else if (comp(a, c)) swap(result, a);
    else if (comp(b, c)) swap(result, c);
    else swap(result, b);
  }

  function unguardedPartition(first: number, last: number, pivot: number): number {
    while (true) {
      while (comp(first, pivot)) first++;
      last--;
      while (comp(pivot, last)) last--;
      if (!(first < last)) return first;
      swap(first, last);
      first++;
    }
  }

  // heap helpers (std::__adjust_heap / __push_heap) over [first, first + len)
  // comp on values: a "less" than b in the sort's order means a > b numerically
  function comp2(a: number, b: number): boolean {
    return a > b;
  }
  function adjustHeap(first: number, hole: number, len: number, valK: number, valV: number): void {
    const top = hole;
    let child = hole;
    while (child < (len - 1) >> 1) {
      child = 2 * (child + 1);
      if (comp2(k[first + child], k[first + child - 1])) child--;
      k[first + hole] = k[first + child];
      v[first + hole] = v[first + child];
      hole = child;
    }
    if ((len & 1) === 0 && child === (len - 2) >> 1) {
      child = 2 * (child + 1);
      k[first + hole] = k[first + child - 1];
      v[first + hole] = v[first + child - 1];
      hole = child - 1;
    }
    // __push_heap(first, hole, top, value, comp): comp(*(first + parent), value)
    let parent = (hole - 1) >> 1;
    while (hole > top && comp2(k[first + parent], valK)) {
      k[first + hole] = k[first + parent];
      v[first + hole] = v[first + parent];
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    k[first + hole] = valK;
    v[first + hole] = valV;
  }
  function makeHeap(first: number, last: number): void {
    const len = last - first;
    if (len < 2) return;
    for (let parent = (len - 2) >> 1; ; parent--) {
      adjustHeap(first, parent, len, k[first + parent], v[first + parent]);
      if (parent === 0) return;
    }
  }
  function popHeap(first: number, last: number, result: number): void {
    const valK = k[result];
    const valV = v[result];
    k[result] = k[first];
    v[result] = v[first];
    adjustHeap(first, 0, last - first, valK, valV);
  }
  function partialSortAll(first: number, last: number): void {
    // std::__partial_sort(first, last, last): heap_select (no-op beyond make_heap) then sort_heap
    makeHeap(first, last);
    while (last - first > 1) {
      last--;
      popHeap(first, last, last);
    }
  }

  function introsortLoop(first: number, last: number, depth: number): void {
    while (last - first > THRESHOLD) {
      if (depth === 0) {
        partialSortAll(first, last);
        return;
      }
      depth--;
      const mid = first + ((last - first) >> 1);
      moveMedianToFirst(first, first + 1, mid, last - 1);
      const cut = unguardedPartition(first + 1, last, first);
      introsortLoop(cut, last, depth);
      last = cut;
    }
  }

  function insertionSort(first: number, last: number): void {
    for (let i = first + 1; i < last; i++) {
      const valK = k[i];
      const valV = v[i];
      if (valK > k[first]) {
        for (let j = i; j > first; j--) {
          k[j] = k[j - 1];
          v[j] = v[j - 1];
        }
        k[first] = valK;
        v[first] = valV;
      } else {
        let j = i;
        while (valK > k[j - 1]) {
          k[j] = k[j - 1];
          v[j] = v[j - 1];
          j--;
        }
        k[j] = valK;
        v[j] = valV;
      }
    }
  }

  introsortLoop(0, n, 2 * Math.floor(Math.log2(n)));
  if (n > THRESHOLD) {
    insertionSort(0, THRESHOLD);
    // unguarded insertion sort of the rest
    for (let i = THRESHOLD; i < n; i++) {
      const valK = k[i];
      const valV = v[i];
      let j = i;
      while (valK > k[j - 1]) {
        k[j] = k[j - 1];
        v[j] = v[j - 1];
        j--;
      }
      k[j] = valK;
      v[j] = valV;
    }
  } else {
    insertionSort(0, n);
  }
  return v;
}
