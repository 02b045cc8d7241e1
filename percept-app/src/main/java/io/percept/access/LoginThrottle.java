package io.percept.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing at the login form. Failures are counted per user name and per remote
 * address: after {@link #USER_FAILURES} failures in a row for a name (or {@link #ADDRESS_FAILURES}
 * from one address, whatever the names) further attempts are refused — even with the right password —
 * for one minute, doubling with each further failure up to {@link #LONGEST}. A success clears the
 * name's and the address's count. In memory: a restart forgets (the audit keeps every failure).
 * OWASP's authentication cheat sheet recommends such a growing delay over a permanent lock, which
 * would let anyone lock a known user out.
 */
public final class LoginThrottle {

    public static final int USER_FAILURES = 5;
    public static final int ADDRESS_FAILURES = 20;
    public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    public static final Duration LONGEST = Duration.ofMinutes(15);
    /** Failures older than this (since the last one) are forgotten. */
    static final Duration FORGET = Duration.ofHours(1);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long attempts for {@code username} from {@code address} are still refused; empty when they may try. */
    public Optional<Duration> locked(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(userKey(username), now), lockedUntil(addressKey(address), now));
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Counts a failed attempt. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            forgetOld(now);
        }
        count(userKey(username), USER_FAILURES, now);
        count(addressKey(address), ADDRESS_FAILURES, now);
    }

    /** A successful login: the name and the address start afresh. */
    public void succeeded(String username, String address) {
        failures.remove(userKey(username));
        failures.remove(addressKey(address));
    }

    private void count(String key, int allowed, Instant now) {
        failures.compute(key, (k, before) -> {
            int count = before == null || before.last().isBefore(now.minus(FORGET)) ? 1 : before.count() + 1;
            Instant until = null;
            if (count >= allowed) {
                int doublings = Math.min(count - allowed, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                until = now.plus(lock.compareTo(LONGEST) > 0 ? LONGEST : lock);
            }
            return new Failures(count, now, until);
        });
    }

    private Instant lockedUntil(String key, Instant now) {
        Failures entry = failures.get(key);
        return entry == null || entry.lockedUntil() == null || !entry.lockedUntil().isAfter(now) ? null : entry.lockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private void forgetOld(Instant now) {
        for (Iterator<Failures> it = failures.values().iterator(); it.hasNext();) {
            if (it.next().last().isBefore(now.minus(FORGET))) {
                it.remove();
            }
        }
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
