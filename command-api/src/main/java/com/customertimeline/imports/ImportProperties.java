package com.customertimeline.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the bulk import of history ({@code POST /api/v1/imports}).
 *
 * @param batchSize lines applied in one database transaction (each line in a savepoint of its own, so a
 *     rejected line leaves the others of its batch in place)
 * @param maxSize the largest file one import takes
 * @param keptRejections rejected lines whose problem an import's status keeps; the counts go on beyond
 * @param keptImports finished imports whose status is kept (in memory) for their callers to read
 */
@ConfigurationProperties("timeline.imports")
public record ImportProperties(
        @DefaultValue("1000") int batchSize,
        @DefaultValue("2GB") DataSize maxSize,
        @DefaultValue("10000") int keptRejections,
        @DefaultValue("100") int keptImports) {

    public ImportProperties {
        if (batchSize < 1 || keptRejections < 0 || keptImports < 1) {
            throw new IllegalArgumentException("timeline.imports: batch-size and kept-imports must be at least 1,"
                    + " kept-rejections at least 0");
        }
    }
}
