package io.wirehub.normalize;

import javax.xml.stream.XMLStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * IPTC NITF 3.x: {@code head/docdata} (doc-id, urgency, dates, copyright, du-key version,
 * management status), {@code head/tobject} subjects, {@code body.head} (hedline, byline, dateline,
 * abstract) and {@code body.content} as sanitized HTML. A DOCTYPE line is tolerated and never loaded.
 */
public final class NitfParser implements FormatParser {

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.NITF);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        List<String> warnings = new ArrayList<>();
        String label = "NITF document " + doc.name();
        try (AgencyXml.Opened in = AgencyXml.open(doc, label, warnings)) {
            return read(in, doc, label, warnings);
        }
    }

    private static ItemReader read(AgencyXml.Opened in, SourceDocument doc, String label, List<String> warnings) throws ParseException {
        try {
            if (!in.nextStart() || !"nitf".equals(in.reader.getLocalName())) {
                throw new ParseException(label + " has no <nitf> root element");
            }
            AgencyNode nitf = in.readNode();
            NinjsItem item = new NinjsItem();
            item.type = "text";
            Agency.applyNitf(nitf, item, new Qcodes());
            String guid = item.altId("guid");
            item.uri = ItemIds.uri(doc.context() == null ? null : doc.context().feedId(), guid, null);
            if (item.headline() == null && !Agency.hasBody(item)) {
                throw new ParseException(label + " has neither a headline nor a body");
            }
            return ItemReader.of(List.of(item), warnings);
        } catch (XMLStreamException e) {
            throw new ParseException(in.describe(e), e);
        }
    }
}
