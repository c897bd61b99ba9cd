package cdn.signaling.relay;

import java.util.List;

import cdn.signaling.config.SignalingProperties.RelayOnlyRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which listeners reach each other only through TURN relays
 * ({@code signaling.relay-only[i]}): a listener of a tenant and track that a rule matches
 * is handed {@code iceTransportPolicy: relay} and no STUN server, and what it signals in
 * that track's swarms is cleaned of every address but its relay's
 * ({@link CandidateFilter}), so that no other listener learns where it is.
 */
public final class RelayOnly {

	private static final Logger log = LoggerFactory.getLogger(RelayOnly.class);

	/** The tenant of every listener when tokens are not required. */
	public static final String DEFAULT_TENANT = "default";

	private final List<RelayOnlyRule> rules;

	public RelayOnly(List<RelayOnlyRule> rules) {
		this.rules = List.copyOf(rules);
	}

	/** Logs the rules, and that they cut P2P off where no TURN server is handed out. */
	public RelayOnly describe(boolean turnEnabled) {
		if (!this.rules.isEmpty()) {
			log.info("Relay-only: {}", this.rules);
			if (!turnEnabled) {
				log.warn("Relay-only rules without TURN (signaling.ice.turn-secret, turn-urls): "
						+ "listeners they match cannot connect to each other");
			}
		}
		return this;
	}

	/**
	 * Whether a listener of {@code tenant} playing {@code track} is relay-only; a track
	 * not known ({@code null}) matches only rules for every track.
	 */
	public boolean applies(String tenant, String track) {
		for (RelayOnlyRule rule : this.rules) {
			if (rule.matches(tenant, track)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a listener of {@code tenant} is relay-only in {@code swarm}
	 * (trackId/rendition).
	 */
	public boolean appliesToSwarm(String tenant, String swarm) {
		if (this.rules.isEmpty()) {
			return false;
		}
		int slash = swarm.indexOf('/');
		return applies(tenant, (slash < 0) ? swarm : swarm.substring(0, slash));
	}

}
