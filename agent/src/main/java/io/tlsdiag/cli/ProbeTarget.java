package io.tlsdiag.cli;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The probe's child JVM (started by {@link ProbeCommand} with the agent attached): one handshake, verified the way
 * an HTTPS client verifies (endpoint identification on, SNI from the host name), with this JVM's trust settings.
 */
public final class ProbeTarget {

    private ProbeTarget() {
    }

    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
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
}
