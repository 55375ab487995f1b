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
     * busy, but with the caller's budget: chunks whose live share is at or below the average of the
     * rewritable ones are rewritten, up to {@code rewriteBytes} of live pages, once that average is
     * under about 60 %; then chunks are moved into free space near the start of the file if it is
     * fragmented. The writer's own budget is a quarter of its write buffer, which the projection store
     * sets far higher ({@code IndexedH2Backend}) so that writing threads never write a version.
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
                if (fileStore.rewriteChunks(rewriteBytes, rewritableFillRate)) {
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
