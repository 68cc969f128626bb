package io.tlsdiag.agent.diagnosis;

/** The incident categories. Their spellings are part of the incident format; never rename one. */
public enum Category {
    CERT_EXPIRED, CERT_NOT_YET_VALID, HOSTNAME_MISMATCH, SELF_SIGNED, UNTRUSTED_ROOT, INCOMPLETE_CHAIN, REVOKED,
    REVOCATION_UNKNOWN, WEAK_ALGORITHM, BAD_KEY_USAGE, NOT_A_CA, NAME_CONSTRAINTS, CUSTOM_TRUST_REJECTED,
    TRUSTSTORE_PROBLEM, PROTOCOL_VERSION_MISMATCH, NO_COMMON_CIPHER, CLIENT_CERT_REQUIRED, CLIENT_CERT_REJECTED,
    PEER_ALERT, NOT_TLS, CONNECTION_CLOSED, HANDSHAKE_TIMEOUT, UNKNOWN,
    /** Not a failure: a certificate of a successful handshake expires within the warning window. */
    CERT_EXPIRING_SOON,
    /** Not a failure: an application trust manager accepted a chain this JVM's trust store rejects. */
    INSECURE_TRUST_MANAGER,
    /** Not a failure: a HostnameVerifier accepted a certificate that does not name the host. */
    INSECURE_HOSTNAME_VERIFIER,
    /** The rejected chain was issued by a CA of a known TLS interception product (diagnosis.interceptor). */
    TLS_INSPECTION,
    /** Another trust source of this machine (diagnosis.alsoTrustedBy) accepts the chain the store in use rejected. */
    TRUST_STORE_MISSING_ROOT,
    /** A JDK limit (jdk.tls.maxCertificateChainLength, jdk.tls.maxHandshakeMessageSize) stopped the handshake. */
    HANDSHAKE_LIMIT_EXCEEDED,
    /** The peer's certificate could not be parsed (diagnosis.parseError). */
    MALFORMED_CERTIFICATE;

    /** Findings are recorded from successful handshakes; everything else is a failed one. */
    public boolean isFinding() {
        return this == CERT_EXPIRING_SOON || this == INSECURE_TRUST_MANAGER || this == INSECURE_HOSTNAME_VERIFIER;
    }
}
