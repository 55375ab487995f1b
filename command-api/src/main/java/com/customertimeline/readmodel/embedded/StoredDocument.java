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

    /**
     * A new copy of the document with only the named top-level fields, or null if the bytes hold a type
     * this walk does not know (the caller then decodes the whole document). Fields not named are stepped
     * over by their length, not decoded: reading who owns a customer from a 300 KB summary decoded every
     * open promise and complaint in it.
     */
    Document decodeOnly(java.util.Set<String> fields) {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(64);
        kept.write(0);
        kept.write(0);
        kept.write(0);
        kept.write(0);
        int position = 4;
        int end = bson.length - 1; // the document's closing 0
        while (position < end) {
            int start = position;
            byte type = bson[position++];
            int nameStart = position;
            while (bson[position] != 0) {
                position++;
            }
            String name = new String(bson, nameStart, position - nameStart, java.nio.charset.StandardCharsets.UTF_8);
            position++;
            int valueLength = valueLength(type, position);
            if (valueLength < 0) {
                return null;
            }
            position += valueLength;
            if (fields.contains(name)) {
                kept.write(bson, start, position - start);
            }
        }
        kept.write(0);
        byte[] bytes = kept.toByteArray();
        int length = bytes.length;
        bytes[0] = (byte) length;
        bytes[1] = (byte) (length >>> 8);
        bytes[2] = (byte) (length >>> 16);
        bytes[3] = (byte) (length >>> 24);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }

    /** The length of a value of this BSON type starting at {@code at}, or -1 for a type not known here. */
    private int valueLength(byte type, int at) {
        return switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> 8; // double, date, timestamp, int64
            case 0x02, 0x0D, 0x0E -> 4 + int32(at); // string, code, symbol
            case 0x03, 0x04, 0x0F -> int32(at); // document, array, code with scope
            case 0x05 -> 5 + int32(at); // binary: length, subtype, bytes
            case 0x06, 0x0A, (byte) 0xFF, 0x7F -> 0; // undefined, null, min key, max key
            case 0x07 -> 12; // object id
            case 0x08 -> 1; // boolean
            case 0x10 -> 4; // int32
            case 0x13 -> 16; // decimal128
            case 0x0B -> cstringsLength(at, 2); // regular expression: pattern, options
            case 0x0C -> 4 + int32(at) + 12; // db pointer
            default -> -1;
        };
    }

    private int cstringsLength(int at, int count) {
        int position = at;
        for (int i = 0; i < count; i++) {
            while (bson[position] != 0) {
                position++;
            }
            position++;
        }
        return position - at;
    }

    private int int32(int at) {
        return (bson[at] & 0xFF)
                | (bson[at + 1] & 0xFF) << 8
                | (bson[at + 2] & 0xFF) << 16
                | (bson[at + 3] & 0xFF) << 24;
    }

    /** The BSON bytes; callers must not change them. */
    byte[] bson() {
        return bson;
    }

    int size() {
        return bson.length;
    }
}
