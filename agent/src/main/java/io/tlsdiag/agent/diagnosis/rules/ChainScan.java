package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Evidence;

import java.security.cert.X509Certificate;

/**
 * Picks the certificate at fault: the one the PKIX validator blamed when it really has the fault, otherwise the
 * first certificate from the leaf upwards that has it. The fault is always re-checked on the certificate itself.
 */
final class ChainScan {

    interface Test {
        boolean fails(X509Certificate cert, Evidence evidence);
    }

    private ChainScan() {
    }

    static Integer pick(Evidence e, Integer blamed, Test test) {
        X509Certificate[] chain = e.chain();
        if (blamed != null && test.fails(chain[blamed], e)) {
            return blamed;
        }
        for (int i = 0; i < chain.length; i++) {
            if (test.fails(chain[i], e)) {
                return i;
            }
        }
        return null;
    }
}
