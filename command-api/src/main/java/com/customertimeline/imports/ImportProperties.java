package com.customertimeline.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the bulk import of history ({@code POST /api/v1/imports}).
 *
 * @param batchSize lines applied in one database transaction and unit of work (a rejected line writes
 *     nothing and leaves the others of its batch in place)
 * @param maxSize the largest file one import takes
 * @param maxLineSize the longest line; a longer one is rejected as that line's problem
 * @param maxQueued imports accepted but not finished at once; more are refused with 429
 * @param keptRejections rejected lines whose problem an import's status keeps; the counts go on beyond
 * @param keptImports finished imports whose status is kept (in memory) for their callers to read
 */
@ConfigurationProperties("timeline.imports")
public record ImportProperties(
        @DefaultValue("1000") int batchSize,
        @DefaultValue("2GB") DataSize maxSize,
        @DefaultValue("1MB") DataSize maxLineSize,
        @DefaultValue("4") int maxQueued,
        @DefaultValue("10000") int keptRejections,
        @DefaultValue("100") int keptImports) {

    public ImportProperties {
        if (batchSize < 1 || keptRejections < 0 || keptImports < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("timeline.imports: batch-size, kept-imports and max-queued must be at"
                    + " least 1, kept-rejections at least 0");
        }
    }
}
