package cdn.signaling.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cdn.kit.rules.RulePattern;
import cdn.kit.security.Secret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the signaling service, bindable from the environment
 * ({@code SIGNALING_MAX_FRAME_SIZE}, {@code SIGNALING_TURN_SECRET}, ...). Documented with
 * defaults in {@code signaling-service/README.md}.
 *
 * @param maxFrameSize largest frame relayed; a larger one is refused with an error frame
 * (frames over 64 KB close the connection)
 * @param messagesPerSecond frames a connection may send per second, on average
 * @param messageBurst frames a connection may send at once
 * @param maxSwarmsPerConnection swarms one connection may be a member of
 * @param maxMembersPerSwarm members of one swarm (on this replica)
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param ice the ICE servers handed to clients
 * @param store {@code memory} (one replica) or {@code redis} (members of every replica
 * reached through Redis)
 * @param redis the Redis of {@code store=redis}
 * @param tokens the listener tokens a join and {@code /v1/ice-servers} require
 * @param relayOnly the tenants and tracks whose listeners reach each other only through
 * TURN relays (none: every listener may use direct paths)
 */
@ConfigurationProperties("signaling")
public record SignalingProperties(@DefaultValue("16KB") DataSize maxFrameSize,
		@DefaultValue("20") int messagesPerSecond, @DefaultValue("60") int messageBurst,
		@DefaultValue("8") int maxSwarmsPerConnection, @DefaultValue("500") int maxMembersPerSwarm,
		@DefaultValue("120s") Duration idleTimeout, @DefaultValue Ice ice, @DefaultValue("memory") String store,
		@DefaultValue Redis redis, @DefaultValue Tokens tokens, @DefaultValue List<RelayOnlyRule> relayOnly) {

	public SignalingProperties {
		if (maxFrameSize.toBytes() < 1024 || maxFrameSize.toBytes() > 60 * 1024) {
			throw new IllegalArgumentException("signaling.max-frame-size must be between 1KB and 60KB");
		}
		if (messagesPerSecond < 1 || messageBurst < messagesPerSecond) {
			throw new IllegalArgumentException(
					"signaling.messages-per-second must be at least 1 and signaling.message-burst at least that");
		}
		if (!store.equals("memory") && !store.equals("redis")) {
			throw new IllegalArgumentException("signaling.store must be memory or redis");
		}
		if (maxSwarmsPerConnection < 1 || maxMembersPerSwarm < 2) {
			throw new IllegalArgumentException(
					"signaling.max-swarms-per-connection must be at least 1, signaling.max-members-per-swarm at least 2");
		}
		relayOnly = List.copyOf(relayOnly);
	}

	/**
	 * @param stunUrls STUN servers ({@code stun:host:port})
	 * @param turnUrls TURN servers ({@code turn:host:port?transport=udp}); none: no TURN
	 * @param turnSecret the secret shared with coturn ({@code use-auth-secret},
	 * {@code static-auth-secret}); empty: no TURN credentials handed out
	 * @param turnSecretFile a file holding the TURN secret instead (a mounted secret)
	 * @param turnTtl how long TURN credentials stay valid, at most 24 h
	 */
	public record Ice(@DefaultValue("stun:127.0.0.1:3478") List<String> stunUrls, @DefaultValue( {
			"turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp" }) List<String> turnUrls,
			@DefaultValue("") Secret turnSecret, Path turnSecretFile, @DefaultValue("1h") Duration turnTtl){

		public Ice {
			turnSecret = Secret.literalOrFile(turnSecret, turnSecretFile, "signaling.ice.turn-secret");
			if (turnTtl.isNegative() || turnTtl.isZero() || turnTtl.compareTo(Duration.ofHours(24)) > 0) {
				throw new IllegalArgumentException("signaling.ice.turn-ttl must be more than 0 and at most 24h");
			}
		}

		public boolean turnEnabled() {
			return !this.turnSecret.isEmpty() && !this.turnUrls.isEmpty();
		}

		@Override
		public String toString() {
			// never print the secret
			return "Ice[stunUrls=" + this.stunUrls + ", turnUrls=" + this.turnUrls + ", turnSecret=" + this.turnSecret
					+ ", turnTtl=" + this.turnTtl + "]";
		}

	}

	/**
	 * @param url {@code redis://host:port} (credentials and database in the URL)
	 * @param keyPrefix prefix of every key and channel, so several deployments can share
	 * one Redis
	 * @param timeout a Redis command that takes longer fails (the frame is refused as
	 * {@code unavailable})
	 */
	public record Redis(@DefaultValue("redis://localhost:6379") String url, @DefaultValue("sig:") String keyPrefix,
			@DefaultValue("2s") Duration timeout) {

		@Override
		public String toString() {
			// the URL may carry a password
			return "Redis[url=" + this.url.replaceAll("//[^@/]*@", "//******@") + ", keyPrefix=" + this.keyPrefix
					+ ", timeout=" + this.timeout + "]";
		}

	}

	/**
	 * Listener tokens ({@code cdn.kit.security}): with a keys directory a connection's
	 * first join carries {@code "token"}, a token the router issued for that peer id
	 * (audience {@code signaling}), and {@code /v1/ice-servers} needs it as
	 * {@code Authorization: Bearer} for the peer it names.
	 *
	 * @param keysDir the routers' public keys ({@code <kid>.pub.pem}, at most two);
	 * empty: no token asked for
	 * @param clockSkew how far the router's clock and this one may disagree
	 * @param cacheSize verified tokens kept, so that each is checked once
	 */
	public record Tokens(@DefaultValue("") String keysDir, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue("100000") int cacheSize) {

		public boolean required() {
			return !this.keysDir.isBlank();
		}

	}

	/**
	 * One relay-only rule ({@code signaling.relay-only[i]}), the shape of the tracker's
	 * {@code tracker.sharing.relay-only[i]}: listeners of {@code tenant} playing
	 * {@code track} get {@code iceTransportPolicy: relay}, and their candidates that are
	 * not TURN relays are not relayed to anyone. Tenant and track are matched as every
	 * rule's ({@link RulePattern}, the same as the tracker's).
	 *
	 * @param tenant the tenant it applies to (the listener token's; {@code default}
	 * without tokens), or a prefix ending in {@code *}; absent or {@code *}: every tenant
	 * @param track the track id, or a prefix ending in {@code *}; absent or {@code *}:
	 * every track
	 */
	public record RelayOnlyRule(String tenant, String track) {

		public RelayOnlyRule {
			if (!RulePattern.isTenantPattern(tenant)) {
				throw new IllegalArgumentException("signaling.relay-only: tenant must match "
						+ RulePattern.TENANT_FORMAT + " or be a prefix ending in *, e.g. acme-*");
			}
			if (!RulePattern.isTrackPattern(track)) {
				throw new IllegalArgumentException(
						"signaling.relay-only: track must be a track id or a prefix ending in *, e.g. gdpr-*");
			}
		}

		/**
		 * Whether the rule applies to a listener of {@code tenant} playing {@code track};
		 * a track not known ({@code null}) matches only rules for every track.
		 */
		public boolean matches(String tenant, String track) {
			return RulePattern.matches(this.tenant, this.track, tenant, track);
		}

	}

}
