package io.wirehub.camel;

import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.ParseException;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import java.util.List;

/**
 * The bean of the {@code wirehub-normalize-action} Kamelet: the body, a document in any format the
 * hub reads (RSS, Atom, JSON Feed, NewsML-G2, NewsML 1.2, NITF, ninjs, wire copy; as bytes, String,
 * InputStream or file), becomes a {@code java.util.List<String>} of ninjs items as JSON, in
 * document order, ready for a {@code split}. An unreadable document is an error (ParseException).
 */
public class NormalizeAction {
    private String sourceId = "kamelet";
    private String agency;
    private String language;
    private String format = "auto";

    /** Names the document in errors and in each item's {@code feed} alt id. */
    public void setSourceId(String sourceId) {
        this.sourceId = blankToNull(sourceId) == null ? "kamelet" : sourceId.strip();
    }

    /** The agency credited when the document names none (AFP, VNA...). */
    public void setAgency(String agency) {
        this.agency = blankToNull(agency);
    }

    /** The language used when the document declares none (else it is detected). */
    public void setLanguage(String language) {
        this.language = blankToNull(language);
    }

    /** A forced format name, or {@code auto} to detect it from the content. */
    public void setFormat(String format) {
        this.format = blankToNull(format) == null ? "auto" : format.strip();
    }

    /** Route step: document in, list of ninjs JSON items out. */
    public List<String> normalize(Exchange ex) throws InvalidPayloadException, ParseException {
        byte[] bytes = ex.getMessage().getMandatoryBody(byte[].class);
        String ct = ex.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        SourceDocument doc = SourceDocument.ofBytes(sourceId, bytes, ct, new FeedContext(sourceId, agency, language, null, format));
        return NinjsBodies.items(doc).stream().map(NinjsBodies::json).toList();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
