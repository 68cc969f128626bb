package io.tlsdiag.cli;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;

/**
 * The probe's child JVM (started by {@link ProbeCommand} with the agent attached): one handshake, verified the way
 * an HTTPS client verifies (endpoint identification on, SNI from the host name), with this JVM's trust settings.
 */
public final class ProbeTarget {

    /** The last argument when the parent sends secret properties on stdin. */
    static final String SECRETS_ON_STDIN = "--secrets-on-stdin";

    private ProbeTarget() {
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        if (args.length > 2 && args[2].equals(SECRETS_ON_STDIN)) {
            readSecrets();
        }
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10000);
            socket.setSoTimeout(10000);
            SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, port, false);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(p);
            tls.startHandshake();
            System.out.println("OK " + tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite() + " "
                    + tls.getSession().getPeerPrincipal().getName());
            tls.close();
        } catch (Exception e) {
            System.out.println("FAILED " + e);
            System.exit(1);
        }
    }

    /**
     * Sets the properties the parent kept off the command line (passwords). This runs before anything here touches
     * a TLS class, and the agent initialises none at startup, so JSSE reads its default trust and key stores with
     * these values.
     */
    private static void readSecrets() throws IOException {
        Properties secrets = new Properties();
        secrets.load(System.in);
        for (String key : secrets.stringPropertyNames()) {
            System.setProperty(key, secrets.getProperty(key));
        }
    }
}
