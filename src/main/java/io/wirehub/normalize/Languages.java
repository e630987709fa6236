package io.wirehub.normalize;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Language of an item: declared (xml:lang, the feed, the config hint) first, else detected from
 * the text with the Optimaize n-gram detector. Only a confident guess is used.
 */
public final class Languages {
    private static final int MAX_SAMPLE = 2000;
    private static volatile LanguageDetector detector;
    private static final TextObjectFactory TEXT = CommonTextObjectFactories.forDetectingOnLargeText();

    private Languages() {
    }

    /** A BCP 47 tag normalized the usual way ("fr-FR" stays, "EN_us" becomes "en-US"); null for blank. */
    public static String normalizeTag(String tag) {
        String t = Text.trimToNull(tag);
        if (t == null) {
            return null;
        }
        Locale l = Locale.forLanguageTag(t.replace('_', '-'));
        String out = l.toLanguageTag();
        return out.isEmpty() || "und".equals(out) ? null : out;
    }

    /** The detected language (ISO 639-1) of the text, or null when the detector is not confident. */
    public static String detect(String text) {
        if (text == null || text.length() < 20) {
            return null;
        }
        String sample = text.length() > MAX_SAMPLE ? text.substring(0, MAX_SAMPLE) : text;
        List<DetectedLanguage> probs = detector().getProbabilities(TEXT.forText(sample));
        if (probs.isEmpty() || probs.get(0).getProbability() < 0.80) {
            return null;
        }
        return probs.get(0).getLocale().getLanguage();
    }

    private static LanguageDetector detector() {
        LanguageDetector d = detector;
        if (d == null) {
            synchronized (Languages.class) {
                if (detector == null) {
                    try {
                        detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                                .withProfiles(new LanguageProfileReader().readAllBuiltIn()).build();
                    } catch (IOException e) {
                        throw new UncheckedIOException("language profiles missing from the classpath", e);
                    }
                }
                d = detector;
            }
        }
        return d;
    }
}
