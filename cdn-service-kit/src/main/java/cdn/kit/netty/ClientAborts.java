package cdn.kit.netty;

import java.io.IOException;

/**
 * Tells a client that went away before its answer was written (players abort downloads
 * when they seek or switch renditions, load tools when they stop) from a failure of the
 * service: the first needs no answer and is no error.
 */
public final class ClientAborts {

	/** Reactor Netty's exception for a write on a connection the client closed. */
	private static final String ABORTED_EXCEPTION = "reactor.netty.channel.AbortedException";

	private ClientAborts() {
	}

	/**
	 * Whether the error says the client closed or reset the connection. Narrower than
	 * Reactor Netty's {@code AbortedException.isConnectionReset}, which also takes any
	 * {@link IOException} without a message, e.g. one from a disk.
	 */
	public static boolean clientWentAway(Throwable error) {
		for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
			if (ABORTED_EXCEPTION.equals(type.getName())) {
				return true;
			}
		}
		String message = error.getMessage();
		return error instanceof IOException && message != null
				&& (message.contains("Connection reset by peer") || message.contains("Broken pipe"));
	}

}
