package cdn.edge.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourceRegion;
import org.springframework.http.HttpRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Range} header of a segment request: the edge (and the origin) leave it to
 * Spring's resource writer, which parses it ({@link HttpRange#parseRanges}) and cuts the
 * body into regions ({@link HttpRange#toResourceRegions}), answering an
 * {@link IllegalArgumentException} from either with {@code 416}. Any other exception
 * would be a 500; a region outside the body, a wrong answer. The first line of an input
 * is the header's value; it is cut against a body of 0, 1 and 65,536 bytes (a segment).
 * Without {@code JAZZER_FUZZ} only the seeds run ({@code RangeFuzzTestInputs/range}).
 */
class RangeFuzzTest {

	static final List<Resource> BODIES = List.of(new ByteArrayResource(new byte[0]), new ByteArrayResource(new byte[1]),
			new ByteArrayResource(new byte[65536]));

	@FuzzTest(maxDuration = "30s")
	void range(byte[] input) {
		String header = new String(input, StandardCharsets.UTF_8).split("\n", 2)[0];
		List<HttpRange> ranges;
		try {
			ranges = HttpRange.parseRanges(header);
		}
		catch (IllegalArgumentException ex) {
			// 416
			return;
		}
		for (Resource body : BODIES) {
			List<ResourceRegion> regions;
			try {
				regions = HttpRange.toResourceRegions(ranges, body);
			}
			catch (IllegalArgumentException ex) {
				// 416
				continue;
			}
			long length = ((ByteArrayResource) body).getByteArray().length;
			for (ResourceRegion region : regions) {
				assertThat(region.getPosition()).as("%s on %d bytes", header, length).isBetween(0L, length);
				assertThat(region.getCount()).as("%s on %d bytes", header, length)
					.isBetween(0L, length - region.getPosition());
			}
		}
	}

}
