package io.tlsdiag.cli;

/** A failure the command line reports as one clear message and a non-zero exit code. */
final class CliException extends Exception {

    private final int exitCode;

    CliException(String message) {
        this(message, 2);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
