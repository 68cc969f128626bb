package io.tlsdiag.agent.diagnosis;

import java.security.PublicKey;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/** A public key's size in bits, for every key type the JDK ships (null when unknown). */
public final class KeySizes {

    private KeySizes() {
    }

    public static Integer bits(PublicKey key) {
        if (key instanceof RSAKey) {
            return ((RSAKey) key).getModulus().bitLength();
        }
        if (key instanceof ECKey) {
            return ((ECKey) key).getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAKey) {
            return ((DSAKey) key).getParams().getP().bitLength();
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "X25519".equals(key.getAlgorithm())) {
            return 255;
        }
        if ("Ed448".equals(key.getAlgorithm()) || "X448".equals(key.getAlgorithm())) {
            return 448;
        }
        return null;
    }
}
