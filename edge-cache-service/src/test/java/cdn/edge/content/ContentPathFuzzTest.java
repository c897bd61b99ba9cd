package cdn.edge.content;

import java.nio.charset.StandardCharsets;

import cdn.protocol.InvalidIdException;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's path decides what the edge caches and what it asks its upstream for
 * ({@link ContentPath#value()} is both the cache key and the upstream path): any path is
 * one of the served shapes, exactly as it came, or an {@link InvalidIdException} (400);
 * never another exception. Without {@code JAZZER_FUZZ} only the seeds run
 * ({@code ContentPathFuzzTestInputs/path}).
 */
class ContentPathFuzzTest {

	@FuzzTest(maxDuration = "30s")
	void path(byte[] input) {
		String path = new String(input, StandardCharsets.UTF_8);
		ContentPath parsed;
		try {
			parsed = ContentPath.parse(path);
		}
		catch (InvalidIdException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		assertThat(parsed.value()).as("the cache key and upstream path").isEqualTo(path);
		assertThat(ContentPath.parse(parsed.value())).isEqualTo(parsed);
		assertThat(parsed.isSegment()).isEqualTo(parsed.segment() != null);
	}

}
