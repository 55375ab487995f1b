package com.customertimeline.readmodel.embedded;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The value type of the embedded projection store's document maps: a {@link StoredDocument} is written
 * as its length and its BSON bytes, and read back as the same bytes, without decoding.
 *
 * <p>Why: H2's default {@code ObjectDataType} writes every document with its own
 * {@code ObjectOutputStream}, class descriptors included, on the thread that writes the file; in the
 * read-side benchmark that was the projections' bottleneck. BSON is what the server received the
 * documents as, so the round trip keeps every value and its type. The layout (varint length, then the
 * document) is the one format 2 files already have, so no file needs converting.
 *
 * <p>Values are never compared (documents are looked up by key), so {@link #compare} keeps the
 * superclass's refusal.
 */
final class StoredDocumentType extends BasicDataType<StoredDocument> {

    /** What MVStore's cache accounting adds per value besides its bytes: the holder and the array header. */
    private static final int OVERHEAD = 32;

    /** One per map, like H2's own types. */
    StoredDocumentType() {}

    @Override
    public int getMemory(StoredDocument document) {
        return OVERHEAD + document.size();
    }

    @Override
    public void write(WriteBuffer buffer, StoredDocument document) {
        buffer.putVarInt(document.size()).put(document.bson());
    }

    @Override
    public StoredDocument read(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        byte[] bson = new byte[length];
        buffer.get(bson);
        return new StoredDocument(bson);
    }

    @Override
    public StoredDocument[] createStorage(int size) {
        return new StoredDocument[size];
    }
}
