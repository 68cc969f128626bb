package io.tlsdiag.agent.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;

/** The keyUsage bits by their RFC 5280 names. */
final class KeyUsageNames {

    private static final String[] NAMES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    private KeyUsageNames() {
    }

    static List<String> of(boolean[] bits) {
        if (bits == null) {
            return null;
        }
        List<String> out = new ArrayList<String>();
        for (int i = 0; i < bits.length && i < NAMES.length; i++) {
            if (bits[i]) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }
}
