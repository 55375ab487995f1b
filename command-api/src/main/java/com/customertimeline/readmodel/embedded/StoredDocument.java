package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One document of the embedded projection store as its BSON bytes: what the store's document maps hold.
 *
 * <p>Why bytes and not the decoded {@link Document}: MVStore writes and reads whole B-tree pages. With
 * decoded documents in the pages, every page written to the file re-encoded every document on it (a
 * quarter of a replay's CPU, most of it for documents that had not changed), and every page read from
 * the file decoded every document on it, though a lookup wants one. Kept as bytes, a document is
 * encoded once when it is written and decoded once when it is read; pages move as bytes.
 *
 * <p>The library also changes the documents it gets from a collection in place before it stores them
 * again; a decoded copy per read keeps those changes out of what the map holds until they are put.
 */
final class StoredDocument {

    private final byte[] bson;

    StoredDocument(byte[] bson) {
        this.bson = bson;
    }

    static StoredDocument encode(Document document) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return new StoredDocument(bytes);
        } finally {
            out.release();
        }
    }

    /** A new, mutable copy of the document on every call. */
    Document decode() {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** The BSON bytes; callers must not change them. */
    byte[] bson() {
        return bson;
    }

    int size() {
        return bson.length;
    }
}
