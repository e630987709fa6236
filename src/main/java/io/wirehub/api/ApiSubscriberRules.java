package io.wirehub.api;

import io.wirehub.ingest.PrivateAddressGuard;
import io.wirehub.publish.SubscriberSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a subscriber sent through the admin API may do, beyond {@link SubscriberSpec#validate()}
 * (which also applies to {@code subscribers.yaml}). The API is reachable with a token, so it may
 * not make the hub reach or write where only the operator's own configuration may:
 * <ul>
 *   <li>a webhook goes to a public address only (the private-address guard's rule), unless its host
 *       is in {@code wirehub.fetch.allowed-hosts} or {@code wirehub.fetch.allow-private=true};
 *       {@code allowPrivate} and user-info in the URL are refused;</li>
 *   <li>a file channel's {@code dir} is a relative folder under {@code wirehub.delivery.files-root}.
 *       The resolved absolute folder is what gets stored (so a restart, or a later change of the
 *       root, keeps writing to the folder that was checked); the API shows it relative again.</li>
 * </ul>
 */
public final class ApiSubscriberRules {
    private final boolean allowPrivate;
    private final Set<String> allowedHosts;
    private final Path filesRoot;

    /**
     * @param allowPrivate wirehub.fetch.allow-private: every address allowed
     * @param allowedHosts wirehub.fetch.allowed-hosts (names or literal addresses)
     * @param filesRoot    wirehub.delivery.files-root, the folder API file channels write under
     */
    public ApiSubscriberRules(boolean allowPrivate, Set<String> allowedHosts, Path filesRoot) {
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts.stream().map(ApiSubscriberRules::bare).collect(Collectors.toUnmodifiableSet());
        this.filesRoot = filesRoot.toAbsolutePath().normalize();
    }

    /** The folder API file channels write under (absolute). */
    public Path filesRoot() {
        return filesRoot;
    }

    /**
     * The problems of {@code spec} as sent through the API, each naming its channel; empty when
     * allowed. File channels without a problem get their {@code dir} replaced by the resolved
     * absolute folder (what is stored and written to).
     */
    public List<String> check(SubscriberSpec spec) {
        List<String> errs = new ArrayList<>();
        if (spec.channels == null) {
            return errs;
        }
        for (int i = 0; i < spec.channels.size(); i++) {
            SubscriberSpec.Channel c = spec.channels.get(i);
            String at = "channels[" + i + "]";
            if (c == null || c.type == null) {
                continue; // validate() names it
            }
            if (Boolean.TRUE.equals(c.allowPrivate)) {
                errs.add(at + ".allowPrivate: allowPrivate can only be set in subscribers.yaml");
            }
            if ("webhook".equals(c.type) && c.url != null) {
                String p = webhookProblem(c.url);
                if (p != null) {
                    errs.add(at + ".url: " + p);
                }
            } else if ("file".equals(c.type) && c.dir != null && !c.dir.isBlank()) {
                try {
                    c.dir = fileDir(c.dir).toString();
                } catch (IllegalArgumentException e) {
                    errs.add(at + ".dir: " + e.getMessage());
                }
            }
        }
        return errs;
    }

    /** A stored file folder as the API shows it: relative to the files root when under it. */
    public String shownDir(String stored) {
        try {
            Path p = Path.of(stored);
            if (p.isAbsolute() && p.startsWith(filesRoot) && !p.equals(filesRoot)) {
                return filesRoot.relativize(p).toString();
            }
            Path real = realRoot();
            if (p.isAbsolute() && p.startsWith(real) && !p.equals(real)) {
                return real.relativize(p).toString();
            }
        } catch (InvalidPathException | IOException e) {
            // shown as stored
        }
        return stored;
    }

    private String webhookProblem(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getMessage();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "scheme " + (scheme.isEmpty() ? "missing" : scheme) + ": only http and https";
        }
        if (u.getRawUserInfo() != null) {
            return "user-info (user:password@) is not allowed in a webhook URL; the hub signs its requests instead";
        }
        String host = u.getHost();
        if (host == null) {
            return null; // validate() names it ("no host")
        }
        if (allowPrivate || allowedHosts.contains(bare(host))) {
            return null;
        }
        // Decision: refuse a literal non-public address, or a name that resolves to one now. A name
        // that does not resolve is accepted: DNS may be down (or absent in tests and CI) when the
        // subscriber is made, and the private-address guard checks the address again at every
        // delivery, so a name pointed at a private address later is still refused there.
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare(host));
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress a : addresses) {
            if (!PrivateAddressGuard.isPublic(a)) {
                boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
                return "host " + host + (literal ? " is" : " resolves to") + " the non-public address " + a.getHostAddress()
                        + " (loopback, private, link-local, CGNAT, unique-local or reserved); webhooks made through the API"
                        + " go to public addresses only, unless the host is in wirehub.fetch.allowed-hosts";
            }
        }
        return null;
    }

    /**
     * The absolute folder of an API file channel's {@code dir}: relative, no {@code ..}, strictly
     * inside the files root also once symbolic links of existing folders are followed.
     */
    Path fileDir(String dir) {
        Path rel;
        try {
            rel = Path.of(dir);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getMessage());
        }
        if (rel.isAbsolute() || dir.startsWith("/") || dir.startsWith("\\") || rel.getRoot() != null) {
            throw new IllegalArgumentException("an absolute path is refused: give a folder relative to "
                    + "wirehub.delivery.files-root (subscribers.yaml may name any folder)");
        }
        for (Path seg : rel) {
            if (seg.toString().equals("..")) {
                throw new IllegalArgumentException("'..' is refused: give a folder inside wirehub.delivery.files-root");
            }
        }
        Path target = filesRoot.resolve(rel).normalize();
        if (!target.startsWith(filesRoot) || target.equals(filesRoot)) {
            throw new IllegalArgumentException("must name a folder inside wirehub.delivery.files-root");
        }
        // A symbolic link inside the root (made by someone with shell access) must not lead out of it.
        try {
            Path real = realPath(target);
            Path root = realRoot();
            if (!real.startsWith(root) || real.equals(root)) {
                throw new IllegalArgumentException("leads out of wirehub.delivery.files-root through a symbolic link");
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot check the folder: " + e.getMessage());
        }
    }

    private Path realRoot() throws IOException {
        return realPath(filesRoot);
    }

    /** The real path of the nearest existing ancestor, with the missing segments appended. */
    private static Path realPath(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    }

    /** A host as compared: lower case, no IPv6 brackets. */
    private static String bare(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
