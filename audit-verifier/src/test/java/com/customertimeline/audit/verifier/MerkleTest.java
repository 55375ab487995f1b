package com.customertimeline.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTest {

    private static List<byte[]> leaves(int n) {
        EventHasher hasher = new EventHasher();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(hasher.digest(("event " + i).getBytes()));
        }
        return leaves;
    }

    @Test
    void theEmptyTreeIsTheHashOfNothingAsRfc6962Says() {
        assertThat(HexFormat.of().formatHex(new Merkle.RootBuilder().root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void theStreamingRootEqualsTheRecursiveDefinitionForEverySize() {
        List<byte[]> leaves = leaves(70);
        Merkle.RootBuilder builder = new Merkle.RootBuilder();
        for (int n = 1; n <= 70; n++) {
            builder.add(leaves.get(n - 1));
            assertThat(builder.root()).as("size " + n).isEqualTo(Merkle.root(leaves, 0, n));
        }
        // a tree of two is node(leaf(a), leaf(b)) by hand
        var sha = EventHasher.sha256();
        byte[] byHand = Merkle.nodeHash(sha, Merkle.leafHash(sha, leaves.get(0)), Merkle.leafHash(sha, leaves.get(1)));
        assertThat(Merkle.root(leaves, 0, 2)).isEqualTo(byHand);
    }

    @Test
    void everyConsistencyProofVerifiesAndATamperedOneDoesNot() {
        List<byte[]> all = leaves(33);
        for (int n = 1; n <= all.size(); n++) {
            List<byte[]> tree = all.subList(0, n);
            byte[] second = Merkle.root(tree, 0, n);
            for (int m = 1; m <= n; m++) {
                byte[] first = Merkle.root(tree, 0, m);
                List<byte[]> proof = Merkle.consistencyProof(tree, m);
                assertThat(Merkle.verifyConsistency(m, n, first, second, proof))
                        .as("m=" + m + " n=" + n)
                        .isTrue();
                if (m < n) {
                    byte[] wrongFirst =
                            Merkle.root(leaves(m).subList(0, m), 0, m).clone();
                    wrongFirst[0] ^= 1;
                    assertThat(Merkle.verifyConsistency(m, n, wrongFirst, second, proof))
                            .isFalse();
                    List<byte[]> bent = new ArrayList<>(proof);
                    byte[] changed = bent.get(bent.size() - 1).clone();
                    changed[5] ^= 1;
                    bent.set(bent.size() - 1, changed);
                    assertThat(Merkle.verifyConsistency(m, n, first, second, bent))
                            .isFalse();
                }
            }
        }
    }

    @Test
    void aRewrittenPrefixHasNoConsistencyProof() {
        List<byte[]> original = leaves(10);
        List<byte[]> rewritten = new ArrayList<>(original);
        rewritten.set(3, new EventHasher().digest("forged".getBytes()));
        byte[] first = Merkle.root(original, 0, 6);
        byte[] second = Merkle.root(rewritten, 0, 10);
        assertThat(Merkle.verifyConsistency(6, 10, first, second, Merkle.consistencyProof(rewritten, 6)))
                .isFalse();
    }
}
