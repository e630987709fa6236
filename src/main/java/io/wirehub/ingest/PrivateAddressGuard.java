package io.wirehub.ingest;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses connections to loopback, private, link-local and other non-public addresses unless
 * allowed. It sits in the HTTP client's DNS resolution, so it checks the address actually
 * connected to, on every redirect hop and for every outbound http: producer (feeds and webhooks),
 * and a name that resolves to a private address (DNS rebinding) is refused as well.
 *
 * <p>Two kinds of allowance: the global one of the settings ({@code wirehub.fetch.allow-private},
 * {@code wirehub.fetch.allowed-hosts}), and the one a feed or subscriber declared for its own
 * host ({@code allowPrivate}), which holds only while that feed's or subscriber's own request runs
 * ({@link #allowing}, set by {@link OutboundHttp}); it never widens what the others may reach.
 */
public final class PrivateAddressGuard implements DnsResolver {
    /** Hosts the request running on this thread may reach although private (its owner's allowance). */
    private static final ThreadLocal<Set<String>> REQUEST_ALLOWANCE = new ThreadLocal<>();

    private final boolean allowAll;
    private final Set<String> allowedHosts = ConcurrentHashMap.newKeySet();

    /**
     * @param allowAll     true to allow every address (wirehub.fetch.allow-private=true)
     * @param allowedHosts hosts (names or literal addresses) allowed even when private
     */
    public PrivateAddressGuard(boolean allowAll, Set<String> allowedHosts) {
        this.allowAll = allowAll;
        for (String h : allowedHosts) {
            if (h != null && !h.isBlank()) {
                this.allowedHosts.add(normalize(h));
            }
        }
    }

    /** True when the settings let every request reach {@code host} although it may be private. */
    public boolean allowedGlobally(String host) {
        return allowAll || host != null && allowedHosts.contains(normalize(host));
    }

    /**
     * Runs one request with its owner's allowance: {@code hosts} may be reached on non-public
     * addresses by what {@code call} resolves on this thread, and by nothing else.
     */
    public static <T> T allowing(Set<String> hosts, IoCall<T> call) throws java.io.IOException, org.apache.hc.core5.http.HttpException {
        Set<String> before = REQUEST_ALLOWANCE.get();
        REQUEST_ALLOWANCE.set(hosts.isEmpty() ? null : hosts.stream().map(PrivateAddressGuard::normalize)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        try {
            return call.call();
        } finally {
            if (before == null) {
                REQUEST_ALLOWANCE.remove();
            } else {
                REQUEST_ALLOWANCE.set(before);
            }
        }
    }

    /** A request run under an allowance. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws java.io.IOException, org.apache.hc.core5.http.HttpException;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        Set<String> owner = REQUEST_ALLOWANCE.get();
        if (allowedGlobally(host) || owner != null && owner.contains(normalize(host))) {
            return all;
        }
        for (InetAddress a : all) {
            if (!isPublic(a)) {
                throw new UnknownHostException("refused: " + host + " resolves to non-public address "
                        + a.getHostAddress() + " (allow it with allowPrivate on this feed or subscriber in its config file"
                        + " or allowPrivate=true on the Kamelet, or for all with wirehub.fetch.allowed-hosts)");
            }
        }
        return all;
    }

    /** Host names compare without case and IPv6 literals with or without brackets. */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    /** True for a globally routable unicast address. */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            return !(b0 == 0 || b0 == 100 && b1 >= 64 && b1 <= 127 // carrier-grade NAT
                    || b0 == 192 && b1 == 0 && (b[2] & 0xFF) == 0 // IETF protocol assignments
                    || b0 == 198 && (b1 == 18 || b1 == 19) // benchmarking
                    || b0 >= 240); // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xFF;
            if ((b0 & 0xFE) == 0xFC) { // unique local fc00::/7
                return false;
            }
            // IPv4-mapped ::ffff:a.b.c.d: judge the IPv4 address
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
