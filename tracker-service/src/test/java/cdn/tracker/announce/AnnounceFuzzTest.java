package cdn.tracker.announce;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import cdn.protocol.InvalidIdException;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.Announcement;
import cdn.tracker.web.TrackerSettings;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An announce body, every byte of it the client's, read as {@code POST /v1/announce}
 * reads it (the service's JSON mapper, then {@link AnnounceParser}): a JSON error the
 * codec answers 400, or an {@link InvalidIdException} (400, its reason ours), or a
 * checked {@link Announcement} within the limits; never another exception, which would be
 * a 500. {@code PeerApiFuzzIT} sends the same corpus through the running service. Without
 * {@code JAZZER_FUZZ} only the seeds run ({@code AnnounceFuzzTestInputs/announceBody}).
 */
class AnnounceFuzzTest {

	static final TrackerSettings SETTINGS = TrackerSettings.load();

	static final JsonMapper JSON = SETTINGS.json();

	static final TrackerProperties.Limits LIMITS = SETTINGS.properties().limits();

	static final AnnounceParser PARSER = new AnnounceParser(LIMITS);

	@FuzzTest(maxDuration = "30s")
	void announceBody(byte[] body) {
		AnnounceRequest request;
		try {
			request = JSON.readValue(body, AnnounceRequest.class);
		}
		catch (InvalidDefinitionException ex) {
			// a mapping the records cannot take: the codec's 500, a bug of ours
			throw ex;
		}
		catch (JacksonException ex) {
			// the codec's 400
			return;
		}
		if (request == null) {
			// the JSON null: the framework's 400 (no body)
			return;
		}
		Announcement announcement;
		try {
			announcement = PARSER.parse(request);
		}
		catch (InvalidIdException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(200);
			return;
		}
		assertThat(announcement.peerId().value()).isEqualTo(request.peerId());
		if (announcement.event() != AnnounceEvent.STOPPED) {
			assertThat(announcement.endpoint()).hasSizeLessThanOrEqualTo(LIMITS.maxEndpointLength());
			assertThat(announcement.trackId().value()).isEqualTo(request.trackId());
		}
		if (announcement.holdings() instanceof Announcement.Full full) {
			assertThat(full.have()).hasSizeLessThanOrEqualTo(LIMITS.maxHave());
		}
		if (announcement.holdings() instanceof Announcement.Delta delta) {
			assertThat(delta.added()).hasSizeLessThanOrEqualTo(LIMITS.maxHave());
			assertThat(Collections.disjoint(delta.added(), delta.removed())).as("added and removed are disjoint")
				.isTrue();
		}
	}

	/** The valid seeds parse: the corpus starts the fuzzer past the checks. */
	@Test
	void validSeedsParse() throws IOException, URISyntaxException {
		Path inputs = Path.of(AnnounceFuzzTest.class.getResource("AnnounceFuzzTestInputs/announceBody").toURI());
		try (Stream<Path> seeds = Files.list(inputs)) {
			List<Path> valid = seeds.filter((seed) -> seed.getFileName().toString().startsWith("valid-")).toList();
			assertThat(valid).isNotEmpty();
			for (Path seed : valid) {
				assertThat(PARSER.parse(JSON.readValue(Files.readAllBytes(seed), AnnounceRequest.class))).as("%s", seed)
					.isNotNull();
			}
		}
	}

}
