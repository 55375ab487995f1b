package com.customertimeline.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an uploaded file, each decoded on its own: a line that is not UTF-8, or longer than the
 * limit, is reported as that line's problem instead of ending the import (a reader over the whole file
 * would stop at the first bad byte, and hold a line of any length in memory).
 */
final class NdjsonLines {

    /** One line: its number (from 1), its text or why it has none, and its length in bytes with its end. */
    record Line(long number, String text, String refusal, long bytes) {}

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long number;

    NdjsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        buffer.reset();
        long bytes = 0;
        boolean tooLong = false;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            bytes++;
            if (buffer.size() < maxLineBytes) {
                buffer.write(b);
            } else {
                tooLong = true;
            }
        }
        if (b < 0 && bytes == 0) {
            return null;
        }
        number++;
        long length = bytes + (b < 0 ? 0 : 1);
        if (tooLong) {
            return new Line(number, null, "the line is longer than " + maxLineBytes + " bytes", length);
        }
        byte[] content = buffer.toByteArray();
        int end = content.length > 0 && content[content.length - 1] == '\r' ? content.length - 1 : content.length;
        try {
            return new Line(
                    number, utf8.decode(ByteBuffer.wrap(content, 0, end)).toString(), null, length);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "the line is not valid UTF-8", length);
        }
    }
}
