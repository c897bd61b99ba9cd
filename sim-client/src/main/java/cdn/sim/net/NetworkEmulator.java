package cdn.sim.net;

import java.time.Duration;
import java.util.Map;

import cdn.client.net.EmulatedLink;
import cdn.client.net.Network;
import cdn.client.play.SimClock;
import reactor.core.publisher.Mono;

/**
 * Makes loopback transfers take as long as they would between regions: a round trip from
 * a region-pair matrix plus the transfer time on the listener's downlink. All durations
 * are simulated time, converted to wall time by the {@link SimClock}.
 */
public final class NetworkEmulator {

	private final SimClock clock;

	private final Map<String, Duration> rtt;

	private final Duration sameRegionRtt;

	private final Duration defaultRtt;

	/**
	 * @param rtt round trips keyed {@code "a/b"} (either order)
	 */
	public NetworkEmulator(SimClock clock, Map<String, Duration> rtt, Duration sameRegionRtt, Duration defaultRtt) {
		this.clock = clock;
		this.rtt = Map.copyOf(rtt);
		this.sameRegionRtt = sameRegionRtt;
		this.defaultRtt = defaultRtt;
	}

	/** No delays at all: loopback as it is. */
	public static NetworkEmulator none(SimClock clock) {
		return new NetworkEmulator(clock, Map.of(), Duration.ZERO, Duration.ZERO);
	}

	public Duration rtt(String from, String to) {
		if (from == null || to == null || from.equals(to)) {
			return this.sameRegionRtt;
		}
		Duration known = this.rtt.get(from + "/" + to);
		if (known == null) {
			known = this.rtt.get(to + "/" + from);
		}
		return (known != null) ? known : this.defaultRtt;
	}

	/** One listener's view: the shared round trips, its own downlink. */
	public Network forListener(EmulatedLink downlink) {
		return new Network() {
			@Override
			public Duration rtt(String from, String to) {
				return NetworkEmulator.this.rtt(from, to);
			}

			@Override
			public <T> Mono<T> carry(Mono<T> transfer, java.util.function.ToLongFunction<T> size, Duration roundTrip) {
				return shape(transfer, size, roundTrip, downlink);
			}
		};
	}

	/**
	 * The fetch, completing no earlier than one round trip plus the downlink transfer
	 * time of its answer.
	 */
	public <T> Mono<T> shape(Mono<T> fetch, java.util.function.ToLongFunction<T> size, Duration roundTrip,
			EmulatedLink downlink) {
		return Mono.defer(() -> {
			long start = this.clock.wallNanos();
			return fetch.flatMap((answer) -> {
				long now = this.clock.wallNanos();
				long transfer = downlink.reserve(size.applyAsLong(answer), now);
				long target = start + this.clock.toWallNanos(roundTrip.toNanos());
				long wait = Math.max(target - now, 0) + transfer;
				return (wait > 0) ? Mono.delay(Duration.ofNanos(wait)).thenReturn(answer) : Mono.just(answer);
			});
		});
	}

	/** Parses {@code us-east/eu-west=80ms,us-east/ap-south=220ms}. */
	public static Map<String, Duration> parseMatrix(String spec) {
		Map<String, Duration> matrix = new java.util.HashMap<>();
		if (spec == null || spec.isBlank()) {
			return matrix;
		}
		for (String entry : spec.split(",")) {
			String[] pair = entry.strip().split("=");
			if (pair.length != 2 || !pair[0].contains("/") || !pair[1].endsWith("ms")) {
				throw new IllegalArgumentException("RTT entries look like us-east/eu-west=80ms, not '" + entry + "'");
			}
			matrix.put(pair[0].strip(), Duration.ofMillis(Long.parseLong(pair[1].strip().replace("ms", ""))));
		}
		return matrix;
	}

}
