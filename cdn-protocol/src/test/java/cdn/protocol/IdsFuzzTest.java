package cdn.protocol;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Predicate;

import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.ReportReason;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every id parser a request reaches ({@code SegmentName.parse}, {@code TrackId.of},
 * {@code PeerId.of}, {@code Region.of}, the renditions, formats, announce events and
 * report reasons), on arbitrary text: a valid id, or {@link InvalidIdException} (the
 * services' 400) with a short reason; never another exception. An id that parses prints
 * as it came, and {@code isValid} agrees with the parser. Without {@code JAZZER_FUZZ}
 * only the seeds run ({@code IdsFuzzTestInputs/everyIdParser}).
 */
class IdsFuzzTest {

	@FuzzTest(maxDuration = "30s")
	void everyIdParser(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		parses(text, SegmentName::parse, null, SegmentName::fileName);
		parses(text, SegmentId::of, SegmentId::isValid, SegmentId::value);
		parses(text, TrackId::of, TrackId::isValid, TrackId::value);
		parses(text, PeerId::of, PeerId::isValid, PeerId::value);
		parses(text, Region::of, Region::isValid, Region::value);
		parses(text, (value) -> Region.require(value, "region"), Region::isValid, Function.identity());
		parses(text, Rendition::of, null, Rendition::id);
		parses(text, SegmentFormat::ofExtension, null, SegmentFormat::extension);
		parses(text, AnnounceEvent::of, null, AnnounceEvent::id);
		parses(text, ReportReason::of, null, ReportReason::id);
	}

	private static <T> void parses(String text, Function<String, T> parser, Predicate<String> isValid,
			Function<T, String> print) {
		T id;
		try {
			id = parser.apply(text);
		}
		catch (InvalidIdException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(200);
			if (isValid != null) {
				assertThat(isValid.test(text)).as("isValid of a refused id").isFalse();
			}
			return;
		}
		assertThat(print.apply(id)).isEqualTo(text);
		if (isValid != null) {
			assertThat(isValid.test(text)).as("isValid of a parsed id").isTrue();
		}
	}

}
