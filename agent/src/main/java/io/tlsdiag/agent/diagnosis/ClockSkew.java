package io.tlsdiag.agent.diagnosis;

/**
 * When a validity failure looks like this host's clock rather than the certificate. A certificate issued minutes or
 * hours ago is "not yet valid" on a host whose clock is behind; CAs backdate notBefore by at most about an hour, so a
 * gap under a day is the typical skew. A certificate that "expired" only minutes ago on a host whose clock is ahead
 * looks the same as one that really lapsed, so that wording is kept to a narrow window: an hour.
 */
public final class ClockSkew {

    /** A certificate that becomes valid within this many seconds may be fine with a wrong local clock. */
    public static final long NOT_YET_VALID_SECONDS = 24L * 60 * 60;
    /** A certificate that expired at most this many seconds ago may be fine with a wrong local clock. */
    public static final long EXPIRED_SECONDS = 60L * 60;

    private ClockSkew() {
    }

    public static boolean suspectedNotYetValid(long secondsOutsideValidity) {
        return secondsOutsideValidity >= 0 && secondsOutsideValidity < NOT_YET_VALID_SECONDS;
    }

    public static boolean suspectedExpired(long secondsOutsideValidity) {
        return secondsOutsideValidity >= 0 && secondsOutsideValidity < EXPIRED_SECONDS;
    }
}
