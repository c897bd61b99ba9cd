package cdn.kit.netty;

/**
 * The Reactor Netty settings every server of this repository runs with:
 * {@link KeepAliveStallWorkaround} and {@link EventLoops#onePerCore()}. Both are system
 * properties Reactor Netty reads once, so a service's main class calls {@link #apply()}
 * in a static initializer, before any server starts; a value given on the command line
 * wins.
 */
public final class NettyDefaults {

	private NettyDefaults() {
	}

	public static void apply() {
		KeepAliveStallWorkaround.apply();
		EventLoops.onePerCore();
	}

}
