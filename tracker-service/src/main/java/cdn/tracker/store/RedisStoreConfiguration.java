package cdn.tracker.store;

import cdn.tracker.config.TrackerProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis store, with {@code tracker.store=redis}. The connection fails fast: commands
 * time out after {@code tracker.redis.timeout} and are rejected at once while the
 * connection is down, instead of queueing without bound until Redis returns.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tracker.store", havingValue = "redis")
class RedisStoreConfiguration {

	/** Commands queued per connection at most; beyond it they fail at once. */
	private static final int REQUEST_QUEUE_SIZE = 10_000;

	@Bean
	LettuceConnectionFactory trackerRedisConnectionFactory(TrackerProperties properties) {
		return connectionFactory(properties.redis());
	}

	/** A connection factory, not yet started, for the given settings. */
	static LettuceConnectionFactory connectionFactory(TrackerProperties.Redis redis) {
		RedisURI uri = RedisURI.create(redis.url());
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		server.setDatabase(uri.getDatabase());
		if (uri.getCredentialsProvider() != null) {
			io.lettuce.core.RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
			if (credentials != null && credentials.hasPassword()) {
				server.setPassword(RedisPassword.of(credentials.getPassword()));
				if (credentials.hasUsername()) {
					server.setUsername(credentials.getUsername());
				}
			}
		}
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.commandTimeout(redis.timeout())
			.clientOptions(ClientOptions.builder()
				.autoReconnect(true)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.requestQueueSize(REQUEST_QUEUE_SIZE)
				.timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
				.build());
		if (uri.isSsl()) {
			client.useSsl();
		}
		return new LettuceConnectionFactory(server, client.build());
	}

	/** A started connection factory, for code that runs outside a Spring context. */
	public static LettuceConnectionFactory startedConnectionFactory(TrackerProperties.Redis redis) {
		LettuceConnectionFactory factory = connectionFactory(redis);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@Bean
	ReactiveStringRedisTemplate trackerRedisTemplate(LettuceConnectionFactory trackerRedisConnectionFactory) {
		return new ReactiveStringRedisTemplate(trackerRedisConnectionFactory);
	}

	@Bean
	PeerStore redisPeerStore(ReactiveStringRedisTemplate trackerRedisTemplate, TrackerProperties properties) {
		return new RedisPeerStore(trackerRedisTemplate, StorePolicy.of(properties), properties.redis().keyPrefix(),
				properties.redis().sweepBatch());
	}

}
