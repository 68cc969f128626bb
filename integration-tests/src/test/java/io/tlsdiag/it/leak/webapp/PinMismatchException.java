package io.tlsdiag.it.leak.webapp;

import java.security.cert.CertificateException;

/** The application's own exception type: its class, too, belongs to the application's loader. */
final class PinMismatchException extends CertificateException {

    PinMismatchException(String message) {
        super(message);
    }
}
