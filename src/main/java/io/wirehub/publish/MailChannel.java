package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.Html;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.jsoup.nodes.Entities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the mails of a mail channel: a per-item alert or a digest of several items, each
 * multipart/alternative (plain text and HTML from a template and sanitized content, with the places
 * and sources), the subject RFC 2047-encoded by jakarta.mail, bodies quoted-printable so no line
 * exceeds RFC 5322's limit, and {@code List-Unsubscribe} + {@code List-Unsubscribe-Post} (RFC 8058).
 * No header value is taken from item text unencoded: CR, LF and other controls are removed before
 * encoding, so a title cannot add a header or a recipient. The message is the body handed to the
 * smtp: producer, which then uses it as is.
 */
public class MailChannel {
    /** Exchange properties the delivery worker sets. */
    public static final String PROP_SUBSCRIBER = "wirehubSubscriber";
    public static final String PROP_CHANNEL = "wirehubChannel";
    public static final String PROP_ENVELOPES = "wirehubEnvelopes";

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Map<String, String[]> LABELS = Map.of(
            "fr", new String[]{"Lieux :", "Sources :", "Lire sur le site", "Vous recevez ce message car vous êtes abonné à wirehub.", "Se désabonner", "articles"},
            "vi", new String[]{"Địa điểm:", "Nguồn:", "Đọc trên trang", "Bạn nhận thư này vì đã đăng ký wirehub.", "Hủy đăng ký", "tin"},
            "en", new String[]{"Places:", "Sources:", "Read on the site", "You receive this because you subscribed to wirehub.", "Unsubscribe", "items"});

    private final String from;
    private final UnsubscribeTokens unsubscribe;
    private final String itemTemplate;
    private final String pageTemplate;

    public MailChannel(String from, UnsubscribeTokens unsubscribe) {
        if (!isValidAddress(from)) {
            throw new IllegalArgumentException("wirehub.mail.from is not a plain address: " + from);
        }
        this.from = from;
        this.unsubscribe = unsubscribe;
        this.itemTemplate = resource("/mail/item.html");
        this.pageTemplate = resource("/mail/page.html");
    }

