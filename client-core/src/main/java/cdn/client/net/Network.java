package cdn.client.net;

import java.time.Duration;
import java.util.function.ToLongFunction;

import reactor.core.publisher.Mono;

/**
 * What a listener knows of the network between itself and others: the round trip between
 * two regions (to prefer a near peer) and how a transfer reaches it. A real client
 * carries transfers as they come; the simulator makes loopback transfers take as long as
 * they would between regions on the listener's own link.
 */
public interface Network {

	/** The round trip between a listener in {@code from} and a host in {@code to}. */
	Duration rtt(String from, String to);

	/**
	 * The transfer, completing when its answer of {@code size} bytes would have reached
	 * this listener over a path with round trip {@code roundTrip}.
	 */
	<T> Mono<T> carry(Mono<T> transfer, ToLongFunction<T> size, Duration roundTrip);

	/** Transfers as they come; every region equally near. */
	static Network direct() {
		return new Network() {
			@Override
			public Duration rtt(String from, String to) {
				return Duration.ZERO;
			}

			@Override
			public <T> Mono<T> carry(Mono<T> transfer, ToLongFunction<T> size, Duration roundTrip) {
				return transfer;
			}
		};
	}

}
