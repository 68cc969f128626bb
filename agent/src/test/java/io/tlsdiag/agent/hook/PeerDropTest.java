package io.tlsdiag.agent.hook;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerDropTest {

    @Test
    void aResetOrBrokenPipeIsThePeerDroppingTheConnection() {
        assertTrue(PeerDrop.isPeerDrop(new SocketException("Connection reset")));
        assertTrue(PeerDrop.isPeerDrop(new SocketException("Connection reset by peer")));
        assertTrue(PeerDrop.isPeerDrop(new SocketException("Broken pipe")));
        assertTrue(PeerDrop.isPeerDrop(new IOException("Connection reset by peer")));
        assertTrue(PeerDrop.isPeerDrop(new IOException("Broken pipe")));
    }

    @Test
    void thisJvmClosingTheSocketOrACleanEndIsNot() {
        assertFalse(PeerDrop.isPeerDrop(new SocketException("Socket closed")));
        assertFalse(PeerDrop.isPeerDrop(new SocketException("Socket is closed")));
        assertFalse(PeerDrop.isPeerDrop(new ClosedChannelException()));
        assertFalse(PeerDrop.isPeerDrop(new EOFException("EOF reached while reading")));
        assertFalse(PeerDrop.isPeerDrop(new IOException("BUFFER_UNDERFLOW with EOF")));
        assertFalse(PeerDrop.isPeerDrop(new SSLException("Connection reset")));
        assertFalse(PeerDrop.isPeerDrop(null));
    }
}
