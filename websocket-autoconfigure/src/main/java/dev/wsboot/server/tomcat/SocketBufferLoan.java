package dev.wsboot.server.tomcat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.jspecify.annotations.Nullable;

/**
 * Frees the application read and write buffers that Tomcat keeps with a socket while wsboot owns
 * that socket, and gives Tomcat buffers of the same size back before Tomcat closes it.
 * <p>
 * Once a connection is taken over, Tomcat's buffers are never read or written again, yet Tomcat's
 * channel object holds them for as long as the connection is open: on an idle WebSocket they are
 * most of its heap. Tomcat recycles the channel object, buffers and all, for later connections
 * when the socket is closed while the connector runs, so the buffers must be whole again by then:
 * {@link #giveBack()} runs on every path that closes the socket (the session's close, and
 * Tomcat's release of the upgrade handler). Tomcat has no API to replace the buffers; they are
 * set reflectively, and where that is not possible (another Tomcat version) they stay as they are.
 */
final class SocketBufferLoan {

	private static final Log logger = LogFactory.getLog(SocketBufferLoan.class);

	private static final @Nullable VarHandle READ_BUFFER = field("readBuffer");

	private static final @Nullable VarHandle WRITE_BUFFER = field("writeBuffer");

	// One for every loan: nothing reads or writes the buffers of a socket taken over, and an empty
	// buffer's position and limit stay 0 whoever clears or flips it.
	private static final ByteBuffer NONE = ByteBuffer.allocate(0);

	private final SocketBufferHandler buffers;

	private final int readCapacity;

	private final int writeCapacity;

	private final AtomicBoolean givenBack = new AtomicBoolean();

	private SocketBufferLoan(SocketBufferHandler buffers, int readCapacity, int writeCapacity) {
		this.buffers = buffers;
		this.readCapacity = readCapacity;
		this.writeCapacity = writeCapacity;
	}

	private static @Nullable VarHandle field(String name) {
		try {
			return MethodHandles.privateLookupIn(SocketBufferHandler.class, MethodHandles.lookup())
				.findVarHandle(SocketBufferHandler.class, name, ByteBuffer.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot free Tomcat's socket buffers of taken-over connections", ex);
			return null;
		}
	}

	/**
	 * Take a socket's buffers from Tomcat, leaving empty ones in their place.
	 * @param buffers the socket's buffers, which no Tomcat code uses any more
	 * @return the loan to give back before the socket is closed, or {@code null} if the buffers
	 * stay (they are direct, or cannot be replaced)
	 */
	static @Nullable SocketBufferLoan take(SocketBufferHandler buffers) {
		VarHandle read = READ_BUFFER;
		VarHandle write = WRITE_BUFFER;
		ByteBuffer readBuffer = buffers.getReadBuffer();
		ByteBuffer writeBuffer = buffers.getWriteBuffer();
		if (read == null || write == null || readBuffer.isDirect() || writeBuffer.isDirect()) {
			// Direct buffers are off the heap and freed only by Tomcat's own free().
			return null;
		}
		SocketBufferLoan loan = new SocketBufferLoan(buffers, readBuffer.capacity(), writeBuffer.capacity());
		read.setVolatile(buffers, NONE);
		write.setVolatile(buffers, NONE);
		return loan;
	}

	/**
	 * Give Tomcat buffers of the sizes taken, once; later calls do nothing.
	 */
	void giveBack() {
		VarHandle read = READ_BUFFER;
		VarHandle write = WRITE_BUFFER;
		if (read == null || write == null || !this.givenBack.compareAndSet(false, true)) {
			return;
		}
		read.setVolatile(this.buffers, ByteBuffer.allocate(this.readCapacity));
		write.setVolatile(this.buffers, ByteBuffer.allocate(this.writeCapacity));
		this.buffers.reset();
	}

}
