package cdn.edge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cdn.kit.security.Secret;
import cdn.protocol.Region;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the edge, bindable from the environment ({@code EDGE_REGION},
 * {@code EDGE_UPSTREAM}, {@code EDGE_SHIELDS}, {@code EDGE_CACHE_MEMORY_SIZE}, ...).
 * Documented with defaults in {@code edge-cache-service/README.md}.
 *
 * @param region the region this edge serves, reported in {@code X-Edge-Region} and metric
 * tags
 * @param upstream base URL of the origin; the only host contacted when no shield is
 * configured
 * @param shields base URLs of parent (shield) edges; each object is fetched from the one
 * chosen by rendezvous hashing of its path, the origin being the last resort
 * @param adminToken bearer token of {@code /v1/admin/*} (at least 16 characters); empty
 * disables them
 * @param adminTokenFile a file holding the admin token instead (a mounted secret)
 * @param fetch how upstream fetches are bounded
 * @param cache memory and disk tiers, freshness and stale rules
 * @param prefetch warming of popular tracks
 */
@ConfigurationProperties("edge")
public record EdgeProperties(@DefaultValue("us-east") String region,
		@DefaultValue("http://localhost:8081") URI upstream, @DefaultValue List<URI> shields,
		@DefaultValue("") Secret adminToken, Path adminTokenFile, @DefaultValue Fetch fetch, @DefaultValue Cache cache,
		@DefaultValue Prefetch prefetch) {

	public EdgeProperties {
		Region.require(region, "edge.region");
		adminToken = Secret.literalOrFile(adminToken, adminTokenFile, "edge.admin-token");
		shields = List.copyOf(shields);
		for (URI base : concat(upstream, shields)) {
			if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null
					|| base.getRawQuery() != null) {
				throw new IllegalArgumentException(
						"edge.upstream and edge.shields must be http(s) base URLs without query: " + base);
			}
		}
	}

	private static List<URI> concat(URI first, List<URI> rest) {
		return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
	}

	public boolean adminEnabled() {
		return !this.adminToken.isEmpty();
	}

	@Override
	public String toString() {
		// never print the admin token
		return "EdgeProperties[region=" + this.region + ", upstream=" + this.upstream + ", shields=" + this.shields
				+ ", adminToken=" + (adminEnabled() ? "******" : "(none)") + ", fetch=" + this.fetch + ", cache="
				+ this.cache + ", prefetch=" + this.prefetch + "]";
	}

	/**
	 * @param connectTimeout longest wait for a TCP connection to an upstream
	 * @param timeout longest one attempt may take, headers and whole body
	 * @param retryDelay pause before the single retry of a 5xx, refused or truncated
	 * attempt
	 * @param retryBudget retries allowed per fetch on average (token bucket refilled by
	 * each fetch, burst of 10), so a failing upstream is not hit twice as hard
	 * @param maxConnections connection pool size per upstream
	 * @param maxObjectSize largest body accepted from an upstream (502 above)
	 * @param keepAlive reuse upstream connections
	 */
	public record Fetch(@DefaultValue("1s") Duration connectTimeout, @DefaultValue("5s") Duration timeout,
			@DefaultValue("25ms") Duration retryDelay, @DefaultValue("0.2") double retryBudget,
			@DefaultValue("256") int maxConnections, @DefaultValue("32MB") DataSize maxObjectSize,
			@DefaultValue("true") boolean keepAlive) {

		public Fetch {
			if (retryBudget < 0 || maxConnections < 1 || maxObjectSize.toBytes() < 1
					|| maxObjectSize.toBytes() > Integer.MAX_VALUE / 2) {
				throw new IllegalArgumentException(
						"edge.fetch: retry-budget >= 0, max-connections >= 1, max-object-size 1B..1GB");
			}
		}

	}

	/**
	 * @param memorySize byte bound of the in-memory tier (W-TinyLFU eviction)
	 * @param defaultMaxAge freshness of a playlist or catalog that comes without
	 * {@code max-age}
	 * @param staleWhileRevalidate how long after expiry a playlist is still served while
	 * one background refresh runs (unless the upstream says otherwise)
	 * @param staleIfError how long after expiry a playlist is still served when the
	 * upstream fails (at least 30 s; an upstream {@code stale-if-error} may extend it)
	 * @param errorHoldDown after a failed revalidation, how long stale copies are served
	 * at once instead of waiting on the upstream again
	 * @param pinnedMaxSize byte bound of pinned objects, which eviction never touches
	 * @param pinnedTracks tracks warmed and pinned at start
	 * @param disk the optional disk tier of segments
	 * @param negativeTtl how long an upstream {@code 404} is remembered and answered
	 * without asking the upstream again; 0 disables
	 */
	public record Cache(@DefaultValue("256MB") DataSize memorySize, @DefaultValue("2s") Duration defaultMaxAge,
			@DefaultValue("10s") Duration staleWhileRevalidate, @DefaultValue("60s") Duration staleIfError,
			@DefaultValue("1s") Duration errorHoldDown, @DefaultValue("64MB") DataSize pinnedMaxSize,
			@DefaultValue List<String> pinnedTracks, @DefaultValue Disk disk,
			@DefaultValue("5s") Duration negativeTtl) {

		public Cache {
			if (staleIfError.compareTo(Duration.ofSeconds(30)) < 0) {
				throw new IllegalArgumentException("edge.cache.stale-if-error must be at least 30s");
			}
			if (memorySize.toBytes() < 1 || staleWhileRevalidate.isNegative() || defaultMaxAge.isNegative()
					|| negativeTtl.isNegative()) {
				throw new IllegalArgumentException("edge.cache: memory-size > 0, durations >= 0");
			}
			pinnedTracks = List.copyOf(pinnedTracks);
		}

	}

	/**
	 * @param enabled keep segments on disk too, across restarts
	 * @param directory where segment files live, one file per segment name
	 * @param maxSize byte bound of the disk tier (W-TinyLFU eviction, files deleted)
	 */
	public record Disk(@DefaultValue("false") boolean enabled, @DefaultValue("data/edge-cache") Path directory,
			@DefaultValue("10GB") DataSize maxSize) {
	}

	/**
	 * @param topN tracks with the most recent demand to warm periodically; 0 disables
	 * @param interval how often the top tracks are warmed
	 * @param concurrency objects fetched at once by a prefetch
	 */
	public record Prefetch(@DefaultValue("0") int topN, @DefaultValue("60s") Duration interval,
			@DefaultValue("4") int concurrency) {

		public Prefetch {
			if (topN < 0 || concurrency < 1 || interval.isZero() || interval.isNegative()) {
				throw new IllegalArgumentException("edge.prefetch: top-n >= 0, concurrency >= 1, interval > 0");
			}
		}

	}

}