    private static String resource(String name) {
        try (InputStream in = MailChannel.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain address (no display name, no CR/LF), strictly parsed. */
    public static boolean isValidAddress(String a) {
        if (a == null || a.isBlank() || a.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || a.contains("<") || a.contains(",")) {
            return false;
        }
        try {
            InternetAddress ia = new InternetAddress(a, true);
            ia.validate();
            return ia.getPersonal() == null;
        } catch (AddressException e) {
            return false;
        }
    }

    /** When the next digest of this channel is due, or null for a per-item alert channel. */
    public static Instant nextDigest(SubscriberSpec.Channel ch, Instant now) {
        String mode = ch.mode == null ? "alert" : ch.mode;
        ZoneId zone = ch.timeZone == null ? ZoneOffset.UTC : ZoneId.of(ch.timeZone);
        ZonedDateTime t = now.atZone(zone);
        return switch (mode) {
            case "hourly" -> t.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
            case "daily" -> {
                int hour = ch.hour == null ? 7 : ch.hour;
                ZonedDateTime at = t.toLocalDate().atTime(hour, 0).atZone(zone);
                yield (at.isAfter(t) ? at : t.toLocalDate().plusDays(1).atTime(hour, 0).atZone(zone)).toInstant();
            }
            default -> null;
        };
    }

    /** Route step: builds the message from the exchange properties and makes it the body. */
    @SuppressWarnings("unchecked")
    public void prepare(Exchange ex) throws MessagingException {
        Subscriber s = ex.getProperty(PROP_SUBSCRIBER, Subscriber.class);
        int ch = ex.getProperty(PROP_CHANNEL, Integer.class);
        List<String> envelopes = ex.getProperty(PROP_ENVELOPES, List.class);
        ex.getMessage().setBody(build(s, ch, envelopes));
    }

    /** One alert (one envelope) or a digest (several). */
    public MimeMessage build(Subscriber s, int channel, List<String> envelopes) throws MessagingException {
        SubscriberSpec.Channel ch = s.spec().channels.get(channel);
        List<NinjsItem> items = new ArrayList<>();
        for (String env : envelopes) {
            try {
                JsonNode n = NinjsJson.MAPPER.readTree(env);
                items.add(NinjsJson.MAPPER.treeToValue(n.get("item"), NinjsItem.class));
            } catch (IOException e) {
                throw new IllegalStateException("unreadable envelope: " + e.getMessage(), e);
            }
        }
        boolean digest = !"alert".equals(ch.mode == null ? "alert" : ch.mode) || items.size() > 1;
        String lang = items.isEmpty() || items.get(0).language == null ? "en" : items.get(0).language.split("-")[0];
        String[] l = LABELS.getOrDefault(lang, LABELS.get("en"));
        String unsubUrl = unsubscribe.url(s.id(), channel);

        String subject;
        if (!digest) {
            subject = headerSafe(items.get(0).headline(), 200);
        } else {
            ZoneId zone = ch.timeZone == null ? ZoneOffset.UTC : ZoneId.of(ch.timeZone);
            String name = s.spec().name == null ? s.id() : s.spec().name;
            subject = headerSafe(name + " — " + items.size() + " " + l[5] + " — " + LocalDate.now(zone), 200);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (NinjsItem it : items) {
            appendText(text, it, l);
            html.append(itemHtml(it, l));
        }
        text.append("-- \n").append(l[3]).append('\n').append(l[4]).append(": ").append(unsubUrl).append('\n');
        String page = pageTemplate.replace("{{lang}}", esc(lang)).replace("{{title}}", esc(subject))
                .replace("{{footer}}", esc(l[3])).replace("{{unsubscribeLabel}}", esc(l[4]))
                .replace("{{unsubscribe}}", esc(unsubUrl)).replace("{{items}}", html.toString());

        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress(from));
        for (String to : ch.to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        // jakarta.mail encodes non-ASCII as RFC 2047 encoded words and folds long subjects.
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new java.util.Date());
        m.setHeader("List-Unsubscribe", "<" + unsubUrl + ">");
        m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        m.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text.toString(), "UTF-8", "plain");
        plain.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(page, "UTF-8", "html");
        rich.setHeader("Content-Transfer-Encoding", "quoted-printable");
        alt.addBodyPart(plain);
        alt.addBodyPart(rich);
        m.setContent(alt);
        m.saveChanges();
        return m;
    }

    private void appendText(StringBuilder sb, NinjsItem it, String[] l) {
        sb.append(nz(it.headline())).append('\n');
        String meta = meta(it);
        if (!meta.isEmpty()) {
            sb.append(meta).append('\n');
        }
        sb.append('\n');
        String body = it.bodyText() != null ? it.bodyText() : it.bodyHtml() != null ? Html.toText(it.bodyHtml()) : "";
        sb.append(body).append("\n\n");
        sb.append(l[0]).append(' ').append(String.join(", ", placeNames(it))).append('\n');
        sb.append(l[1]).append(' ').append(String.join(", ", sourceNames(it))).append('\n');
        String web = safeUrl(it.webUrl());
        if (web != null) {
            sb.append(web).append('\n');
        }
        sb.append('\n');
    }

    private String itemHtml(NinjsItem it, String[] l) {
        String body = it.bodyHtml() == null ? null : Html.sanitize(it.bodyHtml(), null);
        if (body == null) {
            StringBuilder b = new StringBuilder();
            String t = it.bodyText() == null ? "" : it.bodyText();
            for (String para : t.split("\n+")) {
                if (!para.isBlank()) {
                    b.append("<p>").append(esc(para.strip())).append("</p>\n");
                }
            }
            body = b.toString();
        }
        String web = safeUrl(it.webUrl());
        return itemTemplate.replace("{{headline}}", esc(nz(it.headline()))).replace("{{meta}}", esc(meta(it)))
                .replace("{{placesLabel}}", esc(l[0])).replace("{{places}}", esc(String.join(", ", placeNames(it))))
                .replace("{{sourcesLabel}}", esc(l[1])).replace("{{sources}}", esc(String.join(", ", sourceNames(it))))
                .replace("{{link}}", web == null ? "" : "<p><a href=\"" + esc(web) + "\">" + esc(l[2]) + "</a></p>")
                .replace("{{body}}", body);
    }

    private static String meta(NinjsItem it) {
        List<String> parts = new ArrayList<>();
        if (it.located != null) {
            parts.add(it.located);
        }
        String when = it.versionCreated != null ? it.versionCreated : it.firstCreated;
        if (when != null) {
            parts.add(when);
        }
        if (it.by != null) {
            parts.add(it.by);
        }
        return String.join(" · ", parts);
    }

    static List<String> placeNames(NinjsItem it) {
        List<String> out = new ArrayList<>();
        for (NinjsItem.Place p : it.places) {
            String n = p.name != null ? p.name : p.literal;
            if (n != null && !out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    static List<String> sourceNames(NinjsItem it) {
        List<String> out = new ArrayList<>();
        for (NinjsItem.Concept c : it.infoSources) {
            if (c.name != null) {
                out.add(c.name);
            }
        }
        return out;
    }

    private static String safeUrl(String u) {
        return u != null && (u.startsWith("https://") || u.startsWith("http://")) && u.chars().noneMatch(c -> c < 0x21) ? u : null;
    }

    /** Controls (CR, LF, TAB, NEL, line/paragraph separators) become spaces; collapsed; capped. */
    public static String headerSafe(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        String r = sb.toString().replaceAll(" {2,}", " ").strip();
        return r.length() <= max ? r : r.substring(0, max - 1) + "…";
    }

    private static String esc(String s) {
        return Entities.escape(s == null ? "" : s);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
