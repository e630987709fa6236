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
 * allowed in config. It sits in the HTTP client's DNS resolution, so it checks the address actually
 * connected to, on every redirect hop and for every outbound http: producer (feeds and webhooks),
 * and a name that resolves to a private address (DNS rebinding) is refused as well.
 */
public final class PrivateAddressGuard implements DnsResolver {
    private final boolean allowAll;
    private final Set<String> allowedHosts = ConcurrentHashMap.newKeySet();

    /**
     * @param allowAll     true to allow every address (wirehub.fetch.allow-private=true)
     * @param allowedHosts hosts (names or literal addresses) allowed even when private
     */
    public PrivateAddressGuard(boolean allowAll, Set<String> allowedHosts) {
        this.allowAll = allowAll;
        for (String h : allowedHosts) {
            allowHost(h);
        }
    }

    /** Allows one more host (a feed or subscriber configured with allowPrivate). */
    public void allowHost(String host) {
        if (host != null && !host.isBlank()) {
            allowedHosts.add(host.strip().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        if (allowAll || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return all;
        }
        for (InetAddress a : all) {
            if (!isPublic(a)) {
                throw new UnknownHostException("refused: " + host + " resolves to non-public address "
                        + a.getHostAddress() + " (allow it with wirehub.fetch.allowed-hosts)");
            }
        }
        return all;
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
