package org.h2.mvstore;

/**
 * Runs MVStore's own file housekeeping (rewriting sparsely used chunks, moving chunks into free space)
 * on the caller's thread. MVStore only runs it from its background writer, which the embedded
 * projection store cannot use: that writer also writes versions while commands run
 * ({@code IndexedH2Backend}). In H2's package because the method is not public.
 */
public final class ProjectionStoreHousekeeping {

    private ProjectionStoreHousekeeping() {}

    /**
     * One round of housekeeping, as the background writer does after each commit while the store is
     * busy, but with the caller's budget: once the rewritable chunks are on average under about 60 %
     * live, the sparsest and oldest of them are rewritten, up to {@code rewriteBytes} of live pages;
     * then chunks are moved into free space near the start of the file if it is fragmented. The
     * writer's own budget is a quarter of its write buffer, which the projection store sets far higher
     * ({@code IndexedH2Backend}) so that writing threads never write a version.
     */
    public static void run(MVStore store, int rewriteBytes) throws InterruptedException {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore == null || !store.isOpen() || fileStore.isReadOnly()) {
            return;
        }
        int autoCompactFillRate = fileStore.getAutoCompactFillRate();
        int rewritableFillRate = fileStore.getRewritableChunksFillRate();
        if (50 + rewritableFillRate / 2 < autoCompactFillRate * autoCompactFillRate / 100) {
            store.tryExecuteUnderStoreLock(() -> {
                // every rewritable chunk is a candidate, as in MVStore.compact: the writer's own target
                // (chunks at most as full as the average) selects nothing once most chunks are 1-2 %
                // live, because a chunk's rate is rounded up and the average down; the budget still
                // goes to the sparsest, oldest chunks first
                if (fileStore.rewriteChunks(rewriteBytes, 100)) {
                    fileStore.dropUnusedChunks();
                }
                return true;
            });
        }
        if (fileStore instanceof RandomAccessStore randomAccess && randomAccess.getFillRate() < autoCompactFillRate) {
            store.tryExecuteUnderStoreLock(() -> {
                randomAccess.compactMoveChunks(autoCompactFillRate, 2L * rewriteBytes, store);
                return true;
            });
        }
    }
}
