package cdn.kit.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A {@link RateLimit} per key (a peer id, a client address): one {@link Throttle} per key
 * in a bounded Caffeine cache. A key idle for its limit's refill time is forgotten (it
 * would be full again anyway); beyond {@code maxKeys} keys the least used are forgotten
 * first, so a flood of fresh keys costs memory up to that bound and nothing more. A limit
 * that is off answers every key at once, without the cache.
 */
public final class RateLimiter {

	/** Keys tracked at once by default. */
	public static final int DEFAULT_MAX_KEYS = 100_000;

	private final String scope;

	private final RateLimit limit;

	private final Ticker ticker;

	private final Runnable onRefusal;

	private final Cache<String, Throttle> throttles;

	/**
	 * @param scope what a key is, for the refusal's message and metric tag: {@code peer},
	 * {@code address}
	 * @param maxKeys keys tracked at once
	 * @param ticker the time in nanoseconds (tests move a fake one)
	 * @param onRefusal run on every refused request (a counter)
	 */
	public RateLimiter(String scope, RateLimit limit, int maxKeys, Ticker ticker, Runnable onRefusal) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("a rate limiter tracks at least one key");
		}
		this.scope = scope;
		this.limit = limit;
		this.ticker = ticker;
		this.onRefusal = onRefusal;
		this.throttles = limit.enabled() ? Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfterAccess(limit.refillTime())
			.ticker(ticker)
			.executor(Runnable::run)
			.build() : null;
	}

	/**
	 * A limiter on the system's time whose refusals count in {@code metric}, tagged
	 * {@code scope} (registered at once, so the series exists at zero).
	 */
	public static RateLimiter metered(String metric, String scope, RateLimit limit, int maxKeys,
			MeterRegistry registry) {
		Counter refused = Counter.builder(metric)
			.description("Requests refused by a rate limit (429), by what the limit counts")
			.tag("scope", scope)
			.register(registry);
		return new RateLimiter(scope, limit, maxKeys, Ticker.systemTicker(), refused::increment);
	}

	/** Takes one of {@code key}'s tokens if it has one; a refusal is counted. */
	public Admission tryAcquire(String key) {
		if (this.throttles == null) {
			return Admission.ALLOWED;
		}
		Admission admission = this.throttles.get(key, (k) -> new Throttle(this.limit, this.ticker)).tryAcquire();
		if (!admission.allowed()) {
			this.onRefusal.run();
		}
		return admission;
	}

	/**
	 * Returns when {@code key} may go on, throws {@link RateLimitedException} (the kit's
	 * 429 problem) when it may not.
	 */
	public void acquire(String key) {
		Admission admission = tryAcquire(key);
		if (!admission.allowed()) {
			throw new RateLimitedException(this.scope, admission.retryAfter());
		}
	}

	public boolean enabled() {
		return this.throttles != null;
	}

	public String scope() {
		return this.scope;
	}

	public RateLimit limit() {
		return this.limit;
	}

	/** Keys whose state is kept now (after expired ones are dropped). */
	public long trackedKeys() {
		if (this.throttles == null) {
			return 0;
		}
		this.throttles.cleanUp();
		return this.throttles.estimatedSize();
	}

	@Override
	public String toString() {
		return "RateLimiter[" + this.scope + ": " + this.limit + "]";
	}

}
