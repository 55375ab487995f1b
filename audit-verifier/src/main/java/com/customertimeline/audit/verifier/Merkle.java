package com.customertimeline.audit.verifier;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 (Certificate Transparency) over the event hashes in the order
 * they were sealed into checkpoints: leaf hash {@code SHA-256(0x00 || event hash)}, interior node
 * {@code SHA-256(0x01 || left || right)}, the left subtree of n leaves holding the largest power of two
 * below n. Chosen because its consistency proofs show, with a logarithmic number of hashes, that a
 * later checkpoint extends an earlier one without changing anything the earlier one covered.
 */
public final class Merkle {

    private Merkle() {}

    /** The tree hash of no leaves: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return EventHasher.sha256().digest();
    }

    public static byte[] leafHash(MessageDigest sha256, byte[] eventHash) {
        sha256.reset();
        sha256.update((byte) 0x00);
        sha256.update(eventHash);
        return sha256.digest();
    }

    public static byte[] nodeHash(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.reset();
        sha256.update((byte) 0x01);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /**
     * Builds the root leaf by leaf in memory logarithmic in the number of leaves: it keeps the roots of
     * the perfect subtrees the leaves so far decompose into, and the RFC 6962 root of any prefix is
     * those roots folded from the right.
     */
    public static final class RootBuilder {
        private final MessageDigest sha256 = EventHasher.sha256();
        private final List<byte[]> stack = new ArrayList<>();
        private long size;

        /** Adds the next leaf (an event hash, not yet leaf-hashed). */
        public void add(byte[] eventHash) {
            byte[] node = leafHash(sha256, eventHash);
            long s = size;
            while ((s & 1) == 1) {
                node = nodeHash(sha256, stack.remove(stack.size() - 1), node);
                s >>= 1;
            }
            stack.add(node);
            size++;
        }

        public long size() {
            return size;
        }

        /** The root of the leaves added so far. */
        public byte[] root() {
            if (stack.isEmpty()) {
                return emptyRoot();
            }
            byte[] root = stack.get(stack.size() - 1);
            for (int i = stack.size() - 2; i >= 0; i--) {
                root = nodeHash(sha256, stack.get(i), root);
            }
            return root;
        }
    }

    /** The root over event hashes {@code leaves[from, to)}. */
    public static byte[] root(List<byte[]> leaves, int from, int to) {
        MessageDigest sha256 = EventHasher.sha256();
        return subtree(sha256, leaves, from, to);
    }

    private static byte[] subtree(MessageDigest sha256, List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return emptyRoot();
        }
        if (n == 1) {
            return leafHash(sha256, leaves.get(from));
        }
        int k = largestPowerOfTwoBelow(n);
        byte[] left = subtree(sha256, leaves, from, from + k);
        byte[] right = subtree(sha256, leaves, from + k, to);
        return nodeHash(sha256, left, right);
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    /**
     * The consistency proof between the tree of the first {@code m} leaves and the tree of all
     * {@code leaves.size()} (RFC 6962 section 2.1.2, PROOF(m, D[n])).
     */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, int m) {
        int n = leaves.size();
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("a consistency proof needs 0 < m <= n, got m=" + m + " n=" + n);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(EventHasher.sha256(), leaves, m, 0, n, true, proof);
        return proof;
    }

    private static void subproof(
            MessageDigest sha256, List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtree(sha256, leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(sha256, leaves, m, from, from + k, complete, out);
            out.add(subtree(sha256, leaves, from + k, to));
        } else {
            subproof(sha256, leaves, m - k, from + k, to, false, out);
            out.add(subtree(sha256, leaves, from, from + k));
        }
    }

    /**
     * Verifies a consistency proof (RFC 9162 section 2.1.4.2): true only if a tree of {@code m} leaves
     * with root {@code first} is a prefix of a tree of {@code n} leaves with root {@code second}.
     */
    public static boolean verifyConsistency(long m, long n, byte[] first, byte[] second, List<byte[]> proof) {
        if (m < 0 || n < m) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && EventHasher.same(first, second);
        }
        if (m == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        MessageDigest sha256 = EventHasher.sha256();
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) {
            path.add(0, first);
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(sha256, c, fr);
                sr = nodeHash(sha256, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sha256, sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, first) && Arrays.equals(sr, second);
    }
}
