package com.customertimeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.readmodel.embedded.IndexedH2Backend;
import com.customertimeline.readmodel.embedded.ProjectionStoreFile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionStoreGaugesTest {

    @TempDir
    Path dir;

    @Test
    void theFileSizeAndItsLiveShareAreReported() throws Exception {
        Path file = dir.resolve("projections.mv");
        ProjectionStoreFile storeFile = new ProjectionStoreFile(file, false, () -> IndexedH2Backend.open(file, 16));
        IndexedH2Backend backend = storeFile.current();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MongoConfig.registerFileGauges(storeFile, registry);
        try {
            MVStore store = backend.getMvStore();
            MVMap<Integer, byte[]> map = store.openMap("documents");
            for (int version = 0; version < 3; version++) {
                for (int key = 0; key < 2_000; key++) {
                    map.put(key, new byte[500]);
                }
                store.commit();
            }

            assertThat(registry.get("timeline.projection-store.file.size")
                            .gauge()
                            .value())
                    .isEqualTo((double) Files.size(file))
                    .isGreaterThan(3_000_000);
            assertThat(registry.get("timeline.projection-store.file.live")
                            .gauge()
                            .value())
                    .as("two of three versions of every document are dead")
                    .isBetween(20.0, 50.0);
        } finally {
            backend.close();
        }
    }
}
