package cdn.kit.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-key limiter under a fake ticker: time passes without sleeping. */
class RateLimiterTest {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final Ticker ticker = this.nanos::get;

	private final AtomicLong refusals = new AtomicLong();

	private RateLimiter limiter(double perSecond, long burst) {
		return limiter(perSecond, burst, RateLimiter.DEFAULT_MAX_KEYS);
	}

	private RateLimiter limiter(double perSecond, long burst, int maxKeys) {
		return new RateLimiter("peer", new RateLimit(perSecond, burst), maxKeys, this.ticker,
				this.refusals::incrementAndGet);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Test
	void aKeyMaySpendItsBurstThenOneTokenPerRefillInterval() {
		RateLimiter limiter = limiter(2, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("alice").allowed()).as("request %d of the burst", i).isTrue();
		}
		Admission refused = limiter.tryAcquire("alice");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

		advance(Duration.ofMillis(499));
		assertThat(limiter.tryAcquire("alice").allowed()).isFalse();
		advance(Duration.ofMillis(1));
		assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire("alice").allowed()).isFalse();
		assertThat(this.refusals).hasValue(3);
	}

	@Test
	void theBucketRefillsNoFurtherThanItsBurst() {
		RateLimiter limiter = limiter(10, 5);
		limiter.tryAcquire("alice");
		advance(Duration.ofHours(1));
		int allowed = 0;
		while (limiter.tryAcquire("alice").allowed() && allowed < 100) {
			allowed++;
		}
		assertThat(allowed).isEqualTo(5);
	}

	@Test
	void aFractionalRateWaitsForWholeTokens() {
		RateLimiter limiter = limiter(0.1, 1);
		assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire("alice").retryAfter()).isEqualTo(Duration.ofSeconds(10));
		advance(Duration.ofSeconds(4));
		assertThat(limiter.tryAcquire("alice").retryAfter()).isEqualTo(Duration.ofSeconds(6));
	}

	@Test
	void aFloodingKeyLeavesTheOthersTheirWholeBurst() {
		RateLimiter limiter = limiter(1, 2);
		for (int i = 0; i < 1000; i++) {
			limiter.tryAcquire("mallory");
		}
		assertThat(this.refusals).hasValue(998);
		assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
		assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire("mallory").allowed()).isFalse();
	}

	@Test
	void acquireThrowsTheKitsRateLimitedExceptionWithTheWait() {
		RateLimiter limiter = limiter(4, 1);
		limiter.acquire("alice");
		assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOfSatisfying(RateLimitedException.class,
				(refused) -> {
					assertThat(refused.scope()).isEqualTo("peer");
					assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(250));
					assertThat(refused.getMessage()).isEqualTo("too many requests from this peer");
					assertThat(refused.getStackTrace()).isEmpty();
				});
	}

	@Test
	void aKeyIdleForItsRefillTimeIsForgottenAndComesBackFull() {
		RateLimiter limiter = limiter(2, 4);
		for (int i = 0; i < 4; i++) {
			limiter.tryAcquire("alice");
		}
		assertThat(limiter.trackedKeys()).isEqualTo(1);

		advance(Duration.ofMillis(1999));
		assertThat(limiter.trackedKeys()).as("not yet full again: kept").isEqualTo(1);
		advance(Duration.ofMillis(1));
		assertThat(limiter.trackedKeys()).isZero();
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
		}
		assertThat(limiter.tryAcquire("alice").allowed()).isFalse();
	}

	@Test
	void noMoreThanMaxKeysAreTracked() {
		RateLimiter limiter = limiter(1, 1, 100);
		for (int i = 0; i < 10_000; i++) {
			assertThat(limiter.tryAcquire("peer-" + i).allowed()).isTrue();
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(100);
	}

	@Test
	void aRateOfZeroIsOff() {
		RateLimiter limiter = new RateLimiter("address", RateLimit.OFF, 10, this.ticker,
				this.refusals::incrementAndGet);
		for (int i = 0; i < 10_000; i++) {
			limiter.acquire("127.0.0.1");
		}
		assertThat(limiter.enabled()).isFalse();
		assertThat(limiter.trackedKeys()).isZero();
		assertThat(this.refusals).hasValue(0);
		assertThat(new Throttle(new RateLimit(0, 5), this.ticker).tryAcquire().allowed()).isTrue();
	}

	@Test
	void refusalsAreCountedByScope() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		RateLimiter limiter = RateLimiter.metered("cdn.test.rate.limited", "address", new RateLimit(1, 1), 10,
				registry);
		assertThat(registry.get("cdn.test.rate.limited").tag("scope", "address").counter().count()).isZero();
		limiter.tryAcquire("10.0.0.1");
		limiter.tryAcquire("10.0.0.1");
		limiter.tryAcquire("10.0.0.1");
		assertThat(registry.get("cdn.test.rate.limited").tag("scope", "address").counter().count()).isEqualTo(2);
	}

	@Test
	void aThrottleIsOneBucket() {
		Throttle throttle = new Throttle(new RateLimit(20, 2), this.ticker);
		assertThat(throttle.tryAcquire().allowed()).isTrue();
		assertThat(throttle.tryAcquire().allowed()).isTrue();
		assertThat(throttle.tryAcquire()).isEqualTo(new Admission(false, Duration.ofMillis(50)));
		advance(Duration.ofMillis(50));
		assertThat(throttle.tryAcquire()).isEqualTo(Admission.ALLOWED);
	}

	@Test
	void aLimitThatIsOnNeedsABurst() {
		assertThatThrownBy(() -> new RateLimit(5, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RateLimit(-1, 5)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RateLimit(Double.NaN, 5)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RateLimit(Double.POSITIVE_INFINITY, 5))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(new RateLimit(0, 0).enabled()).isFalse();
		assertThat(new RateLimit(0.5, 3).refillTime()).isEqualTo(Duration.ofSeconds(6));
		assertThat(new RateLimit(1e-9, 1_000_000).refillTime()).isEqualTo(Duration.ofDays(1));
	}

}
