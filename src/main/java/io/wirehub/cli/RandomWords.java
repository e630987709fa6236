package io.wirehub.cli;

import java.util.Random;

/**
 * Pseudo-words for generated workloads (benchmarks, tests): a fixed vocabulary from a seed, and
 * texts drawn from it, so that generated items are distinct stories that dedupe does not fold.
 */
public final class RandomWords {
    private RandomWords() {
    }

    /** {@code size} lower-case words of {@code minLength} to {@code minLength + spread - 1} letters, the same for a seed. */
    public static String[] vocabulary(long seed, int size, int minLength, int spread) {
        Random r = new Random(seed);
        String[] v = new String[size];
        for (int i = 0; i < v.length; i++) {
            StringBuilder sb = new StringBuilder();
            int len = minLength + r.nextInt(spread);
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            v[i] = sb.toString();
        }
        return v;
    }

    /** {@code n} words of {@code vocab} drawn with {@code rnd}, separated by spaces. */
    public static String words(Random rnd, String[] vocab, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.toString();
    }
}
