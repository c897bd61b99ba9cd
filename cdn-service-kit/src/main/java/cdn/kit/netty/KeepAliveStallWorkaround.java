package cdn.kit.netty;

/**
 * Every HTTP server of this repository runs on Reactor Netty, whose 1.3.7 (the version
 * Spring Boot 4.1.1 brings) can leave a keep-alive connection unread after buffering a
 * request that arrived before the previous response's operations terminated: the request
 * is never answered (reactor/reactor-netty#4361, #4347; measured here: 16–22 stalls in
 * 1,500 sequential keep-alive requests). With {@value #PROPERTY} the previous operations
 * terminate when the response is flushed, so the next request is dispatched at once.
 * Reactor Netty reads the property once, when its HTTP server handler class loads, so
 * entry points call {@link #apply()} before any server starts. Remove once Spring Boot
 * brings a fixed Reactor Netty.
 */
public final class KeepAliveStallWorkaround {

	public static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

	private KeepAliveStallWorkaround() {
	}

	/** Sets the property unless the command line already did. */
	public static void apply() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

}
