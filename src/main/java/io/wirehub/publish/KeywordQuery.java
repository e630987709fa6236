package io.wirehub.publish;

import io.wirehub.normalize.Text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A keyword expression: words, "quoted phrases", AND, OR, NOT (also {@code -word}) and parentheses;
 * adjacent terms are ANDed. Matching is on accent- and case-folded words, so "Hérat" matches
 * "herat" and "Hà Nội" matches "HA NOI". Hand-written: a dozen lines of recursive descent, and the
 * index needs to look inside the expression (see {@link #indexKeys()}).
 */
public abstract class KeywordQuery {

    /** True when the item's words satisfy the expression. */
    public abstract boolean matches(ItemFacts item);

    /**
     * Words of which any matching item contains at least one (the index posts the subscriber under
     * each), or null when no such set exists (a pure NOT).
     */
    public abstract Set<String> indexKeys();

    /** Parses an expression; {@link IllegalArgumentException} names the problem. */
    public static KeywordQuery parse(String expr) {
        Parser p = new Parser(lex(expr));
        KeywordQuery q = p.or();
        if (p.pos < p.toks.size()) {
            throw new IllegalArgumentException("unexpected '" + p.toks.get(p.pos) + "' in: " + expr);
        }
        return q;
    }

    /** Folded words of a text, in order (what items and terms are compared on). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String f = Text.fold(text);
        int start = -1;
        for (int i = 0; i <= f.length(); i++) {
            boolean w = i < f.length() && Character.isLetterOrDigit(f.charAt(i));
            if (w && start < 0) {
                start = i;
            } else if (!w && start >= 0) {
                out.add(f.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    private static List<String> lex(String s) {
        List<String> toks = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                toks.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '“' || c == '”') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"' && s.charAt(j) != '”') {
                    j++;
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException("unclosed quote in: " + s);
                }
                toks.add("\"" + s.substring(i + 1, j));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                toks.add(s.substring(i, j));
                i = j;
            }
        }
        return toks;
    }

    private static final class Parser {
        final List<String> toks;
        int pos;

        Parser(List<String> toks) {
            this.toks = toks;
        }

        String peek() {
            return pos < toks.size() ? toks.get(pos) : null;
        }

        KeywordQuery or() {
            List<KeywordQuery> parts = new ArrayList<>();
            parts.add(and());
            while ("OR".equals(peek())) {
                pos++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        KeywordQuery and() {
            List<KeywordQuery> parts = new ArrayList<>();
            parts.add(unary());
            while (peek() != null && !"OR".equals(peek()) && !")".equals(peek())) {
                if ("AND".equals(peek())) {
                    pos++;
                }
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        KeywordQuery unary() {
            String t = peek();
            if (t == null) {
                throw new IllegalArgumentException("expression ends too early");
            }
            pos++;
            if ("NOT".equals(t)) {
                return new Not(unary());
            }
            if ("(".equals(t)) {
                KeywordQuery q = or();
                if (!")".equals(peek())) {
                    throw new IllegalArgumentException("missing ')'");
                }
                pos++;
                return q;
            }
            if (")".equals(t) || "AND".equals(t) || "OR".equals(t)) {
                throw new IllegalArgumentException("unexpected '" + t + "'");
            }
            boolean neg = t.startsWith("-") && t.length() > 1;
            String text = t.startsWith("\"") ? t.substring(1) : neg ? t.substring(1) : t;
            List<String> w = words(text);
            if (w.isEmpty()) {
                throw new IllegalArgumentException("no word in '" + t + "'");
            }
            KeywordQuery term = new Phrase(w.toArray(new String[0]));
            return neg ? new Not(term) : term;
        }
    }

    /** One word or a sequence of words that must appear in this order. */
    static final class Phrase extends KeywordQuery {
        final String[] words;

        Phrase(String[] words) {
            this.words = words;
        }

        @Override
        public boolean matches(ItemFacts item) {
            if (!item.wordSet().contains(words[0])) {
                return false;
            }
            if (words.length == 1) {
                return true;
            }
            String[] all = item.words();
            outer:
            for (int i = 0; i + words.length <= all.length; i++) {
                for (int k = 0; k < words.length; k++) {
                    if (!all[i + k].equals(words[k])) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        public Set<String> indexKeys() {
            // The longest word of a phrase is the rarest, usually.
            String best = words[0];
            for (String w : words) {
                if (w.length() > best.length()) {
                    best = w;
                }
            }
            return Set.of(best);
        }
    }

    static final class And extends KeywordQuery {
        final List<KeywordQuery> parts;

        And(List<KeywordQuery> parts) {
            this.parts = parts;
        }

        @Override
        public boolean matches(ItemFacts item) {
            for (KeywordQuery q : parts) {
                if (!q.matches(item)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Set<String> indexKeys() {
            Set<String> best = null;
            for (KeywordQuery q : parts) {
                Set<String> k = q.indexKeys();
                if (k != null && (best == null || k.size() < best.size())) {
                    best = k;
                }
            }
            return best;
        }
    }

    static final class Or extends KeywordQuery {
        final List<KeywordQuery> parts;

        Or(List<KeywordQuery> parts) {
            this.parts = parts;
        }

        @Override
        public boolean matches(ItemFacts item) {
            for (KeywordQuery q : parts) {
                if (q.matches(item)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Set<String> indexKeys() {
            Set<String> all = new HashSet<>();
            for (KeywordQuery q : parts) {
                Set<String> k = q.indexKeys();
                if (k == null) {
                    return null;
                }
                all.addAll(k);
            }
            return all;
        }
    }

    static final class Not extends KeywordQuery {
        final KeywordQuery inner;

        Not(KeywordQuery inner) {
            this.inner = inner;
        }

        @Override
        public boolean matches(ItemFacts item) {
            return !inner.matches(item);
        }

        @Override
        public Set<String> indexKeys() {
            return null;
        }
    }
}
