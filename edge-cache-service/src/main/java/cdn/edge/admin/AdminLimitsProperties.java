package cdn.edge.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often one client address may call the admin API ({@code edge.limits.*}); the
 * content read paths are never limited. Documented in
 * {@code edge-cache-service/README.md}.
 *
 * @param adminRate admin calls per second from one client address, on average (0: no
 * limit)
 * @param adminBurst admin calls from one address at once
 * @param trackedKeys client addresses whose rate is kept at once (the least used are
 * forgotten beyond it)
 */
@ConfigurationProperties("edge.limits")
public record AdminLimitsProperties(@DefaultValue("10") double adminRate, @DefaultValue("100") int adminBurst,
		@DefaultValue("10000") int trackedKeys) {

	public AdminLimitsProperties {
		if (!Double.isFinite(adminRate) || adminRate < 0 || (adminRate > 0 && adminBurst < 1) || trackedKeys < 1) {
			throw new IllegalArgumentException("edge.limits.admin-rate must be >= 0 (0: off), admin-burst at least 1 "
					+ "when on, tracked-keys positive");
		}
	}

}
