package cdn.signaling.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import cdn.signaling.config.SignalingProperties;
import cdn.signaling.limits.SignalingLimitsProperties;
import cdn.signaling.swarm.Swarms;
import cdn.signaling.tokens.SignalingAuth;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signaling's frame path ({@link SignalHandler}: a frame read as JSON, its type, swarm
 * and peer ids, joins, leaves and relays) under fuzzed frames, without a network: one
 * connection sends the frames of an input (one a line, at most {@value #MAX_FRAMES}; a
 * line that starts with byte 1 goes as a binary frame), then a ping. Whatever they hold,
 * every answer is a frame of the protocol ({@code joined}, {@code left}, {@code pong}, a
 * relayed {@code offer}/{@code answer}/{@code candidate}, or an {@code error} with a
 * reason of {@link Rejection}), and the connection is still there for the ping: an
 * exception in a frame ends the connection's frames, and the pong never comes. The
 * handler is the service's, with its {@code application.yml} settings and no token
 * required. {@code SignalFrameFuzzIT} sends the same over a real WebSocket. Without
 * {@code JAZZER_FUZZ} only the seeds run ({@code SignalFrameFuzzTestInputs/frames}).
 */
class SignalFrameFuzzTest {

	static final int MAX_FRAMES = 32;

	static final String PING = "{\"type\":\"ping\"}";

	static final Set<String> TYPES = Set.of("joined", "left", "pong", "error", "offer", "answer", "candidate");

	static final Set<String> REASONS = Arrays.stream(Rejection.values())
		.map(Rejection::tag)
		.collect(Collectors.toSet());

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Settings SETTINGS = Settings.load();

	@FuzzTest(maxDuration = "30s")
	void frames(byte[] input) {
		List<Object> frames = lines(input);
		frames.add(PING);
		// a new swarm directory for each input: what one input joined never meets the
		// next
		SignalHandler handler = new SignalHandler(SETTINGS.properties(), SETTINGS.limits(),
				new Swarms(SETTINGS.properties().maxMembersPerSwarm()), new SimpleMeterRegistry(), SETTINGS.auth());
		ScriptedSession session = new ScriptedSession(frames);
		handler.handle(session).block(Duration.ofSeconds(5));
		List<String> sent = session.sent();
		for (String frame : sent) {
			checkProtocolFrame(frame);
		}
		assertThat(sent).as("the connection answers the ping after the fuzzed frames").endsWith("{\"type\":\"pong\"}");
		assertThat(session.closed()).as("closed by the service").isNull();
	}

	/**
	 * The harness drives the real frame path: a join and an offer to itself are answered
	 * as a peer would see them.
	 */
	@Test
	void aJoinAndARelayAreAnswered() {
		String swarm = "concert-pitch/a128";
		ScriptedSession session = new ScriptedSession(List.of(
				"{\"type\":\"join\",\"swarm\":\"" + swarm + "\",\"peerId\":\"alice\"}",
				"{\"type\":\"offer\",\"swarm\":\"" + swarm + "\",\"to\":\"alice\",\"data\":{\"sdp\":\"v=0\"}}", PING));
		new SignalHandler(SETTINGS.properties(), SETTINGS.limits(), new Swarms(2), new SimpleMeterRegistry(),
				SETTINGS.auth())
			.handle(session)
			.block(Duration.ofSeconds(5));
		assertThat(session.sent()).containsExactly("{\"type\":\"joined\",\"swarm\":\"" + swarm + "\"}",
				"{\"type\":\"offer\",\"swarm\":\"" + swarm + "\",\"from\":\"alice\",\"data\":{\"sdp\":\"v=0\"}}",
				"{\"type\":\"pong\"}");
	}

	/** A frame signaling may send: a JSON object of a type and, for errors, a reason. */
	static void checkProtocolFrame(String frame) {
		JsonNode node = JSON.readTree(frame);
		assertThat(node.isObject()).as(frame).isTrue();
		assertThat(node.path("type").asString()).as(frame).isIn(TYPES);
		if (node.path("type").asString().equals("error")) {
			assertThat(node.path("reason").asString()).as(frame).isIn(REASONS);
			assertThat(node.path("detail").asString()).as(frame).isNotBlank();
		}
	}

	/** The lines of an input: text frames, or binary ones behind byte 1. */
	static List<Object> lines(byte[] input) {
		List<Object> frames = new ArrayList<>();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int i = 0; i <= input.length && frames.size() < MAX_FRAMES; i++) {
			if (i < input.length && input[i] != '\n') {
				line.write(input[i]);
				continue;
			}
			byte[] bytes = line.toByteArray();
			line.reset();
			if (bytes.length > 0 && bytes[0] == 1) {
				frames.add(Arrays.copyOfRange(bytes, 1, bytes.length));
			}
			else {
				frames.add(new String(bytes, StandardCharsets.UTF_8));
			}
		}
		return frames;
	}

	/**
	 * The service's settings, as its {@code application.yml} makes them, and its token
	 * check (none required).
	 */
	record Settings(SignalingProperties properties, SignalingLimitsProperties limits, SignalingAuth auth) {

		static Settings load() {
			Settings[] settings = new Settings[1];
			new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
				.withUserConfiguration(Properties.class)
				.withBean(Clock.class, Clock::systemUTC)
				.withBean(SignalingAuth.class)
				.run((context) -> settings[0] = new Settings(context.getBean(SignalingProperties.class),
						context.getBean(SignalingLimitsProperties.class), context.getBean(SignalingAuth.class)));
			return settings[0];
		}

		@Configuration(proxyBeanMethods = false)
		@EnableConfigurationProperties({ SignalingProperties.class, SignalingLimitsProperties.class })
		static class Properties {

		}

	}

}
