package org.h2.mvstore;

/**
 * Runs MVStore's own file housekeeping (rewriting sparsely used chunks, moving chunks into free space)
 * on the caller's thread. MVStore only runs it from its background writer, which the embedded
 * projection store cannot use: that writer also writes versions while commands run
 * ({@code IndexedH2Backend}). In H2's package because the method is not public.
 */
public final class ProjectionStoreHousekeeping {

    private ProjectionStoreHousekeeping() {}

    /** One round of housekeeping, as the background writer does after each commit. */
    public static void run(MVStore store) throws InterruptedException {
        FileStore<?> fileStore = store.getFileStore();
        if (fileStore != null && store.isOpen() && !fileStore.isReadOnly()) {
            fileStore.doHousekeeping(store);
        }
    }
}
