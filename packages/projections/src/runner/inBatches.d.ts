/**
 * Groups an async iterable into batches of at most `max`: a batch takes what is already buffered
 * (resolves before the next macrotask) and is handed over as soon as the source would have to wait.
 */
export declare function inBatches<A>(source: AsyncIterable<A>, max: number): AsyncGenerator<A[]>;
//# sourceMappingURL=inBatches.d.ts.map
