package com.customertimeline.app.projectionstore;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The value type of the embedded projection store's document maps: each document is stored as BSON,
 * written and read with the MongoDB-wire server's own codec, instead of with Java serialization.
 *
 * <p>Why: H2's default {@code ObjectDataType} writes every document with its own
 * {@code ObjectOutputStream}, class descriptors included, on MVStore's single background writer
 * thread. In the read-side benchmark that thread was the projections' bottleneck. It took a sixth of
 * the CPU, and writers waited on it once too much unsaved data had built up. BSON is what the server
 * received the documents as, so the round trip keeps every value and its type.
 *
 * <p>Values are never compared (documents are looked up by position), so {@link #compare} keeps the
 * superclass's refusal.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** Running estimate of a document's size, as H2 keeps for serialized objects. */
    private volatile int averageSize = 1024;

    /** One per map, like H2's own types. */
    BsonDocumentType() {}

    @Override
    public int getMemory(Document document) {
        return averageSize;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf out = Unpooled.buffer(averageSize);
        try {
            BsonEncoder.encodeDocument(document, out);
            int length = out.readableBytes();
            byte[] bytes = new byte[length];
            out.readBytes(bytes);
            buffer.putVarInt(length).put(bytes);
            averageSize = (averageSize * 15 + length) / 16;
        } finally {
            out.release();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
