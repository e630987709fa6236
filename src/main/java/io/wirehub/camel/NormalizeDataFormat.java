package io.wirehub.camel;

import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.spi.annotations.Dataformat;
import org.apache.camel.support.service.ServiceSupport;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * wirehub's normalizer as the Camel data format {@code ninjs-normalize}: {@code unmarshal} reads a
 * document in any format the hub reads and gives a {@code java.util.List<NinjsItem>};
 * {@code marshal} writes a {@link NinjsItem}, a list of them, or anything the hub's mapper can
 * write, as ninjs JSON (UTF-8), exactly as the hub does.
 *
 * <p>From YAML: {@code unmarshal: { custom: { ref: ninjs-normalize } }}. Camel finds it by that
 * name in the registry first, else through
 * {@code META-INF/services/org/apache/camel/dataformat/ninjs-normalize} (a new instance with the
 * defaults: source id {@code dataformat}, no agency or language hint); bind a configured instance
 * under another name to set those.
 */
@Dataformat(NormalizeDataFormat.NAME)
public class NormalizeDataFormat extends ServiceSupport implements DataFormat, DataFormatName {
    public static final String NAME = "ninjs-normalize";

    private String sourceId = "dataformat";
    private String agency;
    private String language;

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    public void setSourceId(String sourceId) {
        this.sourceId = sourceId;
    }

    public void setAgency(String agency) {
        this.agency = NormalizeAction.blankToNull(agency);
    }

    public void setLanguage(String language) {
        this.language = NormalizeAction.blankToNull(language);
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        NinjsJson.MAPPER.writeValue(stream, graph);
    }

    @Override
    public List<NinjsItem> unmarshal(Exchange exchange, InputStream stream) throws Exception {
        byte[] bytes = stream.readAllBytes();
        String ct = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, sourceId, String.class);
        return NinjsBodies.items(SourceDocument.ofBytes(name, bytes, ct, new FeedContext(sourceId, agency, language, null, null)));
    }
}
