package cdn.origin.ingest;

import cdn.kit.limits.RateLimit;
import cdn.kit.web.AddressRateLimit;
import cdn.kit.web.ClientAddress;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every ingest call ({@code POST /v1/tracks}, {@code GET /v1/ingests/*}), per client
 * address ({@code origin.limits.*}): checked before the {@link IngestController} method
 * runs, so a refused call reads no upload and checks no token. A refusal is the kit's 429
 * with {@code Retry-After}, counted in {@code cdn.origin.rate.limited{scope=address}}.
 * The read paths are not limited (edges fetch them).
 */
@ControllerAdvice(assignableTypes = IngestController.class)
@EnableConfigurationProperties(IngestRateLimit.Limits.class)
class IngestRateLimit {

	private final AddressRateLimit byAddress;

	IngestRateLimit(Limits limits, ClientAddress addresses, MeterRegistry registry) {
		this.byAddress = AddressRateLimit.metered("cdn.origin.rate.limited",
				new RateLimit(limits.ingestRate(), limits.ingestBurst()), limits.trackedKeys(), addresses, registry);
	}

	@ModelAttribute
	void limit(ServerHttpRequest request) {
		this.byAddress.check(request);
	}

	/**
	 * @param ingestRate ingest calls per second from one client address, on average (0:
	 * no limit)
	 * @param ingestBurst ingest calls from one address at once
	 * @param trackedKeys client addresses whose rate is kept at once
	 */
	@ConfigurationProperties("origin.limits")
	record Limits(@DefaultValue("2") double ingestRate, @DefaultValue("30") int ingestBurst,
			@DefaultValue("10000") int trackedKeys) {

		Limits {
			if (!Double.isFinite(ingestRate) || ingestRate < 0 || (ingestRate > 0 && ingestBurst < 1)
					|| trackedKeys < 1) {
				throw new IllegalArgumentException("origin.limits.ingest-rate must be >= 0 (0: off), ingest-burst at "
						+ "least 1 when on, tracked-keys positive");
			}
		}

	}

}
