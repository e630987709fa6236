package io.wirehub.normalize;

/**
 * Reads one document format and yields canonical ninjs items. Implementations are registered in
 * {@code META-INF/services/io.wirehub.normalize.FormatParser} and chosen by {@link FormatDetector}.
 */
public interface FormatParser {

    /** The format names this parser handles, as {@link FormatDetector} reports them. */
    java.util.Set<String> formats();

    /**
     * Opens the document and returns its items in document order. Items are produced lazily where
     * the format allows, so a feed of any size is handled in bounded memory.
     *
     * @throws ParseException when the document cannot be read at all; the message names the reason
     */
    ItemReader open(SourceDocument doc, String format) throws ParseException;
}
